import type { IncomingMessage } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { canonicalLimitsFor, checkRailsParamsBounds } from "../../../src/rails-bounds.js";
import { computeAuthySignature, DEFAULT_CALLBACK_MAX_AGE_SECONDS, CALLBACK_MAX_FUTURE_SECONDS } from "../../../src/signature.js";
import { appOfApiKey } from "../domain/application.js";
import { AuthyFailure } from "../domain/failures.js";
import type { AppRow, AuthyStore } from "../store/authy-store.js";

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The URLs a client may have signed for this request: what it addressed (the `Host` it sent, or the one a proxy in
 * front forwarded), over http or https (a TLS terminator in front). The path is the one received.
 */
function candidateUrls(req: IncomingMessage, pathname: string): string[] {
  const hosts = [header(req, "x-forwarded-host"), header(req, "host")].filter((h): h is string => !!h).map((h) => h.split(",")[0]!.trim());
  const urls: string[] = [];
  for (const host of new Set(hosts)) for (const scheme of ["http", "https"]) urls.push(`${scheme}://${host}${pathname}`);
  return urls;
}

/**
 * Request signatures of the Webhooks and Dashboard APIs (reference §6), checked with the project's one canonicaliser
 * under the application's API signing key: `app_api_key` names the application (400 60073 when unknown),
 * `access_key` must be its access key (404 60071 missing, 60072 wrong), and `X-Authy-Signature` must be the HMAC of
 * `nonce|METHOD|url|params` (401 60087 otherwise). A nonce that reads as Unix seconds must be within 5 minutes of
 * the real time (1 minute ahead); a nonce and signature are accepted once, by every server on the database.
 */
export class SignedRequestVerifier {
  constructor(private readonly store: AuthyStore) {}

  async verify(req: IncomingMessage, pathname: string, params: Record<string, unknown>, paramBytes: number): Promise<AppRow> {
    const appApiKey = params.app_api_key;
    const app = typeof appApiKey === "string" && appApiKey !== "" ? await appOfApiKey(this.store, appApiKey) : undefined;
    if (!app || !app.signing_key || !app.access_key) throw new AuthyFailure(60073);
    const accessKey = params.access_key;
    if (typeof accessKey !== "string" || accessKey === "") throw new AuthyFailure(60071);
    if (!sameText(accessKey, app.access_key)) throw new AuthyFailure(60072);
    const nonce = header(req, "x-authy-signature-nonce");
    const signature = header(req, "x-authy-signature");
    if (!nonce || !signature) throw new AuthyFailure(60087, "Invalid signature: X-Authy-Signature and X-Authy-Signature-Nonce are required");
    const seconds = Number(nonce);
    const nowSeconds = Date.now() / 1000;
    if (Number.isFinite(seconds) && (seconds < nowSeconds - DEFAULT_CALLBACK_MAX_AGE_SECONDS || seconds > nowSeconds + CALLBACK_MAX_FUTURE_SECONDS)) {
      throw new AuthyFailure(60087, "Invalid signature: the nonce is not a recent time");
    }
    try {
      // Bounded work first (parameters someone else sent), then the one canonicaliser signs them as the client did.
      checkRailsParamsBounds(params, canonicalLimitsFor(Math.max(paramBytes, 1024)));
    } catch {
      throw new AuthyFailure(60087, "Invalid signature: the parameters cannot be canonicalised");
    }
    const method = (req.method ?? "GET").toUpperCase();
    for (const url of candidateUrls(req, pathname)) {
      const expected = await computeAuthySignature({ key: app.signing_key, nonce, method, url, params }).catch(() => "");
      if (sameText(expected, signature)) {
        const first = await this.store.signatureNonces.claim(app.app_id, nonce, signature, new Date(), DEFAULT_CALLBACK_MAX_AGE_SECONDS + CALLBACK_MAX_FUTURE_SECONDS);
        if (!first) throw new AuthyFailure(60087, "Invalid signature: this nonce was already used");
        return app;
      }
    }
    throw new AuthyFailure(60087);
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
