// The edges of OneTouch callback verification (src/callback-verification.ts) that the vectors and attack tests do not
// reach: each option's exact refusal, the anchors and bounds of every pattern and limit, and each way the two adapters
// derive the URL, method and parameters. Every callback here is signed with node:crypto (test/helpers/callback-signer.ts),
// often for exactly the string a looser check would let through, so a looser check shows as `true` where `false` is due.
import { once } from "node:events";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthyValidationError,
  verifyCallbackRequest,
  verifyCallbackSignature,
  verifyNodeCallbackRequest,
  type CallbackRequestOptions,
  type NodeCallbackRequest,
  type NodeCallbackRequestOptions,
  type VerifyCallbackOptions,
} from "../src/index.js";
import { callbackSigningString, signCallback, signData } from "./helpers/callback-signer.js";

const apiKey = "FU10H0uCafgKnXvPfDm5iAisVuHDgXJA";
const nonce = "1700000000";
const now = new Date(1_700_000_000_000);
const host = "example.com";
const path = "/authy/callback";
const url = `https://${host}${path}`;
const params = { status: "approved", uuid: "u-1" };
const FORM = "application/x-www-form-urlencoded";

/** A signature over `nonce|METHOD|url|params`, with the defaults above for what is not given. */
const sign = (over: { nonce?: string; method?: string; url?: string; params?: Record<string, string> } = {}): string =>
  signCallback({ apiKey, nonce, method: "POST", url, params, ...over });

/** The refusal a promise ends with: an AuthyValidationError's name, field and message (anything else fails the test). */
async function refusal(promise: Promise<unknown>): Promise<{ name: string; field: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuthyValidationError) return { name: error.name, field: error.field, message: error.message };
    throw error;
  }
  throw new Error("resolved; an AuthyValidationError was expected");
}
const validationError = (field: string, message: string) => ({ name: "AuthyValidationError", field, message: `${field}: ${message}` });

// ---------------------------------------------------------------------------------------------------------------
// verifyCallbackSignature

describe("verifyCallbackSignature: each option's refusal names its field and says why", () => {
  const good = (): VerifyCallbackOptions => ({ apiKey, now, method: "POST", url, params, nonce, signature: sign() });

  it("the options themselves must be an object (null, undefined and a string each refused, not a TypeError)", async () => {
    for (const options of [null, undefined, "apiKey"]) {
      expect(await refusal(verifyCallbackSignature(options as unknown as VerifyCallbackOptions))).toEqual(
        validationError("options", "must be an object"),
      );
    }
  });

  it("apiKey, now, maxAgeSeconds, maxBytes and seenNonce: exact field and message", async () => {
    const cases: Array<[Partial<Record<keyof VerifyCallbackOptions, unknown>>, ReturnType<typeof validationError>]> = [
      [{ apiKey: "" }, validationError("apiKey", "must be a non-empty string")],
      [{ now: new Date(Number.NaN) }, validationError("now", "must be a valid Date")],
      [{ now: "2023-11-14T22:13:20Z" }, validationError("now", "must be a valid Date")],
      [{ maxAgeSeconds: Number.POSITIVE_INFINITY }, validationError("maxAgeSeconds", "must be a finite number >= 0")],
      [{ maxAgeSeconds: Number.NaN }, validationError("maxAgeSeconds", "must be a finite number >= 0")],
      [{ maxAgeSeconds: "300" }, validationError("maxAgeSeconds", "must be a finite number >= 0")],
      [{ maxAgeSeconds: -1 }, validationError("maxAgeSeconds", "must be a finite number >= 0")],
      [{ maxBytes: 0 }, validationError("maxBytes", "must be a positive integer")],
      [{ maxBytes: -5 }, validationError("maxBytes", "must be a positive integer")],
      [{ maxBytes: 1.5 }, validationError("maxBytes", "must be a positive integer")],
      [{ seenNonce: "store" }, validationError("seenNonce", "must be a function")],
      [{ seenNonce: null }, validationError("seenNonce", "must be a function")],
    ];
    for (const [override, expected] of cases) {
      expect(await refusal(verifyCallbackSignature({ ...good(), ...override } as VerifyCallbackOptions))).toEqual(expected);
    }
  });

  it("maxAgeSeconds 0 is allowed: a nonce of this very second passes, one a second old does not", async () => {
    await expect(verifyCallbackSignature({ ...good(), maxAgeSeconds: 0 })).resolves.toBe(true);
    const older = "1699999999";
    await expect(verifyCallbackSignature({ ...good(), maxAgeSeconds: 0, nonce: older, signature: sign({ nonce: older }) })).resolves.toBe(
      false,
    );
  });

  it("maxBytes 1 is allowed: an empty signed body passes under it", async () => {
    await expect(verifyCallbackSignature({ ...good(), maxBytes: 1, params: {}, signature: sign({ params: {} }) })).resolves.toBe(true);
  });
});

