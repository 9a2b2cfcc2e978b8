import createClient, { type Client } from "openapi-fetch";
import { operationTable } from "../generated/runtime.js";
import type { OperationId, OperationInputs, OperationMethods, OperationResults } from "../generated/operations.js";
import type { paths } from "../generated/schema.js";
import { AuthyApiError, AuthyResponseError, AuthyValidationError } from "./errors.js";
import { encodeRailsParams } from "./encode.js";
import { createRedactor, type Redactor } from "./redact.js";
import type { FieldSpec, OperationSpec } from "./runtime-types.js";
import { computeAuthySignature } from "./signature.js";
import { createTransport, DEFAULT_RETRY, type AuthyHooks, type RetryPolicy } from "./transport.js";
import { findSchemaViolation } from "./validate.js";
import { VERSION } from "./version.js";

export const DEFAULT_BASE_URL = "https://api.authy.com";
/** Default per-attempt timeout: long enough for a slow SMS gateway, short enough for a login page. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default response size limit: Authy bodies are a few kB; anything near this is not an Authy response. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

export interface AuthyClientOptions {
  /** The application's API key (X-Authy-API-Key). */
  apiKey: string;
  /** Default `https://api.authy.com`. `http:` is accepted only for loopback hosts. */
  baseUrl?: string;
  /** Response format for operations whose path has `{format}`. Default `"json"`. */
  format?: "json" | "xml";
  /** Per-attempt timeout, covering the whole response body. Default 10 000 ms. */
  timeoutMs?: number;
  /** `false`, or how safe operations are retried. Default: 2 retries, 200 ms doubling backoff with jitter. */
  retry?: false | RetryPolicy;
  /** A `fetch` implementation (tests, proxies, instrumentation). Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Sent as `User-Agent`. Default `authy-openapi/<version>`. */
  userAgent?: string;
  /** Logging hooks; they only ever see redacted requests and responses. */
  hooks?: AuthyHooks;
  /** The API signing key, for the Webhooks and Dashboard APIs. */
  signingKey?: string;
  /** The access key, for the Webhooks and Dashboard APIs. */
  accessKey?: string;
  /** Largest response body read, in bytes. Default 1 MiB. */
  maxResponseBytes?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  retry?: false | RetryPolicy;
  /** Extra request headers (for example Prism's `Prefer`). */
  headers?: Record<string, string>;
}

/** A method's result together with the HTTP details. */
export interface AuthyResponse<T> {
  data: T;
  status: number;
  headers: Headers;
  /** The `X-Request-Id` response header, when present. */
  requestId: string | undefined;
}

export type AuthyMethodsWithResponse = {
  [K in OperationId]: (
    ...args: Parameters<OperationMethods<CallOptions>[K]>
  ) => Promise<AuthyResponse<OperationResults[K]>>;
};

export interface AuthyClient extends OperationMethods<CallOptions> {
  /** The same methods, resolving to `{ data, status, headers, requestId }`. */
  readonly withResponse: AuthyMethodsWithResponse;
  /** The openapi-fetch client typed by the generated `paths`, the API key already attached. */
  readonly raw: Client<paths>;
}

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AuthyValidationError("baseUrl", "must be an absolute URL");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.test(url.hostname))) {
    throw new AuthyValidationError("baseUrl", "must use https (http is allowed for loopback hosts only)");
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new AuthyValidationError("baseUrl", "must not carry credentials, a query or a fragment");
  }
  return url.href.replace(/\/+$/, "");
}

function checkSecret(field: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value.trim() === "" || /[\r\n]/.test(value)) {
    throw new AuthyValidationError(field, "must be a non-empty string without line breaks");
  }
  return value;
}

function checkPositive(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new AuthyValidationError(field, "must be a positive number");
  return value;
}

function resolveRetry(policy: false | RetryPolicy | undefined, fallback: Required<RetryPolicy> | false) {
  if (policy === undefined) return fallback;
  if (policy === false) return false;
  const merged = { ...DEFAULT_RETRY, ...policy };
  if (!Number.isInteger(merged.retries) || merged.retries < 0 || merged.retries > 10) {
    throw new AuthyValidationError("retry.retries", "must be an integer from 0 to 10");
  }
  return merged;
}

