/**
 * The edges of the wire code that the mutation run showed untested: every refusal with its exact field and
 * message, every bound at and across its limit, the nonce store's eviction and expiry by a moved clock, redaction
 * of arrays and of the longest secret first, and the error guards across package copies. Expected values are
 * written out by hand.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { encodeRailsParams } from "../src/encode.js";
import { describeAuthyErrorCode } from "../src/error-codes.js";
import {
  AuthyApiError,
  AuthyNetworkError,
  AuthyResponseError,
  AuthySignatureError,
  AuthyTimeoutError,
  AuthyValidationError,
  isAuthyApiError,
  isAuthyError,
  isAuthyNetworkError,
  isAuthyResponseError,
  isAuthySignatureError,
  isAuthyTimeoutError,
  isAuthyValidationError,
} from "../src/errors.js";
import { paginateReportingEvents } from "../src/paginate.js";
import { flattenRailsParams, unflattenRailsParams } from "../src/rails-params.js";
import { redactValue } from "../src/failure.js";
import { createRedactor, redactHeaders } from "../src/redact.js";
import { DEFAULT_RETRY } from "../src/retry-policy.js";
import {
  canonicalizeAuthyParams,
  computeAuthySignature,
  createMemoryNonceStore,
  parseOneTouchCallback,
  urlWithoutQuery,
} from "../src/signature.js";

/** `field: message` of the AuthyValidationError `run` throws, or what happened instead. */
function refusal(run: () => unknown): string {
  try {
    run();
    return "accepted";
  } catch (error) {
    return error instanceof AuthyValidationError ? `${error.field} | ${error.message}` : `other: ${String(error)}`;
  }
}
async function asyncRefusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "accepted";
  } catch (error) {
    return error instanceof AuthyValidationError ? `${error.field} | ${error.message}` : `other: ${String(error)}`;
  }
}
const nest = (levels: number, leaf: unknown): unknown => (levels === 0 ? leaf : { n: nest(levels - 1, leaf) });

describe("flattenRailsParams", () => {
  it("refuses a top level that is not a plain object", () => {
    for (const value of [null, [], "a=1", 1, undefined]) {
      expect(refusal(() => flattenRailsParams(value as never))).toBe("params | params: must be an object or URLSearchParams");
    }
  });

  it("renders each kind of value, keeps indices unless forWire, skips getters and undefined", () => {
    const withGetter = Object.defineProperty({ a: "1" }, "g", { get: () => "no", enumerable: true });
    expect(flattenRailsParams(withGetter)).toEqual([["a", "1"]]);
    expect(
      flattenRailsParams({ s: "x", t: true, f: false, n: -0, e: 1e21, d: 0.1, b: 12n, at: new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)), u: undefined, z: null }),
    ).toEqual([["s", "x"], ["t", "true"], ["f", "false"], ["n", "0"], ["e", "1e+21"], ["d", "0.1"], ["b", "12"], ["at", "2020-01-02T03:04:05.006Z"], ["z", ""]]);
    expect(flattenRailsParams({ a: ["x", ["y"]], o: { p: [{ q: 1 }] } })).toEqual([["a[0]", "x"], ["a[1][0]", "y"], ["o[p][0][q]", "1"]]);
    expect(flattenRailsParams({ a: ["x", ["y"]], o: { p: [{ q: 1 }] } }, { forWire: true })).toEqual([["a[]", "x"], ["a[][]", "y"], ["o[p][][q]", "1"]]);
    const shared = { k: "v" };
    expect(flattenRailsParams({ a: shared, b: shared })).toEqual([["a[k]", "v"], ["b[k]", "v"]]);
    expect(encodeRailsParams(undefined)).toBe("");
    expect(encodeRailsParams({ user: { email: "a@b.co" }, list: ["1", "2"] })).toBe("user%5Bemail%5D=a%40b.co&list%5B%5D=1&list%5B%5D=2");
  });

  it("refuses what has no parameter form, naming the key", () => {
    expect(refusal(() => flattenRailsParams({ a: { b: Number.NaN } }))).toBe("a[b] | a[b]: must be a finite number");
    expect(refusal(() => flattenRailsParams({ a: Number.POSITIVE_INFINITY }))).toBe("a | a: must be a finite number");
    expect(refusal(() => flattenRailsParams({ f: () => 1 }))).toBe("f | f: a function has no parameter form");
    expect(refusal(() => flattenRailsParams({ s: Symbol("s") }))).toBe("s | s: a symbol has no parameter form");
    expect(refusal(() => flattenRailsParams({ d: new Date(Number.NaN) }))).toBe("d | d: is an invalid Date");
    const cycle: Record<string, unknown> = { a: "1" };
    cycle.self = { back: cycle };
    expect(refusal(() => flattenRailsParams(cycle))).toBe("self[back] | self[back]: contains a cycle");
    const list: unknown[] = [];
    list.push(list);
    expect(refusal(() => flattenRailsParams({ l: list }))).toBe("l[0] | l[0]: contains a cycle");
  });

  it("nests 32 levels below the top (keys of 32 brackets), not 33", () => {
    expect(flattenRailsParams(nest(33, "v") as Record<string, unknown>)).toEqual([[`n${"[n]".repeat(32)}`, "v"]]);
    expect(flattenRailsParams({ a: nest(31, ["v"]) } as Record<string, unknown>)).toEqual([[`a${"[n]".repeat(31)}[0]`, "v"]]);
    const key = `n${"[n]".repeat(32)}`;
    expect(refusal(() => flattenRailsParams(nest(34, "v") as Record<string, unknown>))).toBe(`${key} | ${key}: is nested deeper than 32 levels`);
    expect(refusal(() => flattenRailsParams({ a: nest(32, ["v"]) } as Record<string, unknown>))).toBe(
      `a${"[n]".repeat(32)} | a${"[n]".repeat(32)}: is nested deeper than 32 levels`,
    );
  });

  it("arrays inside arrays count toward the depth limit too", () => {
    const nestArrays = (levels: number): unknown => (levels === 0 ? "v" : [nestArrays(levels - 1)]);
    expect(flattenRailsParams({ a: nestArrays(32) })).toEqual([[`a${"[0]".repeat(32)}`, "v"]]);
    const key = `a${"[0]".repeat(32)}`;
    expect(refusal(() => flattenRailsParams({ a: nestArrays(40) }))).toBe(`${key} | ${key}: is nested deeper than 32 levels`);
  });

  it("on the wire, refuses keys Rails cannot carry", () => {
    for (const name of ["", "a[b", "a]"]) {
      expect(refusal(() => flattenRailsParams({ x: { [name]: "1" } }, { forWire: true }))).toBe(
        `x[${name}] | x[${name}]: has a key that Rails bracket notation cannot carry (empty, or with [ or ])`,
      );
    }
    expect(flattenRailsParams({ "a]": "1" })).toEqual([["a]", "1"]]);
  });
});

