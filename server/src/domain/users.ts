import type { OperationInputs, OperationResults } from "../../../generated/operations.js";
import type { UserRow } from "../store/authy-store.js";
import { unixSeconds } from "./clock.js";
import type { DomainContext } from "./context.js";
import { AuthyFailure, userNotFound } from "./failures.js";
import { sendMessage } from "./messages.js";
import { generateOtpSecret } from "./otp.js";
import { dashedNational, maskedStatusPhone, parsePhone } from "./phone.js";

/** The user, or 60026. A removed user stays found until its removal delay has passed (as the real API defers it). */
export async function findUser(ctx: DomainContext, authyId: number): Promise<UserRow> {
  const user = await ctx.store.user(ctx.app.app_id, authyId, ctx.now);
  if (!user) throw userNotFound();
  return user;
}

/** Rails-style truthiness of the wire booleans the spec accepts (`true`, `"true"`, `"True"`, `"1"`). */
export const isTrue = (value: unknown): boolean => value === true || value === "true" || value === "True" || value === "1";

/**
 * Registers a user keyed by country code and phone number: registering the same number again answers the same
 * `authy_id` and keeps every email given. A new user is sent the Authy app's install link by SMS unless
 * `send_install_link_via_sms` is false (the documented default is true).
 */
export async function createUser(ctx: DomainContext, input: OperationInputs["createUser"]): Promise<OperationResults["createUser"]> {
  const { email, cellphone, country_code: countryCode } = input.user;
  const phone = parsePhone(countryCode, cellphone);
  if (!phone) throw new AuthyFailure(60033);
  const { user, created } = await ctx.store.upsertUser({
    appId: ctx.app.app_id,
    ...phone,
    email,
    otpSecret: generateOtpSecret().toString("hex"),
    now: ctx.now,
  });
  const sendInstallLink = input.send_install_link_via_sms === undefined || isTrue(input.send_install_link_via_sms);
  if (created && sendInstallLink) {
    await sendMessage(ctx, {
      kind: "install_link",
      channel: "sms",
      authyId: user.authy_id,
      recipient: user.e164,
      code: null,
      body: `${ctx.app.name} uses Authy for two-factor authentication. Install the Authy app: https://authy.com/download`,
    });
  }
  return { message: "User created successfully.", user: { id: user.authy_id }, success: true };
}

export async function getUserStatus(ctx: DomainContext, input: OperationInputs["getUserStatus"]): Promise<OperationResults["getUserStatus"]> {
  const user = await findUser(ctx, input.authy_id);
  return {
    status: {
      authy_id: user.authy_id,
      // Authy's `confirmed`: the user has verified a token; `registered`: the Authy app is installed.
      confirmed: user.registered,
      registered: user.app_installed,
      country_code: user.country_code,
      phone_number: maskedStatusPhone(user.national_number),
      email: user.emails[0] ?? null,
      devices: user.app_installed ? [SIMULATED_APP_DEVICE] : [],
      has_hard_token: false,
      account_disabled: user.removed_at !== null,
      detailed_devices: [],
      deleted_devices: [],
    },
    message: "User status.",
    success: true,
  };
}

/** The device type shown for a user whose Authy app is installed (set through `PATCH /__dev/users/{authy_id}`). */
export const SIMULATED_APP_DEVICE = "android";

/**
 * Removal is deferred as the real API defers it (about 24 hours, by the application's clock): meanwhile the user is
 * still found (status says `account_disabled: true`) and tokens keep verifying; registering the number again
 * cancels it. `/remove` answers as authy-client recorded it, the deprecated `/delete` spellings as the other SDKs did.
 */
export async function removeUser(ctx: DomainContext, authyId: number, path: "remove" | "delete"): Promise<OperationResults["removeUser"]> {
  const user = await findUser(ctx, authyId);
  await ctx.store.markRemoved(ctx.app.app_id, user.authy_id, ctx.now);
  return { message: path === "remove" ? "User was added to remove." : "User removed from application", success: true };
}

/** Adds the email to the user's emails (the newest is the one shown and used for email tokens). */
export async function updateUserEmail(ctx: DomainContext, input: OperationInputs["updateUserEmail"]): Promise<OperationResults["updateUserEmail"]> {
  const user = await findUser(ctx, input.authy_id);
  await ctx.store.addEmail(ctx.app.app_id, user.authy_id, input.email, ctx.now);
  return { message: "User was updated successfully", success: true };
}

export async function registerUserActivity(
  ctx: DomainContext,
  input: OperationInputs["registerUserActivity"],
): Promise<OperationResults["registerUserActivity"]> {
  const user = await findUser(ctx, input.authy_id);
  await ctx.store.recordActivity(ctx.app.app_id, user.authy_id, input.type, input.data, input.user_ip, ctx.now);
  return { message: "Activity was created.", success: true };
}

export async function getUserPhoneNumber(
  ctx: DomainContext,
  input: OperationInputs["getUserPhoneNumber"],
): Promise<OperationResults["getUserPhoneNumber"]> {
  const user = await findUser(ctx, input.authy_id);
  return {
    phone_number: dashedNational(user.e164),
    country_code: String(user.country_code),
    e164: user.e164,
    updated_at: new Date(unixSeconds(user.updated_at) * 1000).toISOString().replace(".000Z", "Z"),
  };
}
