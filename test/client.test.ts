import { createHmac } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { operationTable } from "../generated/runtime.js";
import {
  AUTHY_ERROR_CODES,
  AuthyApiError,
  AuthyNetworkError,
  AuthyResponseError,
  AuthyTimeoutError,
  AuthyValidationError,
  createAuthyClient,
  DEFAULT_TIMEOUT_MS,
  describeAuthyErrorCode,
  isAuthyApiError,
  isAuthyValidationError,
  paginateReportingEvents,
  type AuthyRequestInfo,
} from "../src/index.js";
import { VERSION } from "../src/version.js";
import { sampleInput } from "./helpers/sample-input.js";
import { spyFetch } from "./helpers/spy-fetch.js";

const KEY = "live-key-7f3c9a1e5b2d4e6f8a0c1b3d5e7f9a2c";
const SIGNING_KEY = "signing-key-51d6c0a7e4b2";
const ACCESS_KEY = "access-key-9b8e7d6c5a4f";

describe("client options", () => {
  it.each([
    ["https://api.authy.com", "https://api.authy.com"],
    ["https://api.authy.com/", "https://api.authy.com"],
    ["http://127.0.0.1:4010", "http://127.0.0.1:4010"],
    ["http://127.5.6.7:4010/base/", "http://127.5.6.7:4010/base"],
    ["http://localhost:8080", "http://localhost:8080"],
    ["http://[::1]:4010", "http://[::1]:4010"],
  ])("accepts baseUrl %s", async (baseUrl, expected) => {
    const spy = spyFetch(() => ({ body: "{}" }));
    const client = createAuthyClient({ apiKey: KEY, baseUrl, fetch: spy.fetch, retry: false });
    await client.getApplicationDetails().catch(() => undefined);
    expect(spy.requests[0]!.url).toBe(`${expected}/protected/json/app/details`);
  });

  it.each([
    "http://api.authy.com",
    "http://10.0.0.1:4010",
    "http://127.0.0.1.example.com",
    "ftp://api.authy.com",
    "https://user:pass@api.authy.com",
    "https://api.authy.com/?api_key=x",
    "api.authy.com",
  ])("rejects baseUrl %s when the client is created", (baseUrl) => {
    const create = () => createAuthyClient({ apiKey: KEY, baseUrl });
    expect(create).toThrow(AuthyValidationError);
    expect(create).toThrow(/^baseUrl: /);
  });

  it.each([[""], ["   "], [undefined], [42], ["key\nX-Evil: 1"]])("rejects apiKey %j", (apiKey) => {
    expect(() => createAuthyClient({ apiKey } as never)).toThrow(expect.objectContaining({ name: "AuthyValidationError", field: "apiKey" }));
  });

  it("rejects an unknown format and non-positive timeouts", () => {
    expect(() => createAuthyClient({ apiKey: KEY, format: "yaml" as never })).toThrow(/^format: /);
    expect(() => createAuthyClient({ apiKey: KEY, timeoutMs: 0 })).toThrow(/^timeoutMs: /);
    expect(() => createAuthyClient({ apiKey: KEY, retry: { retries: -1 } })).toThrow(/^retry.retries: /);
  });

  it("documents a 10 s default timeout and sends a versioned User-Agent", async () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(10_000);
    expect(VERSION).toBe(JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version);
    const spy = spyFetch(() => ({ body: "{}" }));
    await createAuthyClient({ apiKey: KEY, fetch: spy.fetch, userAgent: "my-app/2.0" }).getApplicationDetails().catch(() => undefined);
    expect(spy.requests[0]!.headers["user-agent"]).toBe("my-app/2.0");
  });
});

