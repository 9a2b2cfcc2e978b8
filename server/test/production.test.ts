import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { verifyCallbackRequest } from "../../src/index.js";
import { findSchemaViolation } from "../../src/validate.js";
import operatorDocument from "../generated/operator-openapi.json" with { type: "json" };
import { operatorOperationTable } from "../generated/operator-runtime.js";
import { parseCommandLine } from "../src/cli.js";
import { blockedAddressReason, outboundTargetProblem } from "../src/delivery/outbound-target.js";
import { PRODUCTION_LIMITS } from "../src/domain/limits.js";
import { base32Decode, totp } from "../src/domain/otp.js";
import { startAuthyServer } from "../src/index.js";
import { readQrCode } from "./helpers/qr.js";
import { authyError, useTestServer } from "./helpers/server.js";

const API_KEY = "ProductionKey0123456789abcdefXYZ";
const ENCRYPTION_KEY = { id: "test-1", material: randomBytes(32) };
const DELIVER_SIGNING_KEY = "DeliverSigningKey-0123456789abcdef";
const OPERATOR_KEY = "OperatorKey-0123456789abcdef";

/** The operator's endpoint: a local receiver that records each delivery and checks it as an operator would. */
interface Delivery {
  body: any;
  verified: boolean;
  headers: IncomingHttpHeaders;
}
const deliveries: Delivery[] = [];
const waiting: Array<{ match: (d: Delivery) => boolean; resolve: (d: Delivery) => void }> = [];
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", async () => {
    const text = Buffer.concat(chunks).toString("utf8");
    const request = new Request(`http://127.0.0.1:${(receiver.address() as { port: number }).port}${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: text,
    });
    const delivery = { body: JSON.parse(text), verified: await verifyCallbackRequest(request, { apiKey: DELIVER_SIGNING_KEY }), headers: req.headers };
    deliveries.push(delivery);
    res.writeHead(204).end();
    for (const waiter of [...waiting]) {
      if (waiter.match(delivery)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(delivery);
      }
    }
  });
});
await new Promise<void>((done) => receiver.listen(0, "127.0.0.1", done));
const DELIVER_URL = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/deliver`;
afterAll(() => new Promise<void>((done) => receiver.close(() => done())));

/** The first delivery (already received or still to come) that matches. */
function delivered(match: (d: Delivery) => boolean): Promise<Delivery> {
  const found = deliveries.find(match);
  return found ? Promise.resolve(found) : new Promise((resolve) => waiting.push({ match, resolve }));
}

const t = useTestServer({
  mode: "production",
  apiKey: API_KEY,
  encryptionKeys: [ENCRYPTION_KEY],
  deliverUrl: DELIVER_URL,
  deliverSigningKey: DELIVER_SIGNING_KEY,
  allowPrivateTargets: true,
  operatorKey: OPERATOR_KEY,
  oneTouchCallbackUrl: DELIVER_URL.replace("/deliver", "/callback"),
});

/** A call to the operator API, checked against its own document: a declared status, and the 200 body's schema. */
async function operator(operationId: keyof typeof operatorOperationTable, path: string, init: { method?: string; body?: unknown; key?: string | null } = {}) {
  const headers: Record<string, string> = init.key === null ? {} : { authorization: `Bearer ${init.key ?? OPERATOR_KEY}` };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${t.server.url}${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const body = (await res.json()) as any;
  const spec = operatorOperationTable[operationId];
  const declared = Object.values((operatorDocument as any).paths).flatMap((item: any) => Object.values(item)).find((op: any) => op.operationId === operationId) as any;
  expect(Object.keys(declared.responses), `${operationId} declares ${res.status}`).toContain(String(res.status));
  if (res.status === 200) expect(findSchemaViolation(spec.result, body, "body")).toBeUndefined();
  return { status: res.status, body };
}

const NOT_FOUND = { message: "Not found", success: false, errors: { message: "Not found" }, error_code: "60000" };

// Production keeps no development API, so each test registers its own phone number.
let nextPhone = 100;
async function newUser(email = "prod@example.com"): Promise<number> {
  return (await t.client().createUser({ user: { email, cellphone: `201-555-0${nextPhone++}`, country_code: 1 } })).user.id;
}

/** The secret of the user's authenticator QR code, and a TOTP of it. */
async function authenticator(id: number): Promise<{ secret: string; uri: string; code: (offsetSteps?: number) => string }> {
  const { qr_code } = await t.client().generateAuthenticatorQrCode({ authy_id: id });
  const uri = readQrCode(qr_code)!;
  const secret = new URL(uri).searchParams.get("secret")!;
  return { secret, uri, code: (offsetSteps = 0) => totp(base32Decode(secret), Date.now() / 1000 + offsetSteps * 30) };
}

describe("--mode production", () => {
  it("has no development API or page: every /__dev path is the Authy 404", async () => {
    for (const [method, path] of [
      ["GET", "/__dev/"],
      ["GET", "/__dev/app"],
      ["GET", "/__dev/messages"],
      ["POST", "/__dev/reset"],
      ["POST", "/__dev/clock"],
    ] as const) {
      const res = await fetch(`${t.server.url}${path}`, { method, headers: { "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined });
      expect([path, res.status, await res.json()]).toEqual([path, 404, NOT_FOUND]);
    }
  });

  it("answers /healthz and /readyz without an API key", async () => {
    for (const path of ["/healthz", "/readyz"]) {
      const res = await fetch(`${t.server.url}${path}`);
      expect([res.status, res.headers.get("cache-control"), await res.json()]).toEqual([200, "no-store", { status: "ok" }]);
    }
  });

  it("enforces every verify, force or not: a new user's wrong token is 60020 (development would answer 200)", async () => {
    const id = await newUser();
    expect(await authyError(t.client().verifyToken({ token: "1234567", authy_id: id, force: false }))).toMatchObject({ status: 401, code: 60020 });
    const app = await authenticator(id);
    expect(await t.client().verifyToken({ token: app.code(), authy_id: id, force: false })).toMatchObject({ token: "is valid" });
    expect(await authyError(t.client().verifyToken({ token: app.code(), authy_id: id, force: false }))).toMatchObject({ status: 401, code: 60019 });
  });

  it("writes one JSON line per request (operation, status, latency) and no code, key, secret, phone number or email in any line or answer", async () => {
    t.lines.length = 0;
    const id = await newUser("secret.person@example.com");
    await t.client().sendSmsToken({ authy_id: id, force: true });
    const app = await authenticator(id);
    const wrong = app.code(5);
    const refused = await fetch(`${t.server.url}/protected/json/verify/${wrong}/${id}?force=true&api_key=${API_KEY}`);
    const refusedText = await refused.text();
    await fetch(`${t.server.url}/protected/json/users/${id}/status`, { headers: { "x-authy-api-key": "WrongKey0123456789" } });
    await fetch(`${t.server.url}/protected/json/verify/${app.code()}/${id}`, { headers: { "x-authy-api-key": API_KEY } });
    const lines = t.lines.map((line) => JSON.parse(line));
    const requests = lines.filter((line) => line.msg === "request");
    expect(requests.map(({ operation, method, status, error_code }) => ({ operation, method, status, error_code }))).toEqual([
      { operation: "createUser", method: "POST", status: 200, error_code: undefined },
      { operation: "sendSmsToken", method: "GET", status: 200, error_code: undefined },
      { operation: "generateAuthenticatorQrCode", method: "POST", status: 200, error_code: undefined },
      { operation: "verifyToken", method: "GET", status: 401, error_code: "60020" },
      { operation: "getUserStatus", method: "GET", status: 401, error_code: "60001" },
      { operation: "verifyToken", method: "GET", status: 200, error_code: undefined },
    ]);
    for (const line of requests) {
      expect(Object.keys(line).sort()).toEqual(["latency_ms", "level", "method", "msg", "operation", "status", "time", ...(line.error_code ? ["error_code"] : [])].sort());
      expect(line.latency_ms).toBeGreaterThan(0);
    }
    // The message line says what was sent, not to whom or with which code.
    expect(lines.filter((line) => line.msg === "message")).toEqual([
      { level: "info", msg: "message", message_id: expect.any(Number), kind: "install_link", channel: "sms" },
      { level: "info", msg: "message", message_id: expect.any(Number), kind: "token", channel: "sms" },
    ]);
    const output = t.lines.join("\n") + refusedText;
    for (const secret of [API_KEY, app.secret, wrong, app.code(), "secret.person@example.com", "WrongKey0123456789"]) {
      expect(output).not.toContain(secret);
    }
  });

  it("delivers each code to --deliver-url as a signed JSON POST (verifyCallbackRequest accepts it): the whole flow works in production", async () => {
    const id = await newUser("flow@example.com");
    await t.client().sendSmsToken({ authy_id: id, force: true });
    const sms = await delivered((d) => d.body.message?.authy_id === id && d.body.message.kind === "token");
    expect(sms.verified).toBe(true);
    expect(sms.headers["content-type"]).toBe("application/json");
    expect(sms.body).toEqual({
      type: "message",
      message: {
        id: expect.any(Number),
        kind: "token",
        channel: "sms",
        authy_id: id,
        to: expect.stringMatching(/^\+1201555\d{4}$/),
        code: expect.stringMatching(/^[0-9]{7}$/),
        text: `Your Authy Local verification code is: ${sms.body.message.code}`,
        created_at: expect.any(String),
      },
    });
    expect(await t.client().verifyToken({ token: sms.body.message.code, authy_id: id })).toMatchObject({ token: "is valid" });
    // Any change to the body breaks the signature.
    const tampered = new Request(DELIVER_URL, {
      method: "POST",
      headers: { "content-type": "application/json", "x-authy-signature": String(sms.headers["x-authy-signature"]), "x-authy-signature-nonce": String(sms.headers["x-authy-signature-nonce"]) },
      body: JSON.stringify({ ...sms.body, message: { ...sms.body.message, to: "+12015550000" } }),
    });
    expect(await verifyCallbackRequest(tampered, { apiKey: DELIVER_SIGNING_KEY })).toBe(false);
  });

  it("delivers approval requests to --deliver-url, signed", async () => {
    const id = await newUser("approve@example.com");
    const { approval_request } = await t.client().createApprovalRequest({ authy_id: id, message: "Log in to Example", details: { ip: "203.0.113.7" } });
    const delivery = await delivered((d) => d.body.approval_request?.uuid === approval_request.uuid);
    expect(delivery.verified).toBe(true);
    expect(delivery.body.approval_request).toMatchObject({ authy_id: id, email: "approve@example.com", message: "Log in to Example", details: { ip: "203.0.113.7" }, status: "pending" });
  });

  it("operator API: decide an approval request in the operator's channel; the signed OneTouch callback follows; a decided request is 409", async () => {
    const id = await newUser("decide@example.com");
    const { approval_request } = await t.client().createApprovalRequest({ authy_id: id, message: "Wire 500 EUR" });
    const path = `/operator/v1/approval_requests/${approval_request.uuid}`;
    expect(await operator("getApprovalRequest", path)).toMatchObject({ status: 200, body: { uuid: approval_request.uuid, authy_id: id, message: "Wire 500 EUR", status: "pending", processed_at: null } });
    const decided = await operator("createApprovalDecision", `${path}/decision`, { method: "POST", body: { status: "approved" } });
    expect(decided).toMatchObject({ status: 200, body: { status: "approved", processed_at: expect.any(String) } });
    const callback = await delivered((d) => d.body.uuid === approval_request.uuid && d.body.status === "approved");
    // The callback goes to the application's callback URL, signed with its API key (not the delivery key).
    expect(callback.verified).toBe(false);
    const again = await operator("createApprovalDecision", `${path}/decision`, { method: "POST", body: { status: "denied" } });
    expect(again).toEqual({ status: 409, body: { error: "the approval request is approved already" } });
    expect(await operator("createApprovalDecision", `${path}/decision`, { method: "POST", body: { status: "maybe" } })).toMatchObject({ status: 400 });
    expect(await operator("getApprovalRequest", "/operator/v1/approval_requests/6a0a3c1e-5b7d-4f0e-9c3a-2b1d0e9f8a7c")).toEqual({
      status: 404,
      body: { error: "no approval request 6a0a3c1e-5b7d-4f0e-9c3a-2b1d0e9f8a7c" },
    });
  });

  it("operator API: message and delivery status without the code; deliveries listed and filtered; a delivered one is not attempted again", async () => {
    const id = await newUser("status@example.com");
    await t.client().sendSmsToken({ authy_id: id, force: true });
    const sms = await delivered((d) => d.body.message?.authy_id === id && d.body.message.kind === "token");
    const messageId = sms.body.message.id;
    let status = await operator("getMessage", `/operator/v1/messages/${messageId}`);
    // The delivery is recorded as delivered just after the receiver answered.
    for (let i = 0; i < 50 && status.body.delivery?.status !== "delivered"; i++) status = await operator("getMessage", `/operator/v1/messages/${messageId}`);
    expect(status).toMatchObject({
      status: 200,
      body: { id: messageId, kind: "token", channel: "sms", authy_id: id, delivery: { kind: "operator_message", subject: String(messageId), status: "delivered", attempts: 1, last_status: 204 } },
    });
    expect(JSON.stringify(status.body)).not.toContain(sms.body.message.code);
    const listed = await operator("listDeliveries", "/operator/v1/deliveries?status=delivered&kind=operator_message&limit=1000");
    expect(listed.body.deliveries.map((d: { id: number }) => d.id)).toContain(status.body.delivery.id);
    expect(listed.body.deliveries.every((d: { status: string; kind: string }) => d.status === "delivered" && d.kind === "operator_message")).toBe(true);
    expect(await operator("listDeliveries", "/operator/v1/deliveries?status=lost")).toMatchObject({ status: 400 });
    expect(await operator("createDeliveryAttempt", `/operator/v1/deliveries/${status.body.delivery.id}/attempts`, { method: "POST" })).toEqual({
      status: 409,
      body: { error: `delivery ${status.body.delivery.id} was delivered already` },
    });
  });

  it("operator API: no key or a wrong key is 401 on every path, before anything else", async () => {
    expect(await operator("listDeliveries", "/operator/v1/deliveries", { key: null })).toEqual({ status: 401, body: { error: "operator key missing or wrong" } });
    expect(await operator("listDeliveries", "/operator/v1/deliveries", { key: "OperatorKey-0123456789abcdeX" })).toEqual({ status: 401, body: { error: "operator key missing or wrong" } });
    const unknown = await fetch(`${t.server.url}/operator/v1/secrets`);
    expect([unknown.status, await unknown.json()]).toEqual([401, { error: "operator key missing or wrong" }]);
  });

  it("locks a user out after 5 failed verifications for 15 minutes (production default), answered 429/60003 with Retry-After", async () => {
    const id = await newUser();
    const app = await authenticator(id);
    for (let i = 0; i < PRODUCTION_LIMITS.failedVerifications.max; i++) {
      expect(await authyError(t.client().verifyToken({ token: "1234567", authy_id: id }))).toMatchObject({ status: 401, code: 60020 });
    }
    const res = await fetch(`${t.server.url}/protected/json/verify/${app.code()}/${id}`, { headers: { "x-authy-api-key": API_KEY } });
    expect([res.status, res.headers.get("retry-after"), ((await res.json()) as { error_code: string }).error_code]).toEqual([429, "900", "60003"]);
  });

  it("sends at most 5 codes to a user in 15 minutes (production default)", async () => {
    const id = await newUser();
    for (let i = 0; i < PRODUCTION_LIMITS.sendsPerUser.max; i++) await t.client().sendSmsToken({ authy_id: id, force: true });
    const res = await fetch(`${t.server.url}/protected/json/sms/${id}?force=true`, { headers: { "x-authy-api-key": API_KEY } });
    expect([res.status, res.headers.get("retry-after"), ((await res.json()) as { error_code: string }).error_code]).toEqual([429, "900", "60003"]);
  });
});

describe("outbound targets", () => {
  it.each([
    ["127.0.0.1"],
    ["10.1.2.3"],
    ["172.16.0.1"],
    ["192.168.1.1"],
    ["169.254.169.254"],
    ["100.64.0.1"],
    ["0.0.0.0"],
    ["::1"],
    ["fd00::1"],
    ["fe80::1"],
    ["::ffff:127.0.0.1"],
    ["::ffff:a9fe:a9fe"],
    ["64:ff9b::10.0.0.1"],
  ])("%s is refused", (address) => {
    expect(blockedAddressReason(address)).toBe(`${address} is a loopback, private, link-local or reserved address`);
  });

  it.each([["93.184.215.14"], ["2606:4700::6810:85e5"], ["::ffff:93.184.215.14"]])("%s is public", (address) => {
    expect(blockedAddressReason(address)).toBeUndefined();
  });

  it("needs https, and every address the host resolves to public, unless private targets are allowed", async () => {
    const resolve = async (host: string) => (host === "mixed.example" ? ["93.184.215.14", "10.0.0.5"] : ["93.184.215.14"]);
    expect(await outboundTargetProblem("https://hooks.example/deliver", { allowPrivate: false, resolve })).toBeUndefined();
    expect(await outboundTargetProblem("http://hooks.example/deliver", { allowPrivate: false, resolve })).toBe("must be an https URL (--allow-private-targets also allows http)");
    expect(await outboundTargetProblem("https://mixed.example/", { allowPrivate: false, resolve })).toBe(
      "resolves to 10.0.0.5 is a loopback, private, link-local or reserved address (--allow-private-targets allows it)",
    );
    expect(await outboundTargetProblem("https://[::1]:8443/", { allowPrivate: false, resolve })).toMatch(/^resolves to ::1 is a loopback/);
    expect(await outboundTargetProblem("https://user:pw@hooks.example/", { allowPrivate: false, resolve })).toBe("must not carry a user name or password");
    expect(await outboundTargetProblem("http://127.0.0.1:9/", { allowPrivate: true, resolve })).toBeUndefined();
    expect(await outboundTargetProblem("ftp://127.0.0.1/", { allowPrivate: true, resolve })).toBe("must be an http or https URL");
  });

  it("production refuses to start with a loopback delivery target unless --allow-private-targets", async () => {
    await expect(
      startAuthyServer({ memory: true, port: 0, mode: "production", apiKey: API_KEY, encryptionKeys: [ENCRYPTION_KEY], deliverUrl: DELIVER_URL, deliverSigningKey: DELIVER_SIGNING_KEY, log: () => {} }),
    ).rejects.toThrow("deliverUrl must be an https URL (--allow-private-targets also allows http)");
    await expect(
      startAuthyServer({ memory: true, port: 0, mode: "production", apiKey: API_KEY, encryptionKeys: [ENCRYPTION_KEY], oneTouchCallbackUrl: "https://127.0.0.1/cb", log: () => {} }),
    ).rejects.toThrow("oneTouchCallbackUrl resolves to 127.0.0.1 is a loopback, private, link-local or reserved address");
  });
});

describe("--legacy-lenient-verify", () => {
  const lines: string[] = [];
  let server: Awaited<ReturnType<typeof startAuthyServer>> | undefined;
  afterAll(async () => {
    await server?.close();
  });

  it("restores Authy's lenient verify without force for users who have not completed registration, and warns at start", async () => {
    server = await startAuthyServer({ memory: true, port: 0, mode: "production", apiKey: API_KEY, encryptionKeys: [ENCRYPTION_KEY], legacyLenientVerify: true, log: (line) => lines.push(line) });
    expect(lines.filter((line) => line.startsWith("WARNING: --legacy-lenient-verify"))).toHaveLength(1);
    const headers = { "x-authy-api-key": API_KEY, "content-type": "application/json" };
    const created = await fetch(`${server.url}/protected/json/users/new`, { method: "POST", headers, body: JSON.stringify({ user: { email: "l@example.com", cellphone: "201-555-0123", country_code: 1 } }) });
    const id = ((await created.json()) as { user: { id: number } }).user.id;
    expect((await fetch(`${server.url}/protected/json/verify/1234567/${id}`, { headers })).status).toBe(200);
    expect((await fetch(`${server.url}/protected/json/verify/1234567/${id}?force=true`, { headers })).status).toBe(401);
  });
});

describe("the production command line", () => {
  const KEY = `k1:${randomBytes(32).toString("base64")}`;
  const OLD = `k0:${randomBytes(32).toString("base64")}`;

  it("reads keys from the environment, sets production limits, and takes limit flags", () => {
    const parsed = parseCommandLine(
      ["--mode", "production", "--memory", "--limit-sends-per-user", "3/60", "--limit-failed-verifications", "0/1/1"],
      { AUTHY_SERVER_API_KEY: API_KEY, AUTHY_SERVER_ENCRYPTION_KEY: KEY, AUTHY_SERVER_PREVIOUS_ENCRYPTION_KEYS: OLD },
    );
    expect(parsed).toMatchObject({
      options: {
        mode: "production",
        apiKey: API_KEY,
        encryptionKeys: [
          { id: "k1", material: Buffer.from(KEY.slice(3), "base64") },
          { id: "k0", material: Buffer.from(OLD.slice(3), "base64") },
        ],
        limits: {
          failedVerifications: { max: 0, windowSeconds: 1, lockoutSeconds: 1 },
          sendsPerUser: { max: 3, windowSeconds: 60 },
          sendsPerRecipient: PRODUCTION_LIMITS.sendsPerRecipient,
        },
      },
    });
  });

  it.each([
    [["--mode", "staging"], '--mode must be development or production, got "staging"'],
    [["--mode", "production", "--api-key", API_KEY], "--mode production needs --encryption-key"],
    [["--mode", "production", "--encryption-key", KEY], "--mode production needs --api-key"],
    [["--legacy-lenient-verify"], "--legacy-lenient-verify is for --mode production"],
    [["--mode", "production", "--dev-api-remote", "--api-key", API_KEY, "--encryption-key", KEY], "--dev-api-remote and --mode production exclude each other"],
    [["--encryption-key", "k1:short"], "--encryption-key its key must be 32 bytes in base64"],
    [["--encryption-key", "no-id"], "--encryption-key must be <id>:<base64 of 32 random bytes>"],
    [["--previous-encryption-key", OLD], "--previous-encryption-key needs --encryption-key"],
    [["--limit-sends-per-user", "5"], '--limit-sends-per-user must be <max>/<window seconds>, got "5"'],
    [["--limit-failed-verifications", "5/0/10"], "--limit-failed-verifications: windows and lockouts are at least 1 second"],
    [["--api-key-overlap", "60"], "--api-key-overlap goes with --replace-api-key"],
  ])("%j is a usage error", (args, message) => {
    expect(() => parseCommandLine(args, {})).toThrow(message);
  });
});
