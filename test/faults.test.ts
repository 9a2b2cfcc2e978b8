/**
 * Fault injection: every scenario of issue 7, for a retry-safe read (getUserStatus) and an operation that must not
 * be repeated (verifyToken, whose one-time token travels in the path), in JSON and in XML. Each case asserts the
 * error class and its key fields (or the success after an allowed retry), the number of requests the server
 * received, each retry delay and each timeout to the millisecond on a fake clock, and that neither the API key nor
 * the token appears in the error (message, String, JSON.stringify, util.inspect) or in any hook payload. Table of
 * outcomes: docs/reliability.md.
 *
 * Time: the client's timers (setTimeout, clearTimeout, Date) are fake; the sockets, the server and the event loop
 * are real. The clock moves only where a rule says something happens (a retry delay the client announced through
 * onRetry, an attempt's timeout once the server holds the request), and each step checks that it happens exactly
 * there and not a millisecond before. Nothing waits on the wall clock, so load cannot fail a case.
 */
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createAuthyClient, type AuthyClientOptions } from "../src/client.js";
import {
  AuthyApiError,
  AuthyError,
  AuthyNetworkError,
  AuthyResponseError,
  AuthyTimeoutError,
} from "../src/errors.js";
import type { RetryPolicy } from "../src/retry-policy.js";
import {
  send,
  startFaultServer,
  streamBytes,
  unusedPort,
  type FaultContext,
  type FaultHandler,
  type FaultRequest,
  type FaultServer,
} from "./helpers/fault-server.js";

// Long, recognisable secrets: any leak is unmistakable.
const API_KEY = "SECRETAPIKEY0000ffffAAAAbbbbCCCCddddEEEE1111gggg2222";
const TOKEN = "90817263544536";
const AUTHY_ID = 4_242_4242;
const TIMEOUT_MS = 500;
const RETRY: Required<RetryPolicy> = { retries: 2, minDelayMs: 20, maxDelayMs: 30, maxRetryAfterMs: 2500, retryUnsafe: false };
/** Math.random() during every case, so the jittered backoff has one exact value per retry. */
const JITTER = 0.5;
/** The backoff at JITTER: half of minDelayMs doubling per retry (20, 40), capped at maxDelayMs (30). */
const BACKOFF = [10, 15];
/** Every case starts at this instant: a whole second, so an HTTP-date Retry-After (whole seconds) is exact. */
const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const FIFTY_MB = 50 * 1024 * 1024;

type Kind = "read" | "unsafe";
type Format = "json" | "xml";

// --- Bodies a healthy Authy server would send -----------------------------------------------------------------

const okJson: Record<Kind, unknown> = {
  read: {
    status: { authy_id: AUTHY_ID, confirmed: true, registered: true, country_code: 1, phone_number: "XXX-XXX-1234", devices: ["iphone"] },
    message: "User status.",
    success: true,
  },
  unsafe: { message: "Token is valid.", token: "is valid", success: "true" },
};
const okXml: Record<Kind, string> = {
  read:
    '<?xml version="1.0" encoding="UTF-8"?>\n<hash>\n  <status>\n    <authy-id type="integer">' +
    AUTHY_ID +
    '</authy-id>\n    <confirmed type="boolean">true</confirmed>\n    <registered type="boolean">true</registered>\n' +
    '    <country-code type="integer">1</country-code>\n    <phone-number>XXX-XXX-1234</phone-number>\n' +
    '    <devices type="array">\n      <device>iphone</device>\n    </devices>\n  </status>\n' +
    '  <message>User status.</message>\n  <success type="boolean">true</success>\n</hash>\n',
  unsafe:
    '<?xml version="1.0" encoding="UTF-8"?>\n<hash>\n  <message>Token is valid.</message>\n  <token>is valid</token>\n' +
    "  <success>true</success>\n</hash>\n",
};
const kindOf = (ctx: FaultContext): Kind => (ctx.path.includes("/verify/") ? "unsafe" : "read");
const contentType = (format: Format) => (format === "xml" ? "application/xml; charset=utf-8" : "application/json; charset=utf-8");
const ok = (ctx: FaultContext) =>
  send(ctx, 200, ctx.format === "xml" ? okXml[kindOf(ctx)] : JSON.stringify(okJson[kindOf(ctx)]), {
    "content-type": contentType(ctx.format),
  });