/** Creates a client with one method per operation of the Authy API. */
export function createAuthyClient(options: AuthyClientOptions): AuthyClient {
  if (typeof options !== "object" || options === null) throw new AuthyValidationError("options", "are required");
  const apiKey = checkSecret("apiKey", options.apiKey, true)!;
  const signingKey = checkSecret("signingKey", options.signingKey, false);
  const accessKey = checkSecret("accessKey", options.accessKey, false);
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const format = options.format ?? "json";
  if (format !== "json" && format !== "xml") throw new AuthyValidationError("format", 'must be "json" or "xml"');
  const timeoutMs = checkPositive("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const maxResponseBytes = checkPositive("maxResponseBytes", options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES);
  const retry = resolveRetry(options.retry, DEFAULT_RETRY);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") throw new AuthyValidationError("fetch", "no fetch implementation is available");
  const clientSecrets = [apiKey, signingKey, accessKey];
  const credentials = { apiKey, appApiKey: apiKey, accessKey };

  const raw = createClient<paths>({
    baseUrl,
    fetch: fetchImpl,
    headers: { "X-Authy-API-Key": apiKey, "User-Agent": options.userAgent ?? `authy-openapi/${VERSION}` },
    querySerializer: encodeRailsParams,
  });

  async function call(id: OperationId, input: unknown, callOptions: CallOptions | undefined) {
    const op: OperationSpec = operationTable[id];
    if (op.auth === "signed") {
      for (const [field, value] of [["signingKey", signingKey], ["accessKey", accessKey]] as const) {
        if (!value) throw new AuthyValidationError(field, "is required for signed Webhooks and Dashboard API calls");
      }
    }
    const secrets = [...clientSecrets];
    const request = buildRequest(id, op, input, credentials, secrets);
    if (op.auth === "signed") await signRequest(op, request, baseUrl, signingKey!);
    const redact = createRedactor(secrets);
    const opFormat = op.format ? format : "json";
    const headers: Record<string, string | null> = {
      Accept: opFormat === "xml" ? "application/xml" : "application/json",
      ...request.headers,
      ...callOptions?.headers,
    };
    if (op.auth !== "apiKey") headers["X-Authy-API-Key"] = null;
    const transport = createTransport({
      operationId: id,
      fetch: fetchImpl,
      timeoutMs: checkPositive("timeoutMs", callOptions?.timeoutMs, timeoutMs),
      signal: callOptions?.signal,
      retry: resolveRetry(callOptions?.retry, retry),
      retrySafe: op.retrySafe,
      maxResponseBytes,
      redact,
      hooks: options.hooks,
    });
    if (op.format) request.path.format = opFormat;
    const result = (await raw.request(op.method.toLowerCase() as "get", op.path as never, {
      params: { path: request.path, query: request.query },
      body: request.body,
      bodySerializer: request.bodySerializer,
      headers,
      parseAs: "text",
      redirect: "manual",
      fetch: transport,
    } as never)) as { data?: string; error?: unknown; response: Response };
    return decodeResponse(id, op, result, opFormat, redact);
  }

  const methods: Record<string, unknown> = {};
  const withResponse: Record<string, unknown> = {};
  for (const id of Object.keys(operationTable) as OperationId[]) {
    withResponse[id] = (input: unknown, callOptions?: CallOptions) => call(id, input, callOptions);
    methods[id] = async (input: unknown, callOptions?: CallOptions) => (await call(id, input, callOptions)).data;
  }
  return Object.freeze({ ...methods, withResponse: Object.freeze(withResponse), raw }) as unknown as AuthyClient;
}

interface BuiltRequest {
  path: Record<string, unknown>;
  query: Record<string, unknown> | undefined;
  body: unknown;
  bodySerializer: ((body: unknown) => string | FormData) | undefined;
  headers: Record<string, string>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Checks the caller's input against the spec and puts every value in its canonical place. */
function buildRequest(
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
      value = values[field.name] ?? field.clientDefault;
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
  let bodySerializer: BuiltRequest["bodySerializer"];
  if (op.body === "application/x-www-form-urlencoded") {
    headers["Content-Type"] = op.body;
    bodySerializer = (b) => encodeRailsParams(b as Record<string, unknown>);
  } else if (op.body === "multipart/form-data") {
    bodySerializer = (b) => encodeMultipart(b as Record<string, unknown>);
  }
  return { path, query, body, bodySerializer, headers };
}

function encodeMultipart(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value instanceof Blob) form.append(name, value);
    else form.append(name, String(value));
  }
  return form;
}