describe("input validation happens before anything is sent", () => {
  const cases: [string, string, Record<string, unknown>, string][] = [
    ["token with a slash", "verifyToken", { token: "12/34567", authy_id: 1 }, "token"],
    ["token with letters", "verifyToken", { token: "12a4567", authy_id: 1 }, "token"],
    ["authy_id not an integer", "getUserStatus", { authy_id: 1.5 }, "authy_id"],
    ["authy_id zero", "getUserStatus", { authy_id: 0 }, "authy_id"],
    ["authy_id beyond safe integers", "getUserStatus", { authy_id: 2 ** 53 }, "authy_id"],
    ["authy_id as a path", "getUserStatus", { authy_id: "1/../../app" }, "authy_id"],
    ["uuid with a dot segment", "getApprovalRequest", { uuid: "../users/1" }, "uuid"],
    ["webhook id with a query", "deleteWebhook", { webhook_id: "WH_1?x=1" }, "webhook_id"],
    ["missing required body field", "createUser", { user: { email: "a@example.com", country_code: 1 } }, "user.cellphone"],
    ["bad email", "createUser", { user: { email: "nope", cellphone: "405-342-5699", country_code: 1 } }, "user.email"],
    ["enum miss", "startPhoneVerification", { via: "fax", country_code: 1, phone_number: "201-555-0123" }, "via"],
    ["unknown parameter", "verifyToken", { token: "0123456", authy_id: 1, tokn: "1" }, "tokn"],
    ["credential passed by the caller", "listWebhooks", { app_api_key: "x" }, "app_api_key"],
    ["message too long", "createApprovalRequest", { authy_id: 1, message: "x".repeat(201) }, "message"],
  ];
  it.each(cases)("%s", async (_, id, input, field) => {
    const spy = spyFetch(() => ({ body: "{}" }));
    const client = createAuthyClient({ apiKey: KEY, fetch: spy.fetch, signingKey: SIGNING_KEY, accessKey: ACCESS_KEY });
    const error = await (client as any)[id](input).catch((e: any) => e);
    expect(error).toBeInstanceOf(AuthyValidationError);
    expect(error.field).toBe(field);
    expect(isAuthyValidationError(error)).toBe(true);
    expect(spy.requests).toHaveLength(0);
  });

  it("a signed call without signing credentials fails before sending", async () => {
    const spy = spyFetch(() => ({ body: "{}" }));
    const error = await createAuthyClient({ apiKey: KEY, fetch: spy.fetch }).listWebhooks().catch((e: any) => e);
    expect(error).toMatchObject({ name: "AuthyValidationError", field: "signingKey" });
    expect(spy.requests).toHaveLength(0);
  });
});

describe("the API key travels only in the header", () => {
  it.each(Object.keys(operationTable))("%s", async (id) => {
    const spy = spyFetch(() => ({ body: "{}" }));
    const client = createAuthyClient({ apiKey: KEY, fetch: spy.fetch, signingKey: SIGNING_KEY, accessKey: ACCESS_KEY, retry: false });
    await (client as any)[id](sampleInput(id)).catch(() => undefined);
    const [request] = spy.requests;
    const op = operationTable[id as keyof typeof operationTable];
    // The API puts the key in the feedback path and in app_api_key of signed calls; nowhere else.
    const keyInUrl = id === "createSmsFeedback" || (op.auth === "signed" && op.method !== "POST");
    expect(request!.url.includes(KEY)).toBe(keyInUrl);
    expect(request!.headers["x-authy-api-key"]).toBe(op.auth === "apiKey" ? KEY : undefined);
    expect(request!.headers["x-authy-signature"] !== undefined).toBe(op.auth === "signed");
  });
});

