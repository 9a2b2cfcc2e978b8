import { AuthyNetworkError, AuthyResponseError, AuthyTimeoutError } from "./errors.js";
import { redactHeaders, type Redactor } from "./redact.js";
import type { AuthyHooks, AuthyRequestInfo, RetryPolicy } from "./retry-policy.js";

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

/**
 * What openapi-fetch builds for a call (its `Request` option), handed to the transport instead of a `Request`:
 * `fetch(url, init)` then builds the only Request of the attempt. A real Request here would be copied by fetch,
 * signal and body included, on every call; and a Request body can be read only once, this init on every retry.
 */
export class PlannedRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: RequestInit["body"];
  constructor(url: string, init: { method: string; headers: Headers; body?: RequestInit["body"] }) {
    this.url = url;
    this.method = init.method;
    this.headers = init.headers;
    this.body = init.body;
  }
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

/** The error paths (src/failure.ts), loaded by the first error answer or failed fetch of the process. */
export const loadFailure = () => import("./failure.js");

/** What the hooks see of an attempt's request. */
function requestInfo(request: PlannedRequest, options: TransportOptions, attempt: number): AuthyRequestInfo {
  return {
    operationId: options.operationId,
    method: request.method,
    url: options.redact(request.url),
    headers: redactHeaders(request.headers, options.redact),
    attempt,
  };
}

/**
 * How an attempt ends: the timer or the caller's signal aborts `signal` and calls `onAbort`, which the body read
 * sets (a plain callback: cheaper per call than an abort listener, and it works whatever the body's source).
 */
interface AttemptControl {
  readonly signal: AbortSignal;
  onAbort: ((reason: unknown) => void) | undefined;
}

/**
 * The whole body, never more than `limit` bytes as decoded: a declared length over the limit ends it at once, and
 * the bytes are counted as they come out of fetch, after any Content-Encoding (gzip, stacked gzip, br, deflate)
 * was undone, so a small compressed body cannot inflate past the limit. Ended by the attempt's abort.
 */
async function readBody(response: Response, limit: number, control: AttemptControl): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new AuthyResponseError(`Response body of ${declared} bytes exceeds the ${limit}-byte limit`, response.status, "");
  }
  if (!response.body) return new Uint8Array(0);
  if (control.signal.aborted) throw control.signal.reason;
  const reader = response.body.getReader();
  control.onAbort = () => void reader.cancel().catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (control.signal.aborted) throw control.signal.reason;
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new AuthyResponseError(`Response body exceeds the ${limit}-byte limit (decoded)`, response.status, "");
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : new Uint8Array(await new Blob(chunks).arrayBuffer());
}

const TIMEOUT = Symbol("timeout");

/**
 * One attempt: the request, the whole body read under the timeout and the caller's signal, a size limit on the
 * body. Returns a buffered Response so nothing downstream can block or buffer without bound.
 */
async function attempt(request: PlannedRequest, options: TransportOptions, attemptNumber: number): Promise<BufferedResponse> {
  const controller = new AbortController();
  const control: AttemptControl = { signal: controller.signal, onAbort: undefined };
  const abort = (reason: unknown) => {
    controller.abort(reason);
    control.onAbort?.(reason);
  };
  const timer = setTimeout(abort, options.timeoutMs, TIMEOUT);
  const caller = options.signal;
  const onCallerAbort = () => abort(caller?.reason);
  caller?.addEventListener("abort", onCallerAbort, { once: true });
  const started = Date.now();
  const hooks = options.hooks;
  const info = hooks && requestInfo(request, options, attemptNumber);
  if (info) hooks?.onRequest?.(info);
  try {
    if (caller?.aborted) throw abortedError(caller);
    const response = await options.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: controller.signal,
    });
    const bytes = await readBody(response, options.maxResponseBytes, control);
    if (info) {
      hooks?.onResponse?.({
        ...info,
        status: response.status,
        durationMs: Date.now() - started,
        responseHeaders: redactHeaders(response.headers, options.redact),
      });
    }
    // openapi-fetch (parseAs "stream") leaves a 200 body alone, so the original response is handed back as it is;
    // any other status gets a copy it can read again.
    const result = response.status === 200 ? response : bufferedCopy(response, bytes);
    return { response: result, bytes };
  } catch (error) {
    if (controller.signal.reason === TIMEOUT) throw new AuthyTimeoutError(options.timeoutMs);
    if (caller?.aborted) throw abortedError(caller);
    if (error instanceof AuthyResponseError || error instanceof AuthyNetworkError) throw error;
    const failure = (await loadFailure()).fetchFailure(error, request.method, request.url, options.redact);
    throw new AuthyNetworkError(failure.message, failure.notSent, { cause: failure.cause });
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onCallerAbort);
  }
}

