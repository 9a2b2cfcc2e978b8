import { PNG } from "pngjs";
import jsqr from "jsqr";
import { describe, expect, it } from "vitest";
import { base32Decode, totp } from "../src/domain/otp.js";
import { newUserStatus } from "./helpers/authy-bodies.js";
import { authyError, E164, PHONE, useTestServer } from "./helpers/server.js";

const t = useTestServer();

// jsqr is CommonJS with a default export: its function is either the import or its `default`.
type QrReader = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsqr as unknown as { default?: QrReader }).default ?? jsqr) as unknown as QrReader;

/** The text of a PNG data URL's QR code, read by an independent decoder (jsqr over pngjs). */
function readQrCode(dataUrl: string): string | undefined {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ""), "base64"));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe.each(["json", "xml"] as const)("flows through the project's client (%s)", (format) => {
  const client = () => t.client(format);
  const createUser = async (email = "ada@example.com", phone: { cellphone: string; country_code: number } = PHONE) =>
    (await client().createUser({ user: { email, ...phone } })).user.id;

  it("registers a phone once: a second email gives the same authy_id and both emails are kept", async () => {
    const first = await createUser("ada@example.com");
    const second = await createUser("ada.lovelace@example.com", { cellphone: "201.555 0123", country_code: 1 });
    expect(second).toBe(first);
    const other = await createUser("bob@example.com", { cellphone: "201-555-0188", country_code: 1 });
    expect(other).not.toBe(first);
    const stored = await t.dev("GET", `/__dev/users/${first}`);
    expect(stored.body).toMatchObject({ authy_id: first, e164: E164, emails: ["ada.lovelace@example.com", "ada@example.com"] });
    const status = await client().getUserStatus({ authy_id: first });
    expect(status).toEqual(newUserStatus(first, "0123", "ada.lovelace@example.com"));
    // The install link went out once, to the new user only.
    const { body } = await t.dev("GET", `/__dev/messages?authy_id=${first}`);
    expect(body.messages.map((m: { kind: string }) => m.kind)).toEqual(["install_link"]);
  });

  it("sends an SMS code of 7 digits that verifies once: then 60019, a wrong one 60020, an unknown user 60026", async () => {
    const id = await createUser();
    expect(await client().sendSmsToken({ authy_id: id })).toEqual({ success: true, message: "SMS token was sent", cellphone: "+1-XXX-XXX-XX23" });
    const code = await t.lastCode(id, "sms");
    expect(code).toMatch(/^[0-9]{7}$/);
    expect(t.lines).toContain(`[sms] token to ${E164} (authy_id ${id}): code ${code}`);
    const valid = await client().verifyToken({ token: code, authy_id: id });
    expect(valid).toMatchObject({ message: "Token is valid.", token: "is valid", success: "true" });
    expect(valid.device).toMatchObject({ id: null, os_type: "sms", registration_method: null, last_sync_date: null });
    const reused = await authyError(client().verifyToken({ token: code, authy_id: id }));
    expect(reused).toMatchObject({ status: 401, code: 60019 });
    expect(reused.body).toEqual({
      message: "Token is invalid. Token was used recently",
      token: "is invalid",
      success: false,
      errors: { message: "Token is invalid. Token was used recently" },
      error_code: "60019",
    });
    const wrong = code === "0000000" ? "0000001" : "0000000";
    expect(await authyError(client().verifyToken({ token: wrong, authy_id: id }))).toMatchObject({ status: 401, code: 60020 });
    expect(await authyError(client().verifyToken({ token: code, authy_id: id + 1000 }))).toMatchObject({ status: 404, code: 60026 });
    expect(await authyError(client().sendSmsToken({ authy_id: id + 1000 }))).toMatchObject({ status: 404, code: 60026 });
    // A successful verification completes the registration.
    expect((await client().getUserStatus({ authy_id: id })).status.confirmed).toBe(true);
  });

  it("voice and email codes are sent, printed, kept and verify like SMS codes", async () => {
    const id = await createUser("grace@example.com");
    expect(await client().sendVoiceToken({ authy_id: id })).toEqual({ cellphone: "+1-XXX-XXX-XX23", message: "Call started...", success: true });
    const callCode = await t.lastCode(id, "call");
    const email = await client().sendEmailToken({ authy_id: id });
    expect(email).toMatchObject({ success: true, message: "Email token was sent", email: "grace@example.com" });
    expect(email.email_id).toMatch(/^EM[0-9a-f]{32}$/);
    const emailCode = await t.lastCode(id, "email");
    expect(emailCode).not.toBe(callCode);
    const { body } = await t.dev("GET", `/__dev/messages?to=grace@example.com`);
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]).toMatchObject({ kind: "token", channel: "email", authy_id: id, to: "grace@example.com", code: emailCode });
    expect((await client().verifyToken({ token: callCode, authy_id: id })).device?.os_type).toBe("call");
    expect((await client().verifyToken({ token: emailCode, authy_id: id })).device?.os_type).toBe("email");
  });

  it("a code expires after --token-ttl (600 s) by the server's clock, never by sleeping", async () => {
    const id = await createUser();
    await client().sendSmsToken({ authy_id: id });
    const early = await t.lastCode(id);
    await client().sendSmsToken({ authy_id: id });
    const late = await t.lastCode(id);
    await t.advance(599);
    expect((await client().verifyToken({ token: late, authy_id: id })).token).toBe("is valid");
    await t.advance(2);
    expect(await authyError(client().verifyToken({ token: early, authy_id: id }))).toMatchObject({ status: 401, code: 60020 });
    // Past its lifetime a used code is just invalid.
    expect(await authyError(client().verifyToken({ token: late, authy_id: id }))).toMatchObject({ status: 401, code: 60020 });
  });

  it("without force, a user who never completed registration is not enforced (200, and one console line)", async () => {
    const id = await createUser();
    const lenient = await client().verifyToken({ token: "1234567", authy_id: id, force: false });
    expect(lenient.token).toBe("is valid");
    expect(t.lines.filter((line) => line.startsWith("verify not enforced"))).toEqual([
      `verify not enforced for authy_id ${id}: the token is wrong, answered 200 because the user has not completed registration and force=true was not given`,
    ]);
    expect(await authyError(client().verifyToken({ token: "1234567", authy_id: id, force: true }))).toMatchObject({ status: 401, code: 60020 });
    // Once a token verified, every rule applies with or without force.
    await client().sendSmsToken({ authy_id: id });
    await client().verifyToken({ token: await t.lastCode(id), authy_id: id, force: false });
    expect(await authyError(client().verifyToken({ token: "1234567", authy_id: id, force: false }))).toMatchObject({ status: 401, code: 60020 });
  });

  it("a code sent for an action verifies only with that action", async () => {
    const id = await createUser();
    await client().sendSmsToken({ authy_id: id, action: "transfer-42", action_message: "Transfer 42 EUR" });
    const code = await t.lastCode(id);
    expect((await t.dev("GET", `/__dev/messages?authy_id=${id}&limit=1`)).body.messages[0].text).toBe(
      `Your Authy Local verification code is: ${code} (Transfer 42 EUR)`,
    );
    expect(await authyError(client().verifyToken({ token: code, authy_id: id }))).toMatchObject({ code: 60020 });
    expect(await authyError(client().verifyToken({ token: code, authy_id: id, action: "other" }))).toMatchObject({ code: 60020 });
    const ok = await client().verifyToken({ token: code, authy_id: id, action: "transfer-42", action_message: "Transfer 42 EUR" });
    expect(ok.token).toBe("is valid");
  });

  it("a user with the Authy app gets no SMS or call without force", async () => {
    const id = await createUser();
    expect((await t.dev("PATCH", `/__dev/users/${id}`, { app_installed: true })).status).toBe(200);
    expect(await client().sendSmsToken({ authy_id: id, force: false })).toEqual({
      message: "Ignored: SMS is not needed for smartphones. Pass force=true if you want to actually send it anyway.",
      cellphone: "+1-XXX-XXX-XX23",
      device: "android",
      ignored: true,
      success: true,
    });
    expect((await client().sendVoiceToken({ authy_id: id })).message).toBe(
      "Call ignored. User is using  App Tokens and this call is not necessary. Pass force=true if you still want to call users that are using the App.",
    );
    expect((await client().sendSmsToken({ authy_id: id, force: true })).message).toBe("SMS token was sent");
    const kinds = (await t.dev("GET", `/__dev/messages?authy_id=${id}`)).body.messages.map((m: { kind: string; channel: string }) => `${m.kind}/${m.channel}`);
    expect(kinds).toEqual(["token/sms", "install_link/sms"]);
    expect((await client().getUserStatus({ authy_id: id })).status).toMatchObject({ registered: true, devices: ["android"] });
  });

  it("the authenticator QR code carries the otpauth URI; its 6-digit TOTP verifies within one step, once", async () => {
    const id = await createUser("totp@example.com");
    const { qr_code: qrCode } = await client().generateAuthenticatorQrCode({ authy_id: id, qr_size: 240, label: "Ada's phone" });
    expect(qrCode.startsWith("data:image/png;base64,")).toBe(true);
    const user = (await t.dev("GET", `/__dev/users/${id}`)).body;
    expect(user.otpauth_uri).toBe(
      `otpauth://totp/Authy%20Local:Ada's%20phone?secret=${user.totp_secret}&issuer=Authy%20Local&algorithm=SHA1&digits=6&period=30`,
    );
    expect(readQrCode(qrCode)).toBe(user.otpauth_uri);
    // Asking again keeps the secret.
    await client().generateAuthenticatorQrCode({ authy_id: id });
    expect((await t.dev("GET", `/__dev/users/${id}`)).body.totp_secret).toBe(user.totp_secret);

    const secret = base32Decode(user.totp_secret);
    const serverNow = () => t.dev("GET", "/__dev/clock").then((r) => Date.parse(r.body.now) / 1000);
    await t.advance(3600);
    const now = await serverNow();
    // Two steps old: refused; one step old: accepted, once; the current step after it: accepted.
    const stale = totp(secret, now - 60, { digits: 6 });
    const previous = totp(secret, now - 30, { digits: 6 });
    const current = totp(secret, now, { digits: 6 });
    if (stale !== previous && stale !== current) {
      expect(await authyError(client().verifyToken({ token: stale, authy_id: id }))).toMatchObject({ code: 60020 });
    }
    expect((await client().verifyToken({ token: previous, authy_id: id })).device?.os_type).toBe("authenticator");
    expect(await authyError(client().verifyToken({ token: previous, authy_id: id }))).toMatchObject({ status: 401, code: 60019 });
    if (current !== previous) expect((await client().verifyToken({ token: current, authy_id: id })).token).toBe("is valid");
    expect(await authyError(client().verifyToken({ token: current, authy_id: id }))).toMatchObject({ code: 60019 });
  });

  it("updates the email, records activity, exports the phone number", async () => {
    const id = await createUser();
    expect(await client().updateUserEmail({ authy_id: id, email: "new@example.com" })).toEqual({ message: "User was updated successfully", success: true });
    expect((await client().getUserStatus({ authy_id: id })).status.email).toBe("new@example.com");
    expect(await client().registerUserActivity({ authy_id: id, type: "cookie_login", data: { browser: "firefox" }, user_ip: "10.0.0.1" })).toEqual({
      message: "Activity was created.",
      success: true,
    });
    const user = (await t.dev("GET", `/__dev/users/${id}`)).body;
    expect(user.activities).toMatchObject([{ type: "cookie_login", data: { browser: "firefox" }, user_ip: "10.0.0.1" }]);
    expect(await authyError(client().updateUserEmail({ authy_id: id + 1, email: "x@example.com" }))).toMatchObject({ status: 404, code: 60026 });
  });

  it("removal (and both deprecated delete spellings) is deferred for 24 hours of the server's clock", async () => {
    const a = await createUser("a@example.com", { cellphone: "201-555-0101", country_code: 1 });
    const b = await createUser("b@example.com", { cellphone: "201-555-0102", country_code: 1 });
    const c = await createUser("c@example.com", { cellphone: "201-555-0103", country_code: 1 });
    expect(await client().removeUser({ authy_id: a })).toEqual({ message: "User was added to remove.", success: true });
    expect(await client().deleteUser({ authy_id: b })).toEqual({ message: "User removed from application", success: true });
    expect(await client().deleteUserLegacy({ authy_id: c })).toEqual({ message: "User removed from application", success: true });
    expect((await client().getUserStatus({ authy_id: a })).status.account_disabled).toBe(true);
    await client().sendSmsToken({ authy_id: a });
    expect((await client().verifyToken({ token: await t.lastCode(a), authy_id: a })).token).toBe("is valid");
    await t.advance(86_401);
    for (const id of [a, b, c]) expect(await authyError(client().getUserStatus({ authy_id: id }))).toMatchObject({ status: 404, code: 60026 });
    // The number registers again as a new user.
    expect(await createUser("a@example.com", { cellphone: "201-555-0101", country_code: 1 })).not.toBe(a);
  });

  it("application details and monthly statistics come from real counts", async () => {
    expect(await client().getApplicationDetails()).toEqual({
      app: { name: "Authy Local", plan: "development", sms_enabled: true, phone_calls_enabled: true, app_id: 1, onetouch_enabled: true },
      message: "Application information.",
      success: true,
    });
    const id = await createUser();
    await createUser("x@example.com", { cellphone: "201-555-0199", country_code: 1 });
    await client().sendSmsToken({ authy_id: id });
    await client().sendVoiceToken({ authy_id: id });
    await client().verifyToken({ token: await t.lastCode(id, "sms"), authy_id: id });
    const stats = await client().getApplicationStats();
    expect(stats).toMatchObject({ app_id: 1, count: 12, message: "Monthly statistics.", success: true, total_users: 2 });
    const clock = new Date((await t.dev("GET", "/__dev/clock")).body.now);
    const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    expect(stats.stats[11]).toEqual({
      api_calls_count: 7,
      auths_count: 1,
      calls_count: 1,
      month: months[clock.getUTCMonth()],
      sms_count: 1,
      users_count: 2,
      year: clock.getUTCFullYear(),
    });
    expect(stats.stats.slice(0, 11).every((m) => m.api_calls_count === 0 && m.users_count === 0)).toBe(true);
  });

  it("a wrong API key is 401 60001", async () => {
    const wrongKey = (await import("../../src/index.js")).createAuthyClient({ apiKey: "wrongkey123", baseUrl: t.server.url, format, retry: false });
    expect(await authyError(wrongKey.getApplicationDetails())).toMatchObject({ status: 401, code: 60001 });
  });
});

describe("phone number export (JSON only)", () => {
  it("gives the national number with dashes, the country code and E.164", async () => {
    const id = (await t.client().createUser({ user: { email: "p@example.com", ...PHONE } })).user.id;
    const exported = await t.client().getUserPhoneNumber({ authy_id: id });
    expect(exported).toMatchObject({ phone_number: "201-555-0123", country_code: "1", e164: E164 });
    expect(exported.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});
