import type { Schema } from "./runtime-types.js";

const patternCache = new Map<string, RegExp>();
const MAX_DEPTH = 64;

function regexFor(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern, "u");
    patternCache.set(pattern, re);
  }
  return re;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : Number.isFinite(value) ? "number" : "non-finite";
  return typeof value;
}

function matchesType(actual: string, expected: string): boolean {
  return actual === expected || (expected === "number" && actual === "integer");
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
  email: (text) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(text),
  uri: (text) => {
    try {
      return Boolean(new URL(text).protocol);
    } catch {
      return false;
    }
  },
};

/**
 * Checks a value against the schema subset of the runtime table. Returns the first problem as
 * `[path, message]`, or undefined when the value conforms. Unknown object members are accepted unless the schema
 * says `additionalProperties: false` (schemas are strict about types, tolerant of fields they do not name).
 */
export function findSchemaViolation(schema: Schema, value: unknown, path: string, depth = 0): [string, string] | undefined {
  if (depth > MAX_DEPTH) return [path, "is nested too deeply"];
  if (schema.contentMediaType !== undefined && isBlob(value)) return undefined;
  const actual = typeOf(value);
  const type = schema.type;
  if (type !== undefined && !(typeof type === "string" ? matchesType(actual, type) : type.some((t) => matchesType(actual, t)))) {
    return [path, `must be ${typeof type === "string" ? type : type.join(" or ")}, got ${actual}`];
  }
  if (schema.const !== undefined && value !== schema.const) return [path, `must be ${JSON.stringify(schema.const)}`];
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    return [path, `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`];
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && codePointLength(value) < schema.minLength) {
      return [path, `must be at least ${schema.minLength} characters`];
    }
    if (schema.maxLength !== undefined && value.length > schema.maxLength && codePointLength(value) > schema.maxLength) {
      return [path, `must be at most ${schema.maxLength} characters`];
    }
    if (schema.pattern !== undefined && !regexFor(schema.pattern).test(value)) return [path, `must match ${schema.pattern}`];
    const formatCheck = schema.format === undefined ? undefined : FORMATS[schema.format];
    if (formatCheck && !formatCheck(value)) return [path, `must be a valid ${schema.format}`];
  } else if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) return [path, `must be >= ${schema.minimum}`];
    if (schema.maximum !== undefined && value > schema.maximum) return [path, `must be <= ${schema.maximum}`];
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
      return [path, `must be > ${schema.exclusiveMinimum}`];
    }
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) {
      return [path, `must be < ${schema.exclusiveMaximum}`];
    }
  } else if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return [path, `must have at least ${schema.minItems} items`];
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return [path, `must have at most ${schema.maxItems} items`];
    if (schema.items !== undefined) {
      for (let i = 0; i < value.length; i++) {
        const problem = findSchemaViolation(schema.items, value[i], `${path}[${i}]`, depth + 1);
        if (problem) return problem;
      }
    }
    if (schema.uniqueItems && new Set(value.map((item) => JSON.stringify(item))).size !== value.length) {
      return [path, "must not contain duplicate items"];
    }
  } else if (actual === "object") {
    const record = value as Record<string, unknown>;
    if (schema.required) {
      for (const name of schema.required) {
        if (!Object.hasOwn(record, name) || record[name] === undefined) return [join(path, name), "is required"];
      }
    }
    const { properties, patternProperties, additionalProperties } = schema;
    for (const name in record) {
      const member = record[name];
      if (member === undefined || !Object.hasOwn(record, name)) continue;
      let memberSchema = properties && Object.hasOwn(properties, name) ? properties[name] : undefined;
      if (!memberSchema && patternProperties) {
        for (const pattern in patternProperties) {
          if (regexFor(pattern).test(name)) {
            memberSchema = patternProperties[pattern];
            break;
          }
        }
      }
      memberSchema ??= typeof additionalProperties === "object" ? additionalProperties : undefined;
      if (memberSchema) {
        const problem = findSchemaViolation(memberSchema, member, join(path, name), depth + 1);
        if (problem) return problem;
      } else if (additionalProperties === false) {
        return [join(path, name), "is not a known field"];
      }
    }
  }
  for (const sub of schema.allOf ?? []) {
    const problem = findSchemaViolation(sub, value, path, depth + 1);
    if (problem) return problem;
  }
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    let first: [string, string] | undefined;
    for (const sub of alternatives) {
      const problem = findSchemaViolation(sub, value, path, depth + 1);
      if (!problem) return undefined;
      first ??= problem;
    }
    return first;
  }
  return undefined;
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}
