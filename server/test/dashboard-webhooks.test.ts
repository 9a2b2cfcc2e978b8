/**
 * The signed Dashboard and Webhooks APIs on one server: keys, settings that take effect, applications, signature
 * refusals, webhook CRUD, and event delivery through the delivery queue to a receiver on loopback.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthyClient, verifyWebhookEvent } from "../../src/index.js";
import { computeAuthySignature } from "../../src/signature.js";
import { authyError, PHONE, useTestServer } from "./helpers/server.js";
import { expectDeclared } from "./helpers/spec.js";

const t = useTestServer();

/** The dev application's Dashboard/Webhooks keys (GET /__dev/app). */
async function keys() {
  const { body } = await t.dev("GET", "/__dev/app");
  return { signingKey: body.signing_key as string, accessKey: body.access_key as string, apiKey: body.api_key as string };
}

async function signedClient(overrides: { signingKey?: string; accessKey?: string; apiKey?: string } = {}) {
  const k = { ...(await keys()), ...overrides };
  return createAuthyClient({ apiKey: k.apiKey, signingKey: k.signingKey, accessKey: k.accessKey, baseUrl: t.server.url, retry: false });
}

/** A signed POST with a JSON body the client would not send (the spec's open update body: `token_length`). */
async function signedPost(path: string, fields: Record<string, unknown>) {
  const k = await keys();
  const url = `${t.server.url}${path}`;
  const params = { ...fields, app_api_key: k.apiKey, access_key: k.accessKey };
  const nonce = String(Date.now() / 1000);
  const signature = await computeAuthySignature({ key: k.signingKey, nonce, method: "POST", url, params });
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Authy-Signature": signature, "X-Authy-Signature-Nonce": nonce },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as { error_code?: string } };
}

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ab0fa5a80000000049454e44ae426082", "hex");

