import type { FieldSpec, OperationSpec, Schema } from "../../../src/runtime-types.js";
import { findSchemaViolation } from "../../../src/validate.js";
import { approvalRequestNotFound, AuthyFailure } from "../domain/failures.js";
import type { OperationId } from "./routes.js";

const typesOf = (schema: Schema): readonly string[] => (schema.type === undefined ? [] : typeof schema.type === "string" ? [schema.type] : schema.type);

/**
 * Text from a path, a query string or a form body, turned into the type its schema asks for, the way Rails' params
 * reach a model: `"42"` for an integer, `"true"`/`"1"` for a boolean. A value the schema also accepts as a string is
 * left alone; anything unconvertible is left for the validator to reject.
 */
export function coerce(schema: Schema, value: unknown): unknown {
  const types = typesOf(schema);
  if (typeof value === "string" && !types.includes("string")) {
    if ((types.includes("integer") || types.includes("number")) && /^-?[0-9]+(\.[0-9]+)?$/.test(value)) return Number(value);
    if (types.includes("boolean")) {
      if (value === "true" || value === "True" || value === "1") return true;
      if (value === "false" || value === "False" || value === "0") return false;
    }
    return value;
  }
  if (Array.isArray(value) && schema.items) return value.map((item) => coerce(schema.items!, item));
  if (typeof value === "object" && value !== null && !Array.isArray(value) && (schema.properties || typeof schema.additionalProperties === "object")) {
    const out: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(value)) {
      const sub = schema.properties?.[name] ?? (typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined);
      Object.defineProperty(out, name, { value: sub ? coerce(sub, member) : member, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** Where a field's value is found: its own place first, then wherever real SDKs also put it (§1.3 of the reference). */
function rawValue(field: FieldSpec, path: Record<string, string>, query: Record<string, unknown>, body: Record<string, unknown>): unknown {
  if (field.in === "path") return path[field.name];
  const first = field.in === "body" ? body : query;
  const second = field.in === "body" ? query : body;
  return Object.hasOwn(first, field.name) ? first[field.name] : Object.hasOwn(second, field.name) ? second[field.name] : undefined;
}

/**
 * The first problem of a JSON document against the body fields of a development or operator API operation: a member
 * the operation does not declare, a required one missing, or a value its schema refuses (the shared validator).
 * `what` names the document in the unknown-member message ("a seed", "a fault").
 */
export function membersProblem(fields: readonly FieldSpec[], values: Record<string, unknown>, what: string): string | undefined {
  for (const name of Object.keys(values)) {
    if (!fields.some((field) => field.name === name)) return `${name} is not a member of ${what} (${fields.map((field) => field.name).join(", ")})`;
  }
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined) {
      if (field.required) return `${field.name} is required`;
      continue;
    }
    const problem = findSchemaViolation(field.schema, value, field.name);
    if (problem) return `${problem[0]} ${problem[1]}`;
  }
  return undefined;
}

/**
 * Where a value holds U+0000 (in a string or a member name), as the dotted path the error names, or undefined.
 * PostgreSQL text (PGlite here, `pg` in part 5) cannot store it, so such a value is refused like any invalid one.
 */
export function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === "object" && value !== null) {
    for (const [name, member] of Object.entries(value)) {
      if (name.includes("\u0000")) return path;
      const found = nulPath(member, `${path}.${name}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** 60027 as the API answers it: one entry per invalid member of `user`, Rails' wording. */
function invalidUser(schema: Schema, value: unknown): AuthyFailure {
  const fields: Record<string, string> = {};
  const user = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    const member = user[name];
    if (member === undefined || member === "") fields[name] = "can't be blank";
    else if (findSchemaViolation(sub, member, name) || nulPath(member, name)) fields[name] = "is invalid";
  }
  return new AuthyFailure(60027, undefined, fields);
}

/**
 * The failure the API gives for a field the spec rejects: an `authy_id` that is no id is an unknown user (the
 * reference records `tony` and `0` → 404 60026), a token of the wrong form is an invalid token (60020), a bad `user`
 * is 60027 with its field errors, anything else 60004 naming the parameter.
 */
function failureFor(operationId: OperationId, field: FieldSpec, value: unknown, reason: string): AuthyFailure {
  if (field.in === "path" && field.name === "authy_id") return new AuthyFailure(60026);
  // authy-php (`1231`) and authy-java (a non-hex letter) recorded 404 60049 for a uuid of the wrong form.
  if (operationId === "getApprovalRequest" && field.name === "uuid") return approvalRequestNotFound(value);
  if (operationId === "verifyToken" && field.name === "token") return new AuthyFailure(60020);
  if (operationId === "createUser" && field.name === "user") return invalidUser(field.schema, value);
  const detail = value === undefined ? "Parameter is required" : reason;
  return new AuthyFailure(60004, `Invalid parameter: ${field.name} - ${detail}`);
}

/**
 * The operation's input, checked field by field against the spec (the client's own validator and runtime table),
 * in the order the spec lists them. Throws the Authy failure of the first field that does not conform.
 */
export function operationInput(
  operationId: OperationId,
  spec: OperationSpec,
  path: Record<string, string>,
  query: Record<string, unknown>,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of spec.fields) {
    if (field.credential) continue;
    const raw = rawValue(field, path, query, body);
    if (raw === undefined) {
      if (field.required) throw failureFor(operationId, field, undefined, "Parameter is required");
      continue;
    }
    const value = coerce(field.schema, raw);
    const violation = findSchemaViolation(field.schema, value, field.name);
    if (violation) {
      const where = violation[0] === field.name ? "" : `${violation[0].slice(field.name.length + 1)} `;
      throw failureFor(operationId, field, value, `${where}${violation[1]}`);
    }
    const nul = nulPath(value, field.name);
    if (nul) throw failureFor(operationId, field, value, `${nul === field.name ? "" : `${nul.slice(field.name.length + 1)} `}must not contain a NUL character`);
    input[field.name] = value;
  }
  return input;
}
