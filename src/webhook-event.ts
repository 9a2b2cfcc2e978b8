import type { components } from "../generated/schema.js";
import { AuthySignatureError, AuthyValidationError } from "./errors.js";

/**
 * Webhooks API event deliveries (reference §2.38): Authy POSTs `{ "body": "<JWT>" }` to the webhook URL; the JWT is
 * HS256-signed with that webhook's `signing_key` (`WSK_…`, returned once when the webhook is created). This is a
 * deliberately narrow JWS verifier: compact serialisation, HS256 only, on Web Crypto, no dependency.
 */

/** The claims of a webhook event JWT (the spec's `WebhookEventClaims` schema: known fields, open to others). */
export type WebhookEventClaims = components["schemas"]["WebhookEventClaims"];

export interface VerifyWebhookEventOptions {
  /** The time to judge `exp` and `nbf` against. Default: now. */
  now?: Date;
  /** Clock skew allowed on `exp`, `nbf` and `iat`, in seconds. Default 60 (as for callback nonces). */
  clockToleranceSeconds?: number;
  /**
   * Oldest `iat` accepted for a token without `exp`, in seconds. Default 300 (as for callbacks): a token that
   * never expires could be replayed forever, so one without `exp` must carry a recent `iat` instead.
   */
  maxAgeSeconds?: number;
}

