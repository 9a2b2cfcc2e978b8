import { AuthyValidationError } from "./errors.js";

/**
 * Rails bracket notation, both ways. This is the project's one flattener: the client's form/query encoder
 * (encode.ts) and the signature canonicaliser (signature.ts) both use it, so what is sent and what is signed
 * cannot drift apart.
 */

/** Parameters as a plain object (a JSON body, the client's input) or already-flat query parameters. */
export type RailsParamsInput = Readonly<Record<string, unknown>> | URLSearchParams;

/** Deepest nesting accepted (brackets in one key). Authy payloads nest 3 levels; anything near this is hostile. */
export const MAX_RAILS_DEPTH = 32;

/**
 * Flattens parameters into Rails bracket pairs, in the order of the input:
 * - nested objects become `a[b][c]`; array elements become `a[0]`, `a[1]`, … (indices kept here; the form encoder
 *   and the signature canonicaliser drop them later, after any sorting that must keep elements grouped);
 * - strings as they are; booleans `"true"`/`"false"`; numbers and bigints in decimal (`String(n)`); a `Date` as
 *   its ISO 8601 string;
 * - `null` becomes an empty value (`key=`), as Authy sends it; `undefined` is skipped (the member is absent,
 *   exactly what `JSON.stringify` does with it), so `{ a: undefined }` and `{}` flatten alike;
 * - empty objects and empty arrays are omitted entirely (no pair at all), as Authy signs them.
 *
 * A `URLSearchParams` is returned as its pairs (its keys are already flat; duplicates are kept).
 * Only own enumerable string keys are read, so inherited and prototype members never appear.
 *
 * @throws AuthyValidationError on a cycle, nesting deeper than {@link MAX_RAILS_DEPTH}, a top level that is not
 *   a plain object, or a value that has no parameter form (function, symbol, non-finite number).
 */
export function flattenRailsParams(params: RailsParamsInput, options: FlattenOptions = {}): Array<[string, string]> {
  if (params instanceof URLSearchParams) return [...params];
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw new AuthyValidationError("params", "must be an object or URLSearchParams");
  }
  const out: Array<[string, string]> = [];
  const ancestors = new Set<object>();
  walkObject(params as Record<string, unknown>, "", 0, ancestors, out, options.forWire === true);
  return out;
}

export interface FlattenOptions {
  /**
   * The encoding sent to the server (query strings, form bodies): array elements as `a[]` (Rails groups them back),
   * and object keys Rails cannot parse back (empty, or containing `[` or `]`) rejected. Without it, indices are
   * kept for the signature canonicaliser, which sorts before dropping them.
   */
  forWire?: boolean;
}

function walkObject(
  record: Record<string, unknown>,
  prefix: string,
  depth: number,
  ancestors: Set<object>,
  out: Array<[string, string]>,
  forWire: boolean,
): void {
  ancestors.add(record);
  for (const name of Object.keys(record)) {
    // Own data properties only: a getter is not parameter data, and reading one could run arbitrary code.
    const descriptor = Object.getOwnPropertyDescriptor(record, name);
    if (!descriptor || !("value" in descriptor)) continue;
    const key = prefix === "" ? name : `${prefix}[${name}]`;
    if (forWire && (name === "" || /[[\]]/.test(name))) {
      throw new AuthyValidationError(key, "has a key that Rails bracket notation cannot carry (empty, or with [ or ])");
    }
    walkValue(descriptor.value, key, depth, ancestors, out, forWire);
  }
  ancestors.delete(record);
}

function walkValue(
  value: unknown,
  key: string,
  depth: number,
  ancestors: Set<object>,
  out: Array<[string, string]>,
  forWire: boolean,
): void {
  switch (typeof value) {
    case "undefined":
      return;
    case "string":
      out.push([key, value]);
      return;
    case "boolean":
      out.push([key, value ? "true" : "false"]);
      return;
    case "number":
      if (!Number.isFinite(value)) throw new AuthyValidationError(key, "must be a finite number");
      out.push([key, String(value)]);
      return;
    case "bigint":
      out.push([key, value.toString()]);
      return;
    case "object":
      break;
    default:
      throw new AuthyValidationError(key, `a ${typeof value} has no parameter form`);
  }
  if (value === null) {
    out.push([key, ""]);
    return;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new AuthyValidationError(key, "is an invalid Date");
    out.push([key, value.toISOString()]);
    return;
  }
  if (ancestors.has(value)) throw new AuthyValidationError(key, "contains a cycle");
  if (depth + 1 > MAX_RAILS_DEPTH) throw new AuthyValidationError(key, `is nested deeper than ${MAX_RAILS_DEPTH} levels`);
  if (Array.isArray(value)) {
    ancestors.add(value);
    for (let i = 0; i < value.length; i++) walkValue(value[i], forWire ? `${key}[]` : `${key}[${i}]`, depth + 1, ancestors, out, forWire);
    ancestors.delete(value);
    return;
  }
  walkObject(value as Record<string, unknown>, key, depth + 1, ancestors, out, forWire);
}

