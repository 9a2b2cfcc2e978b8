import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthyClient, verifyWebhookEvent } from "../../src/index.js";
import { PHONE, useTestServer } from "./helpers/server.js";

const t = useTestServer();

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
