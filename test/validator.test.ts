/**
 * The validator against hand-written schemas, each keyword at and across its boundary, with the exact path and
 * message expected (the fuzzer only checks valid-or-not, with the runtime table as its oracle).
 */
import { describe, expect, it } from "vitest";
import type { Schema } from "../src/runtime-types.js";
import { findSchemaViolation } from "../src/validate.js";

const check = (schema: Schema, value: unknown, path = "f") => findSchemaViolation(schema, value, path);

describe("types", () => {
  it.each([
    [{ type: "string" }, 1, "must be string, got integer"],
    [{ type: "string" }, 1.5, "must be string, got number"],
    [{ type: "number" }, Number.NaN, "must be number, got non-finite"],
    [{ type: "number" }, Number.POSITIVE_INFINITY, "must be number, got non-finite"],
    [{ type: "integer" }, 2.5, "must be integer, got number"],
    [{ type: "object" }, null, "must be object, got null"],
    [{ type: "object" }, [], "must be object, got array"],
    [{ type: "array" }, {}, "must be array, got object"],
    [{ type: "boolean" }, "true", "must be boolean, got string"],
    [{ type: ["integer", "string"] }, true, "must be integer or string, got boolean"],
    [{ type: ["integer", "null"] }, undefined, "must be integer or null, got undefined"],
  ] as const)("%j rejects %j: %s", (schema, value, message) => {
    expect(check(schema as Schema, value)).toEqual(["f", message]);
  });

  it("accepts what the type allows: integers as numbers, each member of a type list", () => {
    expect(check({ type: "number" }, 3)).toBeUndefined();
    expect(check({ type: "number" }, -0.5)).toBeUndefined();
    expect(check({ type: ["integer", "string"] }, 7)).toBeUndefined();
    expect(check({ type: ["integer", "string"] }, "7")).toBeUndefined();
    expect(check({ type: ["integer", "null"] }, null)).toBeUndefined();
    expect(check({}, Symbol("anything"))).toBeUndefined();
  });

  it("const and enum, with the allowed values in the message", () => {
    expect(check({ const: "x" }, "x")).toBeUndefined();
    expect(check({ const: "x" }, "y")).toEqual(["f", 'must be "x"']);
    expect(check({ const: false }, false)).toBeUndefined();
    expect(check({ const: false }, 0)).toEqual(["f", "must be false"]);
    expect(check({ enum: ["a", 1, true] }, 1)).toBeUndefined();
    expect(check({ enum: ["a", 1, true] }, "1")).toEqual(["f", 'must be one of "a", 1, true']);
  });
});

describe("strings", () => {
  it("lengths count code points, at and across each bound", () => {
    const schema: Schema = { type: "string", minLength: 2, maxLength: 3 };
    expect(check(schema, "ab")).toBeUndefined();
    expect(check(schema, "abc")).toBeUndefined();
    expect(check(schema, "a")).toEqual(["f", "must be at least 2 characters"]);
    expect(check(schema, "abcd")).toEqual(["f", "must be at most 3 characters"]);
    // Two astral characters: four UTF-16 units, two code points.
    expect(check(schema, "😀😀")).toBeUndefined();
    expect(check(schema, "😀😀😀")).toBeUndefined();
    expect(check(schema, "😀😀😀😀")).toEqual(["f", "must be at most 3 characters"]);
    expect(check({ type: "string", minLength: 3 }, "😀😀")).toEqual(["f", "must be at least 3 characters"]);
    expect(check({ type: "string", maxLength: 0 }, "")).toBeUndefined();
    expect(check({ type: "string", minLength: 1 }, "")).toEqual(["f", "must be at least 1 characters"]);
  });

  it("pattern (Unicode mode) and format, in that order; an unknown format is not checked", () => {
    expect(check({ type: "string", pattern: "^a.c$" }, "a😀c")).toBeUndefined();
    expect(check({ type: "string", pattern: "^a$" }, "b")).toEqual(["f", "must match ^a$"]);
    expect(check({ type: "string", pattern: "^a$", format: "email" }, "b")).toEqual(["f", "must match ^a$"]);
    expect(check({ type: "string", pattern: "@", format: "email" }, "b@")).toEqual(["f", "must be a valid email"]);
    expect(check({ type: "string", format: "hostname" }, "not a host name")).toBeUndefined();
    expect(check({ type: "string", format: "uri" }, "https://[bad")).toEqual(["f", "must be a valid uri"]);
    // String rules do not apply to other types.
    expect(check({ minLength: 5, pattern: "^x$", format: "email" }, 1)).toBeUndefined();
  });
});

