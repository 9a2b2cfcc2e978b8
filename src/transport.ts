import { AuthyNetworkError, AuthyResponseError, AuthyTimeoutError } from "./errors.js";
import { redactHeaders, type Redactor } from "./redact.js";
import type { AttemptOutcome } from "./failure.js";
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

function abortedError(signal: AbortSignal | undefined): AuthyNetworkError {
  return new AuthyNetworkError("The request was aborted by the caller", false, { cause: signal?.reason });
}

/** The failure paths (src/failure.ts), loaded by the first failure of the process. */
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
  const keep = (buffered: BufferedResponse) => {
    bytes = buffered.bytes;
    return buffered.response;
  };
  return { fetch: async (request) => keep(await attempts(request, options)), text: () => new TextDecoder().decode(bytes) };
}

async function attempts(request: PlannedRequest, options: TransportOptions): Promise<BufferedResponse> {
  const policy = options.retry;
  if (policy === false) return attempt(request, options, 1);
  const outcome = async (n: number): Promise<AttemptOutcome<BufferedResponse>> => {
    try {
      return { answer: await attempt(request, options, n) };
    } catch (error) {
      const inFlight = error instanceof AuthyNetworkError || error instanceof AuthyTimeoutError;
      return { error, notSent: error instanceof AuthyNetworkError && error.notSent, inFlight };
    }
  };
  const first = await outcome(1);
  const status = first.answer?.response.status;
  // Only a 429, a 503 or a failure in flight may be repeated: anything else is the result, and the retry loop
  // (src/failure.ts) is loaded by the first call that may be.
  if (status === 429 || status === 503 || first.inFlight) {
    return (await loadFailure()).retry(first, {
      policy,
      retrySafe: options.retrySafe,
      signal: options.signal,
      hooks: options.hooks,
      redact: options.redact,
      attempt: outcome,
      requestInfo: (n) => requestInfo(request, options, n),
      aborted: () => abortedError(options.signal),
    });
  }
  if (first.answer) return first.answer;
  throw first.error;
}
