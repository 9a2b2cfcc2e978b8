import { describe, expect, it } from "vitest";
import { paginateReportingEvents } from "../../src/paginate.js";
import { signJwt } from "../src/domain/jwt.js";
import { expectDeclared } from "./helpers/spec.js";
import { authyError, PHONE, useTestServer } from "./helpers/server.js";

const t = useTestServer();

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