describe("numbers", () => {
  it.each([
    [{ minimum: 1 }, 1, undefined],
    [{ minimum: 1 }, 0.999, "must be >= 1"],
    [{ maximum: 10 }, 10, undefined],
    [{ maximum: 10 }, 10.001, "must be <= 10"],
    [{ exclusiveMinimum: 0 }, 0, "must be > 0"],
    [{ exclusiveMinimum: 0 }, 0.001, undefined],
    [{ exclusiveMaximum: 5 }, 5, "must be < 5"],
    [{ exclusiveMaximum: 5 }, 4.999, undefined],
    [{ minimum: 0, maximum: 0 }, 0, undefined],
  ] as const)("%j with %j", (schema, value, message) => {
    expect(check({ type: "number", ...schema } as Schema, value)).toEqual(message === undefined ? undefined : ["f", message]);
  });

  it("number rules do not apply to strings", () => {
    expect(check({ minimum: 5 }, "1")).toBeUndefined();
  });
});

describe("arrays", () => {
  const schema: Schema = { type: "array", minItems: 1, maxItems: 2, items: { type: "integer" } };

  it("item counts at and across each bound", () => {
    expect(check(schema, [1])).toBeUndefined();
    expect(check(schema, [1, 2])).toBeUndefined();
    expect(check(schema, [])).toEqual(["f", "must have at least 1 items"]);
    expect(check(schema, [1, 2, 3])).toEqual(["f", "must have at most 2 items"]);
  });

  it("the first bad item, by index", () => {
    expect(check(schema, [1, "x"])).toEqual(["f[1]", "must be integer, got string"]);
    expect(check({ type: "array", items: { type: "integer" } }, [1, 2, "x", "y"])).toEqual(["f[2]", "must be integer, got string"]);
    expect(check({ type: "array", items: { type: "integer" } }, ["x"], "")).toEqual(["[0]", "must be integer, got string"]);
  });

  it("uniqueItems compares values, not identities", () => {
    const unique: Schema = { type: "array", uniqueItems: true };
    expect(check(unique, [{ a: 1 }, { a: 1 }])).toEqual(["f", "must not contain duplicate items"]);
    expect(check(unique, [1, "1", [1]])).toBeUndefined();
    expect(check({ type: "array", uniqueItems: false }, [1, 1])).toBeUndefined();
  });
});

describe("objects", () => {
  it("required: own members that are not undefined", () => {
    const schema: Schema = { type: "object", required: ["a", "b"] };
    expect(check(schema, { a: 1, b: null })).toBeUndefined();
    expect(check(schema, { a: 1 })).toEqual(["f.b", "is required"]);
    expect(check(schema, { a: undefined, b: 1 })).toEqual(["f.a", "is required"]);
    expect(check(schema, Object.assign(Object.create({ a: 1 }), { b: 1 }))).toEqual(["f.a", "is required"]);
    expect(check(schema, { b: 1 }, "")).toEqual(["a", "is required"]);
  });

  it("properties, then patternProperties (first matching pattern), then additionalProperties", () => {
    const schema: Schema = {
      type: "object",
      properties: { "x-id": { type: "integer" } },
      patternProperties: { "^x-": { type: "string" }, "^x-n": { type: "integer" } },
      additionalProperties: { type: "boolean" },
    };
    expect(check(schema, { "x-id": 1, "x-name": "n", other: true })).toBeUndefined();
    expect(check(schema, { "x-id": "1" })).toEqual(["f.x-id", "must be integer, got string"]);
    expect(check(schema, { "x-num": 1 })).toEqual(["f.x-num", "must be string, got integer"]);
    expect(check(schema, { other: "yes" })).toEqual(["f.other", "must be boolean, got string"]);
    expect(check(schema, { other: undefined })).toBeUndefined();
  });

  it("additionalProperties: false names the unknown member; true and absent accept it; inherited members are ignored", () => {
    const closed: Schema = { type: "object", properties: { a: { type: "string" } }, additionalProperties: false };
    expect(check(closed, { a: "x" })).toBeUndefined();
    expect(check(closed, { a: "x", b: 1 })).toEqual(["f.b", "is not a known field"]);
    expect(check(closed, { a: "x", b: undefined })).toBeUndefined();
    expect(check(closed, Object.create({ b: 1 }))).toBeUndefined();
    expect(check({ type: "object", additionalProperties: true }, { b: 1 })).toBeUndefined();
    expect(check({ type: "object", properties: { a: { type: "string" } } }, { b: 1 })).toBeUndefined();
  });

  it("nested paths: members and items, innermost last", () => {
    const schema: Schema = {
      type: "object",
      properties: { user: { type: "object", properties: { logos: { type: "array", items: { type: "object", required: ["url"] } } } } },
    };
    expect(check(schema, { user: { logos: [{ url: "u" }, {}] } }, "input")).toEqual(["input.user.logos[1].url", "is required"]);
  });
});