/** Largest token accepted: 64 kB. Event JWTs are well under 2 kB. */
export const MAX_WEBHOOK_EVENT_TOKEN_LENGTH = 64 * 1024;
/** Default clock tolerance for `exp`/`nbf`/`iat`. */
export const DEFAULT_WEBHOOK_CLOCK_TOLERANCE_SECONDS = 60;
/** Default oldest `iat` of a token without `exp`: 5 minutes. */
export const DEFAULT_WEBHOOK_MAX_AGE_SECONDS = 300;

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Strict base64url (RFC 7515 §2: no padding, no other characters, no non-zero trailing bits). */
function decodeBase64Url(segment: string): Uint8Array | undefined {
  if (!SEGMENT.test(segment) || segment.length % 4 === 1) return undefined;
  const rem = segment.length % 4;
  const last = B64URL.indexOf(segment[segment.length - 1] as string);
  if ((rem === 2 && (last & 0x0f) !== 0) || (rem === 3 && (last & 0x03) !== 0)) return undefined;
  const binary = atob(segment.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - rem) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function decodeJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Verifies a webhook event JWT and resolves to its claims.
 *
 * Rejects, with an {@link AuthySignatureError} whose `reason` says why:
 * - `malformed`: not a string, longer than 64 kB, not three segments, invalid base64url, a header or payload that
 *   is not a JSON object, `exp`/`nbf` that are not numbers;
 * - `algorithm`: a header whose `alg` is anything but exactly `"HS256"` (`none`, `HS384`, `HS512`, `RS256`, missing),
 *   or that has `crit` (extensions this verifier does not implement, RFC 7515 §4.1.11);
 * - `signature`: the HMAC does not match (checked with `crypto.subtle.verify`, constant-time);
 * - `expired`: `now` is past `exp` + tolerance; or, for a token without `exp`, `iat` is more than `maxAgeSeconds`
 *   (+ tolerance) old; `not-yet-valid`: `now` is before `nbf` − tolerance, or (without `exp`) before `iat` − tolerance.
 * `exp` and `nbf` are optional (the event claims are not documented); when present they are enforced. A token
 * without `exp` must carry `iat` (otherwise `malformed`: its age cannot be judged, and it would be valid forever).
 *
 * @param signingKey the webhook's `signing_key`, used as UTF-8 bytes (as `jsonwebtoken` does with a string secret).
 * @throws AuthyValidationError for the caller's mistakes: an empty `signingKey`, options that are not an object, an
 *   invalid `now`, tolerance or `maxAgeSeconds`, or no Web Crypto.
 */
export async function verifyWebhookEvent(
  token: string,
  signingKey: string,
  options: VerifyWebhookEventOptions = {},
): Promise<WebhookEventClaims> {
  if (typeof signingKey !== "string" || signingKey.length === 0) {
    throw new AuthyValidationError("signingKey", "must be a non-empty string");
  }
  // A default parameter covers only `undefined`: `null` from JavaScript would otherwise end in a TypeError.
  if (typeof options !== "object" || options === null) throw new AuthyValidationError("options", "must be an object");
  const now = options.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new AuthyValidationError("now", "must be a valid Date");
  const tolerance = options.clockToleranceSeconds ?? DEFAULT_WEBHOOK_CLOCK_TOLERANCE_SECONDS;
  if (typeof tolerance !== "number" || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new AuthyValidationError("clockToleranceSeconds", "must be a finite number >= 0");
  }
  const maxAge = options.maxAgeSeconds ?? DEFAULT_WEBHOOK_MAX_AGE_SECONDS;
  if (typeof maxAge !== "number" || !Number.isFinite(maxAge) || maxAge < 0) {
    throw new AuthyValidationError("maxAgeSeconds", "must be a finite number >= 0");
  }

  if (typeof token !== "string") throw new AuthySignatureError("malformed", "Webhook event token is not a string");
  if (token.length > MAX_WEBHOOK_EVENT_TOKEN_LENGTH) {
    throw new AuthySignatureError("malformed", `Webhook event token is longer than ${MAX_WEBHOOK_EVENT_TOKEN_LENGTH} characters`);
  }
  const segments = token.split(".");
  if (segments.length !== 3) throw new AuthySignatureError("malformed", "Webhook event token does not have three segments");
  const [headerPart, payloadPart, signaturePart] = segments as [string, string, string];

  const headerBytes = decodeBase64Url(headerPart);
  const header = headerBytes && decodeJsonObject(headerBytes);
  if (!header) throw new AuthySignatureError("malformed", "Webhook event token header is not base64url JSON object");
  if (header.alg !== "HS256") {
    throw new AuthySignatureError("algorithm", `Webhook event token algorithm must be HS256, got ${JSON.stringify(header.alg ?? null)}`);
  }
  if (Object.hasOwn(header, "crit")) throw new AuthySignatureError("algorithm", "Webhook event token header has unsupported crit");

  const payloadBytes = decodeBase64Url(payloadPart);
  if (!payloadBytes) throw new AuthySignatureError("malformed", "Webhook event token payload is not base64url");
  const signature = decodeBase64Url(signaturePart);
  if (!signature) throw new AuthySignatureError("malformed", "Webhook event token signature is not base64url");

  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new AuthyValidationError("crypto", "Web Crypto (globalThis.crypto.subtle) is not available");
  const encoder = new TextEncoder();
  const key = await subtle.importKey("raw", encoder.encode(signingKey), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  const valid = await subtle.verify("HMAC", key, signature, encoder.encode(`${headerPart}.${payloadPart}`));
  if (!valid) throw new AuthySignatureError("signature", "Webhook event token signature does not match");

  const claims = decodeJsonObject(payloadBytes);
  if (!claims) throw new AuthySignatureError("malformed", "Webhook event token payload is not a JSON object");
  const nowSeconds = now.getTime() / 1000;
  for (const name of ["exp", "nbf", "iat"] as const) {
    const value = claims[name];
    if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value))) {
      throw new AuthySignatureError("malformed", `Webhook event token claim ${name} is not a number`);
    }
  }
  if (typeof claims.exp === "number") {
    if (nowSeconds > claims.exp + tolerance) throw new AuthySignatureError("expired", "Webhook event token has expired");
  } else if (typeof claims.iat !== "number") {
    throw new AuthySignatureError("malformed", "Webhook event token has neither exp nor iat: its age cannot be judged");
  } else if (nowSeconds > claims.iat + maxAge + tolerance) {
    throw new AuthySignatureError("expired", `Webhook event token has no exp and was issued more than ${maxAge} s ago`);
  } else if (nowSeconds < claims.iat - tolerance) {
    throw new AuthySignatureError("not-yet-valid", "Webhook event token has no exp and was issued in the future");
  }
  if (typeof claims.nbf === "number" && nowSeconds < claims.nbf - tolerance) {
    throw new AuthySignatureError("not-yet-valid", "Webhook event token is not valid yet");
  }
  return claims as WebhookEventClaims;
}