/** A response whose body the transport has read, with those bytes (none when there was no body). */
interface BufferedResponse {
  response: Response;
  bytes: Uint8Array;
}

/** A readable copy of a response whose body was read: the decoded bytes, so no Content-Encoding or length. */
function bufferedCopy(response: Response, bytes: Uint8Array): Response {
  const headers = new Headers(response.headers);
  headers.delete("content-encoding");
  headers.delete("content-length");
  const status = response.status;
  return new Response(status === 204 || status === 205 || status === 304 ? null : bytes, {
    status,
    statusText: response.statusText,
    headers,
  });
}

/** The error of a redirect: never followed, so the API key is never sent to another URL. */
export function redirectRefused(response: Response, redact: Redactor): AuthyResponseError {
  const location = response.headers.get("location");
  return new AuthyResponseError(
    `Redirect (HTTP ${response.status}) ${location ? `to ${redact(location)} ` : ""}not followed: the API key is never sent to another URL`,
    response.status,
    "",
  );
}

/**
 * The fetch behind `client.raw`: one attempt of the methods' transport for the Request openapi-fetch built
 * (no retries: raw calls are the caller's to repeat), so redirects are refused, and the timeout and the size limit
 * cover the whole body; the response handed back is a buffered copy.
 */
export async function fetchRaw(
  request: Request,
  options: Pick<TransportOptions, "fetch" | "timeoutMs" | "maxResponseBytes" | "redact" | "hooks">,
): Promise<Response> {
  const body = request.body ? await request.arrayBuffer() : undefined;
  const planned = new PlannedRequest(request.url, { method: request.method, headers: request.headers, body });
  const transportOptions = { ...options, operationId: "raw", signal: request.signal, retry: false as const, retrySafe: false };
  const { response, bytes } = await attempt(planned, transportOptions, 1);
  if (response.status >= 300 && response.status < 400) throw redirectRefused(response, options.redact);
  return bufferedCopy(response, bytes);
}

/** One call's transport: the `fetch` the client hands to openapi-fetch, and the body text of what it returned. */
export interface Transport {
  fetch: (request: PlannedRequest) => Promise<Response>;
  /** The body text of the response `fetch` resolved to. */
  text: () => string;
}

/** The transport of one call: timeouts, size limit, retries. */
export function createTransport(options: TransportOptions): Transport {
  let bytes: Uint8Array = new Uint8Array(0);
  return {
    async fetch(request) {
      const buffered = await attempts(request, options);
      bytes = buffered.bytes;
      return buffered.response;
    },
    text() {
      return new TextDecoder().decode(bytes);
    },
  };
}

async function attempts(request: PlannedRequest, options: TransportOptions): Promise<BufferedResponse> {
  const policy = options.retry;
  if (policy === false) return attempt(request, options, 1);
  const mayRepeatAfterReply = options.retrySafe || policy.retryUnsafe;
  for (let attemptIndex = 0; ; attemptIndex++) {
    let reason: string;
    let delay: number | undefined;
    try {
      const buffered = await attempt(request, options, attemptIndex + 1);
      const response = buffered.response;
      const retryableStatus = response.status === 429 || response.status === 503;
      if (!retryableStatus || !mayRepeatAfterReply || attemptIndex >= policy.retries) return buffered;
      // A Retry-After header is read by src/failure.ts, loaded by the first one.
      const header = response.headers.get("retry-after");
      const retryAfter = header === null ? undefined : (await loadFailure()).parseRetryAfter(header);
      if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) return buffered;
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
    options.hooks?.onRetry?.({ ...requestInfo(request, options, attemptIndex + 1), delayMs: waitMs, reason: options.redact(reason) });
    await sleep(waitMs, options.signal);
  }
}