describe("unflattenRailsParams", () => {
  const rebuild = (query: string) => unflattenRailsParams(new URLSearchParams(query));

  it("refusals carry the key and the reason", () => {
    expect(refusal(() => rebuild("[a]=1"))).toBe("[a] | [a]: is not a valid Rails parameter name");
    expect(refusal(() => rebuild("=1"))).toBe(" | : is not a valid Rails parameter name");
    expect(refusal(() => rebuild("a=1&a=2"))).toBe("a | a: is repeated or conflicts with another parameter");
    expect(refusal(() => rebuild("a[b]=1&a[]=2"))).toBe("a[] | a[]: conflicts with another parameter");
    expect(refusal(() => rebuild("a=1&a[b]=2"))).toBe("a[b] | a[b]: conflicts with another parameter");
    expect(refusal(() => rebuild("a[][]=1"))).toBe("a[][] | a[][]: nests arrays directly in arrays");
  });

  it("keys of 32 brackets are read, 33 are not", () => {
    const ok = `a${"[b]".repeat(32)}`;
    expect(JSON.stringify(rebuild(`${ok}=1`))).toBe(`{"a":${'{"b":'.repeat(32)}"1"${"}".repeat(33)}`);
    const tooDeep = `a${"[b]".repeat(33)}`;
    expect(refusal(() => rebuild(`${tooDeep}=1`))).toBe(`${tooDeep} | ${tooDeep}: is not a valid Rails parameter name`);
  });

  it("builds plain, writable own properties, never touching a prototype", () => {
    const result = rebuild("__proto__[polluted]=1&a[b]=2&l[]=x") as Record<string, any>;
    expect(Object.getOwnPropertyNames(result)).toEqual(["__proto__", "a", "l"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const [target, name] of [[result, "a"], [result.a, "b"], [result, "__proto__"]] as const) {
      expect(Object.getOwnPropertyDescriptor(target, name)).toMatchObject({ writable: true, enumerable: true, configurable: true });
    }
    result.a = "changed";
    delete result.l;
    expect(result.a).toBe("changed");
    expect("l" in result).toBe(false);
  });
});

describe("canonicaliser and signing refusals", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("a lone surrogate in a value or a key names the key", () => {
    expect(refusal(() => canonicalizeAuthyParams({ a: { b: "x\uD800" } }))).toBe("a[b] | a[b]: contains a lone surrogate (not valid Unicode)");
    expect(refusal(() => canonicalizeAuthyParams({ "k\uDC00": "v" }))).toBe("k\uDC00 | k\uDC00: contains a lone surrogate (not valid Unicode)");
  });

  it("sorts whatever order the keys come in", () => {
    expect(canonicalizeAuthyParams({ c: "3", a: "1", b: "2", A: "0" })).toBe("A=0&a=1&b=2&c=3");
    expect(canonicalizeAuthyParams({ b: "2", a: "1" })).toBe("a=1&b=2");
    expect(canonicalizeAuthyParams({ a: "1", b: "2" })).toBe("a=1&b=2");
  });

  it("the URL as signed stops at the first ? or #", () => {
    expect(urlWithoutQuery("https://x.example/a?b#c")).toBe("https://x.example/a");
    expect(urlWithoutQuery("https://x.example/a#c?b")).toBe("https://x.example/a");
    expect(urlWithoutQuery("?only=query")).toBe("");
    expect(urlWithoutQuery("https://x.example/a")).toBe("https://x.example/a");
  });

  it("an empty key and a missing Web Crypto are the caller's errors", async () => {
    const input = { nonce: "1", method: "GET", url: "https://x.example/", params: {} };
    expect(await asyncRefusal(() => computeAuthySignature({ ...input, key: "" }))).toBe("key | key: must be a non-empty string");
    vi.stubGlobal("crypto", undefined);
    expect(await asyncRefusal(() => computeAuthySignature({ ...input, key: "k" }))).toBe(
      "crypto | crypto: Web Crypto (globalThis.crypto.subtle) is not available",
    );
    vi.stubGlobal("crypto", {});
    expect(await asyncRefusal(() => computeAuthySignature({ ...input, key: "k" }))).toBe(
      "crypto | crypto: Web Crypto (globalThis.crypto.subtle) is not available",
    );
  });
});

