// Edges of createAuthyClient's option checks and of `raw`'s lazy middleware (issue 14): each test pins a field, a
// message or a bound exactly, so that a looser or stricter check, or a lost message, fails here.
import { describe, expect, it } from "vitest";
import { AuthyValidationError, createAuthyClient, type AuthyClientOptions } from "../src/index.js";
import { spyFetch } from "./helpers/spy-fetch.js";

const KEY = "live-key-7f3c9a1e5b2d4e6f8a0c1b3d5e7f9a2c";
const SIGNING_KEY = "signing-key-51d6c0a7e4b2";
const ACCESS_KEY = "access-key-9b8e7d6c5a4f";
const APP_DETAILS = '{"app":{"app_id":1,"name":"Demo","plan":"starter","sms_enabled":true},"success":true}';

/** The error createAuthyClient throws for these options (or a note that it threw none). */
function creationError(options: unknown): unknown {
  try {
    createAuthyClient(options as AuthyClientOptions);
  } catch (error) {
    return error;
  }
  return "no error";
}

function validationError(field: string, message: string) {
  return { name: "AuthyValidationError", field, message: `${field}: ${message}` };
}

/** createAuthyClient refuses these options with an AuthyValidationError on this field, with this message. */
function expectCreationRefused(options: unknown, field: string, message: string) {
  const error = creationError(options);
  expect(error).toBeInstanceOf(AuthyValidationError);
  expect(error).toMatchObject(validationError(field, message));
}

describe("the options object itself", () => {
  it.each([
    ["undefined", undefined],
    ["null", null],
    ["a string", "live-key"],
  ])("%s is refused as options, with no TypeError from reading its fields", (_, options) => {
    expectCreationRefused(options, "options", "are required");
  });

  it("a fetch that is not a function is refused when the client is created", () => {
    expectCreationRefused({ apiKey: KEY, fetch: "https://proxy.example" }, "fetch", "no fetch implementation is available");
  });
});

describe("baseUrl", () => {
  it.each([
    ["api.authy.com", "must be an absolute URL"],
    ["http://10.0.0.1:4010", "must use https (http is allowed for loopback hosts only)"],
    // A loopback host does not make any scheme acceptable: only http and https are.
    ["ftp://127.0.0.1", "must use https (http is allowed for loopback hosts only)"],
    ["ftp://localhost", "must use https (http is allowed for loopback hosts only)"],
    // The loopback names are whole host names, not suffixes.
    ["http://notlocalhost:8080", "must use https (http is allowed for loopback hosts only)"],
    ["https://api.authy.com/#top", "must not carry credentials, a query or a fragment"],
    ["https://user@api.authy.com", "must not carry credentials, a query or a fragment"],
  ])("%s is refused: %s", (baseUrl, message) => {
    expectCreationRefused({ apiKey: KEY, baseUrl }, "baseUrl", message);
  });

  it.each([
    // Multi-digit octets of 127.0.0.0/8 are loopback too.
    ["http://127.10.200.1:4010", "http://127.10.200.1:4010/protected/json/app/details"],
    // Every trailing slash goes, not just the last, so paths never gain an empty segment.
    ["https://api.authy.com/base//", "https://api.authy.com/base/protected/json/app/details"],
    ["http://LOCALHOST:4010///", "http://localhost:4010/protected/json/app/details"],
  ])("%s is accepted and requests go to %s", async (baseUrl, url) => {
    const spy = spyFetch(() => ({ body: APP_DETAILS }));
    const client = createAuthyClient({ apiKey: KEY, baseUrl, fetch: spy.fetch, retry: false });
    await client.getApplicationDetails();
    expect(spy.requests.map((request) => request.url)).toEqual([url]);
  });
});