/** An HTML error page of a proxy, echoing the requested URL (which holds the token for verifyToken). */
const html = (status: number) => (ctx: FaultContext) =>
  send(ctx, status, `<html><head><title>${status}</title></head><body><h1>${status}</h1><p>${ctx.path}</p></body></html>`, {
    "content-type": "text/html",
  });
const authy401 = (echo: boolean) => (ctx: FaultContext) => {
  const message = echo ? `Invalid API key ${ctx.req.headers["x-authy-api-key"]} for ${ctx.path}` : "Invalid API key";
  const body =
    ctx.format === "xml"
      ? `<?xml version="1.0" encoding="UTF-8"?>\n<hash>\n  <message>${message}</message>\n  <success type="boolean">false</success>\n` +
        `  <errors>\n    <message>${message}</message>\n  </errors>\n  <error-code>60001</error-code>\n</hash>\n`
      : JSON.stringify({ message, success: false, errors: { message }, error_code: "60001" });
  send(ctx, 401, body, { "content-type": contentType(ctx.format) });
};
/** Answers with `first` on the first request, healthy afterwards. */
const thenOk = (first: FaultHandler): FaultHandler => (ctx) => (ctx.index === 0 ? first(ctx) : ok(ctx));
/** On the fake clock, which stands still until the test moves it: the client reads exactly `msFromNow`. */
const httpDate = (msFromNow: number) => new Date(Date.now() + msFromNow).toUTCString();

// --- Scenarios --------------------------------------------------------------------------------------------------

interface Outcome {
  /** undefined: the call succeeds. */
  error?: new (...args: never[]) => AuthyError;
  fields?: Record<string, unknown>;
  message?: RegExp;
  requests: number;
  /** The delay before each retry, as onRetry reports it and as the clock confirms it. Default none. */
  delays?: number[];
}

interface Scenario {
  name: string;
  handler?: FaultHandler;
  /** Replaces the whole setup (refused connection, DNS failure). */
  target?: "refused" | "dns";
  options?: Partial<AuthyClientOptions>;
  /** Every attempt hangs until the client's timeout: waiting for the response headers, or inside the body. */
  stalls?: "headers" | "body";
  outcome(kind: Kind, format: Format): Outcome;
  /** Extra checks after the call. */
  after?(ctx: { requests: FaultRequest[]; kind: Kind; format: Format; until: Until }): void | Promise<void>;
}

/** Resolves once `condition` holds, re-checked on each event of the case (never met: the test timeout fails it). */
type Until = (condition: () => boolean) => Promise<void>;

/** The client hung up long before 50 MB: the server stopped writing at a small fraction of it. */
async function expectEarlyDisconnect(requests: FaultRequest[], until: Until): Promise<void> {
  await until(() => requests[0]!.clientClosedEarly);
  expect(requests[0]!.bytesWritten, "bytes written before the disconnect").toBeLessThan(FIFTY_MB / 5);
  bytesBeforeDisconnect.push(requests[0]!.bytesWritten);
}
const bytesBeforeDisconnect: number[] = [];

const readRetries = 1 + RETRY.retries;
/** One attempt, answered without the clock moving. */
const once = { requests: 1 };
/** `attempts` attempts, with the backoff between them. */
const retried = (attempts: number) => ({ requests: attempts, delays: BACKOFF.slice(0, attempts - 1) });
/** Every attempt runs into the timeout; only the read is retried. */
const timedOut = (kind: Kind) => ({
  error: AuthyTimeoutError,
  fields: { timeoutMs: TIMEOUT_MS },
  ...retried(kind === "read" ? readRetries : 1),
});
const apiError = (status: number, extra: Record<string, unknown> = {}) => ({
  error: AuthyApiError,
  fields: { status, retryable: status === 429 || status >= 500, ...extra },
});
const responseError = (status: number | undefined, message: RegExp) => ({ error: AuthyResponseError, fields: { status }, message });

let redirectTarget: { url: string; requests: number };

