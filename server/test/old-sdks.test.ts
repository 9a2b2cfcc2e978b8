/**
 * The old Node SDKs, unchanged, against the server: authy-client@1.1.4 (`new Client({ key }, { host })`, key in
 * `X-Authy-API-Key`) and authy@1.4.0 (`require("authy")(key, url)`, key in the `api_key` query parameter, the
 * deprecated `/users/delete/{id}` spelling). Both hard-code `/protected/json/`, so neither can ask for XML: every flow
 * here is JSON (the server's XML is tested through the project's own client). Codes are read from `GET /__dev/messages`.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAuthyServer, type RunningAuthyServer } from "../src/index.js";
import { callNodeAuthy, loadOldSdks, OLD_SDKS_DIR, type AuthyClientSdk, type NodeAuthy, type OldSdks } from "./helpers/old-sdks.js";

describe("the old SDKs' folder", () => {
  it("without its node_modules the tests fail with the command to run", () => {
    const empty = mkdtempSync(join(tmpdir(), "old-sdks-"));
    try {
      expect(() => loadOldSdks(empty)).toThrow(
        new Error(`The old SDK authy@1.4.0 is not installed in ${join(empty, "node_modules")}: run \`npm run setup:old-sdks\``),
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("has its own exact pins and lockfile, and the root install stays free of them", () => {
    const read = (path: string) => JSON.parse(readFileSync(path, "utf8")) as { dependencies?: object; packages: Record<string, { version?: string }> };
    const own = read(join(OLD_SDKS_DIR, "package-lock.json"));
    const root = read(join(OLD_SDKS_DIR, "../../../package-lock.json"));
    expect([
      read(join(OLD_SDKS_DIR, "package.json")).dependencies,
      own.packages["node_modules/authy"]?.version,
      own.packages["node_modules/authy-client"]?.version,
      Object.keys(root.packages).filter((path) => /(^|\/)node_modules\/authy(-client)?$/.test(path)),
    ]).toEqual([{ authy: "1.4.0", "authy-client": "1.1.4" }, "1.4.0", "1.1.4", []]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// One server for the file, reset before each test.

let loaded: OldSdks | Error;
let server: RunningAuthyServer;
const consoleLines: string[] = [];

/** The SDKs, or (when their folder is not installed) each test that needs them fails with the command to run. */
function sdks(): OldSdks {
  if (loaded instanceof Error) throw loaded;
  return loaded;
}

beforeAll(async () => {
  try {
    loaded = loadOldSdks();
  } catch (error) {
    loaded = error as Error;
  }
  server = await startAuthyServer({ memory: true, port: 0, log: (line) => consoleLines.push(line) });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  const res = await fetch(`${server.url}/__dev/reset`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  expect(res.status).toEqual(200);
  consoleLines.length = 0;
});

interface DevMessage {
  kind: string;
  channel: string;
  authy_id: number | null;
  to: string;
  code: string | null;
}

async function devGet<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status, path).toEqual(200);
  return (await res.json()) as T;
}

const messagesOf = async (authyId: number): Promise<DevMessage[]> =>
  (await devGet<{ messages: DevMessage[] }>(`/__dev/messages?authy_id=${authyId}`)).messages;

/** The newest code sent to the user on `channel`. */
async function lastCode(authyId: number, channel: "sms" | "call"): Promise<string> {
  const [message] = (await devGet<{ messages: DevMessage[] }>(`/__dev/messages?authy_id=${authyId}&channel=${channel}&limit=1`)).messages;
  expect(message?.kind).toEqual("token");
  return message!.code!;
}

/** The verify answer (`success` is the string "true", as the real API writes it) for a user created at `createdAt`. */
async function tokenValid(authyId: number, osType: string) {
  const user = await devGet<{ created_at: string }>(`/__dev/users/${authyId}`);
  const nulls = { registration_method: null, registration_country: null, registration_region: null, registration_city: null, country: null, region: null, city: null, ip: null };
  return {
    message: "Token is valid.",
    token: "is valid",
    success: "true",
    device: { id: null, os_type: osType, registration_date: Math.floor(Date.parse(user.created_at) / 1000), ...nulls, last_account_recovery_at: null, last_sync_date: null },
  };
}

const TOKEN_REUSED = {
  message: "Token is invalid. Token was used recently",
  token: "is invalid",
  success: false,
  errors: { message: "Token is invalid. Token was used recently" },
  error_code: "60019",
};
const TOKEN_INVALID = { message: "Token is invalid", token: "is invalid", success: false, errors: { message: "Token is invalid" }, error_code: "60020" };
const USER_NOT_FOUND = { message: "User not found.", success: false, errors: { message: "User not found." }, error_code: "60026" };
const INVALID_API_KEY = { message: "Invalid API key", success: false, errors: { message: "Invalid API key" }, error_code: "60001" };

