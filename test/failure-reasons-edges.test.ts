/**
 * The edges of src/failure.ts (issue 14: mutation testing), seen by a caller: how an error answer becomes an
 * AuthyApiError (the Authy envelope's fields, a foreign body's short reason, the HTML entities of a <title>) and
 * how a fetch that threw becomes an AuthyNetworkError (the code and reason found in its `cause` chain). Each case
 * answers through an injected `fetch` returning a real `Response`, or rejecting as undici does, so nothing is sent.
 */
import { describe, expect, it } from "vitest";
import { AuthyApiError, AuthyNetworkError, createAuthyClient, type AuthyClientOptions } from "../src/index.js";

const API_KEY = "failure-edges-key-8d2e61b7c0";
// Never contacted: every case injects its own fetch.
const BASE_URL = "http://127.0.0.1:9";
const STATUS_URL = `${BASE_URL}/protected/json/users/7/status`;

/** What getUserStatus throws when fetch answers or rejects with `answer`. */
async function failureOf(answer: () => Response | Promise<never>, options: Partial<AuthyClientOptions> = {}): Promise<unknown> {
  const authy = createAuthyClient({ apiKey: API_KEY, baseUrl: BASE_URL, retry: false, fetch: async () => answer(), ...options });
  return authy.getUserStatus({ authy_id: 7 }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

async function apiErrorFor(status: number, body: string, headers: Record<string, string> = {}, options: Partial<AuthyClientOptions> = {}) {
  const error = await failureOf(() => new Response(body, { status, headers }), options);
  expect(error).toBeInstanceOf(AuthyApiError);
  return error as AuthyApiError;
}

const json = { "content-type": "application/json" };

describe("the Authy envelope of an error answer", () => {
  it("error_code as a JSON number is read as a number", async () => {
    const error = await apiErrorFor(401, JSON.stringify({ message: "Invalid API key", error_code: 60001 }), json);
    expect(error.errorCode).toBe(60001);
    expect(error.message).toBe("Invalid API key");
  });

  it("error_code neither string nor number (an array holding one) is not an error code", async () => {
    const error = await apiErrorFor(401, JSON.stringify({ message: "Invalid API key", error_code: [60001] }), json);
    expect(error.errorCode).toBeUndefined();
  });

  it.each(["E60001", "60001E", " 60001"])("error_code %j, digits with anything around them, is no error code", async (code) => {
    const error = await apiErrorFor(401, JSON.stringify({ message: "Invalid API key", error_code: code }), json);
    expect(error.errorCode).toBeUndefined();
  });

  it("only the string members of `errors` are kept", async () => {
    const body = { message: "Invalid phone", errors: { message: "Invalid phone", cellphone: "is invalid", count: 2, flag: null } };
    const error = await apiErrorFor(400, JSON.stringify(body), json);
    expect(error.errors).toStrictEqual({ message: "Invalid phone", cellphone: "is invalid" });
  });

  it("`errors: null` is no errors object, and the message still comes from the envelope", async () => {
    const error = await apiErrorFor(400, JSON.stringify({ message: "Bad request", errors: null }), json);
    expect(error.message).toBe("Bad request");
    expect(error.errors).toStrictEqual({});
    expect(error.body).toStrictEqual({ message: "Bad request", errors: null });
  });

  it("a body that is JSON null is no envelope: the status line", async () => {
    const error = await apiErrorFor(500, "null", json);
    expect(error.message).toBe("HTTP 500");
    expect(error.body).toBeNull();
  });

  it("a message that is not a string is not the message: the status line instead", async () => {
    const error = await apiErrorFor(400, JSON.stringify({ message: 42 }), json);
    expect(error.message).toBe("HTTP 400");
  });

  it("an empty reason phrase leaves no trailing space in the status line", async () => {
    const error = await failureOf(() => new Response("", { status: 500, statusText: "" }));
    expect((error as AuthyApiError).message).toBe("HTTP 500");
  });

  it("arrays in the body are copied whole, element by element", async () => {
    const body = { message: "Gone", devices: ["iphone", "android"], nested: [[1, 2], []] };
    const error = await apiErrorFor(404, JSON.stringify(body), json);
    expect(error.body).toStrictEqual(body);
  });

  it("an array's indices are not member names to redact, even when a secret is a digit", async () => {
    // The signing key "1" is a secret the redactor replaces; index 1 of an array must stay index 1.
    const body = { message: "Gone", devices: ["iphone", "android", "web"] };
    const error = await apiErrorFor(404, JSON.stringify(body), json, { signingKey: "1" });
    expect(error.body).toStrictEqual(body);
  });
});

describe("the reason of an error body that is not an Authy envelope", () => {
  const problem = { "content-type": "application/problem+json" };

  it("a problem+json body after leading whitespace: its title", async () => {
    const error = await apiErrorFor(404, `\n  ${JSON.stringify({ title: "No such route" })}`, problem);
    expect(error.message).toBe("HTTP 404: No such route");
  });

  it("a title and no detail: the title alone, no separator", async () => {
    const error = await apiErrorFor(404, JSON.stringify({ title: "No such route" }), problem);
    expect(error.message).toBe("HTTP 404: No such route");
  });

  it("a blank detail is left out", async () => {
    const error = await apiErrorFor(404, JSON.stringify({ title: "No such route", detail: "  \t " }), problem);
    expect(error.message).toBe("HTTP 404: No such route");
  });

  it("a title that is not a string is left out", async () => {
    const error = await apiErrorFor(404, JSON.stringify({ title: 404, detail: "Route missing" }), problem);
    expect(error.message).toBe("HTTP 404: Route missing");
  });

  it("a <title> with attributes", async () => {
    const error = await apiErrorFor(502, '<html><head><title lang="en">Bad gateway at the edge</title></head></html>', { "content-type": "text/html" });
    expect(error.message).toBe("HTTP 502: Bad gateway at the edge");
  });

  it("runs of whitespace collapse to one space", async () => {
    const error = await apiErrorFor(502, "<title>Bad   gateway\n\n  here</title>", { "content-type": "text/html" });
    expect(error.message).toBe("HTTP 502: Bad gateway here");
  });

  it("a body neither JSON, HTML nor text/plain gives no reason", async () => {
    const error = await apiErrorFor(503, "busy\nretry later", { "content-type": "application/octet-stream" });
    expect(error.message).toBe("HTTP 503");
  });

  it("text/plain only as a media type, not inside another one", async () => {
    const error = await apiErrorFor(503, "busy\nretry later", { "content-type": "application/x-text/plain" });
    expect(error.message).toBe("HTTP 503");
  });

  it("a reason of exactly 160 characters is kept whole; 161 are cut to 159 and an ellipsis", async () => {
    const exact = "r".repeat(160);
    const atLimit = await apiErrorFor(503, exact, { "content-type": "text/plain" });
    expect(atLimit.message).toBe(`HTTP 503: ${exact}`);
    const over = await apiErrorFor(503, `${exact}s`, { "content-type": "text/plain" });
    expect(over.message).toBe(`HTTP 503: ${"r".repeat(159)}…`);
  });
});

describe("HTML entities in a <title>", () => {
  const titled = (title: string) => apiErrorFor(502, `<html><title>${title}</title></html>`, { "content-type": "text/html" });

  it.each([
    ["&#x41;&#x2014;", "A\u2014"],
    ["&#X41;&#X2014;", "A\u2014"],
    ["&lt;edge&gt;", "<edge>"],
    ["&quot;edge&quot;", '"edge"'],
    ["edge&apos;s", "edge's"],
    ["bad&nbsp;gateway", "bad gateway"],
    ["max&#1114111;", "max\u{10ffff}"],
  ])("%s decodes to %j", async (title, reason) => {
    expect((await titled(title)).message).toBe(`HTTP 502: ${reason}`);
  });

  it.each(["nul&#0;here", "past&#1114112;max", "past&#x110000;max", "&unknown;"])(
    "%s, no character, stays as written",
    async (title) => {
      expect((await titled(title)).message).toBe(`HTTP 502: ${title}`);
    },
  );
});

describe("the reason of a fetch that threw", () => {
  /** What getUserStatus throws when fetch rejects with `error`. */
  async function networkErrorFor(error: unknown): Promise<AuthyNetworkError> {
    const thrown = await failureOf(() => Promise.reject(error));
    expect(thrown).toBeInstanceOf(AuthyNetworkError);
    return thrown as AuthyNetworkError;
  }
  const fetchFailed = (cause: unknown) => new TypeError("fetch failed", { cause });

  it.each(["EAI_AGAIN", "EAI_NONAME", "EHOSTUNREACH", "ENETUNREACH"])("%s: nothing was sent", async (code) => {
    const error = await networkErrorFor(fetchFailed(Object.assign(new Error(`getaddrinfo ${code} db.internal`), { code })));
    expect(error.notSent).toBe(true);
    expect(error.message).toBe(`GET ${STATUS_URL} failed: fetch failed: getaddrinfo ${code} db.internal (${code})`);
  });

  it("ECONNRESET: the request may have been sent", async () => {
    const error = await networkErrorFor(fetchFailed(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })));
    expect(error.notSent).toBe(false);
    expect(error.message).toBe(`GET ${STATUS_URL} failed: fetch failed: read ECONNRESET (ECONNRESET)`);
  });

  it("the first code of the chain is the code, the innermost message the reason", async () => {
    const inner = Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:443"), { code: "ECONNREFUSED" });
    const outer = Object.assign(new Error("socket error", { cause: inner }), { code: "UND_ERR_SOCKET" });
    const error = await networkErrorFor(fetchFailed(outer));
    expect(error.message).toBe(`GET ${STATUS_URL} failed: fetch failed: connect ECONNREFUSED 10.0.0.1:443 (UND_ERR_SOCKET)`);
    expect(error.notSent).toBe(false);
    expect(error.cause).toMatchObject({ message: "connect ECONNREFUSED 10.0.0.1:443", code: "UND_ERR_SOCKET" });
  });

  it("a later level without a code does not clear the code found", async () => {
    const inner = new Error("connect ECONNREFUSED 10.0.0.1:443");
    const error = await networkErrorFor(fetchFailed(Object.assign(new Error("connect failed", { cause: inner }), { code: "ECONNREFUSED" })));
    expect(error.message).toBe(`GET ${STATUS_URL} failed: fetch failed: connect ECONNREFUSED 10.0.0.1:443 (ECONNREFUSED)`);
    expect(error.notSent).toBe(true);
  });

  it("a code that is not a string (an errno number) is passed over for the next string code", async () => {
    const inner = Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:443"), { code: "ECONNREFUSED" });
    const error = await networkErrorFor(fetchFailed(Object.assign(new Error("connect failed", { cause: inner }), { code: -111 })));
    expect(error.message).toBe(`GET ${STATUS_URL} failed: fetch failed: connect ECONNREFUSED 10.0.0.1:443 (ECONNREFUSED)`);
    expect(error.notSent).toBe(true);
  });

  it("an empty, missing or non-string message is no reason: the last real message stays", async () => {
    const empty = new Error("");
    const numeric = { message: 42, cause: empty };
    const bare = { code: "ECONNRESET", cause: numeric };
    const error = await networkErrorFor(fetchFailed(Object.assign(new Error("other side closed"), { cause: bare })));
    expect(error.message).toBe(`GET ${STATUS_URL} failed: fetch failed: other side closed (ECONNRESET)`);
    expect(error.cause).toMatchObject({ message: "other side closed", code: "ECONNRESET" });
  });

  it("a null cause ends the chain", async () => {
    const error = await networkErrorFor(fetchFailed(null));
    expect(error.message).toBe(`GET ${STATUS_URL} failed: fetch failed`);
    expect(error.notSent).toBe(false);
  });

  it("a cause that is a function, not an error object, is not read", async () => {
    const error = await networkErrorFor(fetchFailed(Object.assign(function connect() {}, { code: "ECONNREFUSED" })));
    expect(error.message).toBe(`GET ${STATUS_URL} failed: fetch failed`);
    expect(error.notSent).toBe(false);
  });

  it("the chain is read five levels deep and no deeper", async () => {
    // fetch failed > level 1 > ... > level 4 are read (five); level 5 and 6 are not.
    let chain: Error = new Error("level 6");
    for (let level = 5; level >= 1; level--) chain = new Error(`level ${level}`, { cause: chain });
    const error = await networkErrorFor(fetchFailed(chain));
    expect(error.message).toBe(`GET ${STATUS_URL} failed: fetch failed: level 4`);
  });
});
