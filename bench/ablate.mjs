// Where the client's time and bytes go: builds variants of src/ with one change each (in a temp copy; src/ is
// never touched), then measures (1) per-call CPU cost against an in-memory fetch (no network: only client
// overhead), interleaved rounds, medians; (2) the gzipped core entry of each variant. `node bench/ablate.mjs`.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { cannedRoutes } from "./server.mjs";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROUNDS = Number(process.env.ABLATE_ROUNDS ?? 7);
const CALLS = Number(process.env.ABLATE_CALLS ?? 4000);

const PATCHES = {
  "index.ts re-exports no decodeAuthyXml": [["src/index.ts", /export \{ decodeAuthyXml \} from "\.\/xml[^"]*";/, ""]],
  "hook info built only when hooks are set": [
    ["src/transport.ts", `    url: options.redact(request.url),\n    headers: redactHeaders(request.headers, options.redact),`, `    url: request.url,\n    headers: {},`],
  ],
  "body read with arrayBuffer() instead of the reader loop": [
    ["src/transport.ts", `const bytes = await readLimited(response, options.maxResponseBytes, controller.signal);`, `const bytes = new Uint8Array(await response.arrayBuffer());`],
  ],
  "no re-buffered Response (original returned)": [
    ["src/transport.ts", `const bytes = await readLimited(response, options.maxResponseBytes, controller.signal);`, ``],
    ["src/transport.ts", `return new Response(nullBody ? null : bytes, {\n      status: response.status,\n      statusText: response.statusText,\n      headers: response.headers,\n    });`, `void nullBody; return response;`],
  ],
  "no timeout timer": [["src/transport.ts", `const timer = setTimeout(() => controller.abort(TIMEOUT), options.timeoutMs);`, `const timer = undefined;`]],
  "no response validation": [["src/client.ts", `const problem = findSchemaViolation(op.result, data, "");`, `const problem = undefined as [string, string] | undefined;`]],
  "no input validation": [["src/client.ts", `const problem = findSchemaViolation(field.schema, value, field.name);`, `const problem = undefined as [string, string] | undefined;`]],
  "no response schemas in the runtime table (size only)": [["generated/runtime.ts", /result: \w+,/g, "result: {},"]],
};

function variantDir(patches) {
  const dir = mkdtempSync(path.join(tmpdir(), "authy-ablate-"));
  cpSync(path.join(root, "src"), path.join(dir, "src"), { recursive: true });
  cpSync(path.join(root, "generated"), path.join(dir, "generated"), { recursive: true });
  cpSync(path.join(root, "package.json"), path.join(dir, "package.json")); // "sideEffects": false, as the real build sees it
  for (const [file, search, replace] of patches) {
    const full = path.join(dir, file);
    const text = readFileSync(full, "utf8");
    const found = typeof search === "string" ? text.includes(search) : search.test(text);
    if (!found) throw new Error(`patch not applicable (src changed?): ${file}: ${String(search).slice(0, 60)}`);
    writeFileSync(full, text.replace(search, replace));
  }
  return dir;
}

async function coreGzip(dir) {
  const r = await build({
    stdin: { contents: `export { createAuthyClient } from ${JSON.stringify(path.join(dir, "src/index.ts"))};`, resolveDir: dir, loader: "ts" },
    bundle: true, minify: true, format: "esm", splitting: true, platform: "neutral", target: "es2022", mainFields: ["module", "main"],
    external: ["fast-xml-parser"], nodePaths: [path.join(root, "node_modules")], outdir: path.join(dir, "out-size"), metafile: true, write: false, logLevel: "silent",
  });
  const outs = r.metafile.outputs;
  const entry = Object.keys(outs).find((k) => outs[k].entryPoint);
  const eager = new Set();
  const visit = (k) => { if (eager.has(k)) return; eager.add(k); for (const i of outs[k].imports) if (i.kind === "import-statement" && !i.external) visit(i.path); };
  visit(entry);
  return [...eager].reduce((s, k) => s + gzipSync(r.outputFiles.find((f) => f.path.endsWith(path.basename(k))).contents, { level: 9 }).length, 0);
}

async function runtimeBundle(dir) {
  const outfile = path.join(dir, "out/index.mjs");
  await build({
    entryPoints: [path.join(dir, "src/index.ts")], bundle: true, format: "esm", platform: "node", target: "es2022",
    nodePaths: [path.join(root, "node_modules")], outfile, logLevel: "silent",
  });
  return import(pathToFileURL(outfile).href);
}

// An in-memory fetch answering the canned bodies: no sockets, so the time measured is the client's own.
const routes = cannedRoutes();
function memoryFetch(input, init) {
  const url = new URL(typeof input === "string" ? input : input.url);
  const method = (typeof input === "string" ? init?.method : input.method) ?? "GET";
  const route = routes.find((r) => r.method === method && r.regex.test(url.pathname));
  const xml = url.pathname.includes("/xml/");
  const body = xml ? route.xml : route.json;
  return Promise.resolve(new Response(body, { status: 200, headers: { "content-type": xml ? "application/xml" : "application/json", "content-length": String(body.length) } }));
}

const API_KEY = "bench-api-key-0123456789abcdef";
const USER = { email: "new_user@example.com", cellphone: "405-342-5699", country_code: 1 };
const clientOps = (c) => [
  () => c.verifyToken({ token: "0123456", authy_id: 290907 }),
  () => c.getUserStatus({ authy_id: 290907 }),
  () => c.createUser({ user: USER }),
  () => c.getApprovalRequest({ uuid: "8d031630-d15b-0134-b0a8-0a77bbe8093e" }),
];

async function loop(ops, n, concurrency = 1) {
  let next = 0;
  const t0 = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, async () => { for (let i = next++; i < n; i = next++) await ops[i % ops.length](); }));
  const used = process.cpuUsage(t0);
  return (used.user + used.system) / n; // CPU µs per call (robust to other load on the machine)
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const base = "http://127.0.0.1:9";
const subjects = {};
{
  const { default: createClient } = await import("openapi-fetch");
  const of = createClient({ baseUrl: base, headers: { "X-Authy-API-Key": API_KEY }, fetch: memoryFetch });
  const ok = ({ data, error }) => { if (error !== undefined) throw new Error("error"); return data; };
  subjects["bare openapi-fetch"] = [
    () => of.GET("/protected/{format}/verify/{token}/{authy_id}", { params: { path: { format: "json", token: "0123456", authy_id: 290907 } } }).then(ok),
    () => of.GET("/protected/{format}/users/{authy_id}/status", { params: { path: { format: "json", authy_id: 290907 } } }).then(ok),
    () => of.POST("/protected/{format}/users/new", { params: { path: { format: "json" } }, body: { user: USER } }).then(ok),
    () => of.GET("/onetouch/{format}/approval_requests/{uuid}", { params: { path: { format: "json", uuid: "8d031630-d15b-0134-b0a8-0a77bbe8093e" } } }).then(ok),
  ];
}
const dirs = [];
const sizes = {};
const asIsDir = variantDir([]);
dirs.push(asIsDir);
const asIs = await runtimeBundle(asIsDir);
sizes["client as is"] = await coreGzip(asIsDir);
subjects["client as is"] = clientOps(asIs.createAuthyClient({ apiKey: API_KEY, baseUrl: base, fetch: memoryFetch }));
subjects["client, retry: false"] = clientOps(asIs.createAuthyClient({ apiKey: API_KEY, baseUrl: base, fetch: memoryFetch, retry: false }));
for (const [name, patches] of Object.entries(PATCHES)) {
  const dir = variantDir(patches);
  dirs.push(dir);
  sizes[name] = await coreGzip(dir);
  if (name.includes("(size only)") || name.includes("re-exports")) continue;
  const mod = await runtimeBundle(dir);
  subjects[name] = clientOps(mod.createAuthyClient({ apiKey: API_KEY, baseUrl: base, fetch: memoryFetch }));
}
// Everything at once (the arrayBuffer variant is subsumed by "no re-buffered Response"; size-only ones left out).
const all = Object.entries(PATCHES)
  .filter(([name]) => !name.includes("(size only)") && !name.startsWith("body read with"))
  .flatMap(([, patches]) => patches);
