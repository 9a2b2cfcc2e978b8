/**
 * The edges of the wire code that the November 2026 mutation rerun of scope `wire` showed untested: redaction of the
 * characters XML writes as named entities and of `+` outside a space, the nonce store's handling of a non-finite
 * acceptance time and of an expired entry behind a live one, and members or elements that a Proxy reports but does
 * not hold. Expected values are written out by hand.
 */
import { describe, expect, it } from "vitest";
import { flattenRailsParams } from "../src/rails-params.js";
import { createRedactor } from "../src/redact.js";
import { createMemoryNonceStore } from "../src/signature.js";

describe("createRedactor: named XML entities", () => {
  // Each of the five characters XML may echo as a named entity, inside a secret and written as that entity.
  it.each([
    ["a&b", "a&amp;b"],
    ["a<b", "a&lt;b"],
    ["a>b", "a&gt;b"],
    ['a"b', "a&quot;b"],
    ["a'b", "a&apos;b"],
  ])("the secret %s is redacted when echoed as %s", (secret, echoed) => {
    expect(createRedactor([secret])(`<e>${echoed}</e>`)).toBe("<e>[REDACTED]</e>");
  });

  it("a character without a named entity has no entity form (no &undefined;)", () => {
    expect(createRedactor(["ab"])("a&undefined;b ab")).toBe("a&undefined;b [REDACTED]");
  });

  it("an & in a secret must be written, never skipped", () => {
    expect(createRedactor(["a&b"])("ab a&b")).toBe("ab [REDACTED]");
  });

  it("+ stands for a space only (form encoding), not for any other character", () => {
    expect(createRedactor(["a b", "xyz"])("a+b x+z")).toBe("[REDACTED] x+z");
  });
});

describe("createMemoryNonceStore: a non-finite acceptance time", () => {
  it("NaN is ignored: the nonce is still remembered for the TTL", () => {
    let now = 1_000_000;
    const store = createMemoryNonceStore({ ttlSeconds: 10, clock: () => now });
    expect(store.seenNonce("n", "s", Number.NaN)).toBe(false);
    now += 9_999;
    expect(store.seenNonce("n", "s")).toBe(true);
  });

  it("Infinity is ignored: the nonce is forgotten after the TTL", () => {
    let now = 1_000_000;
    const store = createMemoryNonceStore({ ttlSeconds: 10, clock: () => now });
    expect(store.seenNonce("n", "s", Number.POSITIVE_INFINITY)).toBe(false);
    now += 10_000;
    expect(store.seenNonce("n", "s")).toBe(false);
  });
});

describe("createMemoryNonceStore: an expired entry behind a live one", () => {
  it("re-adding an expired nonce in a full store does not evict a live one", () => {
    let now = 0;
    const store = createMemoryNonceStore({ maxEntries: 2, ttlSeconds: 10, clock: () => now });
    // "long" is accepted until 100 s, so it stays live ahead of "short", which expires at 10 s.
    expect(store.seenNonce("long", "s", 100_000)).toBe(false);
    expect(store.seenNonce("short", "s")).toBe(false);
    now = 20_000;
    // "short" has expired: it is new again, and takes its own expired slot rather than "long"'s.
    expect(store.seenNonce("short", "s")).toBe(false);
    expect(store.seenNonce("long", "s")).toBe(true);
    expect(store.size).toBe(2);
  });
});

describe("flattenRailsParams: what a Proxy reports but does not hold", () => {
  it("a member listed by Object.keys but gone when described is skipped", () => {
    // The first description (Object.keys' enumerability check) finds the member; the second (the walk) does not.
    let descriptions = 0;
    const vanishing = new Proxy<Record<string, unknown>>(
      {},
      {
        ownKeys: () => ["gone"],
        getOwnPropertyDescriptor: () =>
          ++descriptions === 1 ? { value: "x", enumerable: true, configurable: true, writable: true } : undefined,
      },
    );
    expect(flattenRailsParams({ a: "1", v: vanishing })).toEqual([["a", "1"]]);
    expect(descriptions).toBe(2);
  });

  it("an array is read up to its length only", () => {
    // The Proxy answers for index 1 although the array has one element: only index 0 is an element.
    const overlong = new Proxy(["x"], {
      get: (target, property, receiver) => (property === "1" ? "beyond" : Reflect.get(target, property, receiver)),
    });
    expect(flattenRailsParams({ list: overlong })).toEqual([["list[0]", "x"]]);
  });
});
