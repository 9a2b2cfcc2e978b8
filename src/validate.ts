import type { Schema } from "./runtime-types.js";

const MAX_DEPTH = 64;

/**
 * A problem as `[segments, message]`: the member names and item indices from the checked value down to the
 * offending one, innermost first (each level adds its own on the way out).
 */
type Problem = [Array<string | number>, string];
/** A compiled schema: the first problem with `value`, or undefined. */
type Check = (value: unknown, depth: number) => Problem | undefined;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : Number.isFinite(value) ? "number" : "non-finite";
  return typeof value;
}

function isBlob(value: unknown): boolean {
  return typeof Blob !== "undefined" && value instanceof Blob;
}

function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const FORMATS: Record<string, (text: string) => boolean> = {
  email(text) {
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(text);
  },
  uri(text) {
    try {
      return Boolean(new URL(text).protocol);
    } catch {
      return false;
    }
  },
};

/** Adds the member name or item index through which a nested problem was reached. */
function within(problem: Problem | undefined, segment: string | number): Problem | undefined {
  problem?.[0].push(segment);
  return problem;
}

// Each schema object of the runtime table is compiled once, on first use, into a list of checks.
const compiled = new WeakMap<Schema, Check>();

function compile(schema: Schema): Check {
  let check = compiled.get(schema);
  if (check) return check;
  // Recursive schemas find their own (late-bound) check while they are being compiled.
  compiled.set(schema, (value, depth) => check!(value, depth));
  check = build(schema);
  compiled.set(schema, check);
  return check;
}