describe("the signing key", () => {
  const signingKeyMessage = "must match ^[!-~](?:[ -~]{0,510}[!-~])?$ (no surrounding whitespace)";

  it.each([
    ["trailing whitespace", "signing-key "],
    ["a trailing newline", "signing-key\n"],
    ["leading whitespace", " signing-key"],
    ["513 characters", "k".repeat(513)],
  ])("with %s is refused, the message naming the pattern", (_, signingKey) => {
    expectCreationRefused({ apiKey: KEY, signingKey }, "signingKey", signingKeyMessage);
  });

  it.each([
    ["one character", "k"],
    ["512 characters with inner spaces", `k${" inner ".repeat(72)}${"k".repeat(7)}`],
  ])("of %s is accepted and signs a request", async (_, signingKey) => {
    const spy = spyFetch(() => ({ body: '{"webhooks":[],"message":"Webhooks retrieved","success":true}' }));
    const client = createAuthyClient({ apiKey: KEY, signingKey, accessKey: ACCESS_KEY, fetch: spy.fetch, retry: false });
    expect(await client.listWebhooks()).toEqual({ webhooks: [], message: "Webhooks retrieved", success: true });
    expect(spy.requests).toHaveLength(1);
    expect(spy.requests[0]!.headers["x-authy-signature"]).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it("a signed call without a signing key names the key and the APIs that need it", async () => {
    const spy = spyFetch(() => ({ body: "{}" }));
    const error = await createAuthyClient({ apiKey: KEY, accessKey: ACCESS_KEY, fetch: spy.fetch })
      .listWebhooks()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthyValidationError);
    expect(error).toMatchObject(validationError("signingKey", "is required for signed Webhooks and Dashboard API calls"));
    expect(spy.requests).toHaveLength(0);
  });
});

describe("format, timeouts and size limit", () => {
  it("an unknown format is refused with the two it accepts", () => {
    expectCreationRefused({ apiKey: KEY, format: "yaml" }, "format", 'must be "json" or "xml"');
  });

  it.each([
    ["timeoutMs", 0],
    ["timeoutMs", Number.POSITIVE_INFINITY],
    ["maxResponseBytes", 0],
    ["maxResponseBytes", -1],
  ])("%s %d is refused", (field, value) => {
    expectCreationRefused({ apiKey: KEY, [field]: value }, field, "must be a positive number");
  });

  it("a call's own timeoutMs is checked before anything is sent, under its own name", async () => {
    const spy = spyFetch(() => ({ body: APP_DETAILS }));
    const client = createAuthyClient({ apiKey: KEY, fetch: spy.fetch });
    const error = await client.getApplicationDetails(undefined, { timeoutMs: -5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthyValidationError);
    expect(error).toMatchObject(validationError("timeoutMs", "must be a positive number"));
    expect(spy.requests).toHaveLength(0);
  });
});

describe("retry.retries: an integer from 0 to 10", () => {
  it.each([[-1], [11], [2.5]])("%d is refused", (retries) => {
    expectCreationRefused({ apiKey: KEY, retry: { retries } }, "retry.retries", "must be an integer from 0 to 10");
  });

  it("0 is accepted: a 503 to a safe call is sent once and not repeated", async () => {
    const spy = spyFetch(() => ({ status: 503, body: '{"message":"Service unavailable","success":false}' }));
    const client = createAuthyClient({ apiKey: KEY, fetch: spy.fetch, retry: { retries: 0 } });
    const error = await client.getApplicationDetails().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AuthyApiError", status: 503 });
    expect(spy.requests).toHaveLength(1);
  });

  it("10, the bound itself, is accepted", () => {
    expect(creationError({ apiKey: KEY, retry: { retries: 10 } })).toBe("no error");
  });
});

describe("raw: middleware registered after openapi-fetch has loaded", () => {
  it("applies to the next call at once, and eject removes it at once", async () => {
    const spy = spyFetch(() => ({ body: "{}" }));
    const client = createAuthyClient({ apiKey: KEY, baseUrl: "http://127.0.0.1:4010", fetch: spy.fetch });
    const path = "/protected/{format}/app/details" as const;
    const params = { params: { path: { format: "json" as const } } };
    await client.raw.GET(path, params);
    const seen: string[] = [];
    const late = { onRequest: ({ request }: { request: Request }) => void seen.push(new URL(request.url).pathname) };
    client.raw.use(late);
    await client.raw.GET(path, params);
    client.raw.eject(late);
    await client.raw.GET(path, params);
    expect(seen).toEqual(["/protected/json/app/details"]);
    expect(spy.requests).toHaveLength(3);
  });
});
