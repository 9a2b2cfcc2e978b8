// Verifying OneTouch callbacks: the implementations behind the package's verifyCallbackSignature,
// verifyCallbackRequest and verifyNodeCallbackRequest (documented in src/verifiers.ts, which loads this module on
// first use so that importing the package does not parse it).
import { AuthyValidationError } from "./errors.js";
import type { RailsParamsInput } from "./rails-params.js";
import { canonicalizeWithinLimits, canonicalLimitsFor } from "./rails-bounds.js";
import {
  CALLBACK_MAX_FUTURE_SECONDS,
  DEFAULT_CALLBACK_MAX_AGE_SECONDS,
  DEFAULT_CALLBACK_MAX_BYTES,
  hmacKey,
  requireKey,
  subtle,
  urlWithoutQuery,
  utf8,
  type SeenNonce,
} from "./signature.js";

const MAX_NONCE_LENGTH = 32;
const NONCE_PATTERN = /^\d{1,15}(?:\.\d{1,9})?$/;
/** The only base64 form of a 32-byte HMAC-SHA256: 43 characters and one `=`. */
const SIGNATURE_PATTERN = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const METHOD_PATTERN = /^[A-Za-z]{1,16}$/;

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}


export interface CallbackVerificationPolicy {
  /** The application's API key (the secret OneTouch callbacks are signed with). Required. */
  apiKey: string;
  /** The time to judge the nonce against. Default: now. */
  now?: Date;
  /**
   * Oldest nonce accepted, in seconds. Default 300 ({@link DEFAULT_CALLBACK_MAX_AGE_SECONDS}): Authy calls back
   * within seconds of the user's answer, so five minutes absorbs delivery delays and clock drift, while a captured
   * callback stops being replayable after five minutes even without a nonce store (the same tolerance Stripe and
   * Slack use for their signed webhooks). Nonces more than 60 s in the future are always rejected.
   */
  maxAgeSeconds?: number;
  /** Replay store; see {@link SeenNonce} and {@link createMemoryNonceStore}. Without one, a replay inside the window passes. */
  seenNonce?: SeenNonce;
  /**
   * Largest callback accepted, in bytes: the body of a POST or the query of a GET (adapters), and a quarter of the
   * longest canonical parameter string. Default 256 KiB ({@link DEFAULT_CALLBACK_MAX_BYTES}).
   */
  maxBytes?: number;
}

export interface VerifyCallbackOptions extends CallbackVerificationPolicy {
  /** The callback's HTTP method (`GET` or `POST`). */
  method: unknown;
  /** The public URL Authy called (the callback URL configured in the console); the query string is ignored. */
  url: unknown;
  /** The parsed JSON body of a POST, or the query parameters of a GET (`URLSearchParams` or the parsed object). */
  params: unknown;
  /** The `X-Authy-Signature-Nonce` header. */
  nonce: unknown;
  /** The `X-Authy-Signature` header. */
  signature: unknown;
}

function checkPolicy(policy: CallbackVerificationPolicy): { nowMs: number; maxAge: number; maxBytes: number } {
  if (typeof policy !== "object" || policy === null) throw new AuthyValidationError("options", "must be an object");
  requireKey("apiKey", policy.apiKey);
  const now = policy.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new AuthyValidationError("now", "must be a valid Date");
  const maxAge = policy.maxAgeSeconds ?? DEFAULT_CALLBACK_MAX_AGE_SECONDS;
  if (typeof maxAge !== "number" || !Number.isFinite(maxAge) || maxAge < 0) {
    throw new AuthyValidationError("maxAgeSeconds", "must be a finite number >= 0");
  }
  const maxBytes = policy.maxBytes ?? DEFAULT_CALLBACK_MAX_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new AuthyValidationError("maxBytes", "must be a positive integer");
  if (policy.seenNonce !== undefined && typeof policy.seenNonce !== "function") {
    throw new AuthyValidationError("seenNonce", "must be a function");
  }
  return { nowMs: now.getTime(), maxAge, maxBytes };
}

