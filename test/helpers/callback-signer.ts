// Signs OneTouch callbacks for tests with node:crypto, independently of src/ (reference §6.2): the verifiers are
// checked against this, not against the package's own signer. Flat string parameters only, which is all the edge
// tests need; nested parameters are covered by the captured vectors in test/fixtures/callback-vectors.json.
import { createHmac } from "node:crypto";

/** Authy's percent-encoding: UTF-8, everything but `A–Z a–z 0–9 - _ . ~` escaped in upper-case hex, space as `+`. */
function authyEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** base64 HMAC-SHA256 of `data` under `apiKey`: the `X-Authy-Signature` of an already built string to sign. */
export function signData(apiKey: string, data: string): string {
  return createHmac("sha256", apiKey).update(data, "utf8").digest("base64");
}

export interface FlatCallback {
  apiKey: string;
  nonce: string;
  method: string;
  /** Signed as given up to the first `?` or `#`. */
  url: string;
  params: Readonly<Record<string, string>>;
}

/** `nonce|METHOD|url-without-query|canonical-params`, the pairs sorted in byte order (all ASCII after encoding). */
export function callbackSigningString({ nonce, method, url, params }: Omit<FlatCallback, "apiKey">): string {
  const canonical = Object.entries(params)
    .map(([key, value]) => `${authyEncode(key)}=${authyEncode(value)}`)
    .sort()
    .join("&");
  return `${nonce}|${method.toUpperCase()}|${url.split(/[?#]/)[0]}|${canonical}`;
}

export function signCallback(callback: FlatCallback): string {
  return signData(callback.apiKey, callbackSigningString(callback));
}