describe("verifyCallbackSignature: the shape checks are anchored, even for a callback signed as sent", () => {
  const signedAs = (over: { nonce?: string; method?: string; url?: string }): VerifyCallbackOptions => ({
    apiKey,
    now,
    method: "POST",
    url,
    params,
    nonce,
    ...over,
    signature: sign(over),
  });

  it("a nonce with anything before or after its digits: false (Number() would read ' 1700000000' as the same time)", async () => {
    await expect(verifyCallbackSignature(signedAs({}))).resolves.toBe(true);
    for (const padded of [` ${nonce}`, `+${nonce}`, `${nonce} `, `${nonce}\n`]) {
      expect(Number(padded)).toBe(1_700_000_000);
      await expect(verifyCallbackSignature(signedAs({ nonce: padded }))).resolves.toBe(false);
    }
  });

  it("a method with anything before or after its letters: false", async () => {
    await expect(verifyCallbackSignature(signedAs({ method: "post" }))).resolves.toBe(true);
    for (const method of [" POST", "POST ", "1POST", "POST1"]) {
      await expect(verifyCallbackSignature(signedAs({ method }))).resolves.toBe(false);
    }
  });

  it("a URL must start with http(s):// and be at most 8192 characters", async () => {
    const longest = `https://${host}/${"a".repeat(8192 - `https://${host}/`.length)}`;
    expect(longest).toHaveLength(8192);
    await expect(verifyCallbackSignature(signedAs({ url: longest }))).resolves.toBe(true);
    await expect(verifyCallbackSignature(signedAs({ url: `${longest}a` }))).resolves.toBe(false);
    for (const prefixed of [` ${url}`, `x${url}`, `callback=${url}`]) {
      await expect(verifyCallbackSignature(signedAs({ url: prefixed }))).resolves.toBe(false);
    }
  });

  it("params must be a plain object or URLSearchParams: a class instance or an object with another prototype is false", async () => {
    const signature = sign({ params: { a: "1" } });
    await expect(verifyCallbackSignature({ ...signedAs({}), params: { a: "1" }, signature })).resolves.toBe(true);
    await expect(verifyCallbackSignature({ ...signedAs({}), params: Object.assign(Object.create(null), { a: "1" }), signature })).resolves.toBe(
      true,
    );
    class Params {
      a = "1";
    }
    await expect(verifyCallbackSignature({ ...signedAs({}), params: new Params(), signature })).resolves.toBe(false);
    const inherited = Object.assign(Object.create({ inherited: true }) as object, { a: "1" });
    await expect(verifyCallbackSignature({ ...signedAs({}), params: inherited, signature })).resolves.toBe(false);
  });

  it("a query (URLSearchParams) is held to maxBytes as written: at the limit true, one over false", async () => {
    const get = (query: string, maxBytes: number): Promise<boolean> =>
      verifyCallbackSignature({
        apiKey,
        now,
        method: "GET",
        url,
        nonce,
        params: new URLSearchParams(query),
        maxBytes,
        signature: sign({ method: "GET", params: Object.fromEntries(new URLSearchParams(query)) }),
      });
    await expect(get("a=12345678", 10)).resolves.toBe(true);
    await expect(get("a=123456789", 10)).resolves.toBe(false);
  });

  it("parameters that cannot be canonicalised are false, never signed as some stand-in text", async () => {
    const withFunction = { a: () => "1" };
    for (const canonical of ["undefined", "", "a="]) {
      const signature = signData(apiKey, `${nonce}|POST|${url}|${canonical}`);
      await expect(verifyCallbackSignature({ ...signedAs({}), params: withFunction, signature })).resolves.toBe(false);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// verifyCallbackRequest (Fetch API Request)

describe("verifyCallbackRequest: options and the URL it signs", () => {
  const post = (target: string, headers: Record<string, string> = {}, body = JSON.stringify(params)): Request =>
    new Request(target, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  const signedHeaders = (signedUrl: string) => ({ "x-authy-signature-nonce": nonce, "x-authy-signature": sign({ url: signedUrl }) });
  const policy: CallbackRequestOptions = { apiKey, now };

  it("a body already read is refused with its field and message", async () => {
    const request = post(url, signedHeaders(url));
    await request.text();
    expect(await refusal(verifyCallbackRequest(request, policy))).toEqual(
      validationError("request", "body was already read; verify before reading it"),
    );
  });

  it("publicUrl must be an absolute http or https URL given as a string", async () => {
    for (const publicUrl of [new URL(url), 42, "not a url", `x${url}`, "ftp://example.com/authy/callback", "httpx://example.com/"]) {
      expect(
        await refusal(verifyCallbackRequest(post(url, signedHeaders(url)), { ...policy, publicUrl: publicUrl as string })),
      ).toEqual(validationError("publicUrl", "must be an absolute http(s) URL"));
    }
    const plain = `http://${host}${path}`;
    await expect(verifyCallbackRequest(post("http://10.0.0.5:3000/x", signedHeaders(plain)), { ...policy, publicUrl: plain })).resolves.toBe(
      true,
    );
  });

  it("publicUrl wins over trustProxy", async () => {
    const request = post("http://10.0.0.5:3000/internal", signedHeaders(url));
    await expect(verifyCallbackRequest(request, { ...policy, publicUrl: url, trustProxy: true })).resolves.toBe(true);
  });

  it("trustProxy: the first forwarded value, trimmed; an empty first value falls back to the request's own", async () => {
    const forwarded = (target: string, headers: Record<string, string>): Promise<boolean> =>
      verifyCallbackRequest(post(target, { ...signedHeaders(url), ...headers }), { ...policy, trustProxy: true });
    await expect(forwarded("http://10.0.0.5:3000/authy/callback", { "x-forwarded-proto": "https , http", "x-forwarded-host": host })).resolves.toBe(
      true,
    );
    await expect(forwarded(url, { "x-forwarded-proto": ",http" })).resolves.toBe(true);
    await expect(forwarded(url, { "x-forwarded-host": ",10.0.0.5" })).resolves.toBe(true);
    // No X-Forwarded-Proto: the scheme of the request itself, without its colon
    await expect(forwarded("https://10.0.0.5:3000/authy/callback", { "x-forwarded-host": host })).resolves.toBe(true);
  });

  it("trustProxy: a forwarded scheme other than http(s), or a host that is not a host, is false even when signed as it reads", async () => {
    const asRead = (signedUrl: string, headers: Record<string, string>): Promise<boolean> =>
      verifyCallbackRequest(post(url, { ...signedHeaders(signedUrl), ...headers }), { ...policy, trustProxy: true });
    await expect(asRead(`https://evil://${host}${path}`, { "x-forwarded-proto": "https://evil" })).resolves.toBe(false);
    for (const forwardedHost of ["evil.example/x", `user@${host}`, `${host}@evil.example`, `${host}:443x`, `${host}:123456`]) {
      await expect(asRead(`https://${forwardedHost}${path}`, { "x-forwarded-host": forwardedHost })).resolves.toBe(false);
    }
  });

  it("trustProxy: a host with a port, and a bracketed IPv6 literal, are hosts", async () => {
    for (const forwardedHost of [`${host}:8443`, "[::1]", "[2001:db8::1]:8443", "127.0.0.1:65535"]) {
      const signedUrl = `https://${forwardedHost}${path}`;
      await expect(
        verifyCallbackRequest(post(url, { ...signedHeaders(signedUrl), "x-forwarded-host": forwardedHost }), { ...policy, trustProxy: true }),
      ).resolves.toBe(true);
    }
  });
});

describe("verifyCallbackRequest: methods, query and body", () => {
  const headersFor = (signature: string) => ({ "x-authy-signature-nonce": nonce, "x-authy-signature": signature });

  it("HEAD signs its query like GET", async () => {
    const request = new Request(`${url}?a=1`, { method: "HEAD", headers: headersFor(sign({ method: "HEAD", params: { a: "1" } })) });
    await expect(verifyCallbackRequest(request, { apiKey, now })).resolves.toBe(true);
  });

  it("a query is held to maxBytes as received (`?` included), before percent-escapes are decoded", async () => {
    // "?a=%41%41%41" is 12 characters; decoded and re-encoded it would be "a=AAA", 5.
    const request = (): Request =>
      new Request(`${url}?a=%41%41%41`, { headers: headersFor(sign({ method: "GET", params: { a: "AAA" } })) });
    await expect(verifyCallbackRequest(request(), { apiKey, now, maxBytes: 12 })).resolves.toBe(true);
    await expect(verifyCallbackRequest(request(), { apiKey, now, maxBytes: 11 })).resolves.toBe(false);
  });

  it("a POST to a URL ending in a bare `?` is false: a POST signs its body only", async () => {
    const request = new Request(`${url}?`, {
      method: "POST",
      body: JSON.stringify(params),
      headers: { "content-type": "application/json", ...headersFor(sign()) },
    });
    await expect(verifyCallbackRequest(request, { apiKey, now })).resolves.toBe(false);
  });

  it("a declared Content-Length over maxBytes is false before the body is read; at maxBytes it is read", async () => {
    const body = JSON.stringify({ a: "1" }); // 9 bytes
    const make = (contentLength: string): Request =>
      new Request(url, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "content-length": contentLength, ...headersFor(sign({ params: { a: "1" } })) },
      });
    await expect(verifyCallbackRequest(make("9"), { apiKey, now, maxBytes: 9 })).resolves.toBe(true);
    const declaredHuge = make("100000");
    await expect(verifyCallbackRequest(declaredHuge, { apiKey, now, maxBytes: 9 })).resolves.toBe(false);
    expect(declaredHuge.bodyUsed).toBe(false);
  });

  it("a streamed body without Content-Length is cut at maxBytes: exactly maxBytes true, one byte more false", async () => {
    const streamed = (text: string, chunk: number): Request => {
      const bytes = new TextEncoder().encode(text);
      let at = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= bytes.length) return controller.close();
          controller.enqueue(bytes.slice(at, at + chunk));
          at += chunk;
        },
      });
      return new Request(url, {
        method: "POST",
        body: stream,
        duplex: "half",
        headers: { "content-type": "application/json", ...headersFor(sign({ params: { a: "1" } })) },
      } as RequestInit);
    };
    const exact = JSON.stringify({ a: "1" }); // 9 bytes
    await expect(verifyCallbackRequest(streamed(exact, 4), { apiKey, now, maxBytes: 9 })).resolves.toBe(true);
    await expect(verifyCallbackRequest(streamed(`${exact} `, 4), { apiKey, now, maxBytes: 9 })).resolves.toBe(false);
    await expect(verifyCallbackRequest(streamed(`${exact}${" ".repeat(40)}`, 10), { apiKey, now, maxBytes: 20 })).resolves.toBe(false);
  });

  it("a body stream that fails rejects with its own error (a broken connection is not a verdict)", async () => {
    const failure = new Error("connection reset");
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(failure);
      },
    });
    const request = new Request(url, { method: "POST", body: stream, duplex: "half", headers: headersFor(sign()) } as RequestInit);
    await expect(verifyCallbackRequest(request, { apiKey, now })).rejects.toBe(failure);
  });

  it("a body that is not UTF-8 is false, not read with replacement characters", async () => {
    const invalid = new Uint8Array([...new TextEncoder().encode('{"a":"'), 0xff, ...new TextEncoder().encode('"}')]);
    const asReplaced = new Request(url, {
      method: "POST",
      body: invalid,
      headers: { "content-type": "application/json", ...headersFor(sign({ params: { a: "\ufffd" } })) },
    });
    await expect(verifyCallbackRequest(asReplaced, { apiKey, now })).resolves.toBe(false);
    const asNothing = new Request(url, { method: "POST", body: invalid, headers: { "content-type": FORM, ...headersFor(sign({ params: {} })) } });
    await expect(verifyCallbackRequest(asNothing, { apiKey, now })).resolves.toBe(false);
  });

  it("form bodies: parsed as a query when the content type says so (any case, with parameters), and only then", async () => {
    const form = (contentType: string | undefined, body: string | undefined, signed: Record<string, string>): Request =>
      new Request(url, {
        method: "POST",
        ...(body === undefined ? {} : { body }),
        headers: { ...(contentType === undefined ? {} : { "content-type": contentType }), ...headersFor(sign({ params: signed })) },
      });
    await expect(verifyCallbackRequest(form(FORM, "a=1&b=x+y", { a: "1", b: "x y" }), { apiKey, now })).resolves.toBe(true);
    await expect(
      verifyCallbackRequest(form("Application/X-WWW-Form-Urlencoded; charset=UTF-8", "a=1", { a: "1" }), { apiKey, now }),
    ).resolves.toBe(true);
    await expect(verifyCallbackRequest(form(FORM, undefined, {}), { apiKey, now })).resolves.toBe(true); // no body: no parameters
    await expect(verifyCallbackRequest(form(`text/plain; note=${FORM}`, "a=1", { a: "1" }), { apiKey, now })).resolves.toBe(false);
    await expect(verifyCallbackRequest(form(undefined, "a=1", { a: "1" }), { apiKey, now })).resolves.toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// verifyNodeCallbackRequest, given the request object a framework hands over

describe("verifyNodeCallbackRequest: options and the request object", () => {
  const getReq = (overrides: Partial<NodeCallbackRequest> = {}, signedParams: Record<string, string> = { a: "1" }): NodeCallbackRequest => ({
    method: "GET",
    url: `${path}?${new URLSearchParams(signedParams)}`,
    headers: { host, "x-authy-signature-nonce": nonce, "x-authy-signature": sign({ method: "GET", params: signedParams }) },
    ...overrides,
  });
  const policy: NodeCallbackRequestOptions = { apiKey, now };

  it("protocol must be https or http", async () => {
    for (const protocol of ["ftp", "HTTPS", ""]) {
      expect(await refusal(verifyNodeCallbackRequest(getReq(), { ...policy, protocol: protocol as "https" }))).toEqual(
        validationError("protocol", 'must be "https" or "http"'),
      );
    }
  });

  it("no request object, or headers that are not a plain object: false, not a TypeError", async () => {
    await expect(verifyNodeCallbackRequest(getReq(), policy)).resolves.toBe(true);
    for (const req of [null, undefined, "GET /authy/callback", 7]) {
      await expect(verifyNodeCallbackRequest(req as unknown as NodeCallbackRequest, policy)).resolves.toBe(false);
    }
    const { headers } = getReq();
    const headersAsFunction = Object.assign(() => undefined, headers);
    for (const odd of [null, "host: example.com", headersAsFunction]) {
      await expect(verifyNodeCallbackRequest({ ...getReq(), headers: odd as unknown as NodeCallbackRequest["headers"] }, policy)).resolves.toBe(
        false,
      );
    }
  });

  it("no url and no originalUrl: false", async () => {
    await expect(verifyNodeCallbackRequest(getReq({ url: undefined }), policy)).resolves.toBe(false);
  });

  it("a target that is not an origin-form path is false even when signed as it would read", async () => {
    for (const target of ["authy/callback", "//evil.example/authy/callback", "*"]) {
      const req = getReq({ url: `${target}?a=1` });
      req.headers = { ...req.headers, "x-authy-signature": sign({ method: "GET", url: `https://${host}${target}`, params: { a: "1" } }) };
      await expect(verifyNodeCallbackRequest(req, policy)).resolves.toBe(false);
    }
  });

  it("a malformed percent-escape (% and one hex digit) in the target is false", async () => {
    const req = getReq({ url: `${path}?a=%4g` }, { a: "%4g" });
    expect(new URLSearchParams("a=%4g").get("a")).toBe("%4g");
    await expect(verifyNodeCallbackRequest(req, policy)).resolves.toBe(false);
    await expect(verifyNodeCallbackRequest(getReq({ url: `${path}?a=%4F` }, { a: "O" }), policy)).resolves.toBe(true); // the well-formed escape
  });

  it("the URL signed stops before the query: a GET with a 9000-character query is not held to the URL's 8192", async () => {
    const long = { a: "x".repeat(9000) };
    await expect(verifyNodeCallbackRequest(getReq({}, long), policy)).resolves.toBe(true);
  });

  it("a GET without a query signs no parameters", async () => {
    await expect(verifyNodeCallbackRequest(getReq({ url: path }, {}), policy)).resolves.toBe(true);
  });

  it("a GET's body: none, null, empty text or empty bytes pass; any content (text, bytes, a number, true) is false", async () => {
    for (const body of [undefined, null, "", new Uint8Array(0), {}]) {
      await expect(verifyNodeCallbackRequest(getReq({ body }), policy)).resolves.toBe(true);
    }
    for (const body of ["x", new Uint8Array([0x61]), 5, true, { a: "1" }]) {
      await expect(verifyNodeCallbackRequest(getReq({ body }), policy)).resolves.toBe(false);
    }
  });

  it("HEAD signs its query like GET", async () => {
    const req = getReq({ method: "HEAD" });
    req.headers = { ...req.headers, "x-authy-signature": sign({ method: "HEAD", params: { a: "1" } }) };
    await expect(verifyNodeCallbackRequest(req, policy)).resolves.toBe(true);
  });

  it("a query is held to maxBytes as received, before percent-escapes are decoded", async () => {
    const req = (): NodeCallbackRequest => getReq({ url: `${path}?a=%41%41%41` }, { a: "AAA" }); // query: 11 characters
    await expect(verifyNodeCallbackRequest(req(), { ...policy, maxBytes: 11 })).resolves.toBe(true);
    await expect(verifyNodeCallbackRequest(req(), { ...policy, maxBytes: 10 })).resolves.toBe(false);
  });
});

describe("verifyNodeCallbackRequest: headers", () => {
  const getReq = (headers: Record<string, unknown>, signedUrl = url): NodeCallbackRequest => ({
    method: "GET",
    url: `${path}?a=1`,
    headers: {
      "x-authy-signature-nonce": nonce,
      "x-authy-signature": sign({ method: "GET", url: signedUrl, params: { a: "1" } }),
      ...headers,
    } as NodeCallbackRequest["headers"],
  });
  const policy: NodeCallbackRequestOptions = { apiKey, now };
  const proxied: NodeCallbackRequestOptions = { ...policy, trustProxy: true };

  it("no Host: false, even for a callback signed for https://undefined", async () => {
    await expect(verifyNodeCallbackRequest(getReq({}, `https://undefined${path}`), policy)).resolves.toBe(false);
  });

  it("a second spelling of a header whose value is undefined does not count", async () => {
    await expect(verifyNodeCallbackRequest(getReq({ host, Host: undefined }), policy)).resolves.toBe(true);
  });

  it("Host given twice, or as a one-item array of a non-string: false, whatever it was signed for", async () => {
    await expect(verifyNodeCallbackRequest(getReq({ host, Host: host }, `https://ambiguous${path}`), policy)).resolves.toBe(false);
    await expect(verifyNodeCallbackRequest(getReq({ host, Host: host }, `https://${path}`), policy)).resolves.toBe(false);
    await expect(verifyNodeCallbackRequest(getReq({ host: [123] }, `https://123${path}`), policy)).resolves.toBe(false);
    await expect(verifyNodeCallbackRequest(getReq({ host: [host] }), policy)).resolves.toBe(true);
  });

  it("trustProxy: X-Forwarded-Proto and X-Forwarded-Host are read (http replacing the https default)", async () => {
    const req = getReq({ host: "app:3000", "x-forwarded-proto": "http", "x-forwarded-host": host }, `http://${host}${path}`);
    await expect(verifyNodeCallbackRequest(req, proxied)).resolves.toBe(true);
    await expect(verifyNodeCallbackRequest(req, policy)).resolves.toBe(false);
  });

  it("trustProxy: a forwarded header that is absent or empty falls back to the protocol option and the Host", async () => {
    await expect(verifyNodeCallbackRequest(getReq({ host: "app:3000", "x-forwarded-host": host }), proxied)).resolves.toBe(true);
    await expect(verifyNodeCallbackRequest(getReq({ host, "x-forwarded-proto": "", "x-forwarded-host": "" }), proxied)).resolves.toBe(true);
  });

  it("trustProxy: a forwarded header given twice (two spellings, or an array of two) is false", async () => {
    for (const headers of [
      { host, "x-forwarded-proto": "https", "X-Forwarded-Proto": "https" },
      { host, "x-forwarded-proto": ["https", "https"] },
    ]) {
      await expect(verifyNodeCallbackRequest(getReq(headers), proxied)).resolves.toBe(false);
    }
    for (const headers of [
      { host, "x-forwarded-host": host, "X-Forwarded-Host": host },
      { host, "x-forwarded-host": [host, host] },
    ]) {
      await expect(verifyNodeCallbackRequest(getReq(headers, `https://ambiguous${path}`), proxied)).resolves.toBe(false);
      await expect(verifyNodeCallbackRequest(getReq(headers), proxied)).resolves.toBe(false);
    }
  });
});

describe("verifyNodeCallbackRequest: POST bodies", () => {
  const postReq = (body: unknown, signedParams: Record<string, string>, contentType = "application/json"): NodeCallbackRequest => ({
    method: "POST",
    url: path,
    headers: { host, "content-type": contentType, "x-authy-signature-nonce": nonce, "x-authy-signature": sign({ params: signedParams }) },
    body,
  });
  const policy: NodeCallbackRequestOptions = { apiKey, now };

  it("a raw text body is held to maxBytes in UTF-8 bytes, not characters", async () => {
    const body = JSON.stringify({ a: "é" }); // 9 characters, 10 bytes
    await expect(verifyNodeCallbackRequest(postReq(body, { a: "é" }), { ...policy, maxBytes: 10 })).resolves.toBe(true);
    await expect(verifyNodeCallbackRequest(postReq(body, { a: "é" }), { ...policy, maxBytes: 9 })).resolves.toBe(false);
  });

  it("a raw bytes body is held to maxBytes by its length: exactly maxBytes true, one byte more false", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ a: "1" })); // 9 bytes
    await expect(verifyNodeCallbackRequest(postReq(bytes, { a: "1" }), { ...policy, maxBytes: 9 })).resolves.toBe(true);
    await expect(verifyNodeCallbackRequest(postReq(bytes, { a: "1" }), { ...policy, maxBytes: 8 })).resolves.toBe(false);
  });

  it("raw bytes that are not UTF-8: false (neither read with replacement characters nor as no parameters)", async () => {
    const invalid = new Uint8Array([...new TextEncoder().encode('{"a":"'), 0xff, ...new TextEncoder().encode('"}')]);
    await expect(verifyNodeCallbackRequest(postReq(invalid, { a: "\ufffd" }), policy)).resolves.toBe(false);
    await expect(verifyNodeCallbackRequest(postReq(invalid, {}, FORM), policy)).resolves.toBe(false);
  });

  it("a raw form body is parsed as a query when Content-Type says so (leading whitespace allowed), else as JSON", async () => {
    await expect(verifyNodeCallbackRequest(postReq("a=1&b=x+y", { a: "1", b: "x y" }, FORM), policy)).resolves.toBe(true);
    await expect(verifyNodeCallbackRequest(postReq("a=1", { a: "1" }, ` ${FORM}`), policy)).resolves.toBe(true);
    await expect(verifyNodeCallbackRequest(postReq("a=1", { a: "1" }, `x${FORM}`), policy)).resolves.toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// verifyNodeCallbackRequest inside a real node:http server on 127.0.0.1

describe("verifyNodeCallbackRequest in a node:http server", () => {
  let server: Server;
  let port: number;
  let options: NodeCallbackRequestOptions = { apiKey, now };

  beforeAll(async () => {
    // The handler any application would write: collect the raw body, hand the request and body to the verifier.
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = chunks.length === 0 ? undefined : new Uint8Array(Buffer.concat(chunks));
        verifyNodeCallbackRequest({ method: req.method, url: req.url, headers: req.headers, body }, options).then(
          (verified) => res.end(JSON.stringify({ verified })),
          (error: Error) => res.end(JSON.stringify({ error: error.message })),
        );
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.close();
    await once(server, "close");
  });

  async function send(method: string, target: string, headers: IncomingHttpHeaders, body?: string): Promise<unknown> {
    const req = httpRequest({ host: "127.0.0.1", port, method, path: target, headers });
    req.end(body);
    const [res] = (await once(req, "response")) as [import("node:http").IncomingMessage];
    let text = "";
    for await (const chunk of res) text += String(chunk);
    return JSON.parse(text) as unknown;
  }
  const signed = (method: string, signedUrl: string, signedParams: Record<string, string>) => ({
    "x-authy-signature-nonce": nonce,
    "x-authy-signature": sign({ method, url: signedUrl, params: signedParams }),
  });

  it("GET with a query, behind a TLS proxy (Host kept, https by default)", async () => {
    options = { apiKey, now };
    const headers = { host, ...signed("GET", url, params) };
    await expect(send("GET", `${path}?${new URLSearchParams(params)}`, headers)).resolves.toEqual({ verified: true });
    await expect(send("GET", `${path}?${new URLSearchParams({ ...params, status: "denied" })}`, headers)).resolves.toEqual({ verified: false });
  });

  it("POST with a JSON body and with a form body", async () => {
    options = { apiKey, now };
    const headers = signed("POST", url, params);
    await expect(send("POST", path, { host, "content-type": "application/json", ...headers }, JSON.stringify(params))).resolves.toEqual({
      verified: true,
    });
    await expect(send("POST", path, { host, "content-type": FORM, ...headers }, new URLSearchParams(params).toString())).resolves.toEqual({
      verified: true,
    });
    await expect(send("POST", `${path}?a=1`, { host, "content-type": FORM, ...headers }, new URLSearchParams(params).toString())).resolves.toEqual({
      verified: false,
    });
  });

  it("protocol http: the URL is the server's own address, as the client reached it", async () => {
    options = { apiKey, now, protocol: "http" };
    const own = `http://127.0.0.1:${port}${path}`;
    const headers = { "content-type": "application/json", ...signed("POST", own, params) };
    await expect(send("POST", path, headers, JSON.stringify(params))).resolves.toEqual({ verified: true });
    options = { apiKey, now };
    await expect(send("POST", path, headers, JSON.stringify(params))).resolves.toEqual({ verified: false });
  });

  it("a body over maxBytes: false; the same body under a raised limit: true", async () => {
    const body = JSON.stringify(params, null, 40);
    const headers = { host, "content-type": "application/json", ...signed("POST", url, params) };
    options = { apiKey, now, maxBytes: body.length - 1 };
    await expect(send("POST", path, headers, body)).resolves.toEqual({ verified: false });
    options = { apiKey, now, maxBytes: body.length };
    await expect(send("POST", path, headers, body)).resolves.toEqual({ verified: true });
  });

  it("an option mistake reaches the handler as the refusal's message", async () => {
    options = { apiKey, now, maxBytes: 0 };
    await expect(send("GET", path, { host, ...signed("GET", url, {}) })).resolves.toEqual({ error: "maxBytes: must be a positive integer" });
  });
});

// The canonical string is the signer's, not the package's: a sanity check that both agree on a plain callback.
it("the test signer's string for the default callback", () => {
  expect(callbackSigningString({ nonce, method: "post", url: `${url}?ignored=1`, params })).toBe(
    "1700000000|POST|https://example.com/authy/callback|status=approved&uuid=u-1",
  );
});
