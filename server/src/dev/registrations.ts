import { verifyWebhookEvent } from "../../../src/webhook-event.js";
import { parsePhone } from "../domain/phone.js";
import { generateOtpSecret } from "../domain/otp.js";
import type { AppRow, AuthyStore } from "../store/authy-store.js";

type Played =
  | { custom_user_id: string; authy_id: number; created: boolean }
  | { device_id: number; authy_id: number }
  | { status: number; error: string };

/** Fictional numbers (NANP 555-0100 to 555-0199) given to a person registering without a phone number. */
const FICTIONAL_PREFIX = "+1201555";

/**
 * Plays the Authy app (or an app with the TwilioAuth SDK) for `POST /__dev/registrations`:
 * - `{ "token": "<JWT>" }`, the token of a registration QR code without PII: checked as the app would (HS256 under
 *   the application's API key, `exp`/`iat` by the real time, `context.custom_user_id`, and `context.authy_app_id`
 *   when present must be this application). It links `custom_user_id` to a user: the one already linked, else
 *   `authy_id` when given, else the user of `country_code` + `cellphone` (registered when new), else a new user on
 *   a free fictional number (+1 201-555-01xx). That user has the Authy app from then on.
 * - `{ "registration_token": "…" }` from `POST /protected/json/sdk/registrations`: used once, adds an SDK device.
 */
export async function playAuthyApp(
  ctx: { store: AuthyStore; app: AppRow; now: Date; log: (line: string) => void },
  body: Record<string, unknown>,
): Promise<Played> {
  const { store, app, now } = ctx;
  if (typeof body.registration_token === "string") {
    const device = await store.registrations.completeSdkRegistration(app.app_id, body.registration_token, now);
    if (!device) return { status: 404, error: "no unused SDK registration has this registration_token" };
    await store.recordEvent(app.app_id, "device_registration_completed", device.authy_id, now, { device: { id: device.device_id, registration_method: "sdk" } });
    return { device_id: device.device_id, authy_id: device.authy_id };
  }
  if (typeof body.token !== "string") return { status: 400, error: "give token (a registration JWT) or registration_token (an SDK registration)" };
  let claims: Record<string, unknown>;
  try {
    claims = await verifyWebhookEvent(body.token, app.api_key);
  } catch (error) {
    return { status: 400, error: `the token is not accepted: ${(error as Error).message}` };
  }
  const context = (typeof claims.context === "object" && claims.context !== null ? claims.context : {}) as Record<string, unknown>;
  const customUserId = context.custom_user_id;
  if ((typeof customUserId !== "string" && typeof customUserId !== "number") || String(customUserId) === "") {
    return { status: 400, error: "the token has no context.custom_user_id" };
  }
  if (context.authy_app_id !== undefined && String(context.authy_app_id) !== String(app.app_id)) {
    return { status: 400, error: `the token is for application ${String(context.authy_app_id)}, not ${app.app_id}` };
  }
  const linked = await store.registrations.registeredAuthyId(app.app_id, String(customUserId));
  let authyId = linked !== undefined && (await store.user(app.app_id, linked, now)) ? linked : undefined;
  let created = false;
  if (authyId === undefined && body.authy_id !== undefined) {
    if (typeof body.authy_id !== "number" || !(await store.user(app.app_id, body.authy_id, now))) return { status: 404, error: `no user ${String(body.authy_id)}` };
    authyId = body.authy_id;
  }
  if (authyId === undefined) {
    let phone;
    if (body.country_code !== undefined || body.cellphone !== undefined) {
      phone = parsePhone(String(body.country_code ?? ""), String(body.cellphone ?? ""));
      if (!phone) return { status: 400, error: "country_code and cellphone are not a valid phone number" };
    } else {
      for (let n = 100; n < 200 && !phone; n++) {
        const candidate = parsePhone(1, `201555${String(n).padStart(4, "0")}`);
        if (candidate && !(await store.userByE164(app.app_id, candidate.e164, now))) phone = candidate;
      }
      if (!phone) return { status: 409, error: `every fictional number ${FICTIONAL_PREFIX}01xx is taken: give country_code and cellphone` };
    }
    const result = await store.upsertUser({ appId: app.app_id, ...phone, email: null, otpSecret: generateOtpSecret().toString("hex"), now });
    authyId = result.user.authy_id;
    created = result.created;
  }
  authyId = await store.registrations.link(app.app_id, String(customUserId), authyId, now);
  await store.setUserFlags(app.app_id, authyId, { appInstalled: true }, now);
  await store.recordEvent(app.app_id, "device_registration_completed", authyId, now, { device: { registration_method: "qr_code" } });
  ctx.log(`[authy app] registered custom_user_id ${String(customUserId)} as authy_id ${authyId}`);
  return { custom_user_id: String(customUserId), authy_id: Number(authyId), created };
}