const scenarios: Scenario[] = [
  { name: "500 with an HTML body", handler: html(500), outcome: () => ({ ...apiError(500, { errorCode: undefined }), ...once }) },
  { name: "502 with an HTML body", handler: html(502), outcome: () => ({ ...apiError(502, { errorCode: undefined }), ...once }) },
  {
    name: "503 with an HTML body, every time",
    handler: html(503),
    outcome: (kind) => ({ ...apiError(503, { errorCode: undefined }), ...retried(kind === "read" ? readRetries : 1) }),
  },
  {
    name: "503 once, then 200",
    handler: thenOk(html(503)),
    outcome: (kind) => (kind === "read" ? retried(2) : { ...apiError(503), ...once }),
  },
  {
    name: "503 once, then 200, with retry.retryUnsafe",
    handler: thenOk(html(503)),
    options: { retry: { ...RETRY, retryUnsafe: true } },
    outcome: () => retried(2),
  },
  {
    name: "429 with Retry-After: 1 (seconds), then 200",
    handler: thenOk((ctx) => send(ctx, 429, "", { "retry-after": "1" })),
    outcome: (kind) => (kind === "read" ? { requests: 2, delays: [1000] } : { ...apiError(429), ...once }),
  },
  {
    name: "429 with Retry-After as an HTTP-date 2 s ahead, then 200",
    handler: thenOk((ctx) => send(ctx, 429, "", { "retry-after": httpDate(2000) })),
    outcome: (kind) => (kind === "read" ? { requests: 2, delays: [2000] } : { ...apiError(429), ...once }),
  },
  {
    name: "429 with Retry-After: 60 (above maxRetryAfterMs 2500): returned at once",
    handler: (ctx) => send(ctx, 429, JSON.stringify({ message: "Too many requests", success: false, error_code: "60003" }), {
      "retry-after": "60",
      "content-type": "application/json",
    }),
    outcome: () => ({ ...apiError(429), ...once }),
  },
  {
    name: "429 with an HTTP-date Retry-After 1 h ahead (above the cap): returned at once",
    handler: (ctx) => send(ctx, 429, "", { "retry-after": httpDate(3_600_000) }),
    outcome: () => ({ ...apiError(429), ...once }),
  },
  {
    name: "429 with Retry-After: 1, every time: retried within the cap, total bounded",
    handler: (ctx) => send(ctx, 429, "", { "retry-after": "1" }),
    outcome: (kind) =>
      kind === "read" ? { ...apiError(429), requests: readRetries, delays: [1000, 1000] } : { ...apiError(429), ...once },
  },
  {
    name: "401 with an Authy error body",
    handler: authy401(false),
    outcome: () => ({ ...apiError(401, { errorCode: 60001, errors: { message: "Invalid API key" } }), message: /^Invalid API key$/, ...once }),
  },
  {
    name: "401 with an Authy error body that echoes the key and the URL",
    handler: authy401(true),
    outcome: () => ({ ...apiError(401, { errorCode: 60001 }), message: /^Invalid API key \[REDACTED\]/, ...once }),
  },
  {
    name: "200 with an empty body",
    handler: (ctx) => send(ctx, 200, "", { "content-type": contentType(ctx.format) }),
    outcome: () => ({ ...responseError(200, /Empty response body/), ...once }),
  },
  {
    name: "200 with truncated JSON",
    handler: (ctx) => send(ctx, 200, `{"message":"${ctx.path}","status":{"authy_id":12`, { "content-type": "application/json" }),
    outcome: (_k, f) => ({ ...responseError(200, f === "json" ? /not valid JSON/ : /JSON received where XML was asked/), ...once }),
  },
  {
    name: "200 with truncated XML",
    handler: (ctx) => send(ctx, 200, `<?xml version="1.0"?>\n<hash>\n  <message>${ctx.path}</message>\n  <status>\n    <authy-id type="int`, {
      "content-type": "application/xml",
    }),
    outcome: (_k, f) => ({ ...responseError(200, f === "json" ? /XML received where JSON was asked/ : /Cannot decode XML/), ...once }),
  },
  {
    name: "200 with wrong types (message: 42, authy_id as a string, token: 7)",
    handler: (ctx) => {
      const body =
        ctx.format === "xml"
          ? `<?xml version="1.0"?>\n<hash>\n  <note>${ctx.path}</note>\n  <message type="integer">42</message>\n  <status>\n    <authy-id>${AUTHY_ID}</authy-id>\n  </status>\n  <token type="integer">7</token>\n  <success>yes</success>\n</hash>\n`
          : JSON.stringify({ note: ctx.path, message: 42, status: { authy_id: String(AUTHY_ID) }, token: 7, success: "yes" });
      send(ctx, 200, body, { "content-type": contentType(ctx.format) });
    },
    outcome: () => ({ ...responseError(200, /not the documented shape/), ...once }),
  },
  {
    name: "200 in the other format (XML when JSON was asked, JSON when XML was asked)",
    handler: (ctx) => {
      const other = ctx.format === "xml" ? "json" : "xml";
      send(ctx, 200, other === "xml" ? okXml[kindOf(ctx)] : JSON.stringify(okJson[kindOf(ctx)]), { "content-type": contentType(other) });
    },
    outcome: (_k, f) => ({
      ...responseError(200, f === "json" ? /XML received where JSON was asked/ : /JSON received where XML was asked/),
      ...once,
    }),
  },
  {
    name: "200 with a 50 MB body and its Content-Length",
    handler: (ctx) => {
      ctx.res.writeHead(200, { "content-type": "application/json", "content-length": String(FIFTY_MB) });
      return streamBytes(ctx, FIFTY_MB, " ");
    },
    outcome: () => ({ ...responseError(200, /exceeds the 1048576-byte limit/), ...once }),
    after: ({ requests, until }) => expectEarlyDisconnect(requests, until),
  },
  {
    name: "200 with a 50 MB chunked body (no Content-Length)",
    handler: (ctx) => {
      ctx.res.writeHead(200, { "content-type": "application/json" });
      return streamBytes(ctx, FIFTY_MB, " ");
    },
    outcome: () => ({ ...responseError(200, /exceeds the 1048576-byte limit/), ...once }),
    after: ({ requests, until }) => expectEarlyDisconnect(requests, until),
  },
  {
    name: "headers never sent",
    handler: () => undefined,
    stalls: "headers",
    outcome: timedOut,
  },
  {
    name: "body stops halfway (connection kept open)",
    handler: (ctx) => {
      const body = ctx.format === "xml" ? okXml[kindOf(ctx)] : JSON.stringify(okJson[kindOf(ctx)]);
      ctx.res.writeHead(200, { "content-type": contentType(ctx.format), "content-length": String(Buffer.byteLength(body)) });
      ctx.res.write(body.slice(0, body.length >> 1));
    },
    stalls: "body",
    outcome: timedOut,
  },
  {
    name: "body stops halfway, then the connection closes",
    handler: (ctx) => {
      const body = ctx.format === "xml" ? okXml[kindOf(ctx)] : JSON.stringify(okJson[kindOf(ctx)]);
      ctx.res.writeHead(200, { "content-type": contentType(ctx.format), "content-length": String(Buffer.byteLength(body)) });
      ctx.res.write(body.slice(0, body.length >> 1), () => ctx.res.socket?.destroy());
    },
    outcome: (kind) => ({ error: AuthyNetworkError, fields: { notSent: false }, ...retried(kind === "read" ? readRetries : 1) }),
  },
  {
    name: "connection reset (socket.destroy() on receipt)",
    handler: (ctx) => void ctx.req.socket.destroy(),
    outcome: (kind) => ({ error: AuthyNetworkError, fields: { notSent: false }, ...retried(kind === "read" ? readRetries : 1) }),
  },
  {
    name: "connection reset once, then 200",
    handler: thenOk((ctx) => void ctx.req.socket.destroy()),
    outcome: (kind) => (kind === "read" ? retried(2) : { error: AuthyNetworkError, fields: { notSent: false }, ...once }),
  },
  {
    name: "connection refused (nothing listening): notSent, retried even when unsafe",
    target: "refused",
    outcome: () => ({ error: AuthyNetworkError, fields: { notSent: true }, ...retried(readRetries) }),
  },
  {
    name: "DNS failure (injected fetch throws ENOTFOUND): notSent, retried even when unsafe",
    target: "dns",
    outcome: () => ({
      error: AuthyNetworkError,
      fields: { notSent: true, cause: { code: "ENOTFOUND" } },
      message: /\(ENOTFOUND\)$/,
      ...retried(readRetries),
    }),
  },
  ...([301, 302, 307] as const).flatMap((status): Scenario[] => [
    {
      name: `${status} redirect to another host: not followed`,
      handler: (ctx) => send(ctx, status, "", { location: `${redirectTarget.url.replace("127.0.0.1", "localhost")}/steal${ctx.path}` }),
      outcome: () => ({ ...responseError(status, new RegExp(`Redirect \\(HTTP ${status}\\).*not followed`)), ...once }),
      after: () => expect(redirectTarget.requests).toBe(0),
    },
    {
      name: `${status} redirect to http:// (another port, same path): not followed`,
      handler: (ctx) => send(ctx, status, "", { location: `${redirectTarget.url}${ctx.path}` }),
      outcome: () => ({ ...responseError(status, new RegExp(`Redirect \\(HTTP ${status}\\).*not followed`)), ...once }),
      after: () => expect(redirectTarget.requests).toBe(0),
    },
  ]),
];