function build(schema: Schema): Check {
  const checks: Check[] = [];
  const type = schema.type;
  if (type !== undefined) {
    const types = typeof type === "string" ? [type] : [...type];
    const expected = types.join(" or ");
    const allows = new Set(types.includes("number") ? [...types, "integer"] : types);
    checks.push((value) => {
      const actual = typeOf(value);
      return allows.has(actual) ? undefined : [[], `must be ${expected}, got ${actual}`];
    });
  }
  if (schema.const !== undefined) {
    const constant = schema.const;
    const message = `must be ${JSON.stringify(constant)}`;
    checks.push((value) => (value === constant ? undefined : [[], message]));
  }
  if (schema.enum !== undefined) {
    const allowed = new Set(schema.enum);
    const message = `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
    checks.push((value) => (allowed.has(value) ? undefined : [[], message]));
  }
  const stringChecks = buildStringChecks(schema);
  const numberChecks = buildNumberChecks(schema);
  const arrayChecks = buildArrayChecks(schema);
  const objectChecks = buildObjectChecks(schema);
  if (stringChecks || numberChecks || arrayChecks || objectChecks) {
    checks.push((value, depth) => {
      if (typeof value === "string") return stringChecks?.(value, depth);
      if (typeof value === "number") return numberChecks?.(value, depth);
      if (Array.isArray(value)) return arrayChecks?.(value, depth);
      if (typeof value === "object" && value !== null) return objectChecks?.(value, depth);
      return undefined;
    });
  }
  for (const sub of schema.allOf ?? []) {
    const subCheck = compile(sub);
    checks.push((value, depth) => subCheck(value, depth + 1));
  }
  const alternatives = (schema.anyOf ?? schema.oneOf)?.map(compile);
  if (alternatives) {
    checks.push((value, depth) => {
      let first: Problem | undefined;
      for (const alternative of alternatives) {
        const problem = alternative(value, depth + 1);
        if (!problem) return undefined;
        first ??= problem;
      }
      return first;
    });
  }
  const skipBlobs = schema.contentMediaType !== undefined;
  return (value, depth) => {
    if (depth > MAX_DEPTH) return [[], "is nested too deeply"];
    if (skipBlobs && isBlob(value)) return undefined;
    for (const check of checks) {
      const problem = check(value, depth);
      if (problem) return problem;
    }
    return undefined;
  };
}

function buildStringChecks(schema: Schema): Check | undefined {
  const { minLength, maxLength, pattern, format } = schema;
  const regex = pattern === undefined ? undefined : new RegExp(pattern, "u");
  const formatCheck = format === undefined ? undefined : FORMATS[format];
  if (minLength === undefined && maxLength === undefined && !regex && !formatCheck) return undefined;
  return (value) => {
    const text = value as string;
    if (minLength !== undefined && codePointLength(text) < minLength) return [[], `must be at least ${minLength} characters`];
    if (maxLength !== undefined && text.length > maxLength && codePointLength(text) > maxLength) {
      return [[], `must be at most ${maxLength} characters`];
    }
    if (regex && !regex.test(text)) return [[], `must match ${pattern}`];
    if (formatCheck && !formatCheck(text)) return [[], `must be a valid ${format}`];
    return undefined;
  };
}

function buildNumberChecks(schema: Schema): Check | undefined {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
  if (minimum === undefined && maximum === undefined && exclusiveMinimum === undefined && exclusiveMaximum === undefined) {
    return undefined;
  }
  return (value) => {
    const n = value as number;
    if (minimum !== undefined && n < minimum) return [[], `must be >= ${minimum}`];
    if (maximum !== undefined && n > maximum) return [[], `must be <= ${maximum}`];
    if (exclusiveMinimum !== undefined && n <= exclusiveMinimum) return [[], `must be > ${exclusiveMinimum}`];
    if (exclusiveMaximum !== undefined && n >= exclusiveMaximum) return [[], `must be < ${exclusiveMaximum}`];
    return undefined;
  };
}

function buildArrayChecks(schema: Schema): Check | undefined {
  const { minItems, maxItems, uniqueItems } = schema;
  const itemCheck = schema.items === undefined ? undefined : compile(schema.items);
  if (minItems === undefined && maxItems === undefined && !itemCheck && !uniqueItems) return undefined;
  return (value, depth) => {
    const items = value as unknown[];
    if (minItems !== undefined && items.length < minItems) return [[], `must have at least ${minItems} items`];
    if (maxItems !== undefined && items.length > maxItems) return [[], `must have at most ${maxItems} items`];
    if (itemCheck) {
      for (let i = 0; i < items.length; i++) {
        const problem = within(itemCheck(items[i], depth + 1), i);
        if (problem) return problem;
      }
    }
    if (uniqueItems && new Set(items.map((item) => JSON.stringify(item))).size !== items.length) {
      return [[], "must not contain duplicate items"];
    }
    return undefined;
  };
}

function buildObjectChecks(schema: Schema): Check | undefined {
  const required = schema.required;
  const properties = new Map(Object.entries(schema.properties ?? {}).map(([name, sub]) => [name, compile(sub)]));
  const patterned = Object.entries(schema.patternProperties ?? {}).map(([p, sub]) => [new RegExp(p, "u"), compile(sub)] as const);
  const { additionalProperties } = schema;
  const additional = typeof additionalProperties === "object" ? compile(additionalProperties) : undefined;
  const closed = additionalProperties === false;
  if (!required && properties.size === 0 && patterned.length === 0 && !additional && !closed) return undefined;
  return (value, depth) => {
    const record = value as Record<string, unknown>;
    if (required) {
      for (const name of required) {
        if (!Object.hasOwn(record, name) || record[name] === undefined) return [[name], "is required"];
      }
    }
    for (const name in record) {
      const member = record[name];
      if (member === undefined || !Object.hasOwn(record, name)) continue;
      let memberCheck = properties.get(name);
      if (!memberCheck) {
        for (const [regex, check] of patterned) {
          if (regex.test(name)) {
            memberCheck = check;
            break;
          }
        }
      }
      memberCheck ??= additional;
      if (memberCheck) {
        const problem = within(memberCheck(member, depth + 1), name);
        if (problem) return problem;
      } else if (closed) {
        return [[name], "is not a known field"];
      }
    }
    return undefined;
  };
}

/**
 * Checks a value against the schema subset of the runtime table. Returns the first problem as
 * `[path, message]`, or undefined when the value conforms. Unknown object members are accepted unless the schema
 * says `additionalProperties: false` (schemas are strict about types, tolerant of fields they do not name).
 */
export function findSchemaViolation(schema: Schema, value: unknown, path: string): [string, string] | undefined {
  const problem = compile(schema)(value, 0);
  if (!problem) return undefined;
  let full = path;
  for (let i = problem[0].length - 1; i >= 0; i--) {
    const segment = problem[0][i]!;
    full = typeof segment === "number" ? `${full}[${segment}]` : full ? `${full}.${segment}` : segment;
  }
  return [full, problem[1]];
}