describe("secrets never leak", () => {
  it("redacts the key and the token from errors, their serialisations and hook payloads", async () => {
    const seen: AuthyRequestInfo[] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      throw new TypeError(`connect failed for ${url} with ${new Headers(init.headers).get("x-authy-api-key")}`);
    }) as typeof globalThis.fetch;
    const client = createAuthyClient({
      apiKey: KEY,
      fetch,
      retry: false,
      hooks: { onRequest: (info) => seen.push(info) },
    });
    const error = await client.verifyToken({ token: "9876543", authy_id: 42 }).catch((e: any) => e);
    expect(error).toBeInstanceOf(AuthyNetworkError);
    for (const text of [error.message, String(error), JSON.stringify(error), inspect(error), JSON.stringify(seen), error.stack]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain("9876543");
    }
    expect(error.message).toBe(
      "GET https://api.authy.com/protected/json/verify/[REDACTED]/42?force=true failed: connect failed for https://api.authy.com/protected/json/verify/[REDACTED]/42?force=true with [REDACTED]",
    );
    expect(seen).toEqual([
      {
        operationId: "verifyToken",
        method: "GET",
        url: "https://api.authy.com/protected/json/verify/[REDACTED]/42?force=true",
        headers: { accept: "application/json", "user-agent": `authy-openapi/${VERSION}`, "x-authy-api-key": "[REDACTED]" },
        attempt: 1,
      },
    ]);
  });

  it("redacts the key in the feedback path", async () => {
    const fetch = (async (request: Request) => {
      throw new TypeError(`refused: ${request.url}`);
    }) as typeof globalThis.fetch;
    const error = await createAuthyClient({ apiKey: KEY, fetch, retry: false })
      .createSmsFeedback(sampleInput("createSmsFeedback") as never)
      .catch((e: any) => e);
    expect(error.message).not.toContain(KEY);
    expect(error.message).toContain("/2010-04-01/Accounts/[REDACTED]/SMS/Messages/");
  });
});

describe("responses", () => {
  it("tolerates a wrong content-type label when the body is in the format asked for", async () => {
    const spy = spyFetch(() => ({ body: '{"message":"User status.","success":true}', headers: { "content-type": "text/html" } }));
    const client = createAuthyClient({ apiKey: KEY, fetch: spy.fetch });
    await expect(client.withResponse.createUser({ user: { email: "a@example.com", cellphone: "405-342-5699", country_code: 1 } })).rejects.toThrow(
      AuthyResponseError,
    );
    const ok = spyFetch(() => ({ body: '{"message":"User created successfully.","user":{"id":7},"success":true}', headers: { "content-type": "text/html; charset=utf-8", "x-request-id": "req-1" } }));
    const result = await createAuthyClient({ apiKey: KEY, fetch: ok.fetch }).withResponse.createUser({
      user: { email: "a@example.com", cellphone: "405-342-5699", country_code: 1 },
    });
    expect(result).toMatchObject({ status: 200, requestId: "req-1", data: { message: "User created successfully.", user: { id: 7 }, success: true } });
  });

  it("maps an error body to AuthyApiError without reading its message", async () => {
    const spy = spyFetch(() => ({
      status: 404,
      body: '{"message":"Gebruiker niet gevonden","success":false,"errors":{"message":"Gebruiker niet gevonden"},"error_code":"60026"}',
    }));
    const error = await createAuthyClient({ apiKey: KEY, fetch: spy.fetch }).getUserStatus({ authy_id: 1 }).catch((e: any) => e);
    expect(isAuthyApiError(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, errorCode: 60026, retryable: false, message: "Gebruiker niet gevonden" });
    expect(describeAuthyErrorCode(error.errorCode)).toBe("User not found");
    expect(AUTHY_ERROR_CODES[60001]).toEqual({ status: 401, message: "Invalid API key" });
  });

  it("an HTML 502 from a proxy is still an AuthyApiError with its status", async () => {
    const spy = spyFetch(() => ({ status: 502, body: "<html><body>Bad Gateway</body></html>", headers: { "content-type": "text/html" } }));
    const error = await createAuthyClient({ apiKey: KEY, fetch: spy.fetch, retry: false }).getUserStatus({ authy_id: 1 }).catch((e: any) => e);
    expect(error).toBeInstanceOf(AuthyApiError);
    expect(error).toMatchObject({ status: 502, errorCode: undefined, retryable: true, body: undefined });
  });
});

