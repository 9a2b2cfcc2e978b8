import { randomInt, randomUUID } from "node:crypto";
import { parsePhoneNumberFromString, type NumberType } from "libphonenumber-js/max";
import type { OperationInputs, OperationResults } from "../../../generated/operations.js";
import type { PhoneVerificationRow } from "../store/verifications.js";
import type { DomainContext } from "./context.js";
import { AuthyFailure } from "./failures.js";
import { sendMessage } from "./messages.js";
import { dashedNational, parsePhone, type PhoneNumberParts } from "./phone.js";

/** A phone verification code is valid for 10 minutes; starting again within them re-sends the same code (Verify v1 docs). */
export const PHONE_VERIFICATION_TTL_SECONDS = 600;
/** Verify v1's default `code_length`. */
const DEFAULT_CODE_LENGTH = 4;

export type LineType = "cellphone" | "landline" | "voip" | "unknown";

/**
 * The line type from libphonenumber's full metadata. Only a definite type is named: `FIXED_LINE_OR_MOBILE` (every
 * US and Canadian number), toll-free, pager and the rest are `unknown`. No carrier lookup happens offline.
 */
export function lineTypeOf(e164: string): LineType {
  const type: NumberType = parsePhoneNumberFromString(e164)?.getType();
  return type === "MOBILE" ? "cellphone" : type === "FIXED_LINE" ? "landline" : type === "VOIP" ? "voip" : "unknown";
}

/** `+1 201-555-0123`, how the Verify v1 answers write a number. */
export const displayNumber = (phone: PhoneNumberParts): string => `+${phone.countryCode} ${dashedNational(phone.e164)}`;

function phoneOf(countryCode: number | string, phoneNumber: string): PhoneNumberParts {
  const phone = parsePhone(countryCode, phoneNumber);
  if (!phone) throw new AuthyFailure(60033);
  return phone;
}

const secondsLeft = (row: PhoneVerificationRow, now: Date): number => Math.max(0, Math.floor((row.expires_at.getTime() - now.getTime()) / 1000));
const isPending = (row: PhoneVerificationRow | undefined, now: Date): row is PhoneVerificationRow =>
  row !== undefined && row.verified_at === null && row.expires_at > now;

function randomCode(length: number): string {
  let code = "";
  for (let i = 0; i < length; i++) code += String(randomInt(10));
  return code;
}

/** The reporting objects of a verification, the shape of the reference's `phone_verification` event object. */
function verificationObject(row: PhoneVerificationRow, status: string, now: Date): Record<string, unknown> {
  return {
    id: row.uuid,
    via: row.via,
    country_code: row.country_code,
    phone_number: row.e164,
    code_length: row.code.length,
    line_type: row.line_type,
    locale: row.locale,
    seconds_to_expire: secondsLeft(row, now),
    status,
  };
}

/**
 * Starts (or repeats) a verification: a code of `code_length` digits (default 4), or `custom_code`, sent by SMS or
 * call to the number (a message of kind `phone_verification`, `authy_id` null). Starting again while a code is
 * pending re-sends that same code, without extending its 10 minutes; a `custom_code` replaces it. An SMS to a
 * number libphonenumber types as fixed-line is refused (403 60082).
 */
export async function startPhoneVerification(
  ctx: DomainContext,
  input: OperationInputs["startPhoneVerification"],
): Promise<OperationResults["startPhoneVerification"]> {
  const phone = phoneOf(input.country_code, input.phone_number);
  const lineType = lineTypeOf(phone.e164);
  const appId = ctx.app.app_id;
  if (input.via === "sms" && lineType === "landline") {
    await ctx.store.recordEvent(appId, "phone_verification_failed", null, ctx.now, {
      phone_verification: { via: input.via, country_code: phone.countryCode, phone_number: phone.e164, line_type: lineType, status: "failed" },
    });
    throw new AuthyFailure(60082);
  }
  const customCode = input.custom_code === undefined ? undefined : String(input.custom_code);
  const previous = await ctx.store.verifications.latest(appId, phone.e164);
  let row: PhoneVerificationRow;
  if (isPending(previous, ctx.now) && (customCode === undefined || customCode === previous.code) && previous.via === input.via) {
    row = previous;
  } else {
    const code = customCode ?? (isPending(previous, ctx.now) ? previous.code : randomCode(Number(input.code_length ?? DEFAULT_CODE_LENGTH)));
    row = {
      uuid: randomUUID(),
      e164: phone.e164,
      country_code: phone.countryCode,
      via: input.via,
      code,
      custom_code: customCode !== undefined,
      locale: input.locale ?? null,
      line_type: lineType,
      sms_id: customCode !== undefined && input.via === "sms" ? `SM${randomUUID().replace(/-/g, "")}` : null,
      feedback_outcome: null,
      feedback_at: null,
      created_at: ctx.now,
      // A new row for a pending code (other channel) keeps that code's window.
      expires_at: isPending(previous, ctx.now) && customCode === undefined ? previous.expires_at : new Date(ctx.now.getTime() + PHONE_VERIFICATION_TTL_SECONDS * 1000),
      verified_at: null,
    };
    await ctx.store.verifications.insert(appId, row);
  }
  const template = input.custom_message ?? `Your ${ctx.app.name} verification code is: {{code}}`;
  const text = template.includes("{{code}}") ? template.replaceAll("{{code}}", row.code) : `${template} ${row.code}`;
  await sendMessage(ctx, { kind: "phone_verification", channel: input.via, authyId: null, recipient: phone.e164, code: row.code, body: text });
  await ctx.store.recordEvent(appId, "phone_verification_started", null, ctx.now, { phone_verification: verificationObject(row, "pending", ctx.now) });
  const shown = displayNumber(phone);
  return {
    carrier: null,
    is_cellphone: lineType === "cellphone",
    message: input.via === "sms" ? `Text message sent to ${shown}.` : `Call to ${shown} initiated`,
    seconds_to_expire: secondsLeft(row, ctx.now),
    uuid: row.uuid,
    ...(row.sms_id === null ? {} : { sms_id: row.sms_id }),
    success: true,
  };
}