/** The status of a user just created in the US (+1) with one email: no app, never verified. */
const newUserStatus = (authyId: number, lastFourDigits: string, email: string) => ({
  status: {
    authy_id: authyId,
    confirmed: false,
    registered: false,
    country_code: 1,
    phone_number: `XXX-XXX-${lastFourDigits}`,
    email,
    devices: [],
    has_hard_token: false,
    account_disabled: false,
    detailed_devices: [],
    deleted_devices: [],
  },
  message: "User status.",
  success: true,
});

/** A code of the same length that is not `code`. */
const otherCode = (code: string): string => code.replace(/^./, (digit) => String((Number(digit) + 1) % 10));

// ---------------------------------------------------------------------------------------------------------------

describe("authy-client@1.1.4", () => {
  let client: AuthyClientSdk;
  beforeEach(() => {
    client = new (sdks().AuthyClient)({ key: server.apiKey }, { host: server.url });
  });

  /** What the SDK rejects with for a non-200 answer: its HttpError's status and the parsed body. */
  async function failure(call: Promise<unknown>): Promise<[number, unknown]> {
    try {
      await call;
    } catch (error) {
      const { code, body } = error as { code: number; body: unknown };
      return [code, body];
    }
    throw new Error("the call succeeded");
  }

  async function register(phone: string, email = "alice@example.com"): Promise<number> {
    const created = (await client.registerUser({ countryCode: "US", email, phone })) as { user: { id: number } };
    expect(created).toEqual({ message: "User created successfully.", user: { id: created.user.id }, success: true });
    return created.user.id;
  }

  it("create user, SMS and call codes read from /__dev/messages, verify, 60019 on reuse, 60020 on a wrong code", async () => {
    const authyId = await register("(415) 555-0100");
    expect(await client.requestSms({ authyId })).toEqual({ success: true, message: "SMS token was sent", cellphone: "+1-XXX-XXX-XX00" });
    const smsCode = await lastCode(authyId, "sms");
    expect(await client.requestCall({ authyId })).toEqual({ cellphone: "+1-XXX-XXX-XX00", message: "Call started...", success: true });
    const callCode = await lastCode(authyId, "call");
    // Seven digits (the application's token length), a fresh code per send, both addressed to the user's phone.
    expect([/^[0-9]{7}$/.test(smsCode), /^[0-9]{7}$/.test(callCode), smsCode !== callCode]).toEqual([true, true, true]);
    expect((await messagesOf(authyId)).filter((m) => m.kind === "token").map((m) => [m.channel, m.to, m.code])).toEqual([
      ["call", "+14155550100", callCode],
      ["sms", "+14155550100", smsCode],
    ]);

    expect(await client.verifyToken({ authyId, token: smsCode }, { force: true })).toEqual(await tokenValid(authyId, "sms"));
    expect(await failure(client.verifyToken({ authyId, token: smsCode }, { force: true }))).toEqual([401, TOKEN_REUSED]);
    expect(await failure(client.verifyToken({ authyId, token: otherCode(callCode) }, { force: true }))).toEqual([401, TOKEN_INVALID]);
    // The other code is still good once, then used too.
    expect(await client.verifyToken({ authyId, token: callCode }, { force: true })).toEqual(await tokenValid(authyId, "call"));
    expect(await failure(client.verifyToken({ authyId, token: callCode }))).toEqual([401, TOKEN_REUSED]);
  });

  it("without force a user who never completed registration is not enforced; after one success every rule is", async () => {
    const authyId = await register("415-555-0101");
    expect(await client.requestSms({ authyId })).toEqual({ success: true, message: "SMS token was sent", cellphone: "+1-XXX-XXX-XX01" });
    const code = await lastCode(authyId, "sms");
    // authy-client leaves force out unless it is true.
    expect(await client.verifyToken({ authyId, token: otherCode(code) })).toEqual(await tokenValid(authyId, "sms"));
    expect(consoleLines.filter((line) => line.startsWith("verify not enforced")).length).toEqual(1);
    expect(await client.verifyToken({ authyId, token: code })).toEqual(await tokenValid(authyId, "sms"));
    expect(await failure(client.verifyToken({ authyId, token: otherCode(code) }))).toEqual([401, TOKEN_INVALID]);
  });

  it("a code lives 600 seconds on the server's clock (moved through /__dev/clock, never slept)", async () => {
    const authyId = await register("415-555-0108");
    await client.requestSms({ authyId });
    await client.requestCall({ authyId });
    const [smsCode, callCode] = [await lastCode(authyId, "sms"), await lastCode(authyId, "call")];
    const advance = async (seconds: number) => {
      const res = await fetch(`${server.url}/__dev/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advance_seconds: seconds }) });
      expect(res.status).toEqual(200);
    };
    await advance(599);
    expect(await client.verifyToken({ authyId, token: smsCode }, { force: true })).toEqual(await tokenValid(authyId, "sms"));
    await advance(1);
    expect(await failure(client.verifyToken({ authyId, token: callCode }, { force: true }))).toEqual([401, TOKEN_INVALID]);
  });

  it("a user with the Authy app gets no SMS or call without force, and gets them with force", async () => {
    const authyId = await register("415-555-0102");
    const patch = await fetch(`${server.url}/__dev/users/${authyId}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ app_installed: true }),
    });
    expect(patch.status).toEqual(200);
    const sms = (await client.requestSms({ authyId })) as { ignored?: boolean; message: string };
    const call = (await client.requestCall({ authyId })) as { ignored?: boolean; message: string };
    expect([sms.ignored, sms.message, call.ignored, call.message]).toEqual([
      true,
      "Ignored: SMS is not needed for smartphones. Pass force=true if you want to actually send it anyway.",
      true,
      "Call ignored. User is using  App Tokens and this call is not necessary. Pass force=true if you still want to call users that are using the App.",
    ]);
    expect((await messagesOf(authyId)).filter((m) => m.kind === "token")).toEqual([]);
    expect(await client.requestSms({ authyId }, { force: true })).toEqual({ success: true, message: "SMS token was sent", cellphone: "+1-XXX-XXX-XX02" });
    expect(await client.verifyToken({ authyId, token: await lastCode(authyId, "sms") }, { force: true })).toEqual(await tokenValid(authyId, "sms"));
  });

  it("the same phone again gives the same authy_id", async () => {
    const first = await register("415-555-0103", "first@example.com");
    const second = await register("+1 415 555 0103", "second@example.com");
    expect(second).toEqual(first);
  });

  it("unknown user: 404 60026 for status, SMS, call, verify and remove", async () => {
    const authyId = 999_999;
    expect([
      await failure(client.getUserStatus({ authyId })),
      await failure(client.requestSms({ authyId })),
      await failure(client.requestCall({ authyId })),
      await failure(client.verifyToken({ authyId, token: "1234567" }, { force: true })),
      await failure(client.deleteUser({ authyId })),
    ]).toEqual(Array.from({ length: 5 }, () => [404, USER_NOT_FOUND]));
  });

  it("a wrong API key: 401 60001, and nothing happens", async () => {
    const stranger = new (sdks().AuthyClient)({ key: "WrongKey0123456789abcdefWrongKey" }, { host: server.url });
    expect([
      await failure(stranger.registerUser({ countryCode: "US", email: "mallory@example.com", phone: "415-555-0104" })),
      await failure(stranger.getApplicationDetails()),
    ]).toEqual([
      [401, INVALID_API_KEY],
      [401, INVALID_API_KEY],
    ]);
    expect(await devGet<{ messages: unknown[] }>("/__dev/messages")).toEqual({ messages: [] });
  });

  it("user status, register activity, remove", async () => {
    const authyId = await register("415-555-0105", "bob@example.com");
    expect(await client.getUserStatus({ authyId })).toEqual(newUserStatus(authyId, "0105", "bob@example.com"));
    expect(await client.registerActivity({ authyId, type: "banned", data: { reason: "test" } }, { ip: "127.0.0.1" })).toEqual({
      message: "Activity was created.",
      success: true,
    });
    expect(await client.deleteUser({ authyId })).toEqual({ message: "User was added to remove.", success: true });
  });

  it("application details and statistics from real counts", async () => {
    expect(await client.getApplicationDetails()).toEqual({
      app: { name: "Authy Local", plan: "development", sms_enabled: true, phone_calls_enabled: true, app_id: server.appId, onetouch_enabled: false },
      message: "Application information.",
      success: true,
    });
    const first = await register("415-555-0106");
    await register("415-555-0107");
    await client.requestSms({ authyId: first });
    await client.requestCall({ authyId: first });
    await client.verifyToken({ authyId: first, token: await lastCode(first, "sms") }, { force: true });

    const stats = (await client.getApplicationStatistics()) as {
      app_id: number;
      count: number;
      message: string;
      success: boolean;
      total_users: number;
      stats: { month: string; year: number; users_count: number; sms_count: number; calls_count: number; auths_count: number; api_calls_count: number }[];
    };
    const { now } = await devGet<{ now: string }>("/__dev/clock");
    const month = new Date(now).toLocaleString("en-US", { month: "long", timeZone: "UTC" });
    const current = stats.stats.at(-1)!;
    expect([stats.app_id, stats.count, stats.stats.length, stats.message, stats.success, stats.total_users]).toEqual([server.appId, 12, 12, "Monthly statistics.", true, 2]);
    expect([current.month, current.year, current.users_count, current.sms_count, current.calls_count, current.auths_count]).toEqual([
      month,
      new Date(now).getUTCFullYear(),
      2,
      1,
      1,
      1,
    ]);
    // Every call above is an API call: details, 2 registrations, SMS, call, verify (the stats call may count itself).
    expect(current.api_calls_count).toBeGreaterThanOrEqual(6);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("authy@1.4.0", () => {
  let authy: NodeAuthy;
  beforeEach(() => {
    authy = sdks().authy(server.apiKey, server.url);
  });

  /** authy@1.4.0 calls back with the parsed body of a non-200 answer as its error. */
  async function failure(invoke: Parameters<typeof callNodeAuthy>[0]): Promise<unknown> {
    try {
      await callNodeAuthy(invoke);
    } catch (error) {
      return error;
    }
    throw new Error("the call succeeded");
  }

  async function register(phone: string, sendInstallLink = false): Promise<number> {
    const created = (await callNodeAuthy((cb) => authy.register_user("carol@example.com", phone, "1", sendInstallLink, cb))) as { user: { id: number } };
    expect(created).toEqual({ message: "User created successfully.", user: { id: created.user.id }, success: true });
    return created.user.id;
  }

  it("create user (key in the query string), SMS and call, verify, 60019 on reuse, 60020 on a wrong code", async () => {
    const authyId = await register("212-555-0143");
    expect(await callNodeAuthy((cb) => authy.request_sms(authyId, true, cb))).toEqual({ success: true, message: "SMS token was sent", cellphone: "+1-XXX-XXX-XX43" });
    const smsCode = await lastCode(authyId, "sms");
    expect(await callNodeAuthy((cb) => authy.request_call(authyId, true, cb))).toEqual({ cellphone: "+1-XXX-XXX-XX43", message: "Call started...", success: true });
    const callCode = await lastCode(authyId, "call");

    expect(await callNodeAuthy((cb) => authy.verify(authyId, smsCode, true, cb))).toEqual(await tokenValid(authyId, "sms"));
    expect(await failure((cb) => authy.verify(authyId, smsCode, true, cb))).toEqual(TOKEN_REUSED);
    expect(await failure((cb) => authy.verify(authyId, otherCode(callCode), true, cb))).toEqual(TOKEN_INVALID);
    expect(await callNodeAuthy((cb) => authy.verify(authyId, callCode, true, cb))).toEqual(await tokenValid(authyId, "call"));
  });

  it("send_install_link_via_sms (sent in the query string by this SDK) decides the install-link message", async () => {
    const withLink = await register("212-555-0144", true);
    const withoutLink = await register("212-555-0145", false);
    expect([(await messagesOf(withLink)).map((m) => [m.kind, m.channel, m.to]), await messagesOf(withoutLink)]).toEqual([
      [["install_link", "sms", "+12125550144"]],
      [],
    ]);
  });

  it("unknown user: 404 60026; a wrong key: 401 60001", async () => {
    const stranger = sdks().authy("WrongKey0123456789abcdefWrongKey", server.url);
    expect([
      await failure((cb) => authy.user_status(999_999, cb)),
      await failure((cb) => authy.request_sms(999_999, true, cb)),
      await failure((cb) => authy.verify(999_999, "1234567", true, cb)),
      await failure((cb) => stranger.user_status(1000, cb)),
      await failure((cb) => stranger.register_user("mallory@example.com", "212-555-0146", "1", true, cb)),
    ]).toEqual([USER_NOT_FOUND, USER_NOT_FOUND, USER_NOT_FOUND, INVALID_API_KEY, INVALID_API_KEY]);
    expect(await devGet<{ messages: unknown[] }>("/__dev/messages")).toEqual({ messages: [] });
  });

  it("user status, then delete through the deprecated /users/delete/{id}", async () => {
    const authyId = await register("212-555-0147");
    expect(await callNodeAuthy((cb) => authy.user_status(authyId, cb))).toEqual(newUserStatus(authyId, "0147", "carol@example.com"));
    expect(await callNodeAuthy((cb) => authy.delete_user(authyId, cb))).toEqual({ message: "User removed from application", success: true });
  });
});
