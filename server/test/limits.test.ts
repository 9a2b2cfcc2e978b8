import { describe, expect, it } from "vitest";
import { decodeAuthyXml } from "../../src/index.js";
import { expectDeclared } from "./helpers/spec.js";
import { authyError, PHONE, useTestServer } from "./helpers/server.js";

// Small limits so a test reaches them in a few calls; time moves through the development clock, never by sleeping.
const t = useTestServer({
  limits: {
    failedVerifications: { max: 3, windowSeconds: 60, lockoutSeconds: 120 },
    sendsPerUser: { max: 2, windowSeconds: 100 },
    sendsPerRecipient: { max: 3, windowSeconds: 300 },
  },
});

const TOO_MANY = { message: "Too many requests (DoS protection)", success: false, errors: { message: "Too many requests (DoS protection)" }, error_code: "60003" };

/** A raw call: status, Retry-After and the decoded body. */
async function raw(path: string, format: "json" | "xml" = "json", method = "GET"): Promise<{ status: number; retryAfter: string | null; body: any }> {
  const res = await fetch(`${t.server.url}/protected/${format}${path}`, { method, headers: { "x-authy-api-key": t.server.apiKey } });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: format === "xml" ? await decodeAuthyXml(text) : JSON.parse(text) };
}

async function newUser(email = "limits@example.com", cellphone: string = PHONE.cellphone): Promise<number> {
  return (await t.client().createUser({ user: { email, cellphone, country_code: 1 } })).user.id;
}

const wrongCode = (code: string) => (code === "0000000" ? "0000001" : "0000000");

describe("failed verifications lock the user out", () => {
  it("the third failure within the window locks out for 120 s: even the right code is 429/60003 with Retry-After, then it verifies", async () => {
    const id = await newUser();
    await t.client().sendSmsToken({ authy_id: id, force: true });
    const code = await t.lastCode(id, "sms");
    for (let i = 0; i < 3; i++) {
      expect(await authyError(t.client().verifyToken({ token: wrongCode(code), authy_id: id, force: true }))).toMatchObject({ status: 401, code: 60020 });
    }
    const locked = await raw(`/verify/${code}/${id}?force=true`);
    expect(locked).toEqual({ status: 429, retryAfter: "120", body: TOO_MANY });
    expectDeclared("verifyToken", 429, locked.body);
    await t.advance(60);
    const later = await raw(`/verify/${code}/${id}?force=true`, "xml");
    expect(later.status).toBe(429);
    expect(later.retryAfter).toBe("60");
    expect(later.body).toEqual({ ...TOO_MANY });
    await t.advance(61);
    expect(await t.client().verifyToken({ token: code, authy_id: id, force: true })).toMatchObject({ token: "is valid" });
  });

  it("failures older than the window no longer count, and a success forgets earlier failures", async () => {
    const id = await newUser();
    const wrong = () => t.client().verifyToken({ token: "1234567", authy_id: id, force: true });
    await authyError(wrong());
    await authyError(wrong());
    await t.advance(61);
    await authyError(wrong());
    await authyError(wrong());
    // Two in the window: not locked, so a right code verifies, and clears the count.
    await t.client().sendSmsToken({ authy_id: id, force: true });
    await t.client().verifyToken({ token: await t.lastCode(id, "sms"), authy_id: id, force: true });
    await authyError(wrong());
    await authyError(wrong());
    expect(await authyError(wrong())).toMatchObject({ status: 401, code: 60020 });
    expect(await authyError(wrong())).toMatchObject({ status: 429, code: 60003 });
  });

  it("a lockout is per user", async () => {
    const locked = await newUser();
    const other = await newUser("other@example.com", "201-555-0188");
    for (let i = 0; i < 3; i++) await authyError(t.client().verifyToken({ token: "1234567", authy_id: locked, force: true }));
    expect(await authyError(t.client().verifyToken({ token: "1234567", authy_id: locked, force: true }))).toMatchObject({ status: 429, code: 60003 });
    expect(await authyError(t.client().verifyToken({ token: "1234567", authy_id: other, force: true }))).toMatchObject({ status: 401, code: 60020 });
  });
});

