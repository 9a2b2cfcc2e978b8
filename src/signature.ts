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

// Typed structurally: the inferred type would name @types/node's TextEncoder in the published declarations.
export const utf8: { encode(input: string): Uint8Array } = new TextEncoder();

type Subtle = typeof globalThis.crypto.subtle;
type HmacKey = Awaited<ReturnType<Subtle["importKey"]>>;

export function subtle(): Subtle {
  const crypto = globalThis.crypto;
  if (!crypto?.subtle) throw new AuthyValidationError("crypto", "Web Crypto (globalThis.crypto.subtle) is not available");
  return crypto.subtle;
}

export function requireKey(field: string, key: unknown): string {
  if (typeof key !== "string" || key.length === 0) throw new AuthyValidationError(field, "must be a non-empty string");
  return key;
}

export async function hmacKey(key: string, usage: "sign" | "verify"): Promise<HmacKey> {
  return subtle().importKey("raw", utf8.encode(key), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
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
 * Its work grows with the canonical text, which a key holding many members makes far larger than the input (every
 * member repeats the key): it is for parameters you sign. Parameters someone else sent go through the callback
 * verifiers, which check their size structurally first (src/rails-bounds.ts).
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
export function urlWithoutQuery(url: string): string {
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
 *
 * `acceptedUntilMs` is when the verifier itself stops accepting this nonce (Unix milliseconds: the nonce's time plus
 * `maxAgeSeconds`): remember the entry at least until then, or the callback can be replayed once the entry is gone
 * (Redis: `SET key 1 NX PXAT <acceptedUntilMs>`).
 */
export type SeenNonce = (nonce: string, signature: string, acceptedUntilMs: number) => boolean | Promise<boolean>;

export interface MemoryNonceStoreOptions {
  /**
   * Least time an entry is remembered, in seconds. Default `maxAge + future skew` = 360 s. Whatever it is, an entry
   * is also kept until the `acceptedUntilMs` the verifier passes (the nonce's time plus its `maxAgeSeconds`), so a
   * longer verification window never outlives the entry.
   */
  ttlSeconds?: number;
  /** Most entries kept; the oldest are forgotten first. Default 100 000 (a few MB at most). */
  maxEntries?: number;
  /** Clock in milliseconds (tests). Default `Date.now`. */
  clock?: () => number;
}

export interface MemoryNonceStore {
  /** Pass as `seenNonce` to the verify functions (without `acceptedUntilMs`, an entry lives `ttlSeconds`). */
  readonly seenNonce: (nonce: string, signature: string, acceptedUntilMs?: number) => boolean;
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
  // Insertion order is nearly expiry order (one TTL, stretched only by a longer verification window), so pruning
  // from the front forgets almost everything expired at once; each lookup checks its own entry's expiry anyway.
  const entries = new Map<string, number>();
  /** Forgets expired entries from the front and, when `room` is asked for, the oldest ones until a new entry fits. */
  const prune = (now: number, room: number): void => {
    for (const [key, expires] of entries) {
      if (expires > now && entries.size + room <= maxEntries) break;
      entries.delete(key);
    }
  };
  return {
    seenNonce(nonce: string, signature: string, acceptedUntilMs?: number): boolean {
      const now = clock();
      const key = `${nonce} ${signature}`;
      const expires = entries.get(key);
      if (expires !== undefined && expires > now) return true;
      if (expires !== undefined) entries.delete(key);
      prune(now, 1);
      const until = typeof acceptedUntilMs === "number" && Number.isFinite(acceptedUntilMs) ? acceptedUntilMs : 0;
      entries.set(key, Math.max(now + ttlMs, until));
      return false;
    },
    get size() {
      const now = clock();
      for (const [key, expires] of entries) if (expires <= now) entries.delete(key);
      return entries.size;
    },
    clear() {
      entries.clear();
    },
  };
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
