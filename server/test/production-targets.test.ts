/**
 * Part 4's customer-set URLs under part 6's outbound target check: in production without --allow-private-targets a
 * webhook or a OneTouch callback set through the signed Dashboard/Webhooks APIs must be https to a public address.
 * Nothing is ever sent: the URLs are refused where they are set (IP literals, so no name is resolved).
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createAuthyClient } from "../../src/index.js";
import { computeAuthySignature } from "../../src/signature.js";
import { authyError, useTestServer } from "./helpers/server.js";
import { expectDeclared } from "./helpers/spec.js";

const API_KEY = "TargetsKey0123456789abcdefXYZ";
const SIGNING_KEY = "TargetsSigningKey0123456789abcdef";
const ACCESS_KEY = "TargetsAccessKey0123456789abcdef";

const t = useTestServer({
  mode: "production",
  apiKey: API_KEY,
  signingKey: SIGNING_KEY,
  accessKey: ACCESS_KEY,
  encryptionKeys: [{ id: "targets-1", material: randomBytes(32) }],
});

const webhooks = () => createAuthyClient({ apiKey: API_KEY, signingKey: SIGNING_KEY, accessKey: ACCESS_KEY, baseUrl: t.server.url, retry: false });

/** A signed Dashboard update with a field the client does not send (`onetouch_callback_url`). */
async function updateApplication(fields: Record<string, unknown>) {
  const url = `${t.server.url}/dashboard/json/application/update`;
  const params = { ...fields, app_api_key: API_KEY, access_key: ACCESS_KEY };
  const nonce = String(Date.now() / 1000);
  const signature = await computeAuthySignature({ key: SIGNING_KEY, nonce, method: "POST", url, params });
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Authy-Signature": signature, "X-Authy-Signature-Nonce": nonce },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("production: webhook and callback URLs pass the outbound target check", () => {
  it("a webhook URL over http or to a loopback or private address is 400 60004 naming the reason; none is created", async () => {
    const refused = await authyError(webhooks().createWebhook({ url: "http://127.0.0.1:9/hook", name: "plain", events: ["user_added"] }));
    expect(refused).toMatchObject({ status: 400, code: 60004 });
    expect(refused.body.message).toBe("Invalid parameter: url - must be an https URL (--allow-private-targets also allows http)");
    expectDeclared("createWebhook", 400, refused.body);
    for (const [url, address] of [
      ["https://127.0.0.1:8443/hook", "127.0.0.1"],
      ["https://10.0.0.5/hook", "10.0.0.5"],
      ["https://[::ffff:169.254.169.254]/hook", "::ffff:a9fe:a9fe"],
    ]) {
      const error = await authyError(webhooks().createWebhook({ url: url!, name: "private", events: ["user_added"] }));
      expect([error.status, error.code, error.body.message]).toEqual([
        400,
        60004,
        `Invalid parameter: url - resolves to ${address} is a loopback, private, link-local or reserved address (--allow-private-targets allows it)`,
      ]);
    }
    expect((await webhooks().listWebhooks({})).webhooks).toEqual([]);
  });

  it("the Dashboard's OneTouch callback URL is refused the same way (400 60070) and stays unset", async () => {
    const refused = await updateApplication({ onetouch_callback_url: "https://192.168.1.10/onetouch" });
    expect(refused).toEqual({
      status: 400,
      body: expect.objectContaining({
        error_code: "60070",
        onetouch_callback_url: "resolves to 192.168.1.10 is a loopback, private, link-local or reserved address (--allow-private-targets allows it)",
      }),
    });
    expectDeclared("updateDashboardApplication", 400, refused.body);
    // A valid change in the same API still works: the signed request itself (sealed keys, key hash lookup) is fine.
    expect(await updateApplication({ name: "Targets" })).toEqual({
      status: 200,
      body: { application: { app_id: t.server.appId, name: "Targets" }, message: "Application updated.", success: true },
    });
  });
});
