/**
 * Signed OneTouch callbacks end to end: a decision queues a callback, the server delivers it to the customer's
 * endpoint (docs/callbacks.md's Express and Fetch handlers, run as written), the package's verifiers and
 * authy-client's accept it and reject tampering; failed attempts are retried on the development clock (never by
 * sleeping) with 1, 2, 4 … s of backoff, up to 10 attempts, each signed afresh.
 */
import { createPublicKey, verify } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { canonicalizeAuthyParams, verifyCallbackSignature } from "../../src/index.js";
import { backoffSeconds } from "../src/delivery/queue.js";
import { startCallbackReceiver, type CallbackReceiver, type ReceivedCallback } from "./helpers/callback-receiver.js";
import { loadOldSdks } from "./helpers/old-sdks.js";
import { PHONE, useTestServer } from "./helpers/server.js";

const ATTEMPT_TIMEOUT_MS = 1500;
const t = useTestServer({ deliveryAttemptTimeoutMs: ATTEMPT_TIMEOUT_MS });
let receiver: CallbackReceiver;

beforeAll(async () => {
  receiver = await startCallbackReceiver(() => t.server.apiKey);
});
afterAll(async () => {
  await receiver?.close();
});
beforeEach(() => {
  receiver.received.length = 0;
  receiver.plan.length = 0;
  receiver.logged.length = 0;
});

interface DeliveryView {
  id: number;
  status: string;
  attempts: number;
  last_error: string | null;
  last_status: number | null;
  next_attempt_at: string | null;
  in_progress: boolean;
}

async function setCallback(url: string | null, method: "POST" | "GET" = "POST"): Promise<void> {
  const { status } = await t.dev("PUT", "/__dev/app", { onetouch_callback_url: url, onetouch_callback_method: method });
  expect(status).toBe(200);
}

async function newApprovalRequest(input: { details?: Record<string, string>; logos?: Array<{ res: "default" | "low" | "med" | "high"; url: string }> } = {}) {
  const client = t.client();
  const authyId = (await client.createUser({ user: { email: "ada@example.com", ...PHONE } })).user.id;
  const { uuid } = (await client.createApprovalRequest({ authy_id: authyId, message: "Log in to Example?", seconds_to_expire: 600, ...input })).approval_request;
  return { authyId, uuid };
}

const decide = (uuid: string, action: "approve" | "deny") => t.dev("POST", `/__dev/approval_requests/${uuid}/${action}`, {});

/** The delivery once `attempts` attempts were made and none is in progress (waits on the server, not on a timer rule). */
async function settled(id: number, attempts: number): Promise<DeliveryView> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const row = ((await t.dev("GET", "/__dev/deliveries")).body.deliveries as Array<DeliveryView>).find((d) => d.id === id)!;
    if (row.attempts >= attempts && !row.in_progress) return row;
    if (Date.now() > deadline) throw new Error(`delivery ${id}: ${JSON.stringify(row)}`);
    await new Promise((wake) => setTimeout(wake, 25));
  }
}

async function clockNow(): Promise<number> {
  return Date.parse((await t.dev("GET", "/__dev/clock")).body.now);
}

/** Checks a received POST or GET callback with the package's verifier, as the endpoint saw it. */
function verifyReceived(callback: ReceivedCallback, url: string): Promise<boolean> {
  const query = callback.target.includes("?") ? callback.target.slice(callback.target.indexOf("?") + 1) : "";
  return verifyCallbackSignature({
    apiKey: t.server.apiKey,
    method: callback.method,
    url,
    params: callback.method === "GET" ? new URLSearchParams(query) : JSON.parse(callback.body),
    nonce: callback.headers["x-authy-signature-nonce"],
    signature: callback.headers["x-authy-signature"],
  });
}