function isParams(value: unknown): value is RailsParamsInput {
  if (value instanceof URLSearchParams) return true;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Implements the package export of the same name: see src/verifiers.ts. */
export async function verifyCallbackSignature(options: VerifyCallbackOptions): Promise<boolean> {
  const { nowMs, maxAge, maxBytes } = checkPolicy(options);
  const { method, url, params, nonce, signature } = options;
  if (typeof signature !== "string" || signature.length !== 44 || !SIGNATURE_PATTERN.test(signature)) return false;
  if (typeof nonce !== "string" || nonce.length > MAX_NONCE_LENGTH || !NONCE_PATTERN.test(nonce)) return false;
  const ageSeconds = nowMs / 1000 - Number(nonce);
  if (!(ageSeconds <= maxAge) || ageSeconds < -CALLBACK_MAX_FUTURE_SECONDS) return false;
  if (typeof method !== "string" || !METHOD_PATTERN.test(method)) return false;
  if (typeof url !== "string" || url.length > 8192 || !/^https?:\/\/[^/?#\s]+/i.test(url)) return false;
  if (!isParams(params)) return false;
  if (params instanceof URLSearchParams && params.toString().length > maxBytes) return false;
  let canonical: string;
  try {
    // Bounded before any key is built (count, key length, depth, total bytes): no secret is needed to send this.
    canonical = canonicalizeWithinLimits(params, canonicalLimitsFor(maxBytes));
  } catch {
    return false;
  }
  const data = `${nonce}|${method.toUpperCase()}|${urlWithoutQuery(url)}|${canonical}`;
  const valid = await subtle().verify("HMAC", await hmacKey(options.apiKey, "verify"), fromBase64(signature), utf8.encode(data));
  if (!valid) return false;
  if (options.seenNonce && (await options.seenNonce(nonce, signature, (Number(nonce) + maxAge) * 1000))) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Adapters

export interface CallbackRequestOptions extends CallbackVerificationPolicy {
  /**
   * The public URL of the callback endpoint as configured in the Authy console (query ignored). Overrides anything
   * derived from the request; use it when the server cannot know its own public address.
   */
  publicUrl?: string;
  /**
   * Rebuild the public URL from `X-Forwarded-Proto` and `X-Forwarded-Host` (first value of each). Only set this
   * when a proxy you control always sets (or strips) those headers: otherwise a client chooses them. Default false.
   */
  trustProxy?: boolean;
}

export interface NodeCallbackRequestOptions extends CallbackRequestOptions {
  /** Scheme of the public URL when it is derived from the `Host` header. Default `"https"`. */
  protocol?: "https" | "http";
}

/** The parts of a Node `IncomingMessage` (Express `Request`) the verifier reads. */
export interface NodeCallbackRequest {
  method?: string | undefined;
  /** Path and query (`/authy/callback?…`). */
  url?: string | undefined;
  /** Express: the URL before any router rewrote `url`; preferred when present. */
  originalUrl?: string | undefined;
  /** Node lower-cases header names; any case is accepted here. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The parsed body (`express.json()`), or the raw body as a string or bytes. */
  body?: unknown;
}

const HOST_PATTERN = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function checkPublicUrl(publicUrl: unknown): string | undefined {
  if (publicUrl === undefined) return undefined;
  if (typeof publicUrl !== "string" || !URL.canParse(publicUrl) || !/^https?:$/.test(new URL(publicUrl).protocol)) {
    throw new AuthyValidationError("publicUrl", "must be an absolute http(s) URL");
  }
  return publicUrl;
}

/** First value of a possibly repeated, possibly comma-joined forwarding header. */
function firstForwarded(value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  const first = value.split(",")[0]?.trim();
  return first === "" ? undefined : first;
}

function originFrom(proto: string | undefined, host: string | undefined): string | undefined {
  if (proto === undefined || host === undefined) return undefined;
  const scheme = proto.toLowerCase();
  if (scheme !== "https" && scheme !== "http") return undefined;
  if (!HOST_PATTERN.test(host)) return undefined;
  return `${scheme}://${host}`;
}

/** Reads a header from a Node-style header record, any case; a repeated header (array of 2+) is ambiguous. */
function nodeHeader(headers: NodeCallbackRequest["headers"], name: string): string | null | "ambiguous" {
  let found: string | readonly string[] | undefined;
  let count = 0;
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== name) continue;
    const value = headers[key];
    if (value === undefined) continue;
    found = value;
    count++;
  }
  if (count > 1) return "ambiguous";
  if (found === undefined) return null;
  if (typeof found === "string") return found;
  if (Array.isArray(found) && found.length === 1 && typeof found[0] === "string") return found[0];
  return "ambiguous";
}

function parseJsonObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function readLimited(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string | undefined> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Not awaited: cancelling one branch of a cloned (tee'd) body settles only when the other branch is cancelled too.
      reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = await new Blob(chunks).arrayBuffer();
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Whether every parameter a handler could read from this request target is covered by the signature: an
 * origin-form path (`/…`, not `//…`), no fragment (Node passes `#…` through in `req.url`, and a handler that
 * parses everything after `?` would read parameters after it that were never signed), no whitespace or control
 * characters, and only well-formed percent-escapes (which every parser decodes alike).
 */
function isSignableTarget(target: string): boolean {
  return (
    target.startsWith("/") &&
    !target.startsWith("//") &&
    !/[#\s\x00-\x1f\x7f]/.test(target) &&
    !MALFORMED_ESCAPE.test(target)
  );
}

/** A `%` not followed by two hex digits: parsers disagree on what it means. */
const MALFORMED_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/** Whether a framework parsed a body (`express.json()` leaves `{}` when there was none). */
function hasBody(body: unknown): boolean {
  if (body === undefined || body === null) return false;
  if (typeof body === "string" || body instanceof Uint8Array) return body.length > 0;
  return typeof body !== "object" || Object.keys(body).length > 0;
}

function isFormContentType(contentType: string | null | undefined): boolean {
  return typeof contentType === "string" && /^\s*application\/x-www-form-urlencoded\b/i.test(contentType);
}

/** Implements the package export of the same name: see src/verifiers.ts. */
export async function verifyCallbackRequest(request: Request, options: CallbackRequestOptions): Promise<boolean> {
  const { maxBytes } = checkPolicy(options);
  const publicUrl = checkPublicUrl(options.publicUrl);
  if (request.bodyUsed) throw new AuthyValidationError("request", "body was already read; verify before reading it");
  // request.url keeps a fragment the client sent; a handler splitting the URL itself would read what follows it.
  if (request.url.includes("#") || MALFORMED_ESCAPE.test(request.url)) return false;
  const requestUrl = new URL(request.url);
  let url: string | undefined = publicUrl;
  if (url === undefined && options.trustProxy) {
    const proto = firstForwarded(request.headers.get("x-forwarded-proto")) ?? requestUrl.protocol.slice(0, -1);
    const host = firstForwarded(request.headers.get("x-forwarded-host")) ?? requestUrl.host;
    const origin = originFrom(proto, host);
    if (origin === undefined) return false;
    url = origin + requestUrl.pathname;
  }
  url ??= requestUrl.origin + requestUrl.pathname;
  const method = request.method.toUpperCase();
  let params: unknown;
  if (method === "GET" || method === "HEAD") {
    if (requestUrl.search.length > maxBytes) return false;
    params = requestUrl.searchParams;
  } else {
    if (requestUrl.search !== "" || request.url.includes("?")) return false; // a POST signs its body only
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > maxBytes) return false;
    const body = request.clone().body;
    const text = body ? await readLimited(body, maxBytes) : "";
    if (text === undefined) return false;
    params = isFormContentType(request.headers.get("content-type")) ? new URLSearchParams(text) : parseJsonObject(text);
  }
  return verifyCallbackSignature({
    ...options,
    method,
    url,
    params,
    nonce: request.headers.get("x-authy-signature-nonce") ?? undefined,
    signature: request.headers.get("x-authy-signature") ?? undefined,
  });
}

/** Implements the package export of the same name: see src/verifiers.ts. */
export async function verifyNodeCallbackRequest(req: NodeCallbackRequest, options: NodeCallbackRequestOptions): Promise<boolean> {
  const { maxBytes } = checkPolicy(options);
  const publicUrl = checkPublicUrl(options.publicUrl);
  const protocol = options.protocol ?? "https";
  if (protocol !== "https" && protocol !== "http") throw new AuthyValidationError("protocol", 'must be "https" or "http"');
  if (typeof req !== "object" || req === null || typeof req.headers !== "object" || req.headers === null) return false;
  const headers = req.headers;
  const target = typeof req.originalUrl === "string" ? req.originalUrl : req.url;
  if (typeof target !== "string" || !isSignableTarget(target)) return false;
  const queryStart = target.indexOf("?");
  const path = queryStart < 0 ? target : target.slice(0, queryStart);
  const query = queryStart < 0 ? "" : target.slice(queryStart + 1);

  let url: string | undefined = publicUrl;
  if (url === undefined) {
    const hostHeader = nodeHeader(headers, "host");
    if (hostHeader === "ambiguous") return false;
    let proto: string | undefined = protocol;
    let host = hostHeader ?? undefined;
    if (options.trustProxy) {
      const fProto = nodeHeader(headers, "x-forwarded-proto");
      const fHost = nodeHeader(headers, "x-forwarded-host");
      if (fProto === "ambiguous" || fHost === "ambiguous") return false;
      proto = firstForwarded(fProto) ?? proto;
      host = firstForwarded(fHost) ?? host;
    }
    const origin = originFrom(proto, host);
    if (origin === undefined) return false;
    url = origin + path;
  }

  const nonce = nodeHeader(headers, "x-authy-signature-nonce");
  const signature = nodeHeader(headers, "x-authy-signature");
  if (nonce === "ambiguous" || signature === "ambiguous") return false;
  if (typeof req.method !== "string") return false;
  const method = req.method.toUpperCase();

  let params: unknown;
  if (method === "GET" || method === "HEAD") {
    if (query.length > maxBytes) return false;
    if (hasBody(req.body)) return false; // a GET signs its query only: a body would be unsigned parameters
    params = new URLSearchParams(query);
  } else {
    if (queryStart >= 0) return false; // a POST signs its body only: a query would be unsigned parameters
    const body = req.body;
    if (typeof body === "string" || body instanceof Uint8Array) {
      const size = typeof body === "string" ? utf8.encode(body).byteLength : body.byteLength;
      if (size > maxBytes) return false;
      let text: string;
      try {
        text = typeof body === "string" ? body : new TextDecoder("utf-8", { fatal: true }).decode(body);
      } catch {
        return false;
      }
      params = isFormContentType(nodeHeader(headers, "content-type")) ? new URLSearchParams(text) : parseJsonObject(text);
    } else {
      params = body;
    }
  }
  return verifyCallbackSignature({ ...options, method, url, params, nonce, signature });
}