/** A nested value rebuilt from Rails bracket pairs: strings, arrays and objects. */
export type RailsValue = string | RailsValue[] | { [key: string]: RailsValue };

/**
 * Rebuilds nested parameters from flat Rails bracket pairs (a GET callback's query string), the way Rack does:
 * `a[b][c]=v` → `{ a: { b: { c: "v" } } }`; `a[]=x&a[]=y` → `{ a: ["x", "y"] }`; `a[][k]=1&a[][k]=2` starts a new
 * element whenever the last element already has that member (`[{ k: "1" }, { k: "2" }]`). Values stay strings.
 * Keys are set as own data properties (never through a `__proto__` setter).
 *
 * Strict where Rack is lenient, because a signed message must have exactly one reading: a repeated scalar key
 * (`a=1&a=2`, which Rack resolves to the last and other parsers to the first), a key used both as a value and as a
 * container (`a=1&a[b]=2`), a malformed key (`a[b`, `[a]`) or nesting deeper than {@link MAX_RAILS_DEPTH} throws.
 *
 * @throws AuthyValidationError naming the offending key.
 */
export function unflattenRailsParams(pairs: Iterable<readonly [string, string]>): Record<string, RailsValue> {
  const root: Record<string, RailsValue> = {};
  for (const [key, value] of pairs) {
    const segments = parseKey(key);
    if (!segments) throw new AuthyValidationError(key, "is not a valid Rails parameter name");
    assign(root, segments, value, key);
  }
  return root;
}

function parseKey(key: string): string[] | undefined {
  const open = key.indexOf("[");
  if (open === 0 || key === "") return undefined;
  if (open < 0) return [key];
  const segments = [key.slice(0, open)];
  const rest = key.slice(open);
  const re = /\[([^[\]]*)\]/gy;
  let consumed = 0;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    segments.push(m[1] ?? "");
    consumed = re.lastIndex;
    if (segments.length > MAX_RAILS_DEPTH + 1) return undefined;
  }
  return consumed === rest.length ? segments : undefined;
}

function setOwn(target: Record<string, RailsValue>, name: string, value: RailsValue): void {
  Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
}

function isRecord(value: RailsValue | undefined): value is { [key: string]: RailsValue } {
  return typeof value === "object" && !Array.isArray(value);
}

function assign(container: Record<string, RailsValue>, segments: string[], value: string, key: string): void {
  const [name, ...rest] = segments as [string, ...string[]];
  const existing = Object.hasOwn(container, name) ? container[name] : undefined;
  if (rest.length === 0) {
    if (existing !== undefined) throw new AuthyValidationError(key, "is repeated or conflicts with another parameter");
    setOwn(container, name, value);
    return;
  }
  if (rest[0] === "") {
    let list: RailsValue[];
    if (existing === undefined) {
      list = [];
      setOwn(container, name, list);
    } else if (Array.isArray(existing)) list = existing;
    else throw new AuthyValidationError(key, "conflicts with another parameter");
    const after = rest.slice(1);
    if (after.length === 0) {
      list.push(value);
      return;
    }
    if (after[0] === "") throw new AuthyValidationError(key, "nests arrays directly in arrays");
    const last = list[list.length - 1];
    if (isRecord(last) && !occupied(last, after)) {
      assign(last, after, value, key);
    } else {
      const element: Record<string, RailsValue> = {};
      list.push(element);
      assign(element, after, value, key);
    }
    return;
  }
  let child: Record<string, RailsValue>;
  if (existing === undefined) {
    child = {};
    setOwn(container, name, child);
  } else if (isRecord(existing)) child = existing;
  else throw new AuthyValidationError(key, "conflicts with another parameter");
  assign(child, rest, value, key);
}

/** Whether `record` already holds a value at `segments` (Rack then starts a new array element). */
function occupied(record: Record<string, RailsValue>, segments: string[]): boolean {
  let node: RailsValue | undefined = record;
  for (const segment of segments) {
    if (segment === "" || !isRecord(node) || !Object.hasOwn(node, segment)) return false;
    node = node[segment];
  }
  return true;
}