describe("Dashboard API", () => {
  it("generates the signing and access keys on first start and returns them with GET /__dev/app", async () => {
    const k = await keys();
    expect(k.signingKey).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(k.accessKey).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(k.signingKey).not.toBe(k.accessKey);
  });

  it("details, settings that take effect (name in messages, token length, OneTouch callback), UI settings, logos, users", async () => {
    const dashboard = await signedClient();
    expect(await dashboard.getDashboardApplication({})).toEqual({ application: { app_id: t.server.appId, name: "Authy Local" }, message: "Application details.", success: true });
    const renamed = await signedPost("/dashboard/json/application/update", { name: "Owl Bank", token_length: 8 });
    expect(renamed).toEqual({ status: 200, body: { application: { app_id: t.server.appId, name: "Owl Bank" }, message: "Application updated.", success: true } });
    expect((await t.dev("GET", "/__dev/app")).body).toMatchObject({ name: "Owl Bank", token_length: 8 });
    const id = (await t.client().createUser({ user: { email: "ada@example.com", ...PHONE } })).user.id;
    await t.client().sendSmsToken({ authy_id: id });
    const { body } = await t.dev("GET", `/__dev/messages?authy_id=${id}&channel=sms&limit=1`);
    expect(body.messages[0].code).toMatch(/^[0-9]{8}$/);
    expect(body.messages[0].text).toBe(`Your Owl Bank verification code is: ${body.messages[0].code}`);
    const tooLong = await signedPost("/dashboard/json/application/update", { token_length: 12 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ error_code: "60070", token_length: "must be an integer from 6 to 10" });
    expectDeclared("updateDashboardApplication", 400, tooLong.body);
    expect((await dashboard.updateDashboardApplication({ name: "Authy Local" })).application).toEqual({ app_id: t.server.appId, name: "Authy Local" });

    // The OneTouch callback: decisions from then on are delivered there, by the method set.
    const hook = await signedPost("/dashboard/json/application/update", { onetouch_callback_url: "http://127.0.0.1:9/onetouch", onetouch_callback_method: "GET" });
    expect(hook.status).toBe(200);
    expect((await t.dev("GET", "/__dev/app")).body).toMatchObject({ onetouch_callback_url: "http://127.0.0.1:9/onetouch", onetouch_callback_method: "GET" });
    const { approval_request: request } = await t.client().createApprovalRequest({ authy_id: id, message: "Log in" });
    expect((await t.dev("POST", `/__dev/approval_requests/${request.uuid}/approve`, {})).status).toBe(200);
    const { body: callbacks } = await t.dev("GET", "/__dev/callbacks");
    expect(callbacks.callbacks.map((c: { url: string; method: string }) => [c.url, c.method])).toEqual([["http://127.0.0.1:9/onetouch", "GET"]]);
    const badCallback = await signedPost("/dashboard/json/application/update", { onetouch_callback_url: "http://127.0.0.1:9/onetouch?x=1" });
    expect([badCallback.status, badCallback.body.error_code]).toEqual([400, "60070"]);
    expect((await signedPost("/dashboard/json/application/update", { onetouch_callback_url: "", onetouch_callback_method: "POST" })).status).toBe(200);
    expect((await t.dev("GET", "/__dev/app")).body).toMatchObject({ onetouch_callback_url: null, onetouch_callback_method: "POST" });

    expect(await dashboard.getUiSettings({})).toEqual({ ui_settings: { background_color: "#ffffff" }, message: "Application UI settings.", success: true });
    expect((await dashboard.updateUiSettings({ background_color: "#ff0000" })).ui_settings).toEqual({ background_color: "#ff0000" });
    expect((await dashboard.getUiSettings({})).ui_settings).toEqual({ background_color: "#ff0000" });

    expect((await dashboard.getApplicationAssets({})).assets).toEqual({ main_logo: null, sidebar_logo: null });
    const uploaded = await dashboard.updateApplicationAssets({ main_logo: new Blob([PNG], { type: "image/png" }) });
    expect(uploaded.assets).toEqual({ main_logo: `data:image/png;base64,${PNG.toString("base64")}`, sidebar_logo: null });
    const notPng = await authyError(dashboard.updateApplicationAssets({ sidebar_logo: new Blob(["GIF89a"], { type: "image/png" }) }));
    expect(notPng).toMatchObject({ status: 400, code: 60070 });
    expectDeclared("updateApplicationAssets", 400, notPng.body);

    expect(await dashboard.listApplicationUsers({})).toEqual({ users: [{ authy_id: id }], message: "Application users.", success: true });
  });

  it("refuses a wrong app API key (400 60073), a wrong access key (404 60072), a wrong or replayed signature (401 60087)", async () => {
    const wrongApp = await authyError((await signedClient({ apiKey: "WrongKey123" })).getDashboardApplication({}));
    expect(wrongApp).toMatchObject({ status: 400, code: 60073 });
    expectDeclared("getDashboardApplication", 400, wrongApp.body);
    const wrongAccess = await authyError((await signedClient({ accessKey: "WrongAccess123" })).getDashboardApplication({}));
    expect(wrongAccess).toMatchObject({ status: 404, code: 60072 });
    expectDeclared("getDashboardApplication", 404, wrongAccess.body);
    const wrongSignature = await authyError((await signedClient({ signingKey: "another-signing-key" })).listWebhooks({}));
    expect(wrongSignature).toMatchObject({ status: 401, code: 60087 });
    expectDeclared("listWebhooks", 401, wrongSignature.body);

    // A signed request replayed verbatim: accepted once.
    const k = await keys();
    const url = `${t.server.url}/dashboard/json/application/details`;
    const params = { app_api_key: k.apiKey, access_key: k.accessKey };
    const nonce = String(Math.floor(Date.now() / 1000));
    const signature = await computeAuthySignature({ key: k.signingKey, nonce, method: "GET", url, params });
    const send = () => fetch(`${url}?${new URLSearchParams(params)}`, { headers: { "X-Authy-Signature": signature, "X-Authy-Signature-Nonce": nonce } });
    expect((await send()).status).toBe(200);
    const replay = await send();
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error_code: "60087" });
    // A stale nonce (10 minutes old) is refused whatever its signature.
    const stale = String(Math.floor(Date.now() / 1000) - 600);
    const staleSignature = await computeAuthySignature({ key: k.signingKey, nonce: stale, method: "GET", url, params });
    const old = await fetch(`${url}?${new URLSearchParams(params)}`, { headers: { "X-Authy-Signature": staleSignature, "X-Authy-Signature-Nonce": stale } });
    expect(old.status).toBe(401);
  });

  it("creates applications with their own keys and data", async () => {
    const created = await t.client().createApplication({ name: "Second App", country_code: 1, phone_number: "201-555-0188", email: "owner@example.com", integration_api_key: t.server.apiKey });
    expect(created).toEqual({ application: { app_id: expect.any(Number), name: "Second App" }, message: "Application created.", success: true });
    const { body } = await t.dev("GET", "/__dev/apps");
    const second = body.apps.find((app: { app_id: number }) => app.app_id === created.application!.app_id);
    expect(second).toMatchObject({ name: "Second App", api_key: expect.stringMatching(/^[A-Za-z0-9]{32}$/) });
    const other = createAuthyClient({ apiKey: second.api_key, signingKey: second.signing_key, accessKey: second.access_key, baseUrl: t.server.url, retry: false });
    const mine = (await t.client().createUser({ user: { email: "ada@example.com", ...PHONE } })).user.id;
    const theirs = (await other.createUser({ user: { email: "ada@example.com", ...PHONE } })).user.id;
    expect(theirs).not.toBe(mine);
    expect(await authyError(other.getUserStatus({ authy_id: mine }))).toMatchObject({ status: 404, code: 60026 });
    expect((await other.listApplicationUsers({})).users).toEqual([{ authy_id: theirs }]);
    expect((await other.getDashboardApplication({})).application).toEqual({ app_id: second.app_id, name: "Second App" });
    // The first application's access key does not open the second one.
    const k = await keys();
    const crossed = createAuthyClient({ apiKey: second.api_key, signingKey: second.signing_key, accessKey: k.accessKey, baseUrl: t.server.url, retry: false });
    expect(await authyError(crossed.listApplicationUsers({}))).toMatchObject({ status: 404, code: 60072 });
    const refused = await authyError(
      t.client().createApplication({ name: "Third", country_code: 1, phone_number: "201-555-0188", email: "o@example.com", integration_api_key: "NotAKey1" }),
    );
    expect(refused).toMatchObject({ status: 400, code: 60073 });
    expectDeclared("createApplication", 400, refused.body);
  });
});

