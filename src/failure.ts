/**
 * What a call needs only once something went wrong, loaded by the first failure (as the XML decoder is by the first
 * XML body), so that a call that succeeds at once never loads it: the reading of an error answer for the one error
 * mapper (src/engine.ts), the description of a failed fetch, and the retry loop (src/transport.ts).
 *
 * It imports no runtime code the engine imports: it hands back what the engine and the transport turn into errors,
 * and gets what it calls as parameters. (A static import of their modules would move those into a chunk shared with
 * this one: one more file for every call to load.)
 */
import type { AuthyApiErrorInit } from "./errors.js";
import { foreignErrorReason } from "./foreign-error-reason.js";
import type { Redactor } from "./redact.js";
import type { AuthyHooks, AuthyRequestInfo, RetryPolicy } from "./retry-policy.js";

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

/** How one attempt ended: its buffered answer, or its error and what the error says about repeating the request. */
export interface AttemptOutcome<T> {
  answer?: T;
  error?: unknown;
  /** Nothing reached the server: any operation may be repeated. */
  notSent?: boolean;
  /** A timeout or a network error: only an operation safe to repeat may be. */
  inFlight?: boolean;
}

export interface RetryContext<T> {
  policy: Required<RetryPolicy>;
  /** The operation is safe to repeat (x-authy-retry-safe). */
  retrySafe: boolean;
  signal: AbortSignal | undefined;
  hooks: AuthyHooks | undefined;
  redact: Redactor;
  /** Makes attempt number `n` (2 for the first retry). */
  attempt: (n: number) => Promise<AttemptOutcome<T>>;
  /** What the hooks see of the request at attempt `n`. */
  requestInfo: (n: number) => AuthyRequestInfo;
  /** The error of a wait ended by the caller's signal. */
  aborted: () => unknown;
}

/**
 * The rest of a call whose first attempt ended in a 429, a 503 or a failure in flight: waits (`Retry-After`, else
 * doubling backoff with full jitter) and further attempts while the policy allows, then the last outcome.
 */
export async function retry<T extends { response: Response }>(first: AttemptOutcome<T>, context: RetryContext<T>): Promise<T> {
  const { policy, signal } = context;
  const mayRepeatAfterReply = context.retrySafe || policy.retryUnsafe;
  let outcome = first;
  for (let attemptIndex = 0; ; attemptIndex++) {
    let reason: string;
    let delay: number | undefined;
    const answer = outcome.answer;
    if (answer) {
      const response = answer.response;
      const retryableStatus = response.status === 429 || response.status === 503;
      if (!retryableStatus || !mayRepeatAfterReply || attemptIndex >= policy.retries) return answer;
      delay = parseRetryAfter(response.headers.get("retry-after"));
      if (delay !== undefined && delay > policy.maxRetryAfterMs) return answer;
      reason = `status ${response.status}`;
    } else {
      const error = outcome.error;
      const retryable = outcome.notSent || (mayRepeatAfterReply && outcome.inFlight);
      if (signal?.aborted || !retryable || attemptIndex >= policy.retries) throw error;
      reason = error instanceof Error ? error.message : String(error);
    }
    const backoff = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** attemptIndex) * Math.random();
    const waitMs = Math.round(delay ?? backoff);
    context.hooks?.onRetry?.({ ...context.requestInfo(attemptIndex + 1), delayMs: waitMs, reason: context.redact(reason) });
    await sleep(waitMs, signal, context.aborted);
    outcome = await context.attempt(attemptIndex + 2);
  }
}

/** Seconds or an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function sleep(ms: number, signal: AbortSignal | undefined, aborted: () => unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
