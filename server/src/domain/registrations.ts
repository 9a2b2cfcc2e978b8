import { randomBytes } from "node:crypto";
import type { OperationInputs, OperationResults } from "../../../generated/operations.js";
import type { DomainContext } from "./context.js";
import { AuthyFailure } from "./failures.js";
import { findUser } from "./users.js";

/**
 * Registration without PII: the customer shows a QR code of `authy://account?token=<JWT>` (HS256 under the API key,
 * `context.custom_user_id`); once the person has scanned it (`POST /__dev/registrations` plays the Authy app), the
 * status answers the `authy_id` it created or linked. Before that it is 404 60026: there is no user yet.
 */
export async function getRegistrationStatus(
  ctx: DomainContext,
  input: OperationInputs["getRegistrationStatus"],
): Promise<OperationResults["getRegistrationStatus"]> {
  const authyId = await ctx.store.registrations.registeredAuthyId(ctx.app.app_id, input.custom_user_id);
  if (authyId === undefined || !(await ctx.store.user(ctx.app.app_id, authyId, ctx.now))) throw new AuthyFailure(60026);
  return { success: true, registration: { authy_id: authyId } };
}

/** A one-time token with which the TwilioAuth SDK in the user's app registers a device (`POST /__dev/registrations`). */
export async function createSdkRegistration(
  ctx: DomainContext,
  input: OperationInputs["createSdkRegistration"],
): Promise<OperationResults["createSdkRegistration"]> {
  const user = await findUser(ctx, input.authy_id);
  const token = randomBytes(16).toString("hex");
  await ctx.store.registrations.createSdkRegistration(ctx.app.app_id, token, user.authy_id, ctx.now);
  return { registration_token: token };
}

/** Removes a device an SDK registration added; an unknown one is 404 60092 (device not found). */
export async function deleteSdkDevice(ctx: DomainContext, input: OperationInputs["deleteSdkDevice"]): Promise<OperationResults["deleteSdkDevice"]> {
  const device = await ctx.store.registrations.deleteDevice(ctx.app.app_id, input.device_id);
  if (!device) throw new AuthyFailure(60092);
  return { message: "Device deleted.", success: true };
}

/** `Wed, 18 Jul 2018 21:59:40 +0000`, the feedback API's dates (RFC 2822, as Twilio's 2010 API writes them). */
const rfc2822 = (date: Date): string => date.toUTCString().replace("GMT", "+0000");

/**
 * Verify v1 feedback: whether the person received the SMS of a verification started with `custom_code` (its
 * `sms_id`). Feedback can be given again (the latest outcome counts). An unknown `sms_id` is 400 60032.
 */
export async function createSmsFeedback(ctx: DomainContext, input: OperationInputs["createSmsFeedback"]): Promise<OperationResults["createSmsFeedback"]> {
  const before = await ctx.store.verifications.bySmsId(ctx.app.app_id, input.sms_id);
  if (!before) throw new AuthyFailure(60032);
  const row = (await ctx.store.verifications.recordFeedback(ctx.app.app_id, input.sms_id, input.Outcome, ctx.now))!;
  return {
    account_sid: "",
    message_sid: input.sms_id,
    outcome: input.Outcome,
    date_created: rfc2822(before.feedback_at ?? ctx.now),
    date_updated: rfc2822(row.feedback_at ?? ctx.now),
    uri: "",
    success: true,
  };
}
