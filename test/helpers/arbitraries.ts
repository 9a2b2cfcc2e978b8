/**
 * fast-check generators derived from the spec: they read the field schemas of generated/runtime.ts (the
 * operation table the client itself validates with, generated from openapi/), never a hand-kept list. For every
 * schema they give valid values (type, enum, pattern, format, length and numeric ranges, required members, nested
 * objects, dictionaries and arrays) and, separately, invalid values that each break exactly one rule, together
 * with the dotted path the client must name in its AuthyValidationError.
 */
import fc from "fast-check";
import type { FieldSpec, OperationSpec, Schema } from "../../src/runtime-types.js";

export type Location = "path" | "query" | "body";
export type InvalidKind =
  | "wrong type"
  | "enum miss"
  | "pattern violation"
  | "format violation"
  | "too short"
  | "too long"
  | "below minimum"
  | "above maximum"
  | "too few items"
  | "duplicate items"
  | "missing required"
  | "unknown key";

export interface Invalid {
  value: unknown;
  /** The path the client reports: `user.email`, `logos[0].res`, `details.k`. */
  path: string;
}

export interface InvalidCase {
  kind: InvalidKind;
  /** Where the top-level field goes on the wire ("input" for an unknown top-level key). */
  location: Location | "input";
  field: string;
  arb: fc.Arbitrary<{ input: Record<string, unknown>; path: string }>;
}

const typesOf = (schema: Schema): string[] =>
  schema.type === undefined ? [] : typeof schema.type === "string" ? [schema.type] : [...schema.type];

export const codePoints = (text: string): number => [...text].length;

/** Characters a free-text field must carry intact: whitespace of every kind, non-Latin scripts, emoji, URL and
 * Rails metacharacters, quotes and markup. */
const SPECIAL_UNITS = [
  " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\u200b", "\ufeff",
  "é", "ß", "ñ", "Ω", "я", "漢字", "한", "ع", "😀", "👍🏽", "🇫🇷",
  "&", "=", "+", "%", "%20", "#", "?", "/", "\\", "[", "]", "[]", ";", ",", "\"", "'", "<", ">", "{", "}",
];
const textUnit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_UNITS) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) }, // any code point, no lone surrogate
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
);

/** Free text (no pattern, no format) of `min`..`max` code points: unicode and whitespace included. */
export function freeText(min = 0, max = Infinity): fc.Arbitrary<string> {
  const cap = Math.min(max, 40);
  const units = fc.array(textUnit, { minLength: min, maxLength: Math.max(min, cap) }).map((parts) => parts.join(""));
  const boundary = fc.constantFrom(...new Set([min, Number.isFinite(max) ? max : min + 64])).chain((n) =>
    fc.array(fc.oneof(fc.constantFrom("a", " ", "é", "漢", "😀"), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })), {
      minLength: n,
      maxLength: n,
    }).map((parts) => parts.join("")),
  );
  return fc
    .oneof({ weight: 5, arbitrary: units }, { weight: 1, arbitrary: boundary })
    .filter((s) => codePoints(s) >= min && codePoints(s) <= max);
}

function intIn(schema: Schema): fc.Arbitrary<number> {
  let lo = schema.minimum ?? Number.MIN_SAFE_INTEGER;
  let hi = schema.maximum ?? Number.MAX_SAFE_INTEGER;
  if (schema.exclusiveMinimum !== undefined) lo = Math.max(lo, Math.floor(schema.exclusiveMinimum) + 1);
  if (schema.exclusiveMaximum !== undefined) hi = Math.min(hi, Math.ceil(schema.exclusiveMaximum) - 1);
  lo = Math.ceil(Math.max(lo, Number.MIN_SAFE_INTEGER));
  hi = Math.floor(Math.min(hi, Number.MAX_SAFE_INTEGER));
  return fc.oneof(
    { weight: 4, arbitrary: fc.bigInt({ min: BigInt(lo), max: BigInt(hi) }).map(Number) },
    { weight: 1, arbitrary: fc.constantFrom(lo, hi) },
  );
}

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Infinity;
  const inBounds = (s: string) => codePoints(s) >= min && codePoints(s) <= max;
  if (schema.pattern !== undefined) {
    const re = new RegExp(schema.pattern, "u");
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => inBounds(s) && re.test(s));
  }
  if (schema.format === "email") {
    return fc.emailAddress().filter((s) => inBounds(s) && /^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(s));
  }
  if (schema.format === "uri") {
    return fc.webUrl({ withQueryParameters: true, withFragments: true }).filter(inBounds);
  }
  return freeText(min, max);
}

