import { AuthyNetworkError, AuthyResponseError, AuthyTimeoutError } from "./errors.js";
import { redactHeaders, type Redactor } from "./redact.js";

/** How failed calls are repeated. Only operations the spec marks safe are retried, unless `retryUnsafe`. */
export interface RetryPolicy {
  /** Further attempts after the first. Default 2. */
  retries?: number;
  /** First backoff delay; it doubles per attempt, with full jitter. Default 200 ms. */
  minDelayMs?: number;
  /** Largest backoff delay. Default 2000 ms. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the error is returned at once. Default 10 000 ms. */
  maxRetryAfterMs?: number;
  /** Also repeat operations that send a message or change state. Default false. */
  retryUnsafe?: boolean;
}

export const DEFAULT_RETRY: Required<RetryPolicy> = {
  retries: 2,
  minDelayMs: 200,
  maxDelayMs: 2000,
  maxRetryAfterMs: 10_000,
  retryUnsafe: false,
};

/** What logging hooks see: never a secret. */
export interface AuthyRequestInfo {
  operationId: string;
  method: string;
  /** The URL with every secret replaced by `[REDACTED]`. */
  url: string;
  /** Request headers; the API key and signature are `[REDACTED]`. */
  headers: Record<string, string>;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface AuthyResponseInfo extends AuthyRequestInfo {
  status: number;
  durationMs: number;
  responseHeaders: Record<string, string>;
}

export interface AuthyRetryInfo extends AuthyRequestInfo {
  delayMs: number;
  /** `status 503`, `status 429`, or the network error's message. */
  reason: string;
}

export interface AuthyHooks {
  onRequest?(info: AuthyRequestInfo): void;
  onResponse?(info: AuthyResponseInfo): void;
  onRetry?(info: AuthyRetryInfo): void;
}

export interface TransportOptions {
  operationId: string;
  fetch: typeof fetch;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  retry: Required<RetryPolicy> | false;
  retrySafe: boolean;
  maxResponseBytes: number;
  redact: Redactor;
  hooks: AuthyHooks | undefined;
}

/** Error codes of a connection that never reached the server: any operation may be retried after them. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EHOSTUNREACH", "ENETUNREACH"]);

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, i = 0; e && typeof e === "object" && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function abortedError(signal: AbortSignal | undefined): AuthyNetworkError {
  return new AuthyNetworkError("The request was aborted by the caller", false, { cause: signal?.reason });
}

/** Seconds or an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function readLimited(response: Response, limit: number, signal: AbortSignal): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new AuthyResponseError(`Response body of ${declared} bytes exceeds the ${limit}-byte limit`, response.status, "");
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener("abort", onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) throw signal.reason;
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw new AuthyResponseError(`Response body exceeds the ${limit}-byte limit`, response.status, "");
      }
      chunks.push(value);
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

const TIMEOUT = Symbol("timeout");

/**
 * One attempt: the request, the whole body read under the timeout and the caller's signal, a size limit on the
 * body. Returns a buffered Response so nothing downstream can block or buffer without bound.
 */
async function attempt(request: Request, options: TransportOptions, attemptNumber: number): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(TIMEOUT), options.timeoutMs);
  const caller = options.signal;
  const onCallerAbort = () => controller.abort(caller?.reason);
  caller?.addEventListener("abort", onCallerAbort, { once: true });
  const started = Date.now();
  const info: AuthyRequestInfo = {
    operationId: options.operationId,
    method: request.method,
    url: options.redact(request.url),
    headers: redactHeaders(request.headers, options.redact),
    attempt: attemptNumber,
  };
  options.hooks?.onRequest?.(info);
  try {
    if (caller?.aborted) throw abortedError(caller);
    const response = await options.fetch(request, { signal: controller.signal });
    const bytes = await readLimited(response, options.maxResponseBytes, controller.signal);
    options.hooks?.onResponse?.({
      ...info,
      status: response.status,
      durationMs: Date.now() - started,
      responseHeaders: redactHeaders(response.headers, options.redact),
    });
    const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
    return new Response(nullBody ? null : bytes, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } catch (error) {
    if (controller.signal.reason === TIMEOUT) throw new AuthyTimeoutError(options.timeoutMs);
    if (caller?.aborted) throw abortedError(caller);
    if (error instanceof AuthyResponseError || error instanceof AuthyNetworkError) throw error;
    const code = errorCode(error);
    const notSent = code !== undefined && NOT_SENT_CODES.has(code);
    const detail = options.redact(error instanceof Error ? error.message : String(error));
    throw new AuthyNetworkError(
      `${request.method} ${info.url} failed: ${detail}${code ? ` (${code})` : ""}`,
      notSent,
      { cause: code ? { code } : undefined },
    );
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onCallerAbort);
  }
}

/** The `fetch` the client hands to openapi-fetch for one call: timeouts, size limit, retries. */
export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const policy = options.retry;
  if (policy === false) return (request) => attempt(request, options, 1);
  const mayRepeatAfterReply = options.retrySafe || policy.retryUnsafe;
  return async (request) => {
    const spare = request.body !== null ? request.clone() : undefined;
    for (let attemptIndex = 0; ; attemptIndex++) {
      const current = attemptIndex === 0 ? request : (spare ?? request).clone();
      let reason: string;
      let delay: number | undefined;
      try {
        const response = await attempt(current, options, attemptIndex + 1);
        const retryableStatus = response.status === 429 || response.status === 503;
        if (!retryableStatus || !mayRepeatAfterReply || attemptIndex >= policy.retries) return response;
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
        if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) return response;
        delay = retryAfter;
        reason = `status ${response.status}`;
      } catch (error) {
        const notSent = error instanceof AuthyNetworkError && error.notSent;
        const failedInFlight = error instanceof AuthyNetworkError || error instanceof AuthyTimeoutError;
        const retryable = notSent || (mayRepeatAfterReply && failedInFlight);
        if (options.signal?.aborted || !retryable || attemptIndex >= policy.retries) throw error;
        reason = error instanceof Error ? error.message : String(error);
      }
      const backoff = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** attemptIndex) * Math.random();
      const waitMs = Math.round(delay ?? backoff);
      options.hooks?.onRetry?.({
        operationId: options.operationId,
        method: request.method,
        url: options.redact(request.url),
        headers: redactHeaders(request.headers, options.redact),
        attempt: attemptIndex + 1,
        delayMs: waitMs,
        reason,
      });
      await sleep(waitMs, options.signal);
    }
  };
}
