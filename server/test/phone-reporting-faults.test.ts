/**
 * Part 4's flows on one server (one server per file): phone verification v1, phone intelligence and SMS feedback;
 * reporting and registrations; fault injection. Through the project's client in JSON and XML.
 */
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { paginateReportingEvents } from "../../src/paginate.js";
import { signJwt } from "../src/domain/jwt.js";
import { authyError, PHONE, useTestServer } from "./helpers/server.js";
import { expectDeclared } from "./helpers/spec.js";

const t = useTestServer();

const US = { country_code: 1, phone_number: "201-555-0123" } as const;
const UK_LANDLINE = { country_code: 44, phone_number: "20 7946 0123" } as const;
const UK_MOBILE = { country_code: 44, phone_number: "7400 123456" } as const;

async function verificationMessages(to: string) {
  const { body } = await t.dev("GET", `/__dev/messages?to=${encodeURIComponent(to)}`);
  return body.messages as Array<{ kind: string; channel: string; authy_id: number | null; to: string; code: string; text: string }>;
}

describe.each(["json", "xml"] as const)("phone verification v1 (%s)", (format) => {
  const client = () => t.client(format);

  it("starts by SMS: a 4-digit code to the E.164 number, kind phone_verification, authy_id null; check verifies it once", async () => {
    const started = await client().startPhoneVerification({ via: "sms", ...US });
    expect(started).toEqual({
      carrier: null,
      is_cellphone: false,
      is_ported: false,
      message: "Text message sent to +1 201-555-0123.",
      seconds_to_expire: expect.any(Number),
      uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      success: true,
    });
    expect([599, 600]).toContain(started.seconds_to_expire);
    const [message] = await verificationMessages("+12015550123");
    expect(message).toMatchObject({ kind: "phone_verification", channel: "sms", authy_id: null, to: "+12015550123" });
    expect(message!.code).toMatch(/^[0-9]{4}$/);
    expect(message!.text).toBe(`Your Authy Local verification code is: ${message!.code}`);
    const status = await client().getPhoneVerificationStatus({ uuid: started.uuid! });
    expect(status).toEqual({ message: "Phone Verification status.", status: "pending", seconds_to_expire: expect.any(Number), success: true });
    expect([598, 599, 600]).toContain(status.seconds_to_expire);
    const wrong = message!.code === "0000" ? "0001" : "0000";
    const incorrect = await authyError(client().checkPhoneVerification({ ...US, verification_code: wrong }));
    expect(incorrect).toMatchObject({ status: 401, code: 60022 });
    expect(incorrect.body.message).toBe("Verification code is incorrect");
    expect(await client().checkPhoneVerification({ ...US, verification_code: message!.code })).toEqual({
      message: "Verification code is correct.",
      success: true,
    });
    expect(await client().getPhoneVerificationStatus({ country_code: 1, phone_number: "2015550123" })).toMatchObject({ status: "verified" });
    const again = await authyError(client().checkPhoneVerification({ ...US, verification_code: message!.code }));
    expect(again).toMatchObject({ status: 404, code: 60023 });
    expect(again.body.message).toBe("No pending verifications for +1 201-555-0123 found.");
  });

  it("re-sends the same code within its 10 minutes (not extending them); a new one after; expired through the clock", async () => {
    const first = await client().startPhoneVerification({ via: "sms", ...US, code_length: 6 });
    await t.advance(120);
    const second = await client().startPhoneVerification({ via: "sms", ...US, code_length: 6 });
    expect(second.uuid).toBe(first.uuid);
    // Real time runs on between the calls (whole seconds left, as the API counts them).
    expect([478, 479, 480]).toContain(second.seconds_to_expire);
    const messages = await verificationMessages("+12015550123");
    expect(messages).toHaveLength(2);
    expect(messages[0]!.code).toBe(messages[1]!.code);
    expect(messages[0]!.code).toMatch(/^[0-9]{6}$/);
    await t.advance(480);
    expect(await client().getPhoneVerificationStatus({ uuid: first.uuid! })).toEqual({
      message: "Phone Verification status.",
      status: "expired",
      seconds_to_expire: 0,
      success: true,
    });
    expect(await authyError(client().checkPhoneVerification({ ...US, verification_code: messages[0]!.code }))).toMatchObject({ status: 404, code: 60023 });
    const third = await client().startPhoneVerification({ via: "call", ...US });
    expect(third.uuid).not.toBe(first.uuid);
    expect(third.message).toBe("Call to +1 201-555-0123 initiated");
    const [call] = await verificationMessages("+12015550123");
    expect(call).toMatchObject({ channel: "call", kind: "phone_verification" });
    expect(call!.code).toMatch(/^[0-9]{4}$/);
  });

  it("sends a custom_code, with an sms_id for the feedback API", async () => {
    const started = await client().startPhoneVerification({ via: "sms", ...UK_MOBILE, custom_code: "98765" });
    expect(started).toMatchObject({ is_cellphone: true, message: "Text message sent to +44 7400-123456.", sms_id: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
    expect((await verificationMessages("+447400123456"))[0]!.code).toBe("98765");
    expect(await client().checkPhoneVerification({ ...UK_MOBILE, verification_code: "98765" })).toMatchObject({ success: true });
  });

  it("refuses an SMS to a landline (403 60082) but calls it; 60033 for an invalid number; 60042 without a number or uuid", async () => {
    const landline = await authyError(client().startPhoneVerification({ via: "sms", ...UK_LANDLINE }));
    expect(landline).toMatchObject({ status: 403, code: 60082 });
    expect(landline.body.message).toBe("Can not send SMS to landline phone numbers");
    expect(await client().startPhoneVerification({ via: "call", ...UK_LANDLINE })).toMatchObject({ is_cellphone: false, success: true });
    expect(await authyError(client().startPhoneVerification({ via: "sms", country_code: 1, phone_number: "555-0000" }))).toMatchObject({ status: 400, code: 60033 });
    expect(await authyError(client().getPhoneVerificationStatus({}))).toMatchObject({ status: 400, code: 60042 });
    expect(
      await authyError(client().getPhoneVerificationStatus({ uuid: "00000000-0000-0000-0000-000000000000" })),
    ).toMatchObject({ status: 404, code: 60023 });
  });
});

describe.each(["json", "xml"] as const)("phone intelligence (%s)", (format) => {
  it.each([
    ["cellphone", 44, "7400 123456"],
    ["landline", 44, "20 7946 0123"],
    ["voip", 44, "56 3312 3456"],
    ["unknown", 1, "201-555-0123"],
  ] as const)("types %s from libphonenumber's metadata, no carrier, not ported", async (type, country_code, phone_number) => {
    const info = await t.client(format).getPhoneInfo({ country_code, phone_number });
    expect(info).toEqual({ message: expect.stringMatching(/^Phone number information as of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/), type, provider: null, ported: false, success: true });
  });

  it("answers 400 60033 for an invalid number", async () => {
    const invalid = await authyError(t.client(format).getPhoneInfo({ country_code: 1, phone_number: "555-0000" }));
    expect(invalid).toMatchObject({ status: 400, code: 60033 });
  });
});

describe("SMS feedback", () => {
  it("records the outcome for the sms_id of a custom-code verification; an unknown sms_id is 400 60032", async () => {
    const { sms_id: smsId } = await t.client().startPhoneVerification({ via: "sms", ...US, custom_code: 4321 });
    const feedback = await t.client().createSmsFeedback({ sms_id: smsId!, Outcome: "received" });
    expect(feedback).toEqual({
      account_sid: "",
      message_sid: smsId,
      outcome: "received",
      date_created: expect.stringMatching(/^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000$/),
      date_updated: feedback.date_created,
      uri: "",
      success: true,
    });
    const missing = await authyError(t.client().createSmsFeedback({ sms_id: "SMnope", Outcome: "not-received" }));
    expect(missing).toMatchObject({ status: 400, code: 60032 });
    expect(missing.body.message).toBe("SMS was not found");
  });
});

describe("reporting", () => {
  it("records the reference's events for every action and pages them exactly as the client's paginator expects", async () => {
    const client = t.client();
    const id = (await client.createUser({ user: { email: "ada@example.com", ...PHONE } })).user.id;
    await client.sendSmsToken({ authy_id: id });
    await client.verifyToken({ token: await t.lastCode(id), authy_id: id });
    await client.startPhoneVerification({ via: "sms", country_code: 44, phone_number: "7400 123456" });
    await authyError(client.checkPhoneVerification({ country_code: 44, phone_number: "7400 123456", verification_code: "0000000" }));
    await authyError(client.startPhoneVerification({ via: "sms", country_code: 44, phone_number: "20 7946 0123" }));
    await client.removeUser({ authy_id: id });

    const all = [];
    for await (const event of paginateReportingEvents(client, { per_page: 2 })) all.push(event);
    expect(all.map((e) => e.event)).toEqual([
      "user_added",
      "totp_token_sent",
      "token_verified",
      "phone_verification_started",
      "phone_verification_code_is_invalid",
      "phone_verification_failed",
      "user_removed",
    ]);
    expect(all[0]).toMatchObject({ objects: { app: { id: t.server.appId, name: "Authy Local" }, user: { authy_id: id } } });
    expect(all[1]!.objects).toMatchObject({ token: { via: "sms" } });
    expect(all[3]!.objects!.phone_verification).toMatchObject({ via: "sms", country_code: 44, phone_number: "+447400123456", code_length: 4, line_type: "cellphone", status: "pending" });
    for (const event of all) expect(event.request_id).toMatch(/^[0-9a-f]{32}$/);
    // Page 4 of 2 is the last (one event), page 5 is empty: the paginator stopped at the short page.
    expect((await client.listReportingEvents({ per_page: 2, page: 4 })).events).toHaveLength(1);
    expect((await client.listReportingEvents({ per_page: 2, page: 5 })).events).toEqual([]);
    // Without per_page the paginator reads until an empty page: the same events.
    const unbounded = [];
    for await (const event of paginateReportingEvents(client)) unbounded.push(event.event);
    expect(unbounded).toEqual(all.map((e) => e.event));

    const phoneOnly = await client.listReportingEvents({ query: { event: { gte: "phone_verification_", lt: "q" } } });
    expect(phoneOnly.events.map((e) => e.event)).toEqual(["phone_verification_started", "phone_verification_code_is_invalid", "phone_verification_failed"]);
    const uk = await client.listReportingEvents({ query: { "objects.phone_verification.country_code": { eq: "44" } } });
    expect(uk.events).toHaveLength(3);
    const future = await client.listReportingEvents({ query: { time: { gte: new Date(Date.now() + 86_400_000).toISOString() } } });
    expect(future.events).toEqual([]);
  });

  it("aggregates a date histogram per report and interval, within the scope", async () => {
    const client = t.client();
    await client.createUser({ user: { email: "a@example.com", ...PHONE } });
    await t.advance(2 * 86_400);
    await client.createUser({ user: { email: "b@example.com", cellphone: "201-555-0188", country_code: 1 } });
    await client.createUser({ user: { email: "c@example.com", cellphone: "201-555-0199", country_code: 1 } });
    const histogram = (await client.getReportingDateHistogram({ report: { added: { event: { eq: "user_added" } } }, interval: "day" })) as {
      interval: string;
      reports: Record<string, Array<{ time: string; count: number }>>;
    };
    expect(histogram.interval).toBe("day");
    expect(histogram.reports.added!.map((b) => b.count)).toEqual([1, 2]);
    for (const bucket of histogram.reports.added!) expect(bucket.time).toMatch(/T00:00:00\.000Z$/);
    const day = Date.parse(histogram.reports.added![1]!.time) - Date.parse(histogram.reports.added![0]!.time);
    expect(day).toBe(2 * 86_400_000);
    const none = await authyError(client.listReportingEvents({ query: { time: { gte: "not a time" } } }));
    expect(none).toMatchObject({ status: 400, code: 60004 });
    expectDeclared("listReportingEvents", 400, none.body);
  });
});

describe.each(["json", "xml"] as const)("registrations (%s)", (format) => {
  it("no-PII registration: 404 60026 until the person scans the QR code, then the authy_id it created", async () => {
    const client = t.client(format);
    const missing = await authyError(client.getRegistrationStatus({ custom_user_id: "user-42" }));
    expect(missing).toMatchObject({ status: 404, code: 60026 });
    const now = Math.floor(Date.now() / 1000);
    const jwt = signJwt({ iss: "Authy Local", iat: now, exp: now + 300, context: { custom_user_id: "user-42", authy_app_id: t.server.appId } }, t.server.apiKey);
    const scanned = await t.dev("POST", "/__dev/registrations", { token: jwt });
    expect(scanned).toEqual({ status: 200, body: { custom_user_id: "user-42", authy_id: expect.any(Number), created: true } });
    const authyId = scanned.body.authy_id;
    expect(await client.getRegistrationStatus({ custom_user_id: "user-42" })).toEqual({ success: true, registration: { authy_id: authyId } });
    // The person has the Authy app now, on a fictional number.
    expect((await t.dev("GET", `/__dev/users/${authyId}`)).body).toMatchObject({ app_installed: true, e164: "+12015550100", emails: [] });
    // Scanning again links the same user; a token signed with another key, or expired, is refused.
    expect((await t.dev("POST", "/__dev/registrations", { token: jwt })).body).toMatchObject({ authy_id: authyId, created: false });
    const forged = signJwt({ iat: now, exp: now + 300, context: { custom_user_id: "user-43" } }, "another-key");
    expect((await t.dev("POST", "/__dev/registrations", { token: forged })).status).toBe(400);
    const expired = signJwt({ iat: now - 900, exp: now - 600, context: { custom_user_id: "user-43" } }, t.server.apiKey);
    expect((await t.dev("POST", "/__dev/registrations", { token: expired })).status).toBe(400);
    const otherApp = signJwt({ iat: now, exp: now + 300, context: { custom_user_id: "user-43", authy_app_id: 999 } }, t.server.apiKey);
    expect((await t.dev("POST", "/__dev/registrations", { token: otherApp })).status).toBe(400);
  });

  it("SDK registration token, the device it registers, and its deletion (then 404 60092)", async () => {
    const client = t.client(format);
    const id = (await client.createUser({ user: { email: "ada@example.com", ...PHONE } })).user.id;
    const { registration_token: token } = await client.createSdkRegistration({ authy_id: id });
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    const registered = await t.dev("POST", "/__dev/registrations", { registration_token: token });
    expect(registered).toEqual({ status: 200, body: { device_id: expect.any(Number), authy_id: id } });
    expect((await t.dev("POST", "/__dev/registrations", { registration_token: token })).status).toBe(404);
    expect(await client.deleteSdkDevice({ device_id: registered.body.device_id })).toEqual({ message: "Device deleted.", success: true });
    const gone = await authyError(client.deleteSdkDevice({ device_id: registered.body.device_id }));
    expect(gone).toMatchObject({ status: 404, code: 60092 });
    expectDeclared("deleteSdkDevice", 404, gone.body);
    const unknownUser = await authyError(client.createSdkRegistration({ authy_id: id + 1000 }));
    expect(unknownUser).toMatchObject({ status: 404, code: 60026 });
    expectDeclared("createSdkRegistration", 404, unknownUser.body);
  });
});

describe("fault injection", () => {
  it("forces a declared error with the spec's example body, for the next N calls, in JSON and XML", async () => {
    const id = (await t.client().createUser({ user: { email: "ada@example.com", ...PHONE } })).user.id;
    const set = await t.dev("PUT", "/__dev/faults", { operation: "sendSmsToken", status: 404, times: 2 });
    expect(set).toEqual({
      status: 200,
      body: { faults: [{ operation: "sendSmsToken", status: 404, error_code: "60026", latency_ms: 0, drop_connection: false, remaining: 2 }] },
    });
    const json = await authyError(t.client().sendSmsToken({ authy_id: id }));
    expect(json).toMatchObject({ status: 404, code: 60026 });
    expect(json.body).toEqual({ message: "User not found.", success: false, errors: { message: "User not found." }, error_code: "60026" });
    const xml = await fetch(`${t.server.url}/protected/xml/sms/${id}`, { headers: { "X-Authy-API-Key": t.server.apiKey } });
    expect(xml.status).toBe(404);
    expect(xml.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(await xml.text()).toContain("<error-code>60026</error-code>");
    // Two calls used it up: the third is served normally.
    expect(await t.client().sendSmsToken({ authy_id: id })).toMatchObject({ success: true });
    expect((await t.dev("GET", "/__dev/faults")).body).toEqual({ faults: [] });
  });

  it("chooses the example by error_code; refuses a status the spec does not declare for the operation", async () => {
    await t.dev("PUT", "/__dev/faults", { operation: "startPhoneVerification", status: 503, error_code: "60060" });
    const suspended = await authyError(t.client().startPhoneVerification({ via: "sms", country_code: 1, phone_number: "201-555-0123" }));
    expect(suspended).toMatchObject({ status: 503, code: 60060 });
    // Until cleared: still there.
    expect(await authyError(t.client().startPhoneVerification({ via: "sms", country_code: 1, phone_number: "201-555-0123" }))).toMatchObject({ status: 503 });
    expect((await t.dev("DELETE", "/__dev/faults", { operation: "startPhoneVerification" })).body).toEqual({ faults: [] });
    expect(await t.client().startPhoneVerification({ via: "sms", country_code: 1, phone_number: "201-555-0123" })).toMatchObject({ success: true });

    const undeclared = await t.dev("PUT", "/__dev/faults", { operation: "getApplicationDetails", status: 503 });
    expect(undeclared.status).toBe(400);
    expect(undeclared.body.error).toMatch(/^status must be an error status the spec declares for getApplicationDetails: /);
    expect((await t.dev("PUT", "/__dev/faults", { operation: "startPhoneVerification", status: 403, error_code: "60001" })).status).toBe(400);
    expect((await t.dev("PUT", "/__dev/faults", { operation: "noSuchOperation", status: 400 })).status).toBe(400);
    expect((await t.dev("PUT", "/__dev/faults", { operation: "getUserStatus" })).status).toBe(400);
    expect((await t.dev("PUT", "/__dev/faults", { operation: "getUserStatus", status: 404, drop_connection: true })).status).toBe(400);
    // Each member's type and range come from the dev API document, checked by the shared validator.
    expect(await t.dev("PUT", "/__dev/faults", { operation: "getUserStatus", latency_ms: 120_001 })).toMatchObject({ status: 400, body: { error: "latency_ms must be <= 120000" } });
    expect(await t.dev("PUT", "/__dev/faults", { operation: "getUserStatus", status: 404, times: 0 })).toMatchObject({ status: 400, body: { error: "times must be >= 1" } });
    expect(await t.dev("PUT", "/__dev/faults", { operation: "getUserStatus", drop_connection: "yes" })).toMatchObject({ status: 400, body: { error: "drop_connection must be boolean, got string" } });
    expect(await t.dev("PUT", "/__dev/faults", { status: 404 })).toMatchObject({ status: 400, body: { error: "operation is required" } });
  });

  it("adds latency and drops connections; reset clears every fault", async () => {
    await t.dev("PUT", "/__dev/faults", { operation: "getApplicationDetails", latency_ms: 300, times: 1 });
    const started = performance.now();
    expect(await t.client().getApplicationDetails({})).toMatchObject({ success: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);

    await t.dev("PUT", "/__dev/faults", { operation: "getApplicationStats", drop_connection: true });
    const dropped = await new Promise<string>((resolve) => {
      const req = request(`${t.server.url}/protected/json/app/stats`, { headers: { "X-Authy-API-Key": t.server.apiKey } }, (res) => resolve(`answered ${res.statusCode}`));
      req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.end();
    });
    expect(dropped).toBe("ECONNRESET");
    expect((await t.dev("GET", "/__dev/faults")).body.faults).toHaveLength(1);
    await t.dev("POST", "/__dev/reset", {});
    expect((await t.dev("GET", "/__dev/faults")).body).toEqual({ faults: [] });
    expect(await t.client().getApplicationStats({})).toMatchObject({ success: true });
  });
});
