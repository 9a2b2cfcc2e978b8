import { AuthyValidationError } from "./errors.js";
import { MAX_RAILS_DEPTH, unflattenRailsParams, type RailsParamsInput } from "./rails-params.js";
import { canonicalizeAuthyParams } from "./signature.js";

/**
 * Canonicalising parameters someone else sent, with bounded work: their size is checked structurally before any
 * key is built. Used by the callback verifiers (and a server verifying signed requests); a module of its own, not
 * exported by the package entry, so that importing the package or making a first call does not load it.
 */

/** Longest encoded parameter key canonicalised: 8 KiB. Authy's keys are under 100 bytes. */
export const MAX_CANONICAL_KEY_BYTES = 8 * 1024;

/**
 * The limits for parameters that arrived in `maxBytes` of body or query: at most `maxBytes / 4` members (a member
 * takes at least a few bytes on the wire), keys of at most {@link MAX_CANONICAL_KEY_BYTES}, and `4 × maxBytes` of
 * canonical text (percent-encoding at most triples a byte; Rails keys repeat their prefixes). A key holding many
 * members repeats in every one of their keys: these limits refuse that before it is built.
 */
export function canonicalLimitsFor(maxBytes: number): RailsParamsLimits {
  return { maxParams: Math.max(1, Math.floor(maxBytes / 4)), maxKeyBytes: MAX_CANONICAL_KEY_BYTES, maxTotalBytes: 4 * maxBytes };
}

/**
 * {@link canonicalizeAuthyParams} within `limits`: checked on the input, and for a `URLSearchParams` again on the
 * rebuilt nesting (whose keys carry array indices), before anything is flattened.
 * @throws AuthyValidationError over a limit, or as canonicalizeAuthyParams does.
 */
export function canonicalizeWithinLimits(params: RailsParamsInput, limits: RailsParamsLimits): string {
  checkRailsParamsBounds(params, limits);
  const input = params instanceof URLSearchParams ? unflattenRailsParams(params) : params;
  if (input !== params) checkRailsParamsBounds(input, limits);
  return canonicalizeAuthyParams(input);
}

/**
 * Limits on the work of flattening parameters, in the units of the signature canonicaliser's output: each key and
 * value percent-encoded as Authy does (unreserved `A–Z a–z 0–9 - _ . ~` and space one byte each, anything else three
 * per UTF-8 byte), array indices kept (`%5B0%5D`).
 */
export interface RailsParamsLimits {
  /** Most members, at any level and of any kind (empty objects and arrays, and each array element, count). */
  maxParams: number;
  /** Longest single encoded key (`approval_request%5Btransaction%5D%5Bmessage%5D`). */
  maxKeyBytes: number;
  /** Most encoded bytes of all `key=value` pairs together, with their `&` separators. */
  maxTotalBytes: number;
}

/**
 * Checks that flattening `params` stays within `limits`, without building any key: it walks the structure once,
 * carrying each prefix's encoded length as a number, and stops at the first limit crossed, so its own work is
 * bounded by the limits and the input's size, whatever its shape (one long key holding many members, thousands of
 * repeated prefixes, deep nesting). Nesting deeper than {@link MAX_RAILS_DEPTH} and cycles are refused too.
 * A `URLSearchParams` is measured pair by pair, its keys as they are.
 * @throws AuthyValidationError naming the limit crossed (field `params`).
 */
export function checkRailsParamsBounds(params: RailsParamsInput, limits: RailsParamsLimits): void {
  const budget = { params: 0, total: -1, limits };
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) {
      countParam(budget);
      addPair(budget, keyLength(key, 0, budget), value);
    }
    return;
  }
  if (typeof params !== "object" || params === null || Array.isArray(params)) return; // flattening reports it
  measureObject(params as Record<string, unknown>, 0, 0, new Set(), budget);
}

interface Budget {
  params: number;
  /** Encoded bytes so far, `&` separators included (-1: no pair yet). */
  total: number;
  limits: RailsParamsLimits;
}

function refuse(message: string): never {
  throw new AuthyValidationError("params", message);
}

function countParam(budget: Budget): void {
  if (++budget.params > budget.limits.maxParams) refuse(`has more than ${budget.limits.maxParams} parameters`);
}

function addPair(budget: Budget, keyBytes: number, value: string): void {
  const { maxTotalBytes } = budget.limits;
  const total = encodedLength(value, budget.total + keyBytes + 2, maxTotalBytes);
  if (total < 0) refuse(`encode to more than ${maxTotalBytes} bytes`);
  budget.total = total;
}

function keyLength(name: string, start: number, budget: Budget): number {
  const length = encodedLength(name, start, budget.limits.maxKeyBytes);
  if (length < 0) refuse(`has a key longer than ${budget.limits.maxKeyBytes} encoded bytes`);
  return length;
}

/**
 * `start` plus the encoded length of `text`, or -1 as soon as that passes `limit` (the rest is never read).
 * A lone surrogate counts as 9 here; the encoder itself rejects it.
 */
function encodedLength(text: string, start: number, limit: number): number {
  let length = start;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) length += UNRESERVED_OR_SPACE[c] ? 1 : 3;
    else if (c < 0x800) length += 6;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      length += 12;
      i++;
    } else length += 9;
    if (length > limit) return -1;
  }
  return length > limit ? -1 : length;
}

const UNRESERVED_OR_SPACE: boolean[] = Array.from({ length: 128 }, (_, c) => /[A-Za-z0-9\-_.~ ]/.test(String.fromCharCode(c)));
/** `[` and `]` percent-encoded: the six bytes a nesting level adds around a member name. */
const BRACKETS_BYTES = 6;

function measureObject(record: Record<string, unknown>, keyBytes: number, depth: number, ancestors: Set<object>, budget: Budget): void {
  ancestors.add(record);
  for (const name of Object.keys(record)) {
    const descriptor = Object.getOwnPropertyDescriptor(record, name);
    if (!descriptor || !("value" in descriptor) || descriptor.value === undefined) continue;
    countParam(budget);
    const childKey = keyLength(name, depth === 0 ? 0 : keyBytes + BRACKETS_BYTES, budget);
    measureValue(descriptor.value, childKey, depth, ancestors, budget);
  }
  ancestors.delete(record);
}

function measureValue(value: unknown, keyBytes: number, depth: number, ancestors: Set<object>, budget: Budget): void {
  if (value === undefined) return;
  if (typeof value !== "object" || value === null || value instanceof Date) {
    addPair(budget, keyBytes, scalarText(value));
    return;
  }
  if (ancestors.has(value)) refuse("contains a cycle");
  if (depth + 1 > MAX_RAILS_DEPTH) refuse(`is nested deeper than ${MAX_RAILS_DEPTH} levels`);
  if (!Array.isArray(value)) {
    measureObject(value as Record<string, unknown>, keyBytes, depth + 1, ancestors, budget);
    return;
  }
  ancestors.add(value);
  for (let i = 0; i < value.length; i++) {
    countParam(budget);
    const childKey = keyLength(String(i), keyBytes + BRACKETS_BYTES, budget);
    measureValue(value[i], childKey, depth + 1, ancestors, budget);
  }
  ancestors.delete(value);
}

/** A scalar's parameter text, as {@link flattenRailsParams} writes it (values it rejects measure as empty). */
function scalarText(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return Number.isFinite(value) ? String(value) : "";
    case "bigint":
      return value.toString();
    default:
      return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : "";
  }
}
