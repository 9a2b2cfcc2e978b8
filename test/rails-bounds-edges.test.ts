// Issue 14, the survivors of the mutation run over src/rails-bounds.ts: each limit of the bounded canonicaliser
// pinned exactly where it trips (accepted at the limit, refused one byte or member over, with the exact reason), the
// encoded length it counts for each UTF-8 width and for lone surrogates (which decides whether the key limit or the
// encoder refuses), the members it counts (array elements, undefined ones included; object members that are
// undefined, getters or gone when read not), nesting and cycles refused by the walk itself (field `params`), and
// scalars measured as the flattener writes them. Expected lengths are counted by hand or with encodeURIComponent here, never by the module.
import { describe, expect, it } from "vitest";
import { AuthyValidationError } from "../src/errors.js";
import { canonicalizeWithinLimits, type RailsParamsLimits } from "../src/rails-bounds.js";
import type { RailsParamsInput } from "../src/rails-params.js";

/** Limits no case here reaches except the one a test sets. */
const ROOMY: RailsParamsLimits = { maxParams: 1000, maxKeyBytes: 8192, maxTotalBytes: 100_000 };

/** The AuthyValidationError message canonicalising `params` within `limits` throws (fails the test if none). */
function refusalOf(params: unknown, limits: Partial<RailsParamsLimits>): string {
  try {
    canonicalizeWithinLimits(params as RailsParamsInput, { ...ROOMY, ...limits });
  } catch (error) {
    expect(error).toBeInstanceOf(AuthyValidationError);
    return (error as AuthyValidationError).message;
  }
  throw new Error("expected a refusal, got a canonical string");
}

const canonical = (params: unknown, limits: Partial<RailsParamsLimits> = {}): string =>
  canonicalizeWithinLimits(params as RailsParamsInput, { ...ROOMY, ...limits });

/** `{ a: { a: … "x" } }` with `levels` containers below the top level. */
const nestedObjects = (levels: number): unknown => {
  let value: unknown = "x";
  for (let i = 0; i < levels; i++) value = { a: value };
  return { a: value };
};
/** `{ a: [[… "x"]] }` with `levels` arrays below the top level. */
const nestedArrays = (levels: number): unknown => {
  let value: unknown = "x";
  for (let i = 0; i < levels; i++) value = [value];
  return { a: value };
};

describe("a URLSearchParams is measured twice: as its pairs, then as the nesting Rails rebuilds", () => {
  it("a[b]=1 is one member as a pair but two once rebuilt, so a one-member limit refuses it", () => {
    const query = new URLSearchParams("a[b]=1");
    expect(refusalOf(query, { maxParams: 1 })).toBe("params: has more than 1 parameters");
    expect(canonical(query, { maxParams: 2 })).toBe("a%5Bb%5D=1");
  });
});

describe("a top level that is not an object is left to the flattener's own refusal", () => {
  it.each([
    ["null", null],
    ["a string of more characters than the member limit", "abc"],
    ["an array of more elements than the member limit", ["x", "y"]],
  ])("%s", (_, params) => {
    expect(refusalOf(params, { maxParams: 1 })).toBe("params: must be an object or URLSearchParams");
  });
});

describe("encoded key lengths: exact per UTF-8 width, accepted at the key limit and refused one byte under", () => {
  it.each([
    ["U+007F, the last one-byte character (escaped)", "\u007f", 3],
    ["U+0080, the first two-byte character", "\u0080", 6],
    ["U+07FF, the last two-byte character", "\u07ff", 6],
    ["U+0800, the first three-byte character", "\u0800", 9],
    ["U+E000, a three-byte character above the surrogates", "\ue000", 9],
    ["U+10000, the first surrogate pair", "\u{10000}", 12],
    ["U+10FFFF, the last surrogate pair (high surrogate U+DBFF)", "\u{10ffff}", 12],
  ])("%s measures %i", (_, key, bytes) => {
    const encodedKey = encodeURIComponent(key);
    expect(encodedKey.length).toBe(bytes);
    expect(canonical({ [key]: "v" }, { maxKeyBytes: bytes })).toBe(`${encodedKey}=v`);
    expect(refusalOf({ [key]: "v" }, { maxKeyBytes: bytes - 1 })).toBe(`params: has a key longer than ${bytes - 1} encoded bytes`);
  });

  it("an empty key measures 0 and is canonicalised", () => {
    expect(canonical({ "": "x" }, { maxKeyBytes: 1 })).toBe("=x");
  });
});

describe("a lone surrogate measures 9, so the key limit refuses it first only when it is that tight", () => {
  it.each([
    // A three-byte character, then a low surrogate it does not pair with: 9 + 9.
    ["U+0800 then a lone low surrogate", "\u0800\udc00", 18],
    // U+E000 is above the high surrogates: with a low surrogate after it, still 9 + 9, not one pair of 12.
    ["U+E000 then a lone low surrogate", "\ue000\udc00", 18],
    // A high surrogate followed by an ASCII letter is not a pair: 9 + 1.
    ["a high surrogate then a letter", "\ud800a", 10],
    // A high surrogate as the last character has nothing to pair with: 1 + 9.
    ["a letter then a high surrogate at the end", "a\ud800", 10],
  ])("%s measures %i", (_, key, bytes) => {
    expect(refusalOf({ [key]: "v" }, { maxKeyBytes: bytes - 1 })).toBe(`params: has a key longer than ${bytes - 1} encoded bytes`);
    expect(refusalOf({ [key]: "v" }, { maxKeyBytes: bytes })).toBe(`${key}: contains a lone surrogate (not valid Unicode)`);
  });
});