/** Valid values of a schema. `key` generates dictionary keys (additionalProperties). */
export function valid(schema: Schema, key: fc.Arbitrary<string> = dictionaryKey): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  if (schema.allOf || schema.anyOf || schema.oneOf) throw new Error("combinators are not used by request fields");
  if (schema.contentMediaType !== undefined) {
    return fc.oneof(
      // A file part. (A plain string is accepted by the schema too, but multipart turns its "\n" into "\r\n".)
      fc.uint8Array({ maxLength: 64 }).map((bytes) => new Blob([bytes], { type: schema.contentMediaType })),
    );
  }
  const types = typesOf(schema);
  const options = types.map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case "string":
        return stringFor(schema);
      case "integer":
        return intIn(schema);
      case "number":
        return fc.double({ min: schema.minimum, max: schema.maximum, noNaN: true, noDefaultInfinity: true });
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      case "array": {
        const constraints = {
          minLength: schema.minItems ?? 0,
          maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)),
        };
        // uniqueItems is not in the runtime table's Schema type yet (see docs/reliability.md): honoured when present.
        return (schema as { uniqueItems?: boolean }).uniqueItems
          ? fc.uniqueArray(valid(schema.items ?? {}, key), { ...constraints, selector: (v) => JSON.stringify(v) })
          : fc.array(valid(schema.items ?? {}, key), constraints);
      }
      case "object":
        return objectFor(schema, key);
      default:
        throw new Error(`no generator for type ${type}`);
    }
  });
  if (options.length === 0) throw new Error(`no generator for ${JSON.stringify(schema)}`);
  return options.length === 1 ? options[0]! : fc.oneof(...options);
}

function objectFor(schema: Schema, key: fc.Arbitrary<string>): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const named = fc.record(
    Object.fromEntries(Object.entries(props).map(([name, s]) => [name, valid(s, key)])),
    { requiredKeys: (schema.required ?? []).filter((n) => n in props) },
  );
  const extra = schema.additionalProperties;
  if (typeof extra !== "object") return named;
  const dict = fc.dictionary(key.filter((k) => !(k in props)), valid(extra, key), { maxKeys: 4 });
  return fc.tuple(named, dict).map(([a, b]) => ({ ...b, ...a }));
}

/** Keys of free-form maps (details, data, reporting filters): any text, unicode and whitespace included. */
export const dictionaryKey: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 10 }),
  freeText(1, 12),
  fc.constantFrom("__proto__", "constructor", "toString", "0", "a.b", "a[b]", "[]", " ", "Ключ"),
);

// -------------------------------------------------------------------------------------------------------------
// Invalid values

function typeOfValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : Number.isFinite(value) ? "number" : "non-finite";
  return typeof value;
}
const allows = (types: string[], actual: string) => types.includes(actual) || (actual === "integer" && types.includes("number"));

