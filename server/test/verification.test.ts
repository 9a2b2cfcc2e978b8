import { describe, expect, it } from "vitest";
import { authyError, useTestServer } from "./helpers/server.js";

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
