import { oneTouchCallbackSchema } from "../generated/webhook-schemas.js";
import type { components, operations } from "../generated/schema.js";
import { AuthyValidationError } from "./errors.js";
import { flattenRailsParams, unflattenRailsParams, type RailsParamsInput } from "./rails-params.js";
import { findSchemaViolation } from "./validate.js";

/**
 * Authy's request signature (reference §6): `X-Authy-Signature` = base64(HMAC-SHA256(key, data)) with
 * `data = nonce|METHOD|url-without-query|canonical-params`. The same algorithm signs OneTouch callbacks (key: the
 * application API key) and the client's Webhooks/Dashboard API requests (key: the API signing key).
 * Everything here runs on Web Crypto (`globalThis.crypto.subtle`), so it is asynchronous.
 */

/** How old a callback nonce may be before it is rejected: 5 minutes. See {@link VerifyCallbackOptions.maxAgeSeconds}. */
export const DEFAULT_CALLBACK_MAX_AGE_SECONDS = 300;
/** How far in the future a callback nonce may be (clock skew between Authy and this server): 60 seconds. */
export const CALLBACK_MAX_FUTURE_SECONDS = 60;
/**
 * Largest callback accepted: 256 KiB of body (or query string, or canonical parameters). A real OneTouch callback
 * is 2–4 kB; the limit leaves room for large `details` and logos while bounding the work an attacker can cause.
 */
export const DEFAULT_CALLBACK_MAX_BYTES = 256 * 1024;

const MAX_NONCE_LENGTH = 32;
const NONCE_PATTERN = /^\d{1,15}(?:\.\d{1,9})?$/;
/** The only base64 form of a 32-byte HMAC-SHA256: 43 characters and one `=`. */
const SIGNATURE_PATTERN = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const METHOD_PATTERN = /^[A-Za-z]{1,16}$/;

const utf8 = new TextEncoder();

type Subtle = typeof globalThis.crypto.subtle;
type HmacKey = Awaited<ReturnType<Subtle["importKey"]>>;

function subtle(): Subtle {
  const crypto = globalThis.crypto;
  if (!crypto?.subtle) throw new AuthyValidationError("crypto", "Web Crypto (globalThis.crypto.subtle) is not available");
  return crypto.subtle;
}

function requireKey(field: string, key: unknown): string {
  if (typeof key !== "string" || key.length === 0) throw new AuthyValidationError(field, "must be a non-empty string");
  return key;
}

async function hmacKey(key: string, usage: "sign" | "verify"): Promise<HmacKey> {
  return subtle().importKey("raw", utf8.encode(key), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Percent-encodes one key or value as Authy does: UTF-8, everything but `A–Z a–z 0–9 - _ . ~` escaped with
 * upper-case hex, then `%20` written as `+`.
 * @throws AuthyValidationError on a lone UTF-16 surrogate (it has no UTF-8 form).
 */
function encodeComponent(text: string, field: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    throw new AuthyValidationError(field, "contains a lone surrogate (not valid Unicode)");
  }
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, "+");
}

const INDEX = /%5B\d+%5D/g;

/**
 * The canonical parameter string of §6.2, the one canonicaliser of the project (callback verification and the
 * client's request signing both use it):
 * 1. flatten to Rails bracket pairs with array indices (`logos[0][res]`), `null` as an empty value, empty objects
 *    and arrays omitted, booleans `true`/`false`, numbers in decimal ({@link flattenRailsParams});
 * 2. percent-encode each key and value (unreserved `A–Z a–z 0–9 - _ . ~`, `%20` → `+`);
 * 3. sort the `key=value` strings in byte order while the indices are still there, so each array element's
 *    members stay together and elements stay in order;
 * 4. drop the indices from the keys (`%5B0%5D` → `%5B%5D`) and join with `&`.
 *
 * A `URLSearchParams` (a GET callback's query) is first rebuilt into nested form the way Rails parses it
 * ({@link unflattenRailsParams}), so `logos[][res]=…&logos[][url]=…` pairs are grouped per element exactly as for a
 * JSON body. Only keys lose their indices: a value containing `[0]` is signed as it is.
 *
 * Arrays of 11 or more elements sort `[10]` before `[2]` (byte order, as §6.2 records); the server's behaviour there
 * is unknown. Numeric object keys (`{ "0": … }`) are indistinguishable from array indices, as in every Authy SDK.
 *
 * @throws AuthyValidationError on parameters that cannot be canonicalised: a cycle, nesting deeper than 32, a lone
 *   surrogate, a function, a repeated or conflicting key in a `URLSearchParams`.
 */