// --- The matrix -------------------------------------------------------------------------------------------------

let server: FaultServer;
let thief: FaultServer;
let refusedPort: number;

beforeAll(async () => {
  server = await startFaultServer();
  thief = await startFaultServer();
  refusedPort = await unusedPort();
  redirectTarget = {
    url: thief.url,
    get requests() {
      return thief.totalRequests;
    },
  };
  // Only the timers the client uses: sockets, the server, setImmediate and process.nextTick stay real, so loopback
  // I/O runs while the clock stands still.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});
beforeEach(() => {
  vi.setSystemTime(START);
  vi.spyOn(Math, "random").mockReturnValue(JITTER);
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  vi.useRealTimers();
  if (bytesBeforeDisconnect.length) console.info(`50 MB scenarios: bytes written before the client hung up: ${bytesBeforeDisconnect.join(", ")}`);
  await server?.close();
  await thief?.close();
});

/** Every representation of an error a log line or a crash report could carry. */
function renderings(error: unknown): string[] {
  return [
    error instanceof Error ? error.message : "",
    String(error),
    JSON.stringify(error) ?? "",
    inspect(error, { depth: 10, showHidden: true }),
    error instanceof Error ? String(error.stack) : "",
  ];
}

function expectNoSecret(texts: string[], secrets: string[]): void {
  for (const text of texts) {
    for (const secret of secrets) {
      expect(text, `leaks ${secret.slice(0, 8)}…`).not.toContain(secret);
    }
  }
}

/**
 * A case's wake-up call: each event the driver can wait for (an attempt sent, its response headers, a retry
 * announced, the server receiving or losing a request, the call ending) calls `notify`, so nothing polls.
 */
function caseEvents(): { notify: () => void; until: Until } {
  let wake: (() => void) | undefined;
  return {
    notify() {
      const resume = wake;
      wake = undefined;
      resume?.();
    },
    async until(condition) {
      while (!condition()) await new Promise<void>((resolve) => (wake = resolve));
    },
  };
}

// One case at a time, as they share the clock; none waits on the wall clock, so in turn is fast.
describe.each(["json", "xml"] as const)("format %s", (format) => {
  describe.each(["read", "unsafe"] as const)("%s operation", (kind) => {
    it.each(scenarios.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
      const expected = scenario.outcome(kind, format);
      const expectedDelays = expected.delays ?? [];
      const { notify, until } = caseEvents();
      const hookPayloads: unknown[] = [];
      /** Each attempt: the signal the client's timeout aborts, when it started, whether its headers arrived. */
      const attempts: { signal: AbortSignal | null | undefined; startedAt: number; responded: boolean }[] = [];
      const retryDelays: number[] = [];
      let baseUrl: string;
      let requests: FaultRequest[] = [];
      let fetchImpl: typeof fetch = globalThis.fetch;
      if (scenario.target === "refused") {
        baseUrl = `http://127.0.0.1:${refusedPort}`;
      } else if (scenario.target === "dns") {
        baseUrl = "http://localhost:1"; // never contacted: the injected fetch fails first
        fetchImpl = async () => {
          throw new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo ENOTFOUND api.authy.com"), { code: "ENOTFOUND" }) });
        };
      } else {
        const handler = scenario.handler!;
        const route = server.route((ctx) => {
          ctx.res.on("close", notify);
          const handled = handler(ctx);
          notify();
          return handled;
        });
        baseUrl = route.baseUrl;
        requests = route.requests;
      }
      const counting: typeof fetch = (input, init) => {
        const attempt = { signal: init?.signal, startedAt: Date.now(), responded: false };
        attempts.push(attempt);
        notify();
        const response = fetchImpl(input, init);
        response.then(() => {
          attempt.responded = true;
          notify();
        }, notify);
        return response;
      };
      const client = createAuthyClient({
        apiKey: API_KEY,
        baseUrl,
        format,
        timeoutMs: TIMEOUT_MS,
        retry: RETRY,
        fetch: counting,
        hooks: {
          onRequest: (info) => void hookPayloads.push(info),
          onResponse: (info) => void hookPayloads.push(info),
          onRetry: (info) => {
            hookPayloads.push(info);
            retryDelays.push(info.delayMs);
            notify();
          },
        },
        ...scenario.options,
      });
      const thiefBefore = thief.totalRequests;
      let error: unknown;
      let data: unknown;
      let settled = false;
      const call = (
        kind === "read" ? client.getUserStatus({ authy_id: AUTHY_ID }) : client.verifyToken({ token: TOKEN, authy_id: AUTHY_ID })
      )
        .then(
          (value) => void (data = value),
          (e: unknown) => void (error = e),
        )
        .finally(() => {
          settled = true;
          notify();
        });

      // When. The clock moves only to where a rule says the client acts next, and each step checks that it acts
      // exactly there: the next attempt when the announced retry delay ends, the abort when the timeout ends.
      const retryAnnounced = () => attempts.length > 0 && retryDelays.length === attempts.length;
      const stalled = () => {
        const current = attempts.at(-1);
        return (
          scenario.stalls !== undefined &&
          current !== undefined &&
          !current.signal?.aborted &&
          requests.length === attempts.length &&
          (scenario.stalls === "headers" || current.responded)
        );
      };
      for (;;) {
        await until(() => settled || retryAnnounced() || stalled());
        if (settled) break;
        if (retryAnnounced()) {
          expect(retryDelays, "retry delays (onRetry delayMs)").toEqual(expectedDelays.slice(0, retryDelays.length));
          const delay = retryDelays.at(-1)!;
          const sent = attempts.length;
          await vi.advanceTimersByTimeAsync(delay - 1);
          expect(attempts.length, `attempts 1 ms before the ${delay} ms retry delay ends`).toBe(sent);
          await vi.advanceTimersByTimeAsync(1);
          expect(attempts.length, `attempts when the ${delay} ms retry delay ends`).toBe(sent + 1);
        } else {
          const current = attempts.at(-1)!;
          await vi.advanceTimersByTimeAsync(current.startedAt + TIMEOUT_MS - 1 - Date.now());
          expect(current.signal?.aborted, `attempt ${attempts.length} aborted 1 ms before its timeout`).toBe(false);
          await vi.advanceTimersByTimeAsync(1);
          expect(current.signal?.aborted, `attempt ${attempts.length} aborted when its ${TIMEOUT_MS} ms timeout ends`).toBe(true);
        }
      }
      await call;

      // Which outcome.
      if (expected.error) {
        expect(error, `expected ${expected.error.name}, got ${String(error)}`).toBeInstanceOf(expected.error);
        expect(error).toMatchObject(expected.fields ?? {});
        if (expected.message) expect((error as Error).message).toMatch(expected.message);
      } else {
        expect(error, String(error)).toBeUndefined();
        expect(data).toEqual(okJson[kind]);
      }
      // How many requests, and the delays between them.
      const seen = scenario.target ? attempts.length : requests.length;
      expect(seen, "requests").toBe(expected.requests);
      expect(attempts.length, "fetch calls").toBe(expected.requests);
      expect(retryDelays, "retry delays (onRetry delayMs)").toEqual(expectedDelays);
      for (const r of requests) expect(r.headers["x-authy-api-key"]).toBe(API_KEY); // it did reach the server
      // Nothing secret anywhere.
      const secrets = kind === "unsafe" ? [API_KEY, TOKEN] : [API_KEY];
      expectNoSecret([...renderings(error), ...hookPayloads.map((p) => JSON.stringify(p))], secrets);
      expect(hookPayloads.length).toBeGreaterThan(0);
      // The key never went anywhere else.
      expect(thief.totalRequests - thiefBefore, "requests to the redirect target").toBe(0);
      await scenario.after?.({ requests, kind, format, until });
    });
  });
});