describe("createMemoryNonceStore (moved clock)", () => {
  it("refuses a TTL that is not positive and a size that is not a positive integer", () => {
    for (const ttlSeconds of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(refusal(() => createMemoryNonceStore({ ttlSeconds }))).toBe("ttlSeconds | ttlSeconds: must be a positive number");
    }
    for (const maxEntries of [0, -1, 1.5, Number.NaN]) {
      expect(refusal(() => createMemoryNonceStore({ maxEntries }))).toBe("maxEntries | maxEntries: must be a positive integer");
    }
    expect(refusal(() => createMemoryNonceStore({ maxEntries: 1, ttlSeconds: 0.001 }))).toBe("accepted");
  });

  it("an entry is remembered until, not at, its expiry (default TTL 360 s)", () => {
    let now = 1_000_000;
    const store = createMemoryNonceStore({ clock: () => now });
    expect(store.seenNonce("n", "s")).toBe(false);
    expect(store.seenNonce("n", "s")).toBe(true);
    expect(store.seenNonce("n", "other")).toBe(false);
    now += 359_999;
    expect(store.seenNonce("n", "s")).toBe(true);
    expect(store.size).toBe(2);
    now += 1;
    // Asked before anything else prunes the store: expired at exactly its expiry time.
    expect(store.seenNonce("n", "s")).toBe(false);
    expect(store.seenNonce("n", "s")).toBe(true);
    expect(store.size).toBe(1);
    now += 360_000;
    expect(store.size).toBe(0);
    expect(store.seenNonce("m", "s")).toBe(false);
    expect(store.size).toBe(1);
    store.clear();
    expect(store.size).toBe(0);
    expect(store.seenNonce("n", "s")).toBe(false);
  });

  it("never holds more than maxEntries: the oldest is forgotten first", () => {
    let now = 0;
    const store = createMemoryNonceStore({ maxEntries: 2, ttlSeconds: 10, clock: () => now });
    expect(store.seenNonce("a", "s")).toBe(false);
    now += 1;
    expect(store.seenNonce("b", "s")).toBe(false);
    now += 1;
    expect(store.seenNonce("c", "s")).toBe(false);
    // Asked before the size getter prunes: "a" was forgotten when "c" came in.
    expect(store.seenNonce("a", "s")).toBe(false);
    expect(store.seenNonce("c", "s")).toBe(true);
    expect(store.seenNonce("b", "s")).toBe(false);
    expect(store.size).toBe(2);
    const single = createMemoryNonceStore({ maxEntries: 1, clock: () => now });
    expect(single.seenNonce("x", "s")).toBe(false);
    expect(single.seenNonce("x", "s")).toBe(true);
    expect(single.size).toBe(1);
  });
});