/** Checks the pending code of a number: 60023 when nothing is pending (never started, verified, or expired), 60022 when wrong. */
export async function checkPhoneVerification(
  ctx: DomainContext,
  input: OperationInputs["checkPhoneVerification"],
): Promise<OperationResults["checkPhoneVerification"]> {
  const phone = phoneOf(input.country_code, input.phone_number);
  const appId = ctx.app.app_id;
  const row = await ctx.store.verifications.latest(appId, phone.e164);
  if (!isPending(row, ctx.now)) {
    await ctx.store.recordEvent(appId, "phone_verification_not_found", null, ctx.now, {
      phone_verification: { country_code: phone.countryCode, phone_number: phone.e164 },
    });
    throw new AuthyFailure(60023, `No pending verifications for ${displayNumber(phone)} found.`);
  }
  if (row.code !== input.verification_code || !(await ctx.store.verifications.markVerified(appId, row.uuid, ctx.now))) {
    await ctx.store.recordEvent(appId, "phone_verification_code_is_invalid", null, ctx.now, { phone_verification: verificationObject(row, "pending", ctx.now) });
    throw new AuthyFailure(60022);
  }
  await ctx.store.recordEvent(appId, "phone_verification_code_is_valid", null, ctx.now, { phone_verification: verificationObject(row, "verified", ctx.now) });
  return { message: "Verification code is correct.", success: true };
}

/**
 * The state of a verification, by `uuid` or by number (its newest): `verified`, `expired` once its 10 minutes have
 * passed by the server's clock, else `pending`. An unknown one is 404 60023, as for check.
 */
export async function getPhoneVerificationStatus(
  ctx: DomainContext,
  input: OperationInputs["getPhoneVerificationStatus"],
): Promise<OperationResults["getPhoneVerificationStatus"]> {
  let row: PhoneVerificationRow | undefined;
  let notFound: string;
  if (input.uuid !== undefined) {
    row = await ctx.store.verifications.byUuid(ctx.app.app_id, input.uuid);
    notFound = `No pending verifications for ${input.uuid} found.`;
  } else if (input.country_code !== undefined && input.phone_number !== undefined) {
    const phone = phoneOf(input.country_code, input.phone_number);
    row = await ctx.store.verifications.latest(ctx.app.app_id, phone.e164);
    notFound = `No pending verifications for ${displayNumber(phone)} found.`;
  } else {
    throw new AuthyFailure(60042);
  }
  if (!row) throw new AuthyFailure(60023, notFound);
  const status = row.verified_at !== null ? "verified" : row.expires_at > ctx.now ? "pending" : "expired";
  return { message: "Phone Verification status.", status, seconds_to_expire: secondsLeft(row, ctx.now), success: true };
}

const pad = (n: number): string => String(n).padStart(2, "0");
const utcStamp = (d: Date): string =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

/**
 * Phone intelligence from libphonenumber's full metadata only: the line type (see {@link lineTypeOf}); no carrier
 * (`provider` null) and no porting data (`ported` false) are available offline. An invalid number is 400 60033.
 */
export function getPhoneInfo(ctx: DomainContext, input: OperationInputs["getPhoneInfo"]): OperationResults["getPhoneInfo"] {
  // Optional in the spec only because node-authy sends them in a GET body: required by the API.
  for (const name of ["country_code", "phone_number"] as const) {
    if (input[name] === undefined) throw new AuthyFailure(60004, `Invalid parameter: ${name} - Parameter is required`);
  }
  const phone = phoneOf(input.country_code!, input.phone_number!);
  return {
    message: `Phone number information as of ${utcStamp(ctx.now)} UTC`,
    type: lineTypeOf(phone.e164),
    provider: null,
    ported: false,
    success: true,
  };
}