describe("raw: the openapi-fetch client", () => {
  it("sends the key header, runs middleware registered before its first call, in order, and is not the methods' client", async () => {
    const spy = spyFetch(() => ({ body: JSON.stringify({ status: { authy_id: 42 } }) }));
    const client = createAuthyClient({ apiKey: KEY, baseUrl: "http://127.0.0.1:4010", fetch: spy.fetch, retry: false, userAgent: "ua-test" });
    const order: string[] = [];
    const first = { onRequest: () => void order.push("first") };
    const second = {
      onRequest: ({ request }: { request: Request }) => {
        order.push("second");
        request.headers.set("X-Trace", "t-1");
      },
    };
    const ejected = { onRequest: () => void order.push("ejected") };
    client.raw.use(first, second, ejected);
    client.raw.eject(ejected);
    const { data, response } = await client.raw.GET("/protected/{format}/users/{authy_id}/status", {
      params: { path: { format: "json", authy_id: 42 } },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ status: { authy_id: 42 } });
    expect(order).toEqual(["first", "second"]);
    expect(spy.requests[0]).toMatchObject({
      method: "GET",
      url: "http://127.0.0.1:4010/protected/json/users/42/status",
      headers: { "x-authy-api-key": KEY, "user-agent": "ua-test", "x-trace": "t-1" },
    });
    // A method call goes through its own openapi-fetch client: raw's middleware does not see it.
    await client.getUserStatus({ authy_id: 42 }).catch(() => undefined);
    expect(order).toEqual(["first", "second"]);
    expect(spy.requests).toHaveLength(2);
    expect(spy.requests[1]!.headers["x-trace"]).toBeUndefined();
  });
});

describe("timeouts and cancellation", () => {
  const hangingFetch = (async (_: Request, init?: RequestInit) =>
    new Promise<Response>((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)))) as typeof fetch;

  it("ends a request that never answers with AuthyTimeoutError, when its timeout ends and not before", async () => {
    // The clock is moved, not waited on: the call must still be pending 1 ms before its timeout and over at it.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      let outcome: unknown = "pending";
      // The clock starts moving once the request is out (the engine loads first, on real I/O).
      let sent!: () => void;
      const out = new Promise<void>((resolve) => (sent = resolve));
      const fetchThatHangs = ((request: Request, init?: RequestInit) => (sent(), hangingFetch(request, init))) as typeof fetch;
      const call = createAuthyClient({ apiKey: KEY, fetch: fetchThatHangs, timeoutMs: 150, retry: false })
        .getUserStatus({ authy_id: 1 })
        .then(
          () => (outcome = "answered"),
          (error: unknown) => (outcome = error),
        );
      await out;
      await vi.advanceTimersByTimeAsync(149);
      expect(outcome).toBe("pending");
      await vi.advanceTimersByTimeAsync(1);
      await call;
      expect(outcome).toBeInstanceOf(AuthyTimeoutError);
      expect((outcome as AuthyTimeoutError).timeoutMs).toBe(150);
    } finally {
      vi.useRealTimers();
    }
  });

  it("ends a request when the caller aborts", async () => {
    const controller = new AbortController();
    const call = createAuthyClient({ apiKey: KEY, fetch: hangingFetch, retry: false }).getUserStatus({ authy_id: 1 }, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toThrow(AuthyNetworkError);
    await expect(call).rejects.toThrow("The request was aborted by the caller");
  });
});

