/**
 * The old Node SDKs (authy-client@1.1.4, authy@1.4.0), unchanged, loaded from their own pinned folder
 * server/test/old-sdks/ (its own package.json and lockfile, installed by `npm run setup:old-sdks`, never by the root
 * `npm ci`). Both are CommonJS and predate TypeScript: the interfaces below describe only the calls the flow tests
 * make, as each SDK's source defines them.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const OLD_SDKS_DIR = fileURLToPath(new URL("../old-sdks/", import.meta.url));
export const OLD_SDKS_SETUP = "npm run setup:old-sdks";

type Callback = (error: unknown, body?: unknown) => void;

/** authy@1.4.0 (`index.js`): `require("authy")(apiKey, apiUrl)`; the key travels as the `api_key` query parameter. */
export interface NodeAuthy {
  register_user(email: string, cellphone: string, countryCode: string, sendInstallLink: boolean, callback: Callback): void;
  request_sms(id: string | number, force: boolean, callback: Callback): void;
  request_call(id: string | number, force: boolean, callback: Callback): void;
  verify(id: string | number, token: string, force: boolean, callback: Callback): void;
  user_status(id: string | number, callback: Callback): void;
  delete_user(id: string | number, callback: Callback): void;
  phones(): {
    verification_start(phone: string, countryCode: string, params: { via?: string; locale?: string; code_length?: number; custom_code?: string }, callback: Callback): void;
    verification_check(phone: string, countryCode: string, code: string, callback: Callback): void;
    verification_status(phone: string, countryCode: string, callback: Callback): void;
    info(phone: string, countryCode: string, callback: Callback): void;
  };
}
export type NodeAuthyFactory = (apiKey: string, apiUrl?: string) => NodeAuthy;

/**
 * authy-client@1.1.4 (`dist/src/client.js`): `new Client({ key }, { host, timeout })`; the key in `X-Authy-API-Key`.
 * A non-200 answer rejects with its `HttpError` (`code` = the HTTP status, `body` = the parsed JSON body).
 */
export interface AuthyClientSdk {
  registerUser(input: { countryCode: string; email: string; phone: string }): Promise<unknown>;
  requestSms(input: { authyId: number }, options?: { force?: boolean; action?: string; message?: string }): Promise<unknown>;
  requestCall(input: { authyId: number }, options?: { force?: boolean; action?: string; message?: string }): Promise<unknown>;
  verifyToken(input: { authyId: number; token: string }, options?: { force?: boolean }): Promise<unknown>;
  getUserStatus(input: { authyId: number }): Promise<unknown>;
  deleteUser(input: { authyId: number }): Promise<unknown>;
  registerActivity(input: { authyId: number; type: string; data?: Record<string, unknown> }, options?: { ip?: string }): Promise<unknown>;
  getApplicationDetails(): Promise<unknown>;
  startPhoneVerification(input: { countryCode: string; phone: string; via: string }, options?: { codeLength?: number; locale?: string }): Promise<unknown>;
  verifyPhone(input: { countryCode: string; phone: string; token: string }): Promise<unknown>;
  getApplicationStatistics(): Promise<unknown>;
  createApprovalRequest(
    input: { authyId: number; message: string; details?: { visible?: Record<string, string>; hidden?: Record<string, string> }; logos?: Array<{ res: string; url: string }> },
    options?: { ttl?: number },
  ): Promise<{ approval_request: { uuid: string }; success: boolean }>;
  getApprovalRequest(input: { id: string }): Promise<{ approval_request: Record<string, unknown>; success: boolean }>;
  /** Checks a received callback (`body`, lower-case `headers` with `host`, `method`, `protocol`, `url` = path); rejects when invalid. */
  verifyCallback(request: { body: unknown; headers: Record<string, unknown>; method: string; protocol: string; url: string }): Promise<unknown>;
}
export type AuthyClientConstructor = new (credentials: { key: string }, options?: { host?: string; timeout?: number }) => AuthyClientSdk;

export interface OldSdks {
  authy: NodeAuthyFactory;
  AuthyClient: AuthyClientConstructor;
}

const PINNED = { authy: "1.4.0", "authy-client": "1.1.4" } as const;

/**
 * Loads both SDKs from `dir` (default: server/test/old-sdks/). Throws, naming the command to run, when they are not
 * installed there or not at the pinned versions.
 */
export function loadOldSdks(dir: string = OLD_SDKS_DIR): OldSdks {
  for (const [name, version] of Object.entries(PINNED)) {
    const manifest = join(dir, "node_modules", name, "package.json");
    if (!existsSync(manifest)) {
      throw new Error(`The old SDK ${name}@${version} is not installed in ${join(dir, "node_modules")}: run \`${OLD_SDKS_SETUP}\``);
    }
    const installed = (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
    if (installed !== version) {
      throw new Error(`${name} ${installed} is installed in ${join(dir, "node_modules")}, the tests pin ${version}: run \`${OLD_SDKS_SETUP}\``);
    }
  }
  const load = createRequire(join(dir, "package.json"));
  return {
    authy: load("authy") as NodeAuthyFactory,
    AuthyClient: (load("authy-client") as { Client: AuthyClientConstructor }).Client,
  };
}

/** The callback-style authy@1.4.0 call as a promise: resolves with the body of a 200, rejects with what it passes. */
export function callNodeAuthy(invoke: (callback: Callback) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    invoke((error, body) => (error ? reject(error) : resolve(body)));
  });
}