describe("sends are limited per user and per recipient", () => {
  it("a third code to one user within 100 s is 429/60003 (SMS, call and email count together) until the oldest leaves the window", async () => {
    const id = await newUser();
    await t.client().sendSmsToken({ authy_id: id, force: true });
    await t.advance(30);
    await t.client().sendVoiceToken({ authy_id: id, force: true });
    const refused = await raw(`/email/${id}`, "json", "POST");
    expect(refused).toEqual({ status: 429, retryAfter: "70", body: TOO_MANY });
    expectDeclared("sendEmailToken", 429, refused.body);
    const sms = await raw(`/sms/${id}?force=true`, "xml");
    expect([sms.status, sms.retryAfter, sms.body]).toEqual([429, "70", TOO_MANY]);
    expectDeclared("sendSmsToken", 429, sms.body);
    expectDeclared("sendVoiceToken", 429, sms.body);
    // Nothing was sent for the refused calls.
    const sent = (await t.dev("GET", `/__dev/messages?authy_id=${id}`)).body.messages.filter((m: { kind: string }) => m.kind === "token");
    expect(sent.map((m: { channel: string }) => m.channel)).toEqual(["call", "sms"]);
    await t.advance(70);
    expect(await t.client().sendSmsToken({ authy_id: id, force: true })).toMatchObject({ success: true });
  });

  it("a fourth message to one email address within 300 s is refused, whichever user it is for", async () => {
    const ids = [await newUser("shared@example.com"), await newUser("shared@example.com", "201-555-0188"), await newUser("shared@example.com", "201-555-0199")];
    for (const id of ids) await t.client().sendEmailToken({ authy_id: id });
    expect(await authyError(t.client().sendEmailToken({ authy_id: ids[0]! }))).toMatchObject({ status: 429, code: 60003 });
    // The phone numbers are other recipients.
    expect(await t.client().sendSmsToken({ authy_id: ids[0]!, force: true })).toMatchObject({ success: true });
  });

  it("a request the user's app makes unnecessary (ignored without force) sends nothing and counts nothing", async () => {
    const id = await newUser();
    await t.dev("PATCH", `/__dev/users/${id}`, { app_installed: true });
    for (let i = 0; i < 3; i++) expect(await t.client().sendSmsToken({ authy_id: id })).toMatchObject({ ignored: true });
    await t.client().sendSmsToken({ authy_id: id, force: true });
    await t.client().sendSmsToken({ authy_id: id, force: true });
    expect(await authyError(t.client().sendSmsToken({ authy_id: id, force: true }))).toMatchObject({ status: 429, code: 60003 });
  });

  it("phone verification starts count as sends to their number: a fourth within 300 s is 429/60003 and sends nothing", async () => {
    const phone = { country_code: 1, phone_number: "201-555-0177" };
    for (let i = 0; i < 3; i++) expect(await t.client().startPhoneVerification({ via: i === 1 ? "call" : "sms", ...phone })).toMatchObject({ success: true });
    const res = await fetch(`${t.server.url}/protected/json/phones/verification/start`, {
      method: "POST",
      headers: { "x-authy-api-key": t.server.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ via: "sms", ...phone }),
    });
    const refused = { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as { error_code?: string } };
    expect(refused).toEqual({ status: 429, retryAfter: "300", body: TOO_MANY });
    expectDeclared("startPhoneVerification", 429, refused.body);
    const sent = (await t.dev("GET", "/__dev/messages?to=%2B12015550177")).body.messages;
    expect(sent.map((m: { kind: string; channel: string }) => `${m.kind}/${m.channel}`)).toEqual(["phone_verification/sms", "phone_verification/call", "phone_verification/sms"]);
    await t.advance(300);
    expect(await t.client().startPhoneVerification({ via: "sms", ...phone })).toMatchObject({ success: true });
  });

  it("reset forgets every count and lockout", async () => {
    const id = await newUser();
    await t.client().sendSmsToken({ authy_id: id, force: true });
    await t.client().sendSmsToken({ authy_id: id, force: true });
    await t.dev("POST", "/__dev/reset", {});
    const again = await newUser();
    expect(await t.client().sendSmsToken({ authy_id: again, force: true })).toMatchObject({ success: true });
  });
});