describe("OneTouch callbacks", () => {
  it("POST: the documented Express handler receives the reference's callback, verifies it and answers 200; the request is notified", async () => {
    await setCallback(receiver.expressUrl);
    const { authyId, uuid } = await newApprovalRequest({ details: { username: "ada", location: "London" }, logos: [{ res: "default", url: "https://example.com/a.png" }] });
    const decided = await decide(uuid, "approve");
    expect(decided.status).toBe(200);
    expect(decided.body.callback).toMatchObject({ uuid, url: receiver.expressUrl, method: "POST", status: "pending", attempts: 0, last_error: null });
    const [callback] = await receiver.waitFor(1);
    expect([callback!.method, callback!.target, callback!.status, callback!.handled]).toEqual(["POST", "/express/authy/callback", 200, true]);
    expect(callback!.headers["content-type"]).toBe("application/json");
    expect(callback!.headers["x-authy-signature-nonce"]).toMatch(/^\d{10}\.\d{6}$/);
    expect(Math.abs(Number(callback!.headers["x-authy-signature-nonce"]) - Date.now() / 1000)).toBeLessThan(60);
    expect(receiver.logged).toEqual([`approval request ${uuid}: approved`]);

    const body = JSON.parse(callback!.body);
    const view = (await t.dev("GET", `/__dev/approval_requests/${uuid}`)).body;
    const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);
    expect(body).toEqual({
      authy_id: authyId,
      device_uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/),
      callback_action: "approval_request_status",
      uuid,
      status: "approved",
      approval_request: {
        transaction: {
          details: { username: "ada", location: "London" },
          device_details: {},
          device_geolocation: "",
          device_signing_time: unix(view.processed_at),
          encrypted: false,
          flagged: false,
          hidden_details: null,
          message: "Log in to Example?",
          reason: "",
          requester_details: null,
          status: "approved",
          uuid,
          created_at_time: unix(view.created_at),
          customer_uuid: t.server.appId,
        },
        expiration_timestamp: unix(view.created_at) + 600,
        logos: [{ res: "default", url: "https://example.com/a.png" }],
        app_id: expect.stringMatching(/^[0-9a-f]{24}$/),
      },
      signature: expect.any(String),
      device: {
        city: null,
        country: null,
        ip: null,
        region: null,
        registration_city: null,
        registration_country: null,
        registration_ip: null,
        registration_method: "sms",
        registration_region: null,
        os_type: "android",
        last_account_recovery_at: null,
        id: authyId,
        registration_date: expect.any(Number),
        last_sync_date: unix(view.processed_at),
      },
    });
    // The device's signature of the transaction checks with the public key the development API shows.
    const publicKey = createPublicKey((await t.dev("GET", "/__dev/app")).body.onetouch_device_public_key);
    expect(verify("sha256", Buffer.from(canonicalizeAuthyParams(body.approval_request.transaction)), publicKey, Buffer.from(body.signature, "base64"))).toBe(true);

    const delivered = await settled(decided.body.callback.id, 1);
    expect(delivered).toMatchObject({ status: "delivered", attempts: 1, last_status: 200, last_error: null, next_attempt_at: null });
    expect((await t.dev("GET", "/__dev/callbacks")).body).toEqual({
      callbacks: [{ id: decided.body.callback.id, uuid, url: receiver.expressUrl, method: "POST", status: "delivered", attempts: 1, last_error: null, next_attempt_at: null }],
    });
    expect((await t.client().getApprovalRequest({ uuid })).approval_request).toMatchObject({ status: "approved", notified: true });
  });

  it("GET: the documented Fetch handler (under a node:http adapter) verifies a query with two logos, each logo's fields together", async () => {
    await setCallback(receiver.fetchUrl, "GET");
    const logos = [
      { res: "default" as const, url: "https://example.com/default.png" },
      { res: "low" as const, url: "https://example.com/low.png" },
    ];
    const { uuid } = await newApprovalRequest({ details: { username: "ada" }, logos });
    expect((await decide(uuid, "deny")).status).toBe(200);
    const [callback] = await receiver.waitFor(1);
    expect([callback!.method, callback!.status, callback!.handled, callback!.body]).toEqual(["GET", 200, true, ""]);
    const query = callback!.target.slice("/authy/callback?".length);
    const logoPairs = [...new URLSearchParams(query)].filter(([key]) => key.startsWith("approval_request[logos]"));
    expect(logoPairs).toEqual([
      ["approval_request[logos][][res]", "default"],
      ["approval_request[logos][][url]", "https://example.com/default.png"],
      ["approval_request[logos][][res]", "low"],
      ["approval_request[logos][][url]", "https://example.com/low.png"],
    ]);
    expect(new URLSearchParams(query).get("status")).toBe("denied");
    expect(new URLSearchParams(query).get("approval_request[transaction][requester_details]")).toBe("");
    expect(receiver.logged).toEqual([`approval request ${uuid}: denied`]);
    await expect(verifyReceived(callback!, receiver.fetchUrl)).resolves.toBe(true);
  });

  it("tampering and replays are refused by both documented handlers", async () => {
    for (const [url, method] of [
      [receiver.expressUrl, "POST"],
      [receiver.fetchUrl, "GET"],
    ] as const) {
      await setCallback(url, method);
      const { uuid } = await newApprovalRequest();
      await decide(uuid, "approve");
      const [genuine] = await receiver.waitFor(1);
      expect(genuine!.status).toBe(200);
      const headers = {
        "x-authy-signature": String(genuine!.headers["x-authy-signature"]),
        "x-authy-signature-nonce": String(genuine!.headers["x-authy-signature-nonce"]),
        ...(method === "POST" ? { "content-type": "application/json" } : {}),
      };
      const send = (target: string, body?: string) => fetch(`${receiver.origin}${target}`, { method, headers, ...(body === undefined ? {} : { body }) });
      const tamper = (text: string) => text.replace("approved", "denied");
      // Replayed as it was: refused (the handlers' nonce store), then each tampered form: refused by the signature.
      expect((await send(genuine!.target, method === "POST" ? genuine!.body : undefined)).status).toBe(401);
      expect((await send(method === "GET" ? tamper(genuine!.target) : genuine!.target, method === "POST" ? tamper(genuine!.body) : undefined)).status).toBe(401);
      expect(receiver.logged).toEqual([`approval request ${uuid}: approved`]);
      receiver.received.length = 0;
      receiver.logged.length = 0;
      await t.dev("POST", "/__dev/reset", {});
    }
  });

  it("authy-client: its OneTouch methods create and read the request, and its verifyCallback accepts the callback and rejects a tampered one", async () => {
    const { AuthyClient } = loadOldSdks();
    const sdk = new AuthyClient({ key: t.server.apiKey }, { host: t.server.url });
    await setCallback(receiver.fetchUrl);
    const authyId = (await t.client().createUser({ user: { email: "ada@example.com", ...PHONE } })).user.id;
    const created = await sdk.createApprovalRequest(
      { authyId, message: "Log in to Example?", details: { visible: { username: "ada" }, hidden: { ip: "10.0.0.1" } }, logos: [{ res: "default", url: "https://example.com/a.png" }] },
      { ttl: 120 },
    );
    const uuid = created.approval_request.uuid;
    expect((await sdk.getApprovalRequest({ id: uuid })).approval_request).toMatchObject({ status: "pending", uuid, _authy_id: authyId, seconds_to_expire: 120, processed_at: null });
    expect((await t.dev("GET", `/__dev/approval_requests/${uuid}`)).body).toMatchObject({ details: { username: "ada" }, hidden_details: { ip: "10.0.0.1" } });
    await decide(uuid, "approve");
    const [callback] = await receiver.waitFor(1);
    expect(callback!.status).toBe(200);
    const request = (body: unknown) => ({ body, headers: { ...callback!.headers }, method: "POST", protocol: "http", url: "/authy/callback" });
    await expect(sdk.verifyCallback(request(JSON.parse(callback!.body)))).resolves.toBeDefined();
    const tampered = JSON.parse(callback!.body);
    tampered.approval_request.transaction.hidden_details.ip = "10.0.0.2";
    await expect(sdk.verifyCallback(request(tampered))).rejects.toThrow();
    expect((await sdk.getApprovalRequest({ id: uuid })).approval_request).toMatchObject({ status: "approved", notified: true });
  });

  it("retries on the development clock: 1, 2, 4 s after failures, each attempt signed afresh, to the URL and method fixed at the decision", async () => {
    await setCallback(receiver.expressUrl);
    receiver.plan.push({ status: 500 }, { status: 503 }, "hang");
    const { uuid } = await newApprovalRequest();
    const id = (await decide(uuid, "approve")).body.callback.id as number;
    // Changing the settings after the decision changes nothing for this callback.
    await setCallback(receiver.fetchUrl, "GET");

    const expectScheduled = async (attempts: number, error: string) => {
      const row = await settled(id, attempts);
      expect(row).toMatchObject({ status: "pending", attempts, last_error: error });
      const wait = Date.parse(row.next_attempt_at!) - (await clockNow());
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(backoffSeconds(attempts) * 1000);
      return row;
    };
    await expectScheduled(1, "HTTP 500");
    await t.advance(1);
    await expectScheduled(2, "HTTP 503");
    await t.advance(2);
    await expectScheduled(3, `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`);
    await t.advance(4);
    const done = await settled(id, 4);
    expect(done).toMatchObject({ status: "delivered", attempts: 4, last_status: 200, last_error: null });

    const attempts = await receiver.waitFor(4);
    expect(attempts.map((a) => [a.method, a.target, a.status])).toEqual([
      ["POST", "/express/authy/callback", 500],
      ["POST", "/express/authy/callback", 503],
      ["POST", "/express/authy/callback", 0],
      ["POST", "/express/authy/callback", 200],
    ]);
    const nonces = attempts.map((a) => a.headers["x-authy-signature-nonce"]);
    expect(new Set(nonces).size).toBe(4);
    for (const attempt of attempts.slice(0, 2)) await expect(verifyReceived(attempt, receiver.expressUrl)).resolves.toBe(true);
    // Delivered: never again, not even by hand.
    expect(await t.dev("POST", `/__dev/callbacks/${id}/retry`, {})).toEqual({ status: 409, body: { error: `callback ${id} was delivered: it is never sent again` } });
  });

  it("gives up after 10 attempts (backoff 1, 2, 4 … 256 s); a manual retry sends one now", async () => {
    await setCallback(receiver.expressUrl);
    receiver.plan.push(...Array.from({ length: 10 }, () => ({ status: 502 })));
    const { uuid } = await newApprovalRequest();
    const id = (await decide(uuid, "approve")).body.callback.id as number;
    for (let attempt = 1; attempt < 10; attempt++) {
      expect((await settled(id, attempt)).status).toBe("pending");
      await t.advance(backoffSeconds(attempt));
    }
    expect(await settled(id, 10)).toMatchObject({ status: "failed", attempts: 10, last_status: 502, last_error: "HTTP 502", next_attempt_at: null });
    expect([1, 2, 3, 8, 9, 10].map(backoffSeconds)).toEqual([1, 2, 4, 128, 256, 300]);
    expect((await t.client().getApprovalRequest({ uuid })).approval_request.notified).toBe(false);

    const retried = await t.dev("POST", `/__dev/callbacks/${id}/retry`, {});
    expect(retried).toEqual({ status: 200, body: { id, uuid, url: receiver.expressUrl, method: "POST", status: "delivered", attempts: 11, last_error: null, next_attempt_at: null } });
    expect(receiver.received.map((r) => r.status)).toEqual([...Array(10).fill(502), 200]);
    expect((await t.client().getApprovalRequest({ uuid })).approval_request.notified).toBe(true);
    expect((await t.dev("POST", "/__dev/callbacks/999999/retry", {})).status).toBe(404);
  });

  it("no callback URL: the decision queues nothing", async () => {
    await setCallback(null);
    const { uuid } = await newApprovalRequest();
    expect((await decide(uuid, "approve")).body.callback).toBeNull();
    expect((await t.dev("GET", "/__dev/callbacks")).body).toEqual({ callbacks: [] });
    expect((await t.dev("GET", "/__dev/deliveries")).body).toEqual({ deliveries: [] });
  });
});
