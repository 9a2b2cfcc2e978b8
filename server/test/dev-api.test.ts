import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { PHONE, useTestServer } from "./helpers/server.js";

const t = useTestServer();

/** A development API call with a chosen Host header (fetch does not let a test set it). */
function withHost(method: string, path: string, host: string, body?: string, type = "application/json"): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, t.server.url);
    const headers: Record<string, string> = { host };
    if (body !== undefined) Object.assign(headers, { "content-type": type, "content-length": String(Buffer.byteLength(body)) });
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const port = () => new URL(t.server.url).port;

describe("the development API", () => {
  it("GET /__dev/app gives the application and its key (no API key needed; a wrong one is ignored)", async () => {
    const app = await t.dev("GET", "/__dev/app", undefined, { "x-authy-api-key": "wrong" });
    expect(app).toEqual({
      status: 200,
      body: {
        app_id: 1,
        name: "Authy Local",
        api_key: t.server.apiKey,
        token_length: 7,
        signing_key: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
        access_key: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
        onetouch_callback_url: null,
        onetouch_callback_method: "POST",
        onetouch_device_public_key: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/),
      },
    });
  });

  it("answers only the bound address or localhost as Host (DNS rebinding), on the server's port", async () => {
    expect((await withHost("GET", "/__dev/app", `127.0.0.1:${port()}`)).status).toBe(200);
    expect((await withHost("GET", "/__dev/app", `localhost:${port()}`)).status).toBe(200);
    // Bound to loopback, any loopback address names it (none can be a rebinding DNS name).
    expect((await withHost("GET", "/__dev/app", `[::1]:${port()}`)).status).toBe(200);
    for (const host of [`evil.example:${port()}`, "attacker.test", `127.0.0.1:${Number(port()) + 1}`, `localhost.evil.example:${port()}`]) {
      expect(await withHost("GET", "/__dev/app", host)).toEqual({
        status: 403,
        body: { error: "the development API answers only requests addressed to the bound host or localhost" },
      });
    }
  });

  it("state changes need Content-Type: application/json (a cross-site form cannot send it)", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]) {
      const reset = await withHost("POST", "/__dev/reset", `127.0.0.1:${port()}`, "{}", type);
      expect(reset).toEqual({ status: 415, body: { error: "state-changing calls need Content-Type: application/json" } });
    }
    expect((await withHost("POST", "/__dev/clock", `127.0.0.1:${port()}`, '{"advance_seconds":5}', "text/plain")).status).toBe(415);
    expect((await t.dev("GET", "/__dev/clock")).body.offset_seconds).toBe(0);
  });

  it("lists messages newest first, filtered by authy_id, recipient in any phone format, channel, limit", async () => {
    const client = t.client();
    const a = (await client.createUser({ user: { email: "a@example.com", ...PHONE } })).user.id;
    const b = (await client.createUser({ user: { email: "b@example.com", cellphone: "300 123 4567", country_code: 57 } })).user.id;
    await client.sendSmsToken({ authy_id: a });
    await client.sendVoiceToken({ authy_id: b });
    await client.sendEmailToken({ authy_id: b });
    const all = (await t.dev("GET", "/__dev/messages")).body.messages;
    expect(all.map((m: any) => [m.id, m.kind, m.channel, m.authy_id, m.to])).toEqual([
      [5, "token", "email", b, "b@example.com"],
      [4, "token", "call", b, "+573001234567"],
      [3, "token", "sms", a, "+12015550123"],
      [2, "install_link", "sms", b, "+573001234567"],
      [1, "install_link", "sms", a, "+12015550123"],
    ]);
    expect(Object.keys(all[0]).sort()).toEqual(["authy_id", "channel", "code", "created_at", "id", "kind", "text", "to"]);
    for (const to of ["+57 300 123 4567", "573001234567", "+57-300-123-4567"]) {
      expect((await t.dev("GET", `/__dev/messages?to=${encodeURIComponent(to)}`)).body.messages.map((m: any) => m.id)).toEqual([4, 2]);
    }
    expect((await t.dev("GET", `/__dev/messages?authy_id=${b}&channel=call`)).body.messages.map((m: any) => m.id)).toEqual([4]);
    expect((await t.dev("GET", "/__dev/messages?limit=2")).body.messages.map((m: any) => m.id)).toEqual([5, 4]);
    expect((await t.dev("GET", "/__dev/messages?limit=0")).status).toBe(400);
    expect((await t.dev("GET", "/__dev/messages?channel=fax")).status).toBe(400);
    expect((await t.dev("GET", "/__dev/messages?to=12")).status).toBe(400);
  });

  it("shows a user as stored and sets app_installed and registered", async () => {
    const id = (await t.client().createUser({ user: { email: "u@example.com", ...PHONE } })).user.id;
    const user = await t.dev("GET", `/__dev/users/${id}`);
    expect(user.body).toMatchObject({ authy_id: id, country_code: 1, phone_number: "2015550123", e164: "+12015550123", emails: ["u@example.com"], app_installed: false, registered: false, removed_at: null });
    expect(user.body.totp_secret).toBeUndefined();
    const patched = await t.dev("PATCH", `/__dev/users/${id}`, { app_installed: true, registered: true });
    expect(patched.body).toMatchObject({ app_installed: true, registered: true });
    expect((await t.client().getUserStatus({ authy_id: id })).status).toMatchObject({ confirmed: true, registered: true });
    expect(await t.dev("PATCH", `/__dev/users/${id}`, { email: "x@example.com" })).toEqual({ status: 400, body: { error: "email cannot be changed (app_installed, registered)" } });
    expect((await t.dev("PATCH", `/__dev/users/${id}`, { registered: "yes" })).status).toBe(400);
    expect((await t.dev("GET", `/__dev/users/${id + 1}`)).status).toBe(404);
    expect((await t.dev("GET", "/__dev/users/tony")).status).toBe(400);
  });

  it("moves the clock (forwards and back); the offset drives timestamps", async () => {
    const before = await t.dev("GET", "/__dev/clock");
    expect(before.body.offset_seconds).toBe(0);
    const moved = await t.dev("POST", "/__dev/clock", { advance_seconds: 86_400 * 40 });
    expect(moved.body.offset_seconds).toBe(86_400 * 40);
    expect(Date.parse(moved.body.now) - Date.parse(before.body.now)).toBeGreaterThanOrEqual(86_400 * 40 * 1000);
    expect((await t.dev("POST", "/__dev/clock", { advance_seconds: -400 })).body.offset_seconds).toBe(86_400 * 40 - 400);
    expect((await t.dev("POST", "/__dev/clock", { advance_seconds: "1" })).status).toBe(400);
    expect((await t.dev("POST", "/__dev/clock", {})).status).toBe(400);
    const id = (await t.client().createUser({ user: { email: "c@example.com", ...PHONE } })).user.id;
    const created = Date.parse((await t.dev("GET", `/__dev/users/${id}`)).body.created_at);
    expect(created - Date.now()).toBeGreaterThan((86_400 * 40 - 500) * 1000);
  });

  it("reset empties users, codes and messages and the clock offset, and keeps the application and its key", async () => {
    const id = (await t.client().createUser({ user: { email: "r@example.com", ...PHONE } })).user.id;
    await t.client().sendSmsToken({ authy_id: id });
    await t.advance(1000);
    expect(await t.dev("POST", "/__dev/reset", {})).toEqual({ status: 200, body: { reset: true } });
    expect((await t.dev("GET", "/__dev/messages")).body.messages).toEqual([]);
    expect((await t.dev("GET", `/__dev/users/${id}`)).status).toBe(404);
    expect((await t.dev("GET", "/__dev/clock")).body.offset_seconds).toBe(0);
    expect((await t.client().getApplicationStats()).total_users).toBe(0);
    expect((await t.dev("GET", "/__dev/app")).body.api_key).toBe(t.server.apiKey);
  });

  it("an unknown development endpoint is 404", async () => {
    expect(await t.dev("GET", "/__dev/nothing")).toEqual({ status: 404, body: { error: "no development endpoint GET /__dev/nothing" } });
  });
});