describe("Webhooks API", () => {
  it("creates, lists and deletes webhooks (then 404 60100)", async () => {
    const webhooks = await signedClient();
    const created = await webhooks.createWebhook({ url: "http://127.0.0.1:9/hook", name: "demo", events: ["user_added", "token_verified"] });
    expect(created).toEqual({
      webhook: {
        id: expect.stringMatching(/^WH_[0-9a-f-]{36}$/),
        name: "demo",
        account_sid: expect.stringMatching(/^AC[0-9a-f]{32}$/),
        service_id: String(t.server.appId),
        url: "http://127.0.0.1:9/hook",
        signing_key: expect.stringMatching(/^WSK_[0-9a-f]{32}$/),
        events: ["user_added", "token_verified"],
      },
      message: "Webhook created",
      success: true,
    });
    expect((await webhooks.listWebhooks({})).webhooks).toEqual([created.webhook]);
    expect(await webhooks.deleteWebhook({ webhook_id: created.webhook.id })).toEqual({ message: "Webhook deleted", success: true });
    expect((await webhooks.listWebhooks({})).webhooks).toEqual([]);
    const gone = await authyError(webhooks.deleteWebhook({ webhook_id: created.webhook.id }));
    expect(gone).toMatchObject({ status: 404, code: 60100 });
    expectDeclared("deleteWebhook", 404, gone.body);
  });
});