/** Adds `X-Authy-Signature` and its nonce to a Webhooks or Dashboard API request. */
async function signRequest(op: OperationSpec, request: BuiltRequest, baseUrl: string, signingKey: string): Promise<void> {
  const nowMs = Date.now();
  const nonce = `${Math.floor(nowMs / 1000)}.${String(nowMs % 1000).padStart(3, "0")}${String(Math.floor(Math.random() * 1000)).padStart(3, "0")}`;
  const url = baseUrl + op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(request.path[name])));
  const signed = op.method === "GET" || op.method === "DELETE" ? request.query : request.body;
  const params = Object.fromEntries(
    Object.entries((signed ?? {}) as Record<string, unknown>).filter(([, v]) => !(v instanceof Blob)),
  );
  request.headers["X-Authy-Signature-Nonce"] = nonce;
  request.headers["X-Authy-Signature"] = await computeAuthySignature({ key: signingKey, nonce, method: op.method, url, params });
}

function excerptOf(text: string, redact: Redactor): string {
  return redact(text.slice(0, 200));
}

async function decodeBody(text: string, format: "json" | "xml", status: number, redact: Redactor): Promise<unknown> {
  const first = text.trimStart()[0];
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
  const { decodeAuthyXml } = await import("./xml.js");
  try {
    return await decodeAuthyXml(text);
  } catch (error) {
    if (error instanceof AuthyResponseError) {
      throw new AuthyResponseError(`${error.message} (HTTP ${status})`, status, excerptOf(text, redact));
    }
    throw error;
  }
}

/** The one error mapper: any status but 200 becomes an AuthyApiError (or an AuthyResponseError for redirects). */
async function decodeResponse(
  id: string,
  op: OperationSpec,
  { data: text = "", error, response }: { data?: string; error?: unknown; response: Response },
  format: "json" | "xml",
  redact: Redactor,
): Promise<AuthyResponse<never>> {
  const status = response.status;
  const requestId = response.headers.get("x-request-id") ?? undefined;
  if (status === 200) {
    const data = await decodeBody(text, format, status, redact);
    const problem = findSchemaViolation(op.result, data, "");
    if (problem) {
      throw new AuthyResponseError(
        `${id}: response is not the documented shape: ${problem[0] || "body"} ${problem[1]}`,
        status,
        excerptOf(text, redact),
      );
    }
    return { data: data as never, status, headers: response.headers, requestId };
  }
  if (status >= 300 && status < 400) {
    const location = response.headers.get("location");
    throw new AuthyResponseError(
      `Redirect (HTTP ${status}) ${location ? `to ${redact(location)} ` : ""}not followed: the API key is never sent to another URL`,
      status,
      "",
    );
  }
  if (status < 300) throw new AuthyResponseError(`Unexpected HTTP ${status}: Authy answers 200 on success`, status, excerptOf(text, redact));
  // openapi-fetch has already tried JSON.parse on an error body; a string is XML, HTML or garbage.
  let body: unknown = error;
  if (typeof error === "string") {
    try {
      body = await decodeBody(error, format, status, redact);
    } catch {
      body = undefined; // an HTML error page from a proxy: the status still says what happened
    }
  }
  const envelope = (isPlainObject(body) ? body : {}) as Record<string, unknown>;
  const errors: Record<string, string> = {};
  if (isPlainObject(envelope.errors)) {
    for (const [k, v] of Object.entries(envelope.errors)) if (typeof v === "string") errors[k] = v;
  }
  const code = typeof envelope.error_code === "string" || typeof envelope.error_code === "number" ? String(envelope.error_code) : "";
  const message =
    (typeof envelope.message === "string" && envelope.message) || errors.message || `HTTP ${status} ${response.statusText}`.trim();
  throw new AuthyApiError({
    status,
    errorCode: /^\d+$/.test(code) ? Number(code) : undefined,
    message: redact(message),
    errors,
    retryable: status === 429 || status >= 500,
    requestId,
    body,
  });
}