export function canonicalizeAuthyParams(params: RailsParamsInput): string {
  const input = params instanceof URLSearchParams ? unflattenRailsParams(params) : params;
  const pairs = flattenRailsParams(input).map(([key, value]) => {
    const k = encodeComponent(key, key);
    const v = encodeComponent(value, key);
    return { k, v, sortKey: `${k}=${v}` };
  });
  pairs.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  return pairs.map(({ k, v }) => `${k.replace(INDEX, "%5B%5D")}=${v}`).join("&");
}

/** The URL as signed: everything before the query string or fragment, unchanged otherwise. */
function urlWithoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

export interface AuthySigningInput {
  /** The `X-Authy-Signature-Nonce` value (Unix seconds for callbacks; any opaque string for client requests). */
  nonce: string;
  /** HTTP method; upper-cased before signing. */
  method: string;
  /** Full URL; any query string or fragment is ignored. */
  url: string;
  /** The JSON body of a POST, or the query parameters of a GET (`URLSearchParams` or the equivalent object). */
  params: RailsParamsInput;
}

/** The exact string that is HMAC-ed: `nonce|METHOD|url-without-query|canonical-params`. */
export function authySigningString({ nonce, method, url, params }: AuthySigningInput): string {
  return `${nonce}|${method.toUpperCase()}|${urlWithoutQuery(url)}|${canonicalizeAuthyParams(params)}`;
}

/**
 * The `X-Authy-Signature` value: base64 of HMAC-SHA256(key (UTF-8), {@link authySigningString} (UTF-8)).
 * `key` is the application API key for callbacks, the API signing key for Webhooks/Dashboard API requests.
 * @throws AuthyValidationError on an empty key or parameters that cannot be canonicalised.
 */
export async function computeAuthySignature(input: AuthySigningInput & { key: string }): Promise<string> {
  const key = requireKey("key", input.key);
  const data = authySigningString(input);
  const mac = await subtle().sign("HMAC", await hmacKey(key, "sign"), utf8.encode(data));
  return toBase64(new Uint8Array(mac));
}

// ---------------------------------------------------------------------------------------------------------------
// Replay protection

/**
 * Replay check: resolves to `true` when this callback was already accepted (reject it), otherwise records it and
 * resolves to `false`. Called only after the signature and the time window have been verified, so forged callbacks
 * never reach (or fill) the store. The key to remember is `nonce` together with `signature`: Authy's nonce is a
 * timestamp in seconds, so two genuine callbacks can share a nonce, while a replay repeats both.
 * A store that throws makes verification reject (the error propagates to the caller).
 */
export type SeenNonce = (nonce: string, signature: string) => boolean | Promise<boolean>;

export interface MemoryNonceStoreOptions {
  /**
   * How long an entry is remembered, in seconds. Default `maxAge + future skew` = 360 s: a nonce can be accepted
   * from up to 60 s before its time until `maxAgeSeconds` after it, so a shorter TTL would reopen the window.
   * Set it to `maxAgeSeconds + 60` if you change `maxAgeSeconds`.
   */
  ttlSeconds?: number;
  /** Most entries kept; the oldest are forgotten first. Default 100 000 (a few MB at most). */
  maxEntries?: number;
  /** Clock in milliseconds (tests). Default `Date.now`. */
  clock?: () => number;
}

export interface MemoryNonceStore {
  /** Pass as `seenNonce` to the verify functions. */
  readonly seenNonce: SeenNonce;
  /** Entries currently remembered. */
  readonly size: number;
  clear(): void;
}

/**
 * An in-process replay store for one server process. Entries expire after `ttlSeconds`; the store never holds more
 * than `maxEntries`. Several processes or hosts need a shared store (Redis `SET key 1 NX EX 360`, for example)
 * behind the same {@link SeenNonce} signature.
 */
