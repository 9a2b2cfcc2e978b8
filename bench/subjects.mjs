// The benchmarked subjects, each a list of operations (verify token, user status, create user, approval request
// status) that resolve on a 200 with a decoded body and reject otherwise. All hit the same local server. raw fetch
// and bare openapi-fetch send exactly the requests this client sends (verify with force=true, its default).
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const API_KEY = "bench-api-key-0123456789abcdef";
// Inputs: the canned examples' values (authy_id 290907, the approval request's uuid, CreateUserRequest).
const TOKEN = "0123456";
const AUTHY_ID = 290907;
const UUID = "8d031630-d15b-0134-b0a8-0a77bbe8093e";
const USER = { email: "new_user@example.com", cellphone: "405-342-5699", country_code: 1 };

export const root = new URL("..", import.meta.url);
const benchRequire = createRequire(new URL("./package.json", import.meta.url));

export const SUBJECT_NAMES = ["raw fetch", "openapi-fetch", "openapi-fetch + timeout", "authy-openapi json", "authy-openapi xml", "authy-client@1.1.4", "authy@1.4.0"];

function rawFetch(base) {
  const headers = { "X-Authy-API-Key": API_KEY, Accept: "application/json" };
  const postHeaders = { ...headers, "Content-Type": "application/json" };
  const ok = async (response) => {
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    return response.json();
  };
  return [
    () => fetch(`${base}/protected/json/verify/${TOKEN}/${AUTHY_ID}?force=true`, { headers }).then(ok),
    () => fetch(`${base}/protected/json/users/${AUTHY_ID}/status`, { headers }).then(ok),
    () => fetch(`${base}/protected/json/users/new`, { method: "POST", headers: postHeaders, body: JSON.stringify({ user: USER }) }).then(ok),
    () => fetch(`${base}/onetouch/json/approval_requests/${UUID}`, { headers }).then(ok),
  ];
}

/**
 * Bare openapi-fetch on the generated paths. With `timeoutMs`, each call also carries an AbortSignal timeout: the
 * one thing every production call needs that the bare engine does not do, shown to separate its cost from the
 * client's own work (validation, decoding).
 */
async function bareOpenapiFetch(base, timeoutMs) {
  const { default: createClient } = await import("openapi-fetch");
  /** @type {import("openapi-fetch").Client<import("../generated/schema.js").paths>} */
  const client = createClient({ baseUrl: base, headers: { "X-Authy-API-Key": API_KEY } });
  const ok = ({ data, error, response }) => {
    if (error !== undefined || response.status !== 200) throw new Error(`HTTP ${response.status}`);
    return data;
  };
  const format = "json";
  const signal = () => (timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined);
  return [
    () => client.GET("/protected/{format}/verify/{token}/{authy_id}", { params: { path: { format, token: TOKEN, authy_id: AUTHY_ID }, query: { force: true } }, signal: signal() }).then(ok),
    () => client.GET("/protected/{format}/users/{authy_id}/status", { params: { path: { format, authy_id: AUTHY_ID } }, signal: signal() }).then(ok),
    () => client.POST("/protected/{format}/users/new", { params: { path: { format } }, body: { user: USER }, signal: signal() }).then(ok),
    () => client.GET("/onetouch/{format}/approval_requests/{uuid}", { params: { path: { format, uuid: UUID } }, signal: signal() }).then(ok),
  ];
}

async function thisClient(base, format, moduleUrl = new URL("dist/esm/index.js", root).href) {
  const { createAuthyClient } = await import(moduleUrl);
  const authy = createAuthyClient({ apiKey: API_KEY, baseUrl: base, format });
  return [
    () => authy.verifyToken({ token: TOKEN, authy_id: AUTHY_ID }),
    () => authy.getUserStatus({ authy_id: AUTHY_ID }),
    () => authy.createUser({ user: USER }),
    () => authy.getApprovalRequest({ uuid: UUID }),
  ];
}

function authyClient(base) {
  const { Client } = benchRequire("authy-client");
  const client = new Client({ key: API_KEY }, { host: base });
  return [
    () => client.verifyToken({ authyId: AUTHY_ID, token: TOKEN }),
    () => client.getUserStatus({ authyId: AUTHY_ID }),
    () => client.registerUser({ email: USER.email, phone: USER.cellphone, countryCode: "US" }),
    () => client.getApprovalRequest({ id: UUID }),
  ];
}

function authy(base) {
  const api = benchRequire("authy")(API_KEY, base);
  const call = (fn) => new Promise((resolve, reject) => fn((err, res) => (err ? reject(err instanceof Error ? err : new Error(JSON.stringify(err))) : resolve(res))));
  // authy@1.4.0 has no OneTouch (approval request) method: it cycles over the other three.
  return [
    () => call((cb) => api.verify(AUTHY_ID, TOKEN, cb)),
    () => call((cb) => api.user_status(AUTHY_ID, cb)),
    () => call((cb) => api.register_user(USER.email, USER.cellphone, String(USER.country_code), cb)),
  ];
}

const FACTORIES = {
  "raw fetch": (base) => rawFetch(base),
  "openapi-fetch": (base) => bareOpenapiFetch(base),
  "openapi-fetch + timeout": (base) => bareOpenapiFetch(base, 10_000),
  "authy-openapi json": (base, moduleUrl) => thisClient(base, "json", moduleUrl),
  "authy-openapi xml": (base) => thisClient(base, "xml"),
  "authy-client@1.1.4": (base) => authyClient(base),
  "authy@1.4.0": (base) => authy(base),
};

/**
 * The operations of one subject, against `base` (http://127.0.0.1:PORT). `moduleUrl` replaces this package's
 * dist/esm/index.js for "authy-openapi json" (bench/ablate.mjs measures variants of the client with it).
 */
export async function makeSubject(name, base, moduleUrl) {
  const factory = FACTORIES[name];
  if (!factory) throw new Error(`unknown subject ${name}`);
  return factory(base, moduleUrl);
}

/**
 * Import-cost subjects, each loaded by its package name the way a user loads it (so every one pays the same
 * package resolution): this package (a self-reference from the project root) and openapi-fetch with `import()`,
 * the CommonJS peers with `require()` from bench/.
 */
export function importTargets() {
  const rootDir = fileURLToPath(root);
  const benchDir = fileURLToPath(new URL("bench/", root));
  return [
    { name: "authy-openapi (ESM)", kind: "import", specifier: "authy-openapi", cwd: rootDir },
    { name: "authy-openapi (CJS)", kind: "require", specifier: "authy-openapi", cwd: rootDir },
    { name: "authy-openapi: import + first JSON call", kind: "first-call", specifier: "authy-openapi", cwd: rootDir },
    { name: "openapi-fetch alone", kind: "import", specifier: "openapi-fetch", cwd: rootDir },
    { name: "authy-client@1.1.4", kind: "require", specifier: "authy-client", cwd: benchDir },
    { name: "authy@1.4.0", kind: "require", specifier: "authy", cwd: benchDir },
  ];
}