describe("parseOneTouchCallback refusals", () => {
  const query = (extra: string) =>
    new URLSearchParams(`uuid=u&authy_id=1&callback_action=approval_request_status&status=approved&approval_request[transaction][x]=1${extra}`);

  it("GET queries: status, the three required strings, approval_request and device objects", () => {
    expect(parseOneTouchCallback(query("&device[os_type]=ios"))).toMatchObject({ status: "approved", device: { os_type: "ios" } });
    expect(parseOneTouchCallback(query(""))).not.toHaveProperty("device");
    expect(refusal(() => parseOneTouchCallback(new URLSearchParams("status=pending")))).toBe('status | status: must be one of "approved", "denied"');
    expect(refusal(() => parseOneTouchCallback(new URLSearchParams("status=denied&authy_id=1&callback_action=x")))).toBe("uuid | uuid: is required");
    expect(refusal(() => parseOneTouchCallback(new URLSearchParams("status=denied&uuid=u&callback_action=x&authy_id[a]=1")))).toBe(
      "authy_id | authy_id: is required",
    );
    expect(refusal(() => parseOneTouchCallback(new URLSearchParams("status=denied&uuid=u&authy_id=1&callback_action=x&approval_request=1")))).toBe(
      "approval_request | approval_request: must be an object",
    );
    expect(refusal(() => parseOneTouchCallback(new URLSearchParams("status=denied&uuid=u&authy_id=1&callback_action=x")))).toBe(
      "approval_request | approval_request: must be an object",
    );
    expect(refusal(() => parseOneTouchCallback(query("&device=ios")))).toBe("device | device: must be an object");
    expect(refusal(() => parseOneTouchCallback(query("&device[]=ios")))).toBe("device | device: must be an object");
  });

  it("POST bodies that are not objects", () => {
    for (const body of [null, [], "x", 1]) expect(refusal(() => parseOneTouchCallback(body))).toBe("callback | callback: must be an object");
  });
});

describe("redaction", () => {
  it("the longest secret first, raw and percent-encoded; empty secrets are none", () => {
    const redact = createRedactor(["abc", undefined, "", "abcdef", "a b/c"]);
    expect(redact("xabcdefx abc a%20b%2Fc a b/c")).toBe("x[REDACTED]x [REDACTED] [REDACTED] [REDACTED]");
    const none = createRedactor([undefined, ""]);
    expect(none("abc")).toBe("abc");
  });

  it("secret headers by name in any case; other header values redacted", () => {
    const headers = new Headers({ "X-Authy-API-Key": "k", Authorization: "Bearer t", "X-Authy-Signature": "sig", "X-Echo": "key=abcdef", Accept: "a" });
    expect(redactHeaders(headers, createRedactor(["abcdef"]))).toEqual({
      accept: "a",
      authorization: "[REDACTED]",
      "x-authy-api-key": "[REDACTED]",
      "x-authy-signature": "[REDACTED]",
      "x-echo": "key=[REDACTED]",
    });
  });

  it("decoded bodies: arrays, members and nested objects, other values untouched; plain writable members", () => {
    const redact = createRedactor(["s3cret"]);
    const out = redactValue({ list: ["s3cret", { k: "x s3cret" }, 1, null, true], n: 5 }, redact) as Record<string, any>;
    expect(out).toEqual({ list: ["[REDACTED]", { k: "x [REDACTED]" }, 1, null, true], n: 5 });
    expect(Object.getOwnPropertyDescriptor(out, "list")).toMatchObject({ writable: true, enumerable: true, configurable: true });
  });

  it("objects and arrays are copied at any depth (no recursion limit): a secret 2,000 levels down is redacted, as a value and as a member name", () => {
    const redact = createRedactor(["s3cret"]);
    const at = (levels: number) => nest(levels, { v: "s3cret", s3cret: 1 });
    const leafOf = (value: unknown, levels: number) => {
      let node = value as Record<string, any>;
      for (let i = 0; i < levels; i++) node = node.n;
      return node;
    };
    for (const levels of [64, 65, 2_000]) {
      const source = at(levels);
      const leaf = leafOf(redactValue(source, redact), levels);
      expect(leaf).toEqual({ v: "[REDACTED]", "[REDACTED]": 1 });
      expect(leaf).not.toBe(leafOf(source, levels)); // a copy: the caller's object is untouched
      expect(leafOf(source, levels)).toEqual({ v: "s3cret", s3cret: 1 });
    }
    // Arrays count as levels as well.
    const nestArrays = (levels: number): unknown => {
      let node: unknown = { v: "s3cret" };
      for (let i = 0; i < levels; i++) node = [node];
      return node;
    };
    const firstOf = (value: unknown, levels: number) => {
      let node = value as any;
      for (let i = 0; i < levels; i++) node = node[0];
      return node;
    };
    for (const levels of [64, 70, 2_000]) expect(firstOf(redactValue(nestArrays(levels), redact), levels)).toEqual({ v: "[REDACTED]" });
  });
});

