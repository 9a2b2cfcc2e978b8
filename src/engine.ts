/**
 * The request engine, loaded on a client's first call (so importing the package stays cheap): the runtime table,
 * input validation, parameter placement, request signing, response decoding and the one error mapper.
 */
import { operationTable } from "../generated/runtime.js";
import type { OperationId } from "../generated/operations.js";
import { AuthyApiError, AuthyResponseError, AuthyValidationError } from "./errors.js";
import { encodeRailsParams } from "./encode.js";
import type { Redactor } from "./redact.js";
import type { FieldSpec, OperationSpec } from "./runtime-types.js";
import { findSchemaViolation } from "./validate.js";

export { default as createFetchClient } from "openapi-fetch";
import { loadFailure, redirectRefused } from "./transport.js";
export { createTransport, fetchRaw, PlannedRequest } from "./transport.js";
export { createRedactor } from "./redact.js";
export { encodeRailsParams };

/** The runtime table by operationId. */
export const operations: Readonly<Record<OperationId, OperationSpec>> = operationTable;

/** A decoded 200 body with its HTTP details (the shape behind `withResponse`). */
export interface DecodedResponse {
  data: unknown;
  status: number;
  headers: Headers;
  requestId: string | undefined;
}

export interface BuiltRequest {
  path: Record<string, unknown>;
  query: Record<string, unknown> | undefined;
  /** The values that go in the body, before encoding (they are what a signature covers). */
  fields: Record<string, unknown> | undefined;
  /** The encoded body: JSON text, a form string or multipart FormData. */
  body: string | FormData | undefined;
  headers: Record<string, string>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Checks the caller's input against the spec and puts every value in its canonical place. */
export function buildRequest(
  id: string,
  op: OperationSpec,
  input: unknown,
  credentials: Record<string, string | undefined>,
  secrets: (string | undefined)[],
): BuiltRequest {
  if (input !== undefined && !isPlainObject(input)) throw new AuthyValidationError("input", "must be an object");
  const values = (input ?? {}) as Record<string, unknown>;
  const known = new Map<string, FieldSpec>();
  for (const field of op.fields) if (!field.credential) known.set(field.name, field);
  for (const name of Object.keys(values)) {
    if (values[name] !== undefined && !known.has(name)) {
      throw new AuthyValidationError(name, `is not a parameter of ${id}`);
    }
  }
  const path: Record<string, unknown> = {};
  let query: Record<string, unknown> | undefined;
  let body: Record<string, unknown> | undefined;
  for (const field of op.fields) {
    let value: unknown;
    if (field.credential) {
      value = credentials[field.credential];
      if (value === undefined) {
        throw new AuthyValidationError(field.credential, `is required by ${id}; pass it to createAuthyClient`);
      }
    } else {
      // Only an absent value takes the default: null is a value, checked against the schema like any other.
      value = values[field.name] === undefined ? field.clientDefault : values[field.name];
      if (value === undefined) {
        if (field.required) throw new AuthyValidationError(field.name, "is required");
        continue;
      }
      const problem = findSchemaViolation(field.schema, value, field.name);
      if (problem) throw new AuthyValidationError(problem[0], problem[1]);
      if (field.secret) secrets.push(String(value));
    }
    if (field.in === "path") path[field.name] = value;
    else if (field.in === "query") (query ??= {})[field.name] = value;
    else (body ??= {})[field.name] = value;
  }
  const headers: Record<string, string> = {};
  let encoded: string | FormData | undefined;
  if (body !== undefined) {
    if (op.body === "multipart/form-data") {
      encoded = encodeMultipart(body);
    } else if (op.body === "application/x-www-form-urlencoded") {
      headers["Content-Type"] = op.body;
      encoded = encodeRailsParams(body);
    } else {
      headers["Content-Type"] = "application/json";
      encoded = JSON.stringify(body);
    }
  }
  return { path, query, fields: body, body: encoded, headers };
}

function encodeMultipart(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value instanceof Blob) form.append(name, value);
    else form.append(name, String(value));
  }
  return form;
}

/** Adds `X-Authy-Signature` and its nonce to a Webhooks or Dashboard API request (src/request-signing.ts). */
export async function signRequest(op: OperationSpec, request: BuiltRequest, baseUrl: string, signingKey: string): Promise<void> {
  await (await import("./request-signing.js")).signRequest(op, request, baseUrl, signingKey);
}

/** The start of a body for an error: redacted whole first, so no cut can split a secret past the redactor. */
function excerptOf(text: string, redact: Redactor): string {
  return redact(text).slice(0, 200);
}

async function decodeBody(text: string, format: "json" | "xml", status: number, redact: Redactor): Promise<unknown> {
  const start = text.search(/\S/);
  const first = start < 0 ? undefined : text[start];
  if (first === undefined) throw new AuthyResponseError(`Empty response body (HTTP ${status})`, status, "");
  if (format === "json") {
    if (first === "<") throw new AuthyResponseError(`XML received where JSON was asked (HTTP ${status})`, status, excerptOf(text, redact));
    try {
      return JSON.parse(text);
    } catch {
      throw new AuthyResponseError(`Response is not valid JSON (HTTP ${status})`, status, excerptOf(text, redact));
    }
  }
  if (first === "{" || first === "[") {
    throw new AuthyResponseError(`JSON received where XML was asked (HTTP ${status})`, status, excerptOf(text, redact));
  }
  // The decoder is loaded by the first XML response only.
  const result = await (await import("./xml.js")).decodeRailsXml(text, redact);
  if (result.ok) return result.value;
  throw new AuthyResponseError(redact(`${result.message} (HTTP ${status})`), status, excerptOf(text, redact));
}

/**
 * The one error mapper: any status but 200 becomes an AuthyApiError (or an AuthyResponseError for redirects); the
 * reading of an error body is src/failure.ts.
 */
export async function decodeResponse(
  id: string,
  op: OperationSpec,
  response: Response,
  text: string,
  format: "json" | "xml",
  redact: Redactor,
): Promise<DecodedResponse> {
  const status = response.status;
  const requestIdHeader = response.headers.get("x-request-id");
  const requestId = requestIdHeader === null ? undefined : redact(requestIdHeader);
  if (status === 200) {
    const data = await decodeBody(text, format, status, redact);
    const problem = findSchemaViolation(op.result, data, "");
    if (problem) {
      throw new AuthyResponseError(
        redact(`${id}: response is not the documented shape: ${problem[0] || "body"} ${problem[1]}`),
        status,
        excerptOf(text, redact),
      );
    }
    return { data, status, headers: response.headers, requestId };
  }
  if (status >= 300 && status < 400) throw redirectRefused(response, redact);
  if (status < 300) throw new AuthyResponseError(`Unexpected HTTP ${status}: Authy answers 200 on success`, status, excerptOf(text, redact));
  let decoded: unknown;
  try {
    decoded = await decodeBody(text, format, status, redact);
  } catch {
    decoded = undefined; // an HTML error page from a proxy: the status still says what happened
  }
  // The rest of the mapping (the envelope, a foreign body's reason) is loaded by the first error answer.
  throw new AuthyApiError((await loadFailure()).apiErrorInit(response, text, decoded, redact, requestId));
}