describe("members counted", () => {
  it("an object member that is undefined, or a getter, is not counted (and the getter is never run)", () => {
    let getterRuns = 0;
    const params = Object.defineProperty({ a: undefined, b: "x" }, "g", {
      enumerable: true,
      get: () => ++getterRuns,
    });
    expect(canonical(params, { maxParams: 1 })).toBe("b=x");
    expect(getterRuns).toBe(0);
  });

  it("a member whose property is gone when it is read (a Proxy answering differently) is skipped, not a TypeError", () => {
    const reads = new Map<string | symbol, number>();
    const vanishing = new Proxy(
      { a: "x", b: "y" },
      {
        // Object.keys reads each descriptor once; from the second read on, "a" no longer exists.
        getOwnPropertyDescriptor(target, key) {
          const count = (reads.get(key) ?? 0) + 1;
          reads.set(key, count);
          return key === "a" && count > 1 ? undefined : Reflect.getOwnPropertyDescriptor(target, key);
        },
      },
    );
    expect(canonical(vanishing, { maxParams: 1 })).toBe("b=y");
  });

  it("every array element is counted: a, a[0], a[1] are three members", () => {
    expect(canonical({ a: ["x", "y"] }, { maxParams: 3 })).toBe("a%5B%5D=x&a%5B%5D=y");
    expect(refusalOf({ a: ["x", "y"] }, { maxParams: 2 })).toBe("params: has more than 2 parameters");
    expect(canonical({ a: ["x"] }, { maxParams: 2 })).toBe("a%5B%5D=x");
  });

  it("an undefined array element is counted as a member but adds no pair to the text", () => {
    expect(canonical({ a: [undefined, "x"] }, { maxParams: 3 })).toBe("a%5B%5D=x");
    expect(refusalOf({ a: [undefined, "x"] }, { maxParams: 2 })).toBe("params: has more than 2 parameters");
    // "b=x" is 3 bytes: a[0] would add a%5B0%5D= and its separator if it were measured.
    expect(canonical({ a: [undefined], b: "x" }, { maxTotalBytes: 3 })).toBe("b=x");
  });

  it("the total is measured with array indices in the keys, separators included", () => {
    const measured = `${encodeURIComponent("a[0]")}=x&${encodeURIComponent("a[1]")}=y`;
    expect(measured.length).toBe(21);
    expect(canonical({ a: ["x", "y"] }, { maxTotalBytes: 21 })).toBe("a%5B%5D=x&a%5B%5D=y");
    expect(refusalOf({ a: ["x", "y"] }, { maxTotalBytes: 20 })).toBe("params: encode to more than 20 bytes");
  });
});

describe("nesting and cycles are refused by the walk, before the flattener sees them", () => {
  it("32 levels of objects are canonicalised, 33 refused", () => {
    expect(canonical(nestedObjects(32))).toBe(`a${"%5Ba%5D".repeat(32)}=x`);
    expect(refusalOf(nestedObjects(33), {})).toBe("params: is nested deeper than 32 levels");
  });

  it("32 levels of arrays are canonicalised, 33 refused", () => {
    expect(canonical(nestedArrays(32))).toBe(`a${"%5B%5D".repeat(32)}=x`);
    expect(refusalOf(nestedArrays(33), {})).toBe("params: is nested deeper than 32 levels");
  });

  it("an object or an array that contains itself", () => {
    const record: Record<string, unknown> = { b: "x" };
    record.self = record;
    const list: unknown[] = ["x"];
    list.push(list);
    expect(refusalOf(record, {})).toBe("params: contains a cycle");
    expect(refusalOf({ list }, {})).toBe("params: contains a cycle");
  });
});

describe("scalars measure as the flattener writes them", () => {
  it("a bigint in decimal: a=12345 is 7 bytes", () => {
    expect(canonical({ a: 12345n }, { maxTotalBytes: 7 })).toBe("a=12345");
    expect(refusalOf({ a: 12345n }, { maxTotalBytes: 6 })).toBe("params: encode to more than 6 bytes");
  });

  it("a Date as its ISO text, colons escaped: 30 bytes", () => {
    const text = "a=1970-01-01T00%3A00%3A00.000Z";
    expect(text.length).toBe(30);
    expect(canonical({ a: new Date(0) }, { maxTotalBytes: 30 })).toBe(text);
    expect(refusalOf({ a: new Date(0) }, { maxTotalBytes: 29 })).toBe("params: encode to more than 29 bytes");
  });

  it("values the flattener rejects measure as empty, so its own reason reaches the caller", () => {
    expect(refusalOf({ a: new Date(Number.NaN) }, { maxTotalBytes: 2 })).toBe("a: is an invalid Date");
    expect(refusalOf({ a: Number.POSITIVE_INFINITY }, { maxTotalBytes: 2 })).toBe("a: must be a finite number");
    expect(refusalOf({ a: Number.NaN }, { maxTotalBytes: 2 })).toBe("a: must be a finite number");
  });

  it("numbers, booleans and null at the exact total", () => {
    expect(canonical({ a: 1.5, b: true, c: null }, { maxTotalBytes: 15 })).toBe("a=1.5&b=true&c=");
    expect(refusalOf({ a: 1.5, b: true, c: null }, { maxTotalBytes: 14 })).toBe("params: encode to more than 14 bytes");
  });
});