describe("signed Webhooks and Dashboard API requests", () => {
  function hmac(data: string) {
    return createHmac("sha256", SIGNING_KEY).update(data).digest("base64");
  }

  it("listWebhooks (GET): credentials in the query, signed per the documented algorithm", async () => {
    const spy = spyFetch(() => ({ body: '{"webhooks":[],"message":"Webhooks retrieved","success":true}' }));
    const client = createAuthyClient({ apiKey: KEY, signingKey: SIGNING_KEY, accessKey: ACCESS_KEY, fetch: spy.fetch });
    await client.listWebhooks().catch(() => undefined);
    const [request] = spy.requests;
    const nonce = request!.headers["x-authy-signature-nonce"]!;
    expect(nonce).toMatch(/^\d{10}\.\d{6}$/);
    expect(request!.method).toBe("GET");
    expect(request!.url).toBe(`https://api.authy.com/dashboard/json/application/webhooks?app_api_key=${KEY}&access_key=${ACCESS_KEY}`);
    const data = `${nonce}|GET|https://api.authy.com/dashboard/json/application/webhooks|access_key=${ACCESS_KEY}&app_api_key=${KEY}`;
    expect(request!.headers["x-authy-signature"]).toBe(hmac(data));
    expect(request!.headers["x-authy-api-key"]).toBeUndefined();
  });

  it("createWebhook (POST): credentials in the JSON body, arrays signed with their indices dropped", async () => {
    const spy = spyFetch(() => ({ body: "{}" }));
    const client = createAuthyClient({ apiKey: KEY, signingKey: SIGNING_KEY, accessKey: ACCESS_KEY, fetch: spy.fetch });
    await client
      .createWebhook({ url: "https://example.com/hooks/authy", name: "audit log", events: ["user_added", "user_removed"] })
      .catch(() => undefined);
    const [request] = spy.requests;
    const nonce = request!.headers["x-authy-signature-nonce"]!;
    expect(JSON.parse(request!.body)).toEqual({
      url: "https://example.com/hooks/authy",
      name: "audit log",
      events: ["user_added", "user_removed"],
      app_api_key: KEY,
      access_key: ACCESS_KEY,
    });
    const params = [
      `access_key=${ACCESS_KEY}`,
      `app_api_key=${KEY}`,
      "events%5B%5D=user_added",
      "events%5B%5D=user_removed",
      "name=audit+log",
      "url=https%3A%2F%2Fexample.com%2Fhooks%2Fauthy",
    ].join("&");
    expect(request!.headers["x-authy-signature"]).toBe(hmac(`${nonce}|POST|https://api.authy.com/dashboard/json/application/webhooks|${params}`));
  });

  it("createApplication stays unsigned and sends no API key header", async () => {
    const spy = spyFetch(() => ({ body: "{}" }));
    const client = createAuthyClient({ apiKey: KEY, signingKey: SIGNING_KEY, accessKey: ACCESS_KEY, fetch: spy.fetch });
    await client.createApplication(sampleInput("createApplication") as never).catch(() => undefined);
    const headers = spy.requests[0]!.headers;
    expect(Object.keys(headers).sort()).toEqual(["accept", "content-type", "user-agent"]);
  });
});

describe("paging reporting events", () => {
  it("walks pages until a short page", async () => {
    const event = (n: number) => ({ event: "token_verified", time: `2016-12-14T14:32:4${n}.411Z`, request_id: `req-${n}`, objects: {} });
    const pages: Record<string, unknown[]> = { "1": [event(1), event(2)], "2": [event(3)] };
    const spy = spyFetch((req) => ({ body: JSON.stringify({ events: pages[new URL(req.url).searchParams.get("page")!] ?? [], success: true }) }));
    const client = createAuthyClient({ apiKey: KEY, fetch: spy.fetch });
    const seen: unknown[] = [];
    for await (const e of paginateReportingEvents(client, { per_page: 2 })) seen.push(e);
    expect(seen).toEqual([event(1), event(2), event(3)]);
    expect(spy.requests.map((r) => new URL(r.url).search)).toEqual(["?page=1&per_page=2", "?page=2&per_page=2"]);
  });
});

describe("portability", () => {
  it("src/ imports nothing Node-only, so the client runs wherever fetch and Web Crypto exist", () => {
    for (const file of readdirSync(new URL("../src/", import.meta.url))) {
      const text = readFileSync(new URL(`../src/${file}`, import.meta.url), "utf8");
      expect(text, file).not.toMatch(/from\s+["'](node:|fs|path|http|https|crypto|util|buffer)["']|require\(/);
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect(code, file).not.toMatch(/\bBuffer\.|\bprocess\./);
    }
  });
});
