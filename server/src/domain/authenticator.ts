import QRCode from "qrcode";
import type { OperationInputs, OperationResults } from "../../../generated/operations.js";
import type { UserRow } from "../store/authy-store.js";
import type { DomainContext } from "./context.js";
import { base32Decode, base32Encode, generateOtpSecret, otpauthUri } from "./otp.js";
import { AUTHENTICATOR_TOTP } from "./tokens.js";
import { findUser } from "./users.js";

/** Default side of the QR image in pixels (authy-ruby's default `qr_size`). */
const DEFAULT_QR_SIZE = 300;
/** Larger requests are drawn at this size: a PNG grows with the square of the side. */
const MAX_QR_SIZE = 1000;

/** The otpauth URI of the user's authenticator secret, labelled `<app name>:<label or newest email>`. */
export function authenticatorUri(appName: string, user: Pick<UserRow, "totp_secret" | "totp_label" | "emails">): string | undefined {
  if (user.totp_secret === null) return undefined;
  return otpauthUri({
    type: "totp",
    secret: base32Decode(user.totp_secret),
    account: user.totp_label ?? user.emails[0] ?? "user",
    issuer: appName,
    digits: AUTHENTICATOR_TOTP.digits,
    period: AUTHENTICATOR_TOTP.period,
  });
}

/**
 * A QR code of an `otpauth://totp/…` URI for any authenticator app, as a PNG data URL. The secret is made on the
 * first request and kept: asking again shows the same secret (re-displaying never locks out an enrolled app). It
 * changes only with the user: remove the user and register the number again after the removal delay.
 */
export async function generateAuthenticatorQrCode(
  ctx: DomainContext,
  input: OperationInputs["generateAuthenticatorQrCode"],
): Promise<OperationResults["generateAuthenticatorQrCode"]> {
  const user = await findUser(ctx, input.authy_id);
  const label = input.label ?? user.emails[0] ?? user.e164;
  const secret = await ctx.store.ensureTotpSecret(ctx.app.app_id, user.authy_id, base32Encode(generateOtpSecret(), { padding: false }), label, ctx.now);
  const uri = authenticatorUri(ctx.app.name, { totp_secret: secret, totp_label: label, emails: user.emails })!;
  const width = Math.min(input.qr_size ?? DEFAULT_QR_SIZE, MAX_QR_SIZE);
  const qrCode = await QRCode.toDataURL(uri, { type: "image/png", width, margin: 4, errorCorrectionLevel: "M" });
  return { qr_code: qrCode, success: true };
}
