import type { OperationId, OperationMethods } from "../../generated/dev-operations.js";
import { devOperationTable } from "../../generated/dev-runtime.js";
import type { OperationSpec } from "../../../src/runtime-types.js";
import { findSchemaViolation } from "../../../src/validate.js";

/**
 * A typed client for the server's development API (`/__dev`), made from its OpenAPI document: one method per
 * operation, named after its operationId (`getApp`, `listMessages`, `getUser`, `advanceClock`, `resetState`, ...),
 * its input checked against the document with the client's own validator before anything is sent.
 */
export interface DevCallOptions {
  signal?: AbortSignal;
}

export type DevClient = OperationMethods<DevCallOptions>;
export type { OperationId as DevOperationId, OperationInputs as DevOperationInputs, OperationResults as DevOperationResults } from "../../generated/dev-operations.js";

export interface DevClientOptions {
  /** The server's URL (`startAuthyServer().url`), e.g. `http://127.0.0.1:4011`. */
  baseUrl: string;
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** The development API refused a call (`status` and its `{ error }` sentence), or its answer is not what it declares. */
export class DevApiError extends Error {
  override readonly name = "DevApiError";
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** The input of a dev client call does not match the development API's document; nothing was sent. */
export class DevValidationError extends Error {
  override readonly name = "DevValidationError";
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

async function call(options: DevClientOptions, id: string, op: OperationSpec, input: unknown, callOptions: DevCallOptions = {}): Promise<unknown> {
  if (input !== undefined && !isPlainObject(input)) throw new DevValidationError(`${id}: the input must be an object`);
  const values = (input ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(values)) {
    if (values[name] !== undefined && !op.fields.some((f) => f.name === name)) throw new DevValidationError(`${id}: ${name} is not a parameter`);
  }
  let path = op.path;
  const query = new URLSearchParams();
  const body: Record<string, unknown> = {};
  for (const field of op.fields) {
    const value = values[field.name];
    if (value === undefined) {
      if (field.required) throw new DevValidationError(`${id}: ${field.name} is required`);
      continue;
    }
    const problem = findSchemaViolation(field.schema, value, field.name);
    if (problem) throw new DevValidationError(`${id}: ${problem[0]} ${problem[1]}`);
    if (field.in === "path") path = path.replace(`{${field.name}}`, encodeURIComponent(String(value)));
    else if (field.in === "query") query.set(field.name, String(value));
    else body[field.name] = value;
  }
  const search = query.size > 0 ? `?${query}` : "";
  const init: RequestInit = { method: op.method, headers: { accept: "application/json" } };
  if (op.method !== "GET") {
    // Every state change is JSON (the server refuses anything else), even when it carries nothing.
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  if (callOptions.signal) init.signal = callOptions.signal;
  const response = await (options.fetch ?? fetch)(`${options.baseUrl.replace(/\/+$/, "")}${path}${search}`, init);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    throw new DevApiError(response.status, `${id}: the answer is not JSON (${response.status})`, text);
  }
  if (response.status !== 200) {
    const reason = isPlainObject(parsed) && typeof parsed.error === "string" ? parsed.error : `status ${response.status}`;
    throw new DevApiError(response.status, `${id}: ${reason}`, parsed);
  }
  const problem = findSchemaViolation(op.result, parsed, "result");
  if (problem) throw new DevApiError(response.status, `${id}: the answer does not match the document (${problem[0]} ${problem[1]})`, parsed);
  return parsed;
}

export function createDevClient(options: DevClientOptions): DevClient {
  const client: Record<string, (input?: unknown, callOptions?: DevCallOptions) => Promise<unknown>> = {};
  for (const [id, op] of Object.entries(devOperationTable as unknown as Record<OperationId, OperationSpec>)) {
    client[id] = (input, callOptions) => call(options, id, op, input, callOptions);
  }
  return client as unknown as DevClient;
}
