import { randomBytes } from "node:crypto";
import type { OperationInputs, OperationResults } from "../../../generated/operations.js";
import type { UserRow } from "../store/authy-store.js";
import { unixSeconds } from "./clock.js";
import type { DomainContext } from "./context.js";
import { AuthyFailure } from "./failures.js";
import { sendMessage } from "./messages.js";
import { base32Decode, hotp, verifyHotp, verifyTotp } from "./otp.js";
import { maskedCellphone } from "./phone.js";
import { findUser, isTrue, SIMULATED_APP_DEVICE } from "./users.js";

type Channel = "sms" | "call" | "email";

/** Authenticator apps: 6-digit SHA-1 TOTP, 30-second steps, one step of drift either way. */
export const AUTHENTICATOR_TOTP = { digits: 6, period: 30, window: 1 } as const;

const IGNORED = {
  sms: "Ignored: SMS is not needed for smartphones. Pass force=true if you want to actually send it anyway.",
  // The double space is the API's own.
  call: "Call ignored. User is using  App Tokens and this call is not necessary. Pass force=true if you still want to call users that are using the App.",
} as const;

/**
 * A code of the application's token length: HOTP (RFC 4226) over the user's own secret and next counter, so every
 * send gives a fresh code. It verifies once, within `--token-ttl` seconds, with the `action`/`action_message` it was
 * sent with. Without `force`, a user whose Authy app is installed is not sent SMS or calls (the app makes codes).
 */
async function issue(ctx: DomainContext, user: UserRow, channel: Channel, recipient: string, binding: { action?: string; action_message?: string }) {
  const digits = ctx.app.token_length;
  const expiresAt = new Date(ctx.now.getTime() + ctx.settings.tokenTtlSeconds * 1000);
  const { counter, secret } = await ctx.store.issueCode({
    appId: ctx.app.app_id,
    authyId: user.authy_id,
    channel,
    digits,
    action: binding.action,
    actionMessage: binding.action_message,
    now: ctx.now,
    expiresAt,
  });
  const code = hotp(Buffer.from(secret, "hex"), counter, { digits });
  const detail = binding.action_message === undefined ? "" : ` (${binding.action_message})`;
  await sendMessage(ctx, {
    kind: "token",
    channel,
    authyId: user.authy_id,
    recipient,
    code,
    body: `Your ${ctx.app.name} verification code is: ${code}${detail}`,
  });
  await ctx.store.recordEvent(ctx.app.app_id, `${channel}_sent`, user.authy_id, ctx.now);
}

export async function sendPhoneToken(
  ctx: DomainContext,
  channel: "sms" | "call",
  input: OperationInputs["sendSmsToken"],
): Promise<OperationResults["sendSmsToken"]> {
  const user = await findUser(ctx, input.authy_id);
  const cellphone = maskedCellphone(user.country_code, user.national_number);
  if (user.app_installed && !isTrue(input.force)) {
    return { message: IGNORED[channel], cellphone, device: SIMULATED_APP_DEVICE, ignored: true, success: true };
  }
  await issue(ctx, user, channel, user.e164, input);
  return channel === "sms"
    ? { success: true, message: "SMS token was sent", cellphone }
    : { cellphone, message: "Call started...", success: true };
}

export async function sendEmailToken(ctx: DomainContext, input: OperationInputs["sendEmailToken"]): Promise<OperationResults["sendEmailToken"]> {
  const user = await findUser(ctx, input.authy_id);
  const email = user.emails[0];
  // A user registered without PII (the Authy app's QR code registration) has no email to send to.
  if (email === undefined) throw new AuthyFailure(60004, "Invalid parameter: email - the user has no email address");
  await issue(ctx, user, "email", email, {});
  return { success: true, message: "Email token was sent", email, email_id: `EM${randomBytes(16).toString("hex")}` };
}

type Outcome = { kind: "valid"; osType: string } | { kind: "reused" } | { kind: "invalid" };

/** Which rule the token meets: a live sent code (used or not), an authenticator step, or nothing. */
async function judge(ctx: DomainContext, user: UserRow, input: OperationInputs["verifyToken"]): Promise<Outcome> {
  const { token } = input;
  const secret = Buffer.from(user.otp_secret, "hex");
  // An expired code is simply invalid (60020), used or not: only live codes are looked at.
  for (const sent of await ctx.store.liveCodes(ctx.app.app_id, user.authy_id, ctx.now)) {
    if (sent.digits !== token.length || verifyHotp(secret, token, Number(sent.counter), { digits: sent.digits }) === null) continue;
    // The code is bound to the action it was sent for (and its message, when one was given).
    if (sent.action !== (input.action ?? null)) continue;
    if (sent.action_message !== null && sent.action_message !== input.action_message) continue;
    if (sent.used_at !== null) return { kind: "reused" };
    const claimed = await ctx.store.claimCode(ctx.app.app_id, sent.id, ctx.now);
    return claimed ? { kind: "valid", osType: sent.channel } : { kind: "reused" };
  }
  if (user.totp_secret !== null && token.length === AUTHENTICATOR_TOTP.digits) {
    const match = verifyTotp(base32Decode(user.totp_secret), token, ctx.now.getTime() / 1000, AUTHENTICATOR_TOTP);
    if (match) {
      const claimed = await ctx.store.claimTotpStep(ctx.app.app_id, user.authy_id, match.counter);
      return claimed ? { kind: "valid", osType: "authenticator" } : { kind: "reused" };
    }
  }
  return { kind: "invalid" };
}

/**
 * Verifies any token of the user. With `force=true` every rule is enforced. Without it, as Authy documents, a user
 * who has not completed registration (no Authy app, never verified a token) is not enforced: a well-formed token
 * that fails is still answered 200, and the console says so.
 */
export async function verifyToken(ctx: DomainContext, input: OperationInputs["verifyToken"]): Promise<OperationResults["verifyToken"]> {
  const user = await findUser(ctx, input.authy_id);
  const outcome = await judge(ctx, user, input);
  const enforced = isTrue(input.force) || user.app_installed || user.registered;
  let osType = "sms";
  if (outcome.kind === "valid") {
    osType = outcome.osType;
    if (!user.registered) await ctx.store.setUserFlags(ctx.app.app_id, user.authy_id, { registered: true }, ctx.now);
    await ctx.store.recordEvent(ctx.app.app_id, "token_verified", user.authy_id, ctx.now);
  } else {
    await ctx.store.recordEvent(ctx.app.app_id, "token_invalid", user.authy_id, ctx.now);
    if (enforced) throw new AuthyFailure(outcome.kind === "reused" ? 60019 : 60020);
    ctx.log(
      `verify not enforced for authy_id ${user.authy_id}: the token is ${outcome.kind === "reused" ? "already used" : "wrong"}, ` +
        `answered 200 because the user has not completed registration and force=true was not given`,
    );
  }
  return {
    message: "Token is valid.",
    token: "is valid",
    success: "true",
    device: {
      id: null,
      os_type: osType,
      registration_date: unixSeconds(user.created_at),
      registration_method: null,
      registration_country: null,
      registration_region: null,
      registration_city: null,
      country: null,
      region: null,
      city: null,
      ip: null,
      last_account_recovery_at: null,
      last_sync_date: null,
    },
  };
}
