/**
 * The edges of src/transport.ts (issue 14: mutation testing), seen by a caller: the caller's abort at each stage
 * (before the retry delay, during it, while fetch is pending), the timeout of a fetch or body that ignores its
 * signal, the size limit at and one past its bound (declared and streamed), bodies in several chunks or none, the
 * hook payloads (attempt numbers, onRetry's reason and delay, onResponse's duration on the fake clock), the
 * Retry-After bound, and what `raw` refuses. No listener or timer is left behind on the caller's signal.
 *
 * Every case injects a `fetch` that answers with real `Response` objects (nothing is sent; the base URL is a
 * loopback address never contacted). Time: setTimeout, clearTimeout and Date are fake and move only where a case
 * moves them; "settles at once" means within a bounded number of event-loop turns while the clock stands still.
 */
import { getEventListeners } from "node:events";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  AuthyApiError,
  AuthyNetworkError,
  AuthyResponseError,
  AuthyTimeoutError,
  createAuthyClient,
  type AuthyClientOptions,
  type AuthyRequestInfo,
  type AuthyResponseInfo,
  type AuthyRetryInfo,
} from "../src/index.js";

const API_KEY = "transport-edges-key-3c9e0a57d1";
const BASE_URL = "http://127.0.0.1:9";
const STATUS_PATH = "/protected/json/users/7/status";
const STATUS_URL = `${BASE_URL}${STATUS_PATH}`;
const TIMEOUT_MS = 500;
/** Math.random() during every case: the jittered backoff is half of its cap. */
const JITTER = 0.5;
const START = Date.UTC(2026, 0, 1, 12, 0, 0);

const okBody = JSON.stringify({
  status: { authy_id: 7, confirmed: true, registered: true, country_code: 1, phone_number: "XXX-XXX-1234", devices: ["iphone"] },
  message: "User status.",
  success: true,
});
const okData = JSON.parse(okBody) as unknown;
const ok = () => new Response(okBody, { status: 200, headers: { "content-type": "application/json" } });
const unavailable = (headers: Record<string, string> = {}) => new Response("", { status: 503, headers });

type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

function client(fetch: FetchFn, options: Partial<AuthyClientOptions> = {}) {
  return createAuthyClient({ apiKey: API_KEY, baseUrl: BASE_URL, timeoutMs: TIMEOUT_MS, fetch: fetch as typeof globalThis.fetch, ...options });
}

/** Answers each request with the next of `answers` (the last one repeats), counting the requests. */
function sequence(...answers: Array<() => Response>) {
  const calls: RequestInit[] = [];
  const fetch: FetchFn = async (_url, init) => {
    calls.push(init);
    return answers[Math.min(calls.length, answers.length) - 1]!();
  };
  return { fetch, calls };
}