const anyOfType: Record<string, fc.Arbitrary<unknown>> = {
  string: fc.string({ maxLength: 8 }),
  integer: fc.integer(),
  number: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
  "non-finite": fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(fc.integer(), { maxLength: 2 }),
  object: fc.dictionary(fc.string({ unit: "grapheme-ascii", maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
};

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

/** Every way to break one rule of `schema`, each as values placed at the path the client must report. */
export function invalid(schema: Schema, path: string, key: fc.Arbitrary<string> = dictionaryKey): Array<{ kind: InvalidKind; arb: fc.Arbitrary<Invalid> }> {
  const out: Array<{ kind: InvalidKind; arb: fc.Arbitrary<Invalid> }> = [];
  const at = (kind: InvalidKind, arb: fc.Arbitrary<unknown>, where = path) => out.push({ kind, arb: arb.map((value) => ({ value, path: where })) });
  const types = typesOf(schema);
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Infinity;
  const lengthOk = (s: string) => codePoints(s) >= min && codePoints(s) <= max;

  if (types.length > 0) {
    const wrong = Object.entries(anyOfType)
      .filter(([t]) => !allows(types, t === "non-finite" ? "non-finite" : t))
      .map(([, arb]) => arb);
    if (wrong.length) at("wrong type", fc.oneof(...wrong).filter((v) => !allows(types, typeOfValue(v))));
  }
  if (schema.enum !== undefined && types.includes("string")) {
    at("enum miss", fc.string({ maxLength: 12 }).filter((s) => !schema.enum!.includes(s)));
  }
  if (types.includes("string") && schema.enum === undefined && schema.contentMediaType === undefined) {
    if (schema.pattern !== undefined) {
      const re = new RegExp(schema.pattern, "u");
      at(
        "pattern violation",
        fc.oneof(freeText(Math.max(min, 1), Math.min(max, 30)), fc.stringMatching(new RegExp(schema.pattern)).map((s) => `${s} `))
          .filter((s) => lengthOk(s) && !re.test(s)),
      );
    }
    if (schema.format === "email") {
      at("format violation", fc.oneof(fc.string({ maxLength: 20 }), fc.emailAddress().map((e) => e.replace("@", " at "))).filter((s) => lengthOk(s) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(s)));
    }
    if (schema.format === "uri") {
      at("format violation", fc.oneof(fc.string({ maxLength: 20 }), fc.webUrl().map((u) => u.replace("://", " "))).filter((s) => {
        if (!lengthOk(s)) return false;
        try {
          return !new URL(s).protocol;
        } catch {
          return true;
        }
      }));
    }
    if (min > 0) at("too short", fc.string({ maxLength: min - 1 }).filter((s) => codePoints(s) < min));
    if (Number.isFinite(max)) {
      at("too long", fc.integer({ min: 1, max: 5 }).chain((extra) => freeText(max + extra, max + extra)));
    }
  }
  if (types.includes("integer") || types.includes("number")) {
    const lo = schema.exclusiveMinimum ?? (schema.minimum !== undefined ? schema.minimum - 1 : undefined);
    const hi = schema.exclusiveMaximum ?? (schema.maximum !== undefined ? schema.maximum + 1 : undefined);
    if (lo !== undefined) at("below minimum", fc.oneof(fc.constant(lo), fc.integer({ min: 1, max: 1_000_000 }).map((d) => lo - d)));
    if (hi !== undefined) at("above maximum", fc.oneof(fc.constant(hi), fc.integer({ min: 1, max: 1_000_000 }).map((d) => hi + d)));
  }
  if (types.includes("array")) {
    if ((schema.minItems ?? 0) > 0) at("too few items", fc.constant([]));
    if ((schema as { uniqueItems?: boolean }).uniqueItems && schema.items) {
      at("duplicate items", valid(schema.items, key).map((v) => [v, v]));
    }
    if (schema.items) {
      for (const sub of invalid(schema.items, "", key)) {
        out.push({
          kind: sub.kind,
          arb: fc
            .tuple(fc.array(valid(schema.items, key), { maxLength: 3 }), sub.arb, fc.nat())
            .map(([items, bad, at]) => {
              const i = items.length === 0 ? 0 : at % (items.length + 1);
              const value = [...items.slice(0, i), bad.value, ...items.slice(i)];
              // Earlier items are valid, so the first problem is at index i.
              return { value, path: `${path}[${i}]${bad.path.startsWith("[") || bad.path === "" ? bad.path : `.${bad.path}`}` };
            }),
        });
      }
    }
  }
  if (types.includes("object")) {
    const base = objectFor(schema, key) as fc.Arbitrary<Record<string, unknown>>;
    const props = schema.properties ?? {};
    for (const name of schema.required ?? []) {
      out.push({
        kind: "missing required",
        arb: base.map((obj) => {
          const copy = { ...obj };
          delete copy[name];
          return { value: copy, path: join(path, name) };
        }),
      });
    }
    for (const [name, sub] of Object.entries(props)) {
      for (const bad of invalid(sub, join(path, name), key)) {
        out.push({ kind: bad.kind, arb: fc.tuple(base, bad.arb).map(([obj, b]) => ({ value: withOwn(obj, name, b.value), path: b.path })) });
      }
    }
    if (schema.additionalProperties === false) {
      out.push({
        kind: "unknown key",
        arb: fc
          .tuple(base, key.filter((k) => !(k in props)), fc.jsonValue())
          .map(([obj, k, v]) => ({ value: withOwn(obj, k, v), path: join(path, k) })),
      });
    } else if (typeof schema.additionalProperties === "object") {
      const extra = schema.additionalProperties;
      // Only the named members (valid) plus the one bad entry: the bad entry is then the first problem.
      const named = fc.record(
        Object.fromEntries(Object.entries(props).map(([n, s]) => [n, valid(s, key)])),
        { requiredKeys: (schema.required ?? []).filter((n) => n in props) },
      );
      for (const bad of invalid(extra, "", key)) {
        out.push({
          kind: bad.kind,
          arb: fc.tuple(named, key.filter((k) => !(k in props)), bad.arb).map(([obj, k, b]) => ({
            value: withOwn(obj, k, b.value),
            path: `${join(path, k)}${b.path ? (b.path.startsWith("[") ? b.path : `.${b.path}`) : ""}`,
          })),
        });
      }
    }
  }
  return out;
}

function withOwn(obj: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  const copy = { ...obj };
  Object.defineProperty(copy, name, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

// -------------------------------------------------------------------------------------------------------------
// Whole inputs of an operation

/** The caller's fields (the client fills credential fields itself). */
export const callerFields = (op: OperationSpec): FieldSpec[] => op.fields.filter((f) => !f.credential);

/**
 * Keys for deepObject query maps (`report[KEY][field][eq]=…`): Rails bracket notation cannot carry an empty key,
 * an all-digit key (read back as an array index) or a key with brackets, so these are left to
 * `unrepresentableQueryKeys` below; everything else (unicode, whitespace, `&=+%#`) must arrive intact.
 */
export const isRepresentableQueryKey = (k: string): boolean => k !== "" && !/^\d+$/.test(k) && !/[[\]]/.test(k);
export const queryKey = dictionaryKey.filter(isRepresentableQueryKey);
/** Keys of deepObject query maps that bracket notation cannot carry as they are. */
export const unrepresentableQueryKeys = ["0", "12", "", "a[b]", "[]", "]", "x[0]"];

/** Valid inputs: every required field, any subset of the optional ones. */
export function validInput(op: OperationSpec): fc.Arbitrary<Record<string, unknown>> {
  const fields = callerFields(op);
  return fc.record(
    Object.fromEntries(fields.map((f) => [f.name, valid(f.schema, f.deepObject ? queryKey : dictionaryKey)])),
    { requiredKeys: fields.filter((f) => f.required && f.clientDefault === undefined).map((f) => f.name) },
  ) as fc.Arbitrary<Record<string, unknown>>;
}

/** One case per (field, broken rule), plus a missing required field and an unknown top-level key. */
export function invalidInputCases(op: OperationSpec): InvalidCase[] {
  const fields = callerFields(op);
  const base = validInput(op);
  const cases: InvalidCase[] = [];
  for (const f of fields) {
    for (const bad of invalid(f.schema, f.name, f.deepObject ? queryKey : dictionaryKey)) {
      cases.push({
        kind: bad.kind,
        location: f.in,
        field: f.name,
        // A top-level null is the client's "not given" (checked on its own in fuzz-input.test.ts).
        arb: fc.tuple(base, bad.arb.filter((b) => b.value !== null || b.path !== f.name)).map(([input, b]) => ({ input: withOwn(input, f.name, b.value), path: b.path })),
      });
    }
    if (f.required && f.clientDefault === undefined) {
      cases.push({
        kind: "missing required",
        location: f.in,
        field: f.name,
        arb: base.map((input) => {
          const copy = { ...input };
          delete copy[f.name];
          return { input: copy, path: f.name };
        }),
      });
    }
  }
  const known = new Set(fields.map((f) => f.name));
  const unknownKey = fc
    .oneof(
      fc.constantFrom("format", "api_key", "apiKey", "X-Authy-API-Key", ...op.fields.filter((f) => f.credential).map((f) => f.name)),
      fc.string({ maxLength: 12 }),
    )
    .filter((k) => !known.has(k));
  cases.push({
    kind: "unknown key",
    location: "input",
    field: "(unknown)",
    arb: fc
      .tuple(base, unknownKey, fc.anything().filter((v) => v !== undefined))
      .map(([input, k, v]) => ({ input: withOwn(input, k, v), path: k })),
  });
  return cases;
}