describe("errors, error codes, pagination, retry defaults", () => {
  it("each guard recognises its own kind only, across package copies (the brand is registry-wide)", () => {
    const samples = {
      AuthyApiError: new AuthyApiError({ status: 404, errorCode: 60026, message: "m", errors: {}, retryable: false, requestId: undefined, body: {} }),
      AuthyValidationError: new AuthyValidationError("f", "m"),
      AuthyResponseError: new AuthyResponseError("m", 200, ""),
      AuthyTimeoutError: new AuthyTimeoutError(5),
      AuthyNetworkError: new AuthyNetworkError("m", true),
      AuthySignatureError: new AuthySignatureError("expired", "m"),
    } as const;
    const guards = {
      AuthyApiError: isAuthyApiError,
      AuthyValidationError: isAuthyValidationError,
      AuthyResponseError: isAuthyResponseError,
      AuthyTimeoutError: isAuthyTimeoutError,
      AuthyNetworkError: isAuthyNetworkError,
      AuthySignatureError: isAuthySignatureError,
    };
    for (const [kind, guard] of Object.entries(guards)) {
      for (const [other, sample] of Object.entries(samples)) expect(guard(sample), `${kind}(${other})`).toBe(kind === other);
      const foreign = { [Symbol.for("authy-openapi.error")]: kind };
      expect(guard(foreign), `${kind}(foreign copy)`).toBe(true);
      expect(guard(null)).toBe(false);
      expect(guard(kind)).toBe(false);
      expect(guard({ name: kind })).toBe(false);
    }
    for (const sample of Object.values(samples)) expect(isAuthyError(sample)).toBe(true);
    expect(isAuthyError({ [Symbol.for("authy-openapi.error")]: "Anything" })).toBe(true);
    expect(isAuthyError({ [Symbol.for("authy-openapi.error")]: 1 })).toBe(false);
    expect(isAuthyError(null)).toBe(false);
    expect(isAuthyError(new Error("plain"))).toBe(false);
    expect(new AuthyTimeoutError(5).message).toBe("Request timed out after 5 ms");
  });

  it("describeAuthyErrorCode: numbers and strings, unknown and absent codes", () => {
    expect(describeAuthyErrorCode(60026)).toBe("User not found");
    expect(describeAuthyErrorCode("60001")).toBe("Invalid API key");
    expect(describeAuthyErrorCode(99999)).toBeUndefined();
    expect(describeAuthyErrorCode("x")).toBeUndefined();
    expect(describeAuthyErrorCode(undefined)).toBeUndefined();
  });

  it("pagination: stops at an empty page, or a short one when per_page is set; works without a signal", async () => {
    const pages: Record<number, number[]> = { 1: [1, 2], 2: [3, 4], 3: [5], 4: [] };
    const asked: number[] = [];
    const client = {
      listReportingEvents: async ({ page }: { page?: number }) => {
        asked.push(page!);
        return { events: (pages[page!] ?? []).map((id) => ({ event: String(id), time: "t" })) };
      },
    } as never;
    const ids = async (input: Record<string, unknown>, options?: Record<string, unknown>) => {
      const out: string[] = [];
      for await (const e of paginateReportingEvents(client, input as never, options as never)) out.push(e.event);
      return out;
    };
    expect(await ids({ per_page: 2 }, {})).toEqual(["1", "2", "3", "4", "5"]);
    expect(asked).toEqual([1, 2, 3]);
    asked.length = 0;
    expect(await ids({})).toEqual(["1", "2", "3", "4", "5"]);
    expect(asked).toEqual([1, 2, 3, 4]);
    asked.length = 0;
    expect(await ids({ page: 2, per_page: 1 })).toEqual(["3", "4", "5"]);
    expect(asked).toEqual([2, 3, 4]);
    const controller = new AbortController();
    controller.abort();
    await expect(ids({}, { signal: controller.signal })).rejects.toThrow();
  });

  it("retry defaults", () => {
    expect(DEFAULT_RETRY).toEqual({ retries: 2, minDelayMs: 200, maxDelayMs: 2000, maxRetryAfterMs: 10_000, retryUnsafe: false });
  });
});