/** A receiver on loopback: records every POST body, answers with the next queued status (200 when none). */
let receiver: Server;
let receiverUrl: string;
const received: Array<{ body: { body: string }; headers: IncomingMessage["headers"] }> = [];
const answers: number[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ body: JSON.parse(Buffer.concat(chunks).toString("utf8")), headers: req.headers });
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/authy/webhooks`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

interface DeliveryView {
  status: string;
  subject: string;
  url: string;
  attempts: number;
  last_status: number | null;
  in_progress: boolean;
}

/** The webhook deliveries once `ready` holds (the worker runs in real time: polled briefly, never a timed rule). */
async function deliveriesWhen(ready: (rows: DeliveryView[]) => boolean): Promise<DeliveryView[]> {
  for (let i = 0; i < 200; i++) {
    const { body } = await t.dev("GET", "/__dev/deliveries");
    const hooks = (body.deliveries as Array<DeliveryView & { kind: string }>).filter((d) => d.kind === "webhook_event");
    if (ready(hooks)) return hooks;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the deliveries did not reach the expected state");
}

async function webhooksClient() {
  const { body } = await t.dev("GET", "/__dev/app");
  return createAuthyClient({ apiKey: body.api_key, signingKey: body.signing_key, accessKey: body.access_key, baseUrl: t.server.url, retry: false });
}

describe("Webhooks API event delivery", () => {
  it("delivers each subscribed event as a JWT that verifyWebhookEvent accepts with its default options", async () => {
    received.length = 0;
    const { webhook } = await (await webhooksClient()).createWebhook({ url: receiverUrl, name: "events", events: ["user_added", "token_verified"] });
    const client = t.client();
    const id = (await client.createUser({ user: { email: "ada@example.com", ...PHONE } })).user.id;
    await client.sendSmsToken({ authy_id: id }); // totp_token_sent: not subscribed
    await client.verifyToken({ authy_id: id, token: await t.lastCode(id) });
    const deliveries = await deliveriesWhen((rows) => rows.length === 2 && rows.every((d) => d.status === "delivered"));
    expect(deliveries.map((d: { status: string; subject: string; url: string }) => [d.status, d.subject, d.url])).toEqual([
      ["delivered", webhook.id, receiverUrl],
      ["delivered", webhook.id, receiverUrl],
    ]);
    expect(received).toHaveLength(2);
    const claims = await Promise.all(received.map((r) => verifyWebhookEvent(r.body.body, webhook.signing_key!)));
    expect(claims.map((c) => c.event).sort()).toEqual(["token_verified", "user_added"]);
    for (const c of claims) {
      expect(c.objects).toMatchObject({ app: { id: t.server.appId, name: "Authy Local" }, user: { authy_id: id } });
      expect(typeof c.iat).toBe("number");
      expect((c as { exp: number }).exp - c.iat!).toBe(300);
      expect(Math.abs(c.iat! - Date.now() / 1000)).toBeLessThan(60);
    }
    expect(received[0]!.headers["content-type"]).toBe("application/json");
    // Another key does not verify it.
    await expect(verifyWebhookEvent(received[0]!.body.body, "WSK_not_the_key")).rejects.toMatchObject({ reason: "signature" });
  });

  it("retries a refused delivery on the development clock, then delivers", async () => {
    received.length = 0;
    answers.push(500);
    await (await webhooksClient()).createWebhook({ url: receiverUrl, name: "retry", events: ["phone_verification_started"] });
    await t.client().startPhoneVerification({ via: "sms", country_code: 1, phone_number: "201-555-0123" });
    const [failed] = await deliveriesWhen((rows) => rows.length === 1 && rows[0]!.last_status !== null && !rows[0]!.in_progress);
    expect(failed).toMatchObject({ status: "pending", attempts: 1, last_status: 500 });
    // Due again after 1 s of application time: the clock moves, the worker delivers.
    await t.advance(1);
    const [delivered] = await deliveriesWhen((rows) => rows[0]?.status === "delivered");
    expect(delivered).toMatchObject({ status: "delivered", attempts: 2, last_status: 200 });
    expect(received).toHaveLength(2);
    const claims = await verifyWebhookEvent(received[1]!.body.body, (await (await webhooksClient()).listWebhooks({})).webhooks[0]!.signing_key!);
    expect(claims).toMatchObject({ event: "phone_verification_started", objects: { phone_verification: { via: "sms", phone_number: "+12015550123", status: "pending" } } });
    // Each attempt is signed afresh: the two JWTs differ.
    expect(received[1]!.body.body).not.toBe(received[0]!.body.body);
  });
});