const allDir = variantDir(all);
dirs.push(allDir);
const allMod = await runtimeBundle(allDir);
subjects["all of the above (retry: false)"] = clientOps(allMod.createAuthyClient({ apiKey: API_KEY, baseUrl: base, fetch: memoryFetch, retry: false }));

const results = Object.fromEntries(Object.keys(subjects).map((k) => [k, { c1: [], c32: [] }]));
for (const ops of Object.values(subjects)) { await loop(ops, 2000); await loop(ops, 2000, 32); } // warm-up
for (let r = 0; r < ROUNDS; r++) {
  const names = Object.keys(subjects);
  const order = names.map((_, i) => names[(i + r) % names.length]);
  for (const name of order) {
    results[name].c1.push(await loop(subjects[name], CALLS));
    results[name].c32.push(await loop(subjects[name], CALLS, 32));
  }
}
const of1 = median(results["bare openapi-fetch"].c1);
const of32 = median(results["bare openapi-fetch"].c32);
const cl1 = median(results["client as is"].c1);
const cl32 = median(results["client as is"].c32);
console.log(`In-memory fetch, ${ROUNDS} rounds x ${CALLS} calls, medians of CPU µs per call (lower is better)\n`);
console.log("| variant | c=1 µs/call | / openapi-fetch | saved vs as is | c=32 µs/call | / openapi-fetch | saved vs as is |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const [name, r] of Object.entries(results)) {
  const a = median(r.c1), b = median(r.c32);
  console.log(`| ${name} | ${a.toFixed(1)} | ${(a / of1).toFixed(2)}x | ${(cl1 - a).toFixed(1)} | ${b.toFixed(1)} | ${(b / of32).toFixed(2)}x | ${(cl32 - b).toFixed(1)} |`);
}
console.log("\nCore entry (createAuthyClient, minified, gzip -9) per variant\n");
console.log("| variant | core gzip bytes | saved |");
console.log("| --- | ---: | ---: |");
for (const [name, s] of Object.entries(sizes)) console.log(`| ${name} | ${s} | ${sizes["client as is"] - s} |`);
for (const d of dirs) rmSync(d, { recursive: true, force: true });