/** The outcome of a promise, read without awaiting it. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

/** Event-loop turns (setImmediate is real) until `condition` holds, at most `turns`; the clock does not move. */
async function turnsUntil(condition: () => boolean, turns = 2000): Promise<void> {
  for (let i = 0; i < turns && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
}

function recordingHooks() {
  const requests: AuthyRequestInfo[] = [];
  const responses: AuthyResponseInfo[] = [];
  const retries: AuthyRetryInfo[] = [];
  return {
    requests,
    responses,
    retries,
    hooks: { onRequest: (i: AuthyRequestInfo) => void requests.push(i), onResponse: (i: AuthyResponseInfo) => void responses.push(i), onRetry: (i: AuthyRetryInfo) => void retries.push(i) },
  };
}

beforeAll(async () => {
  // Load the engine and the failure paths once, on the real clock, so that no case waits for a module.
  const warm = sequence(() => new Response("", { status: 500 }));
  await client(warm.fetch, { retry: false }).getUserStatus({ authy_id: 7 }).catch(() => undefined);
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(START);
  vi.spyOn(Math, "random").mockReturnValue(JITTER);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("the caller's abort", () => {
  it("during the retry delay: rejected at once, no further attempt, no listener left on the signal", async () => {
    const caller = new AbortController();
    const reason = new Error("user left the page");
    const server = sequence(() => unavailable({ "retry-after": "1" }), ok);
    const seen = recordingHooks();
    const call = track(client(server.fetch, { hooks: seen.hooks }).getUserStatus({ authy_id: 7 }, { signal: caller.signal }));
    await turnsUntil(() => seen.retries.length === 1);
    expect(seen.retries.map((r) => r.delayMs)).toEqual([1000]);
    caller.abort(reason);
    await turnsUntil(() => call.settled);
    expect(call.error).toBeInstanceOf(AuthyNetworkError);
    expect((call.error as AuthyNetworkError).message).toBe("The request was aborted by the caller");
    expect((call.error as AuthyNetworkError).notSent).toBe(false);
    expect((call.error as AuthyNetworkError).cause).toBe(reason);
    expect(server.calls).toHaveLength(1);
    expect(seen.requests.map((r) => r.attempt)).toEqual([1]);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("in onRetry, before the delay starts: rejected at once, no further attempt", async () => {
    const caller = new AbortController();
    const server = sequence(() => unavailable({ "retry-after": "1" }), ok);
    const requests: number[] = [];
    const hooks = { onRequest: (i: AuthyRequestInfo) => void requests.push(i.attempt), onRetry: () => caller.abort("stop") };
    const call = track(client(server.fetch, { hooks }).getUserStatus({ authy_id: 7 }, { signal: caller.signal }));
    await turnsUntil(() => call.settled);
    expect(call.error).toBeInstanceOf(AuthyNetworkError);
    expect((call.error as AuthyNetworkError).message).toBe("The request was aborted by the caller");
    expect((call.error as AuthyNetworkError).cause).toBe("stop");
    expect(server.calls).toHaveLength(1);
    expect(requests).toEqual([1]);
  });

  it("before the call: notSent is false and the cause is the signal's reason", async () => {
    const caller = new AbortController();
    caller.abort("never mind");
    const server = sequence(ok);
    const error = await client(server.fetch).getUserStatus({ authy_id: 7 }, { signal: caller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthyNetworkError);
    expect((error as AuthyNetworkError).notSent).toBe(false);
    expect((error as AuthyNetworkError).cause).toBe("never mind");
    expect(server.calls).toHaveLength(0);
  });

  it("while fetch is pending: fetch's signal is aborted with the caller's reason, the call rejects at once", async () => {
    const caller = new AbortController();
    const reason = new Error("cancelled by the user");
    let fetchSignal: AbortSignal | undefined;
    const fetch: FetchFn = (_url, init) =>
      new Promise((_resolve, reject) => {
        fetchSignal = init.signal!;
        // As undici does: an aborted fetch rejects with the signal's reason.
        init.signal!.addEventListener("abort", () => reject(init.signal!.reason));
      });
    const call = track(client(fetch).getUserStatus({ authy_id: 7 }, { signal: caller.signal }));
    await turnsUntil(() => fetchSignal !== undefined);
    caller.abort(reason);
    await turnsUntil(() => call.settled);
    expect(fetchSignal!.aborted).toBe(true);
    expect(fetchSignal!.reason).toBe(reason);
    expect(call.error).toBeInstanceOf(AuthyNetworkError);
    expect((call.error as AuthyNetworkError).message).toBe("The request was aborted by the caller");
    expect((call.error as AuthyNetworkError).cause).toBe(reason);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
  });

  it("after a call retried to success: no abort listener and no timer left", async () => {
    const caller = new AbortController();
    const server = sequence(() => unavailable({ "retry-after": "1" }), ok);
    const seen = recordingHooks();
    const call = track(client(server.fetch, { hooks: seen.hooks }).getUserStatus({ authy_id: 7 }, { signal: caller.signal }));
    await turnsUntil(() => seen.retries.length === 1);
    await vi.advanceTimersByTimeAsync(1000);
    await turnsUntil(() => call.settled);
    expect(call.value).toEqual(okData);
    expect(server.calls).toHaveLength(2);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("the timeout of a fetch or body that ignores its signal", () => {
  /** A body that sends `first` (if any) and then nothing, never ending; `cancelled` once the reader cancels it. */
  function stallingBody(first?: string) {
    const state = { cancelled: false };
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        if (first !== undefined) controller.enqueue(new TextEncoder().encode(first));
      },
      pull: () => new Promise<void>(() => undefined),
      cancel: () => void (state.cancelled = true),
    });
    return { stream, state };
  }

  it("fetch answers only after the timeout, with a body that never ends: AuthyTimeoutError", async () => {
    const body = stallingBody();
    const fetch: FetchFn = (_url, init) =>
      new Promise((resolve) => {
        init.signal!.addEventListener("abort", () => resolve(new Response(body.stream, { status: 200 })));
      });
    const call = track(client(fetch, { retry: false }).getUserStatus({ authy_id: 7 }));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
    await turnsUntil(() => call.settled);
    expect(call.error).toBeInstanceOf(AuthyTimeoutError);
    expect((call.error as AuthyTimeoutError).timeoutMs).toBe(TIMEOUT_MS);
  });

  it("a body that stalls after its first bytes: the read is cancelled at the timeout, AuthyTimeoutError", async () => {
    const body = stallingBody('{"status":');
    const fetch: FetchFn = async () => new Response(body.stream, { status: 200 });
    const call = track(client(fetch, { retry: false }).getUserStatus({ authy_id: 7 }));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
    expect(call.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await turnsUntil(() => call.settled);
    expect(call.error).toBeInstanceOf(AuthyTimeoutError);
    expect((call.error as AuthyTimeoutError).timeoutMs).toBe(TIMEOUT_MS);
    expect(body.state.cancelled).toBe(true);
  });
});

describe("the size limit", () => {
  const text = (body: string, headers: Record<string, string>) => () =>
    new Response(body, { status: 500, headers: { "content-type": "text/plain", ...headers } });
  const limitError = async (answer: () => Response, maxResponseBytes: number) =>
    client(sequence(answer).fetch, { retry: false, maxResponseBytes }).getUserStatus({ authy_id: 7 }).catch((e: unknown) => e);

  it("a declared Content-Length one past the limit: refused before reading, with the declared size", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => undefined), cancel: () => void (cancelled = true) });
    const error = await limitError(() => new Response(stream, { status: 200, headers: { "content-length": "11" } }), 10);
    expect(error).toBeInstanceOf(AuthyResponseError);
    expect((error as AuthyResponseError).message).toBe("Response body of 11 bytes exceeds the 10-byte limit");
    expect((error as AuthyResponseError).status).toBe(200);
    expect((error as AuthyResponseError).excerpt).toBe("");
    expect(cancelled).toBe(true);
  });

  it("a declared Content-Length past the limit on an answer without a body: the same refusal", async () => {
    const error = await limitError(() => new Response(null, { status: 500, headers: { "content-length": "999" } }), 10);
    expect(error).toBeInstanceOf(AuthyResponseError);
    expect((error as AuthyResponseError).message).toBe("Response body of 999 bytes exceeds the 10-byte limit");
  });

  it("a declared Content-Length exactly at the limit is read", async () => {
    const error = await limitError(text("overloaded", { "content-length": "10" }), 10);
    expect(error).toBeInstanceOf(AuthyApiError);
    expect((error as AuthyApiError).message).toBe("HTTP 500: overloaded");
  });

  it("a streamed body exactly at the limit is read; one byte more is refused as decoded", async () => {
    const atLimit = await limitError(text("overloaded", {}), 10);
    expect((atLimit as AuthyApiError).message).toBe("HTTP 500: overloaded");
    const over = await limitError(text("overloaded!", {}), 10);
    expect(over).toBeInstanceOf(AuthyResponseError);
    expect((over as AuthyResponseError).message).toBe("Response body exceeds the 10-byte limit (decoded)");
    expect((over as AuthyResponseError).excerpt).toBe("");
  });
});

describe("bodies in several chunks or none", () => {
  it("a body in three chunks is read whole", async () => {
    const bytes = new TextEncoder().encode(okBody);
    const cuts = [0, 5, 40, bytes.length];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 1; i < cuts.length; i++) controller.enqueue(bytes.slice(cuts[i - 1], cuts[i]));
        controller.close();
      },
    });
    const data = await client(sequence(() => new Response(stream, { status: 200 })).fetch).getUserStatus({ authy_id: 7 });
    expect(data).toEqual(okData);
  });

  it.each([
    [204, "Unexpected HTTP 204: Authy answers 200 on success"],
    [205, "Unexpected HTTP 205: Authy answers 200 on success"],
    [304, "Redirect (HTTP 304) not followed: the API key is never sent to another URL"],
  ])("HTTP %i, a status without a body: an AuthyResponseError naming it", async (status, message) => {
    const error = await client(sequence(() => new Response(null, { status })).fetch, { retry: false })
      .getUserStatus({ authy_id: 7 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthyResponseError);
    expect((error as AuthyResponseError).message).toBe(message);
    expect((error as AuthyResponseError).status).toBe(status);
  });

  it("a 200 answer is handed back as fetch gave it: its Content-Length is kept", async () => {
    const answer = () => new Response(okBody, { status: 200, headers: { "content-type": "application/json", "content-length": String(okBody.length) } });
    const result = await client(sequence(answer).fetch).withResponse.getUserStatus({ authy_id: 7 });
    expect(result.headers.get("content-length")).toBe(String(okBody.length));
    expect(result.data).toEqual(okData);
  });
});

describe("hook payloads", () => {
  it("onResponse: the request info, the status, the duration on the fake clock, redacted response headers", async () => {
    const fetch: FetchFn = () =>
      new Promise((resolve) =>
        setTimeout(() => resolve(new Response(okBody, { status: 200, headers: { "content-type": "application/json", "x-echo": `key=${API_KEY}` } })), 37),
      );
    const seen = recordingHooks();
    const call = track(client(fetch, { hooks: seen.hooks }).getUserStatus({ authy_id: 7 }));
    await vi.advanceTimersByTimeAsync(37);
    await turnsUntil(() => call.settled);
    expect(call.value).toEqual(okData);
    expect(seen.responses).toEqual([
      {
        ...seen.requests[0],
        status: 200,
        durationMs: 37,
        responseHeaders: { "content-type": "application/json", "x-echo": "key=[REDACTED]" },
      },
    ]);
    expect(seen.requests[0]).toMatchObject({ operationId: "getUserStatus", method: "GET", url: STATUS_URL, attempt: 1 });
    expect(seen.requests[0]!.headers["x-authy-api-key"]).toBe("[REDACTED]");
  });

  it("attempts are numbered from 1 in onRequest and onRetry; onRetry names the status and the delay", async () => {
    const server = sequence(() => unavailable({ "retry-after": "1" }), () => unavailable(), ok);
    const seen = recordingHooks();
    const call = track(client(server.fetch, { hooks: seen.hooks, retry: { retries: 2, minDelayMs: 100, maxDelayMs: 1000 } }).getUserStatus({ authy_id: 7 }));
    await turnsUntil(() => seen.retries.length === 1);
    await vi.advanceTimersByTimeAsync(1000);
    await turnsUntil(() => seen.retries.length === 2);
    // No Retry-After: the backoff of the second attempt, min(1000, 100 * 2) * JITTER.
    await vi.advanceTimersByTimeAsync(100);
    await turnsUntil(() => call.settled);
    expect(call.value).toEqual(okData);
    expect(seen.requests.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(seen.retries.map(({ attempt, delayMs, reason }) => ({ attempt, delayMs, reason }))).toEqual([
      { attempt: 1, delayMs: 1000, reason: "status 503" },
      { attempt: 2, delayMs: 100, reason: "status 503" },
    ]);
  });

  it.each([
    ["only onResponse", { onResponse: () => undefined }],
    ["only onRequest", { onRequest: () => undefined }],
    ["no hooks", undefined],
  ])("%s: a retried call still succeeds", async (_name, hooks) => {
    const server = sequence(() => unavailable({ "retry-after": "1" }), ok);
    const call = track(client(server.fetch, { hooks }).getUserStatus({ authy_id: 7 }));
    await turnsUntil(() => server.calls.length === 1 && vi.getTimerCount() === 1);
    await vi.advanceTimersByTimeAsync(1000);
    await turnsUntil(() => call.settled);
    expect(call.error).toBeUndefined();
    expect(call.value).toEqual(okData);
    expect(server.calls).toHaveLength(2);
  });
});

describe("Retry-After", () => {
  /** The delay onRetry reports for a 503 with `retryAfter`, and how many requests were made. */
  async function delayFor(retryAfter: string, retry: AuthyClientOptions["retry"] = { retries: 1, minDelayMs: 100, maxDelayMs: 1000 }) {
    const server = sequence(() => unavailable({ "retry-after": retryAfter }), ok);
    const seen = recordingHooks();
    const call = track(client(server.fetch, { hooks: seen.hooks, retry }).getUserStatus({ authy_id: 7 }));
    await turnsUntil(() => seen.retries.length === 1 || call.settled);
    const delays = seen.retries.map((r) => r.delayMs);
    if (delays.length === 1) await vi.advanceTimersByTimeAsync(delays[0]!);
    await turnsUntil(() => call.settled);
    return { delays, requests: server.calls.length, call };
  }

  it("exactly maxRetryAfterMs is waited for", async () => {
    const { delays, requests, call } = await delayFor("2", { retries: 1, maxRetryAfterMs: 2000 });
    expect(delays).toEqual([2000]);
    expect(requests).toBe(2);
    expect(call.value).toEqual(okData);
  });

  it("seconds with a trailing no-break space are still seconds", async () => {
    expect((await delayFor("5\u00a0", { retries: 1, maxRetryAfterMs: 10_000 })).delays).toEqual([5000]);
  });

  it.each(["x5", "5x"])("%j is unreadable: the backoff instead (50 ms)", async (value) => {
    expect((await delayFor(value)).delays).toEqual([50]);
  });
});

describe("raw refuses only redirects", () => {
  const rawAnswer = async (answer: () => Response) => {
    const authy = client(sequence(answer).fetch);
    return authy.raw.GET("/protected/{format}/users/{authy_id}/status", { params: { path: { format: "json", authy_id: 7 } } }).then(
      (result) => result.response.status,
      (error: unknown) => error,
    );
  };

  it.each([300, 302])("HTTP %i without a Location: refused, the message says no target", async (status) => {
    const error = await rawAnswer(() => new Response(null, { status }));
    expect(error).toBeInstanceOf(AuthyResponseError);
    expect((error as AuthyResponseError).message).toBe(`Redirect (HTTP ${status}) not followed: the API key is never sent to another URL`);
  });

  it.each([400, 404])("HTTP %i is handed back", async (status) => {
    expect(await rawAnswer(() => new Response("{}", { status, headers: { "content-type": "application/json" } }))).toBe(status);
  });
});