export function createMemoryNonceStore(options: MemoryNonceStoreOptions = {}): MemoryNonceStore {
  const ttlMs = (options.ttlSeconds ?? DEFAULT_CALLBACK_MAX_AGE_SECONDS + CALLBACK_MAX_FUTURE_SECONDS) * 1000;
  const maxEntries = options.maxEntries ?? 100_000;
  const clock = options.clock ?? Date.now;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new AuthyValidationError("ttlSeconds", "must be a positive number");
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new AuthyValidationError("maxEntries", "must be a positive integer");
  // Insertion order is expiry order (one TTL for all), so the oldest entries are always first.
  const entries = new Map<string, number>();
  /** Forgets expired entries and, when `room` is asked for, the oldest ones until a new entry fits. */
  const prune = (now: number, room: number): void => {
    for (const [key, expires] of entries) {
      if (expires > now && entries.size + room <= maxEntries) break;
      entries.delete(key);
    }
  };
  return {
    seenNonce(nonce: string, signature: string): boolean {
      const now = clock();
      const key = `${nonce} ${signature}`;
      const expires = entries.get(key);
      if (expires !== undefined && expires > now) return true;
      if (expires !== undefined) entries.delete(key);
      prune(now, 1);
      entries.set(key, now + ttlMs);
      return false;
    },
    get size() {
      prune(clock(), 0);
      return entries.size;
    },
    clear() {
      entries.clear();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Verifying callbacks

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

/**
 * Whether a OneTouch callback is authentic, fresh and (with `seenNonce`) not a replay. Resolves to `false` for
 * anything not authentic or malformed — a missing or non-string header, invalid base64, a signature of the wrong
 * length, a nonce that is not Unix seconds (`1512923419` or `1427849783.886085`), older than `maxAgeSeconds` or
 * more than 60 s in the future, parameters that are not an object, nested deeper than 32, larger than `maxBytes`
 * or with a repeated key. The comparison is constant-time (`crypto.subtle.verify`).
 *
 * @throws AuthyValidationError only for the caller's mistakes: no `apiKey`, an invalid `now`, `maxAgeSeconds`,
 *   `maxBytes` or `seenNonce`. An error thrown by `seenNonce` propagates.
 */
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
    canonical = canonicalizeAuthyParams(params);
  } catch {
    return false;
  }
  // Percent-encoding at most triples a byte and keys repeat their prefixes: 4x the raw limit bounds the HMAC input.
  if (canonical.length > 4 * maxBytes) return false;
  const data = `${nonce}|${method.toUpperCase()}|${urlWithoutQuery(url)}|${canonical}`;
  const valid = await subtle().verify("HMAC", await hmacKey(options.apiKey, "verify"), fromBase64(signature), utf8.encode(data));
  if (!valid) return false;
  if (options.seenNonce && (await options.seenNonce(nonce, signature))) return false;
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
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function isFormContentType(contentType: string | null | undefined): boolean {
  return typeof contentType === "string" && /^\s*application\/x-www-form-urlencoded\b/i.test(contentType);
}

/**
 * Verifies a OneTouch callback arriving as a Fetch API `Request` (Deno, Bun, Cloudflare Workers, Next.js route
 * handlers, Hono…): headers read case-insensitively, the query of a GET or the JSON body of a POST (read from a
 * clone, so the handler can still read `request.json()`), the URL from `request.url` unless `publicUrl` or
 * `trustProxy` says otherwise. Resolves to `false` for anything not authentic, as {@link verifyCallbackSignature}.
 * @throws AuthyValidationError for the caller's mistakes (no `apiKey`, an invalid `publicUrl`, a body already read).
 */
export async function verifyCallbackRequest(request: Request, options: CallbackRequestOptions): Promise<boolean> {
  const { maxBytes } = checkPolicy(options);
  const publicUrl = checkPublicUrl(options.publicUrl);
  if (request.bodyUsed) throw new AuthyValidationError("request", "body was already read; verify before reading it");
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

/**
 * Verifies a OneTouch callback arriving as a Node `IncomingMessage` whose body a framework already parsed
 * (Express with `express.json()`, Fastify, Koa with a body parser). Structural: any object with `method`, `url`
 * (or `originalUrl`), `headers` and `body` works. The public URL is `protocol://Host-header/path` (protocol option,
 * default https), rebuilt from `X-Forwarded-Proto`/`X-Forwarded-Host` only with `trustProxy`, or `publicUrl`.
 * A POST whose `body` is `undefined` (no body parser installed) resolves to `false`.
 * @throws AuthyValidationError for the caller's mistakes (no `apiKey`, an invalid `publicUrl` or `protocol`).
 */
export async function verifyNodeCallbackRequest(req: NodeCallbackRequest, options: NodeCallbackRequestOptions): Promise<boolean> {
  const { maxBytes } = checkPolicy(options);
  const publicUrl = checkPublicUrl(options.publicUrl);
  const protocol = options.protocol ?? "https";
  if (protocol !== "https" && protocol !== "http") throw new AuthyValidationError("protocol", 'must be "https" or "http"');
  if (typeof req !== "object" || req === null || typeof req.headers !== "object" || req.headers === null) return false;
  const headers = req.headers;
  const target = typeof req.originalUrl === "string" ? req.originalUrl : req.url;
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//")) return false;
  const queryStart = target.search(/[?#]/);
  const path = queryStart < 0 ? target : target.slice(0, queryStart);
  const query = queryStart < 0 || target[queryStart] === "#" ? "" : target.slice(queryStart + 1).split("#")[0] ?? "";

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
    params = new URLSearchParams(query);
  } else {
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

// ---------------------------------------------------------------------------------------------------------------
// Typed payload

/** The JSON body of a POST OneTouch callback (the spec's `OneTouchCallback` schema). */
export type OneTouchCallback = components["schemas"]["OneTouchCallback"];
/** The query of a GET OneTouch callback, rebuilt into nested form (string values; the spec's GET callback query). */
export type OneTouchCallbackQuery = operations["receiveOneTouchCallbackQuery"]["parameters"]["query"];

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Types a verified callback's payload. Verify first, then parse: this checks shape, not authenticity.
 * - The parsed JSON body of a POST is checked against the spec's `OneTouchCallback` schema (required `authy_id`,
 *   `callback_action`, `uuid`, `status` of `"approved" | "denied"`, `approval_request.transaction`; every named
 *   member of the right type; unknown members passed through).
 * - The query of a GET (`URLSearchParams`) is rebuilt into nested objects the way Rails parses it; its values stay
 *   strings, as they arrived (`authy_id: "688611"`, `encrypted: "false"`). Checked: `status` is `"approved"` or
 *   `"denied"`; `uuid`, `authy_id` and `callback_action` are strings; `approval_request` is an object; `device`, when
 *   present, is an object.
 * @throws AuthyValidationError naming the first field that does not match (a dotted path, `callback` for the root).
 */
export function parseOneTouchCallback(params: URLSearchParams): OneTouchCallbackQuery;
export function parseOneTouchCallback(params: unknown): OneTouchCallback;
export function parseOneTouchCallback(params: unknown): OneTouchCallback | OneTouchCallbackQuery {
  if (params instanceof URLSearchParams) {
    const value = unflattenRailsParams(params);
    if (value.status !== "approved" && value.status !== "denied") {
      throw new AuthyValidationError("status", 'must be one of "approved", "denied"');
    }
    for (const name of ["uuid", "authy_id", "callback_action"] as const) {
      if (typeof value[name] !== "string") throw new AuthyValidationError(name, "is required");
    }
    if (!isPlainRecord(value.approval_request)) throw new AuthyValidationError("approval_request", "must be an object");
    if (value.device !== undefined && !isPlainRecord(value.device)) throw new AuthyValidationError("device", "must be an object");
    return value as unknown as OneTouchCallbackQuery;
  }
  if (!isPlainRecord(params)) throw new AuthyValidationError("callback", "must be an object");
  const problem = findSchemaViolation(oneTouchCallbackSchema, params, "");
  if (problem) throw new AuthyValidationError(problem[0] || "callback", problem[1]);
  return params as OneTouchCallback;
}
