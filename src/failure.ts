/**
 * What a call needs only once something went wrong, loaded by the first error answer or failed fetch (as the XML
 * decoder is by the first XML body), so that a call that succeeds never loads it: the reading of an error answer
 * for the one error mapper (src/engine.ts), a foreign body's reason included; the description of a failed fetch and
 * the reading of a `Retry-After` header (src/transport.ts).
 *
 * It imports no runtime code the engine imports: it hands back what the engine and the transport turn into errors
 * (a static import of their modules would move those into a chunk shared with this one: one more file for every
 * call to load).
 */
import type { AuthyApiErrorInit } from "./errors.js";
import type { Redactor } from "./redact.js";

// ---- error answers -----------------------------------------------------------------------------------------------

/**
 * A copy of a decoded body with every string redacted, member names included (servers may echo a request, and a
 * secret can be a key). Iterative, so no nesting depth escapes it.
 */
export function redactValue(value: unknown, redact: Redactor): unknown {
  const copy = (item: unknown): unknown => {
    if (typeof item === "string") return redact(item);
    if (typeof item !== "object" || item === null) return item;
    const container: unknown = Array.isArray(item) ? [] : {};
    pending.push([item, container]);
    return container;
  };
  const pending: Array<[object, unknown]> = [];
  const root = copy(value);
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [source, target] = next;
    if (Array.isArray(source)) {
      const list = target as unknown[];
      for (const item of source) list.push(copy(item));
      continue;
    }
    for (const [name, member] of Object.entries(source)) {
      Object.defineProperty(target, redact(name), { value: copy(member), enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

/** An object of a redacted copy (redactValue makes only plain objects and arrays). */
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What the AuthyApiError of an error status (400 and up) carries: the Authy envelope's message, `errors` and
 * `error_code`, or, for any other body (a proxy's HTML page, a gateway's problem+json), the status line and the
 * body's own short reason. `decoded` is the decoded body, undefined when it could not be decoded.
 */
export function apiErrorInit(response: Response, text: string, decoded: unknown, redact: Redactor, requestId: string | undefined): AuthyApiErrorInit {
  const status = response.status;
  // The error carries the body, so nothing the server echoed back (the URL, a token) may stay in it.
  const body = redactValue(decoded, redact);
  const envelope = isObject(body) ? body : {};
  const errors: Record<string, string> = {};
  if (isObject(envelope.errors)) {
    for (const [k, v] of Object.entries(envelope.errors)) if (typeof v === "string") errors[k] = v;
  }
  const code = typeof envelope.error_code === "string" || typeof envelope.error_code === "number" ? String(envelope.error_code) : "";
  let message = (typeof envelope.message === "string" && envelope.message) || errors.message;
  if (!message) {
    // The reason phrase is redacted here (it can echo anything); the body's reason is redacted by foreignErrorReason.
    const reason = foreignErrorReason(text, response.headers.get("content-type") ?? "", redact);
    message = redact(`HTTP ${status} ${response.statusText}`.trim()) + (reason ? `: ${reason}` : "");
  }
  return {
    status,
    errorCode: /^\d+$/.test(code) ? Number(code) : undefined,
    message,
    errors,
    retryable: status === 429 || status >= 500,
    requestId,
    body,
  };
}

/**
 * The reason an error body that is not an Authy envelope gives (a proxy's HTML page, a gateway's problem+json),
 * for the message of its AuthyApiError.
 */
const MAX_REASON_LENGTH = 160;

/**
 * The reason a non-Authy error body gives, on one line and at most MAX_REASON_LENGTH characters: problem+json's
 * `title` and `detail` (RFC 9457), an HTML page's `<title>`, or the first line of a plain-text body. Redacted
 * before it is cut, so that no cut can leave part of a secret.
 */
export function foreignErrorReason(text: string, contentType: string, redact: Redactor): string | undefined {
  let reason: string | undefined;
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      const problem = JSON.parse(trimmed) as Record<string, unknown>;
      const parts = [problem.title, problem.detail].filter((p): p is string => typeof p === "string" && p.trim() !== "");
      reason = parts.join(": ") || undefined;
    } catch {
      // not JSON after all
    }
  } else if (trimmed.startsWith("<")) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed)?.[1];
    if (title) reason = decodeHtmlEntities(title);
  } else if (/^text\/plain\b/i.test(contentType)) {
    reason = trimmed.split(/\r?\n/, 1)[0];
  }
  reason = reason && redact(reason.replace(/\s+/g, " ").trim());
  if (!reason) return undefined;
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}

const HTML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === "#") {
      const point = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
    }
    return HTML_ENTITIES[name.toLowerCase()] ?? entity;
  });
}

// ---- failed fetches ----------------------------------------------------------------------------------------------

/** Error codes of a connection that never reached the server: any operation may be retried after them. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EHOSTUNREACH", "ENETUNREACH"]);

/** fetch's own refusals before any connection (undici's network error reasons): nothing was sent either. */
const NOT_SENT_REASONS = new Set(["bad port"]);

/**
 * What the AuthyNetworkError of a fetch that threw carries. fetch itself says only "fetch failed"; undici puts the
 * reason (`connect ECONNREFUSED 127.0.0.1:1`, `bad port`) in `cause`: the first error code and the innermost
 * message of that chain are the reason. The cause handed back is a copy carrying only the code and the redacted
 * reason: the original may hold the request.
 */
export function fetchFailure(error: unknown, method: string, url: string, redact: Redactor): { message: string; notSent: boolean; cause: Error } {
  let code: string | undefined;
  const detail = error instanceof Error ? error.message : String(error);
  let reason = detail;
  for (let e: unknown = error, i = 0; e && typeof e === "object" && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const c = (e as { code?: unknown }).code;
    if (code === undefined && typeof c === "string") code = c;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && message) reason = message;
  }
  const notSent = (code !== undefined && NOT_SENT_CODES.has(code)) || NOT_SENT_REASONS.has(reason);
  const said = redact(detail);
  const why = redact(reason);
  return {
    message: `${method} ${redact(url)} failed: ${said}${why === said ? "" : `: ${why}`}${code ? ` (${code})` : ""}`,
    notSent,
    cause: Object.assign(new Error(why), code ? { code } : {}),
  };
}

// ---- retries -----------------------------------------------------------------------------------------------------

/** A `Retry-After` value (seconds or an HTTP date) as milliseconds from now; undefined when unreadable. */
export function parseRetryAfter(value: string, now = Date.now()): number | undefined {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
