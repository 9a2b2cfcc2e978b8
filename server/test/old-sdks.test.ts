/**
 * The old Node SDKs, unchanged, against the server: authy-client@1.1.4 (`new Client({ key }, { host })`, key in
 * `X-Authy-API-Key`) and authy@1.4.0 (`require("authy")(key, url)`, key in the `api_key` query parameter, the
 * deprecated `/users/delete/{id}` spelling). Both hard-code `/protected/json/`, so neither can ask for XML: every flow
 * here is JSON (the server's XML is tested through the project's own client). Codes are read from `GET /__dev/messages`.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { callNodeAuthy, loadOldSdks, OLD_SDKS_DIR, type AuthyClientSdk, type NodeAuthy, type OldSdks } from "./helpers/old-sdks.js";
import { INVALID_API_KEY, newUserStatus, specExample, TOKEN_INVALID, TOKEN_REUSED, USER_NOT_FOUND } from "./helpers/authy-bodies.js";
import { useTestServer } from "./helpers/server.js";

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
// One server for the file, reset before each test (the server tests' own harness).

const t = useTestServer();
let loaded: OldSdks | Error;

/** The SDKs, or (when their folder is not installed) each test that needs them fails with the command to run. */
function sdks(): OldSdks {
  if (loaded instanceof Error) throw loaded;
  return loaded;
}

beforeAll(() => {
  try {
    loaded = loadOldSdks();
  } catch (error) {
    loaded = error as Error;
  }
});

interface DevMessage {
  kind: string;
  channel: string;
  authy_id: number | null;
  to: string;
  code: string | null;
}

/** A development API GET that must answer 200. */
async function devGet<T>(path: string): Promise<T> {
  const { status, body } = await t.dev("GET", path);
  expect(status, path).toEqual(200);
  return body as T;
}

const messagesOf = async (authyId: number): Promise<DevMessage[]> =>
  (await devGet<{ messages: DevMessage[] }>(`/__dev/messages?authy_id=${authyId}`)).messages;

/** The spec's TokenValid answer (`success` is the string "true", as the real API writes it) for this user's code. */
async function tokenValid(authyId: number, osType: string) {
  const user = await devGet<{ created_at: string }>(`/__dev/users/${authyId}`);
  const example = specExample("TokenValid");
  const device = { ...(example.device as object), os_type: osType, registration_date: Math.floor(Date.parse(user.created_at) / 1000), last_account_recovery_at: null };
  return { ...example, device };
}

/** A code of the same length that is not `code`. */
const otherCode = (code: string): string => code.replace(/^./, (digit) => String((Number(digit) + 1) % 10));

// ---------------------------------------------------------------------------------------------------------------