describe("combinators, blobs and depth", () => {
  it("allOf: every schema; the first failure is reported", () => {
    const schema: Schema = { allOf: [{ type: "string" }, { minLength: 2 }, { pattern: "^a" }] };
    expect(check(schema, "ab")).toBeUndefined();
    expect(check(schema, "a")).toEqual(["f", "must be at least 2 characters"]);
    expect(check(schema, "ba")).toEqual(["f", "must match ^a"]);
  });

  it("anyOf and oneOf: one match is enough; otherwise the first alternative's problem", () => {
    for (const key of ["anyOf", "oneOf"] as const) {
      const schema: Schema = { [key]: [{ type: "integer" }, { type: "string", minLength: 2 }] };
      expect(check(schema, 1)).toBeUndefined();
      expect(check(schema, "ab")).toBeUndefined();
      expect(check(schema, "a")).toEqual(["f", "must be integer, got string"]);
    }
  });

  it("a Blob passes a schema with contentMediaType, and only then", async () => {
    const blob = new Blob(["png"], { type: "image/png" });
    expect(check({ type: "string", contentMediaType: "image/png" }, blob)).toBeUndefined();
    expect(check({ type: "string", contentMediaType: "image/png" }, "text")).toBeUndefined();
    expect(check({ type: "string" }, blob)).toEqual(["f", "must be string, got object"]);
  });

  it("nesting deeper than 64 levels is refused, 64 is not", () => {
    const list: { type: string; items?: unknown } = { type: "array" };
    list.items = list;
    const nest = (levels: number): unknown => (levels === 0 ? [] : [nest(levels - 1)]);
    expect(check(list as Schema, nest(64))).toBeUndefined();
    const deep = check(list as Schema, nest(65));
    expect(deep?.[1]).toBe("is nested too deeply");
    expect(deep?.[0]).toBe(`f${"[0]".repeat(65)}`);
  });

  it("recursion through properties, allOf and anyOf counts toward the depth limit", () => {
    const viaProperties: { type: string; properties: Record<string, unknown> } = { type: "object", properties: {} };
    viaProperties.properties.n = viaProperties;
    const viaAllOf: { allOf: unknown[] } = { allOf: [] };
    viaAllOf.allOf.push({ type: "object", properties: { n: viaAllOf } });
    const viaAnyOf: { anyOf: unknown[] } = { anyOf: [] };
    viaAnyOf.anyOf.push({ type: "object", properties: { n: viaAnyOf } });
    const nestObjects = (levels: number): unknown => (levels === 0 ? {} : { n: nestObjects(levels - 1) });
    expect(check(viaProperties as Schema, nestObjects(64))).toBeUndefined();
    expect(check(viaProperties as Schema, nestObjects(65))).toEqual([`f${".n".repeat(65)}`, "is nested too deeply"]);
    // Two levels of schema per level of value: the limit comes at half the depth.
    expect(check(viaAllOf as Schema, nestObjects(31))).toBeUndefined();
    expect(check(viaAllOf as Schema, nestObjects(40))?.[1]).toBe("is nested too deeply");
    expect(check(viaAnyOf as Schema, nestObjects(31))).toBeUndefined();
    expect(check(viaAnyOf as Schema, nestObjects(40))?.[1]).toBe("is nested too deeply");
  });

  it("a keyword alone is enough; keywords of other types are ignored", () => {
    expect(check({ type: "array", minItems: 1 }, [])).toEqual(["f", "must have at least 1 items"]);
    expect(check({ type: "array", maxItems: 1 }, [1, 2])).toEqual(["f", "must have at most 1 items"]);
    expect(check({ type: "object", patternProperties: { "^x": { type: "string" } } }, { x: 1 })).toEqual(["f.x", "must be string, got integer"]);
    expect(check({ type: "object", additionalProperties: false }, { a: 1 })).toEqual(["f.a", "is not a known field"]);
    expect(check({ type: "object", additionalProperties: { type: "string" } }, { a: 1 })).toEqual(["f.a", "must be string, got integer"]);
    expect(check({ minLength: 2 }, [])).toBeUndefined();
    expect(check({ minLength: 2 }, {})).toBeUndefined();
    expect(check({ minLength: 2 }, 5)).toBeUndefined();
    expect(check({ required: ["a"] }, true)).toBeUndefined();
    expect(check({ required: ["a"] }, null)).toBeUndefined();
    expect(check({ required: ["a"] }, "a")).toBeUndefined();
    expect(check({ minItems: 1 }, {})).toBeUndefined();
  });

  it("a schema compiled once gives the same answers every time", () => {
    const schema: Schema = { type: "object", required: ["a"] };
    expect(check(schema, {})).toEqual(["f.a", "is required"]);
    expect(check(schema, { a: 1 })).toBeUndefined();
    expect(check(schema, {})).toEqual(["f.a", "is required"]);
  });
});