describe("authy-client@1.1.4", () => {
  let client: AuthyClientSdk;
  beforeEach(() => {
    client = new (sdks().AuthyClient)({ key: t.server.apiKey }, { host: t.server.url });
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
    expect(await client.requestSms({ authyId })).toEqual({ ...specExample("SmsSent"), cellphone: "+1-XXX-XXX-XX00" });
    const smsCode = await t.lastCode(authyId, "sms");
    expect(await client.requestCall({ authyId })).toEqual({ ...specExample("CallStarted"), cellphone: "+1-XXX-XXX-XX00" });
    const callCode = await t.lastCode(authyId, "call");
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

  it("phone verification: start by SMS, verifyPhone with the code read from /__dev/messages; a wrong code is 401 60022", async () => {
    const started = (await client.startPhoneVerification({ countryCode: "US", phone: "415-555-0102", via: "sms" })) as Record<string, unknown>;
    expect(started).toEqual({
      carrier: null,
      is_cellphone: false,
      is_ported: false,
      message: "Text message sent to +1 415-555-0102.",
      seconds_to_expire: started.seconds_to_expire,
      uuid: started.uuid,
      success: true,
    });
    const { messages } = await devGet<{ messages: DevMessage[] }>("/__dev/messages?to=%2B14155550102");
    expect(messages.map((m) => [m.kind, m.channel, m.authy_id, m.to])).toEqual([["phone_verification", "sms", null, "+14155550102"]]);
    const code = messages[0]!.code!;
    const wrong = code === "0000" ? "1111" : "0000";
    const [status, body] = await failure(client.verifyPhone({ countryCode: "US", phone: "415-555-0102", token: wrong }));
    expect([status, (body as { error_code: string }).error_code]).toEqual([401, "60022"]);
    expect(await client.verifyPhone({ countryCode: "US", phone: "415-555-0102", token: code })).toEqual({ message: "Verification code is correct.", success: true });
  });

  it("without force a user who never completed registration is not enforced; after one success every rule is", async () => {
    const authyId = await register("415-555-0101");
    expect(await client.requestSms({ authyId })).toEqual({ ...specExample("SmsSent"), cellphone: "+1-XXX-XXX-XX01" });
    const code = await t.lastCode(authyId, "sms");
    // authy-client leaves force out unless it is true.
    expect(await client.verifyToken({ authyId, token: otherCode(code) })).toEqual(await tokenValid(authyId, "sms"));
    expect(t.lines.filter((line) => line.startsWith("verify not enforced")).length).toEqual(1);
    expect(await client.verifyToken({ authyId, token: code })).toEqual(await tokenValid(authyId, "sms"));
    expect(await failure(client.verifyToken({ authyId, token: otherCode(code) }))).toEqual([401, TOKEN_INVALID]);
  });

  it("a code lives 600 seconds on the server's clock (moved through /__dev/clock, never slept)", async () => {
    const authyId = await register("415-555-0108");
    await client.requestSms({ authyId });
    await client.requestCall({ authyId });
    const [smsCode, callCode] = [await t.lastCode(authyId, "sms"), await t.lastCode(authyId, "call")];
    await t.advance(599);
    expect(await client.verifyToken({ authyId, token: smsCode }, { force: true })).toEqual(await tokenValid(authyId, "sms"));
    await t.advance(1);
    expect(await failure(client.verifyToken({ authyId, token: callCode }, { force: true }))).toEqual([401, TOKEN_INVALID]);
  });

  it("a user with the Authy app gets no SMS or call without force, and gets them with force", async () => {
    const authyId = await register("415-555-0102");
    expect((await t.dev("PATCH", `/__dev/users/${authyId}`, { app_installed: true })).status).toEqual(200);
    // The spec's examples are of a Colombian user; the device is the Android app the development API simulates.
    expect([await client.requestSms({ authyId }), await client.requestCall({ authyId })]).toEqual([
      { ...specExample("SmsIgnored"), cellphone: "+1-XXX-XXX-XX02" },
      { ...specExample("CallIgnored"), cellphone: "+1-XXX-XXX-XX02" },
    ]);
    expect((await messagesOf(authyId)).filter((m) => m.kind === "token")).toEqual([]);
    expect(await client.requestSms({ authyId }, { force: true })).toEqual({ ...specExample("SmsSent"), cellphone: "+1-XXX-XXX-XX02" });
    expect(await client.verifyToken({ authyId, token: await t.lastCode(authyId, "sms") }, { force: true })).toEqual(await tokenValid(authyId, "sms"));
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
    const stranger = new (sdks().AuthyClient)({ key: "WrongKey0123456789abcdefWrongKey" }, { host: t.server.url });
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
    expect(await client.registerActivity({ authyId, type: "banned", data: { reason: "test" } }, { ip: "127.0.0.1" })).toEqual(specExample("ActivityCreated"));
    expect(await client.deleteUser({ authyId })).toEqual(specExample("UserAddedToRemove"));
  });

  it("application details and statistics from real counts", async () => {
    expect(await client.getApplicationDetails()).toEqual({
      app: { name: "Authy Local", plan: "development", sms_enabled: true, phone_calls_enabled: true, app_id: t.server.appId, onetouch_enabled: true },
      message: "Application information.",
      success: true,
    });
    const first = await register("415-555-0106");
    await register("415-555-0107");
    await client.requestSms({ authyId: first });
    await client.requestCall({ authyId: first });
    await client.verifyToken({ authyId: first, token: await t.lastCode(first, "sms") }, { force: true });

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
    expect([stats.app_id, stats.count, stats.stats.length, stats.message, stats.success, stats.total_users]).toEqual([t.server.appId, 12, 12, "Monthly statistics.", true, 2]);
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
    authy = sdks().authy(t.server.apiKey, t.server.url);
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
    expect(await callNodeAuthy((cb) => authy.request_sms(authyId, true, cb))).toEqual({ ...specExample("SmsSent"), cellphone: "+1-XXX-XXX-XX43" });
    const smsCode = await t.lastCode(authyId, "sms");
    expect(await callNodeAuthy((cb) => authy.request_call(authyId, true, cb))).toEqual({ ...specExample("CallStarted"), cellphone: "+1-XXX-XXX-XX43" });
    const callCode = await t.lastCode(authyId, "call");

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
    const stranger = sdks().authy("WrongKey0123456789abcdefWrongKey", t.server.url);
    expect([
      await failure((cb) => authy.user_status(999_999, cb)),
      await failure((cb) => authy.request_sms(999_999, true, cb)),
      await failure((cb) => authy.verify(999_999, "1234567", true, cb)),
      await failure((cb) => stranger.user_status(1000, cb)),
      await failure((cb) => stranger.register_user("mallory@example.com", "212-555-0146", "1", true, cb)),
    ]).toEqual([USER_NOT_FOUND, USER_NOT_FOUND, USER_NOT_FOUND, INVALID_API_KEY, INVALID_API_KEY]);
    expect(await devGet<{ messages: unknown[] }>("/__dev/messages")).toEqual({ messages: [] });
  });

  it("phone verification (a GET body for check and status) and phone information", async () => {
    const started = (await callNodeAuthy((cb) => authy.phones().verification_start("212-555-0148", "1", { via: "call", code_length: 6 }, cb))) as { message: string };
    expect(started.message).toBe("Call to +1 212-555-0148 initiated");
    const { messages } = await devGet<{ messages: DevMessage[] }>("/__dev/messages?to=%2B12125550148");
    const code = messages[0]!.code!;
    expect([messages[0]!.kind, messages[0]!.channel, /^[0-9]{6}$/.test(code)]).toEqual(["phone_verification", "call", true]);
    expect(await callNodeAuthy((cb) => authy.phones().verification_status("212-555-0148", "1", cb))).toMatchObject({ status: "pending", success: true });
    expect(await callNodeAuthy((cb) => authy.phones().verification_check("212-555-0148", "1", code, cb))).toEqual({ message: "Verification code is correct.", success: true });
    expect(await callNodeAuthy((cb) => authy.phones().verification_status("212-555-0148", "1", cb))).toMatchObject({ status: "verified" });
    expect(await failure((cb) => authy.phones().verification_check("212-555-0148", "1", code, cb))).toMatchObject({ error_code: "60023" });
    const info = (await callNodeAuthy((cb) => authy.phones().info("7400 123456", "44", cb))) as Record<string, unknown>;
    expect(info).toEqual({ message: info.message, type: "cellphone", provider: null, ported: false, success: true });
    expect(info.message).toMatch(/^Phone number information as of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
  });

  it("user status, then delete through the deprecated /users/delete/{id}", async () => {
    const authyId = await register("212-555-0147");
    expect(await callNodeAuthy((cb) => authy.user_status(authyId, cb))).toEqual(newUserStatus(authyId, "0147", "carol@example.com"));
    expect(await callNodeAuthy((cb) => authy.delete_user(authyId, cb))).toEqual(specExample("UserRemoved"));
  });
});
