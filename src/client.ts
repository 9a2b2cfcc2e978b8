import type { Client, ClientOptions, Middleware } from "openapi-fetch";
import { credentialPatterns } from "../generated/credential-patterns.js";
import { operationIds } from "../generated/operation-ids.js";
import type { OperationId, OperationMethods, OperationResults } from "../generated/operations.js";
import type { paths } from "../generated/schema.js";
import { AuthyValidationError } from "./errors.js";
import { DEFAULT_RETRY, type AuthyHooks, type RetryPolicy } from "./retry-policy.js";
import { VERSION } from "./version.js";

// Importing the package loads only this thin client: the engine (openapi-fetch, the runtime table, validation,
// signing, decoding) is its own chunk, loaded by the first call; `raw` loads openapi-fetch on its first use.
let engine: Promise<typeof import("./engine.js")> | undefined;
const loadEngine = () => (engine ??= import("./engine.js"));

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
  /**
   * A `fetch` implementation (tests, proxies, instrumentation), called as `fetch(url, init)` with a string URL.
   * Default `globalThis.fetch`.
   */
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
  /**
   * The openapi-fetch client typed by the generated `paths`, the API key already attached. openapi-fetch is loaded
   * by its first call; middleware registered before that is applied then, in order.
   */
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

/**
 * A credential as it goes on the wire: exactly the spec's pattern for it (`ApiKey`, `AccessKey`), or, for the
 * signing key (never sent), printable ASCII with nothing around it. The message never repeats the value.
 */
function checkSecret(field: string, value: unknown, required: boolean, pattern = SIGNING_KEY_PATTERN): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || !pattern.test(value)) {
    throw new AuthyValidationError(field, `must match ${pattern.source} (no surrounding whitespace)`);
  }
  return value;
}
const SIGNING_KEY_PATTERN = /^[!-~](?:[ -~]{0,510}[!-~])?$/;

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
  const apiKey = checkSecret("apiKey", options.apiKey, true, credentialPatterns.apiKey)!;
  const signingKey = checkSecret("signingKey", options.signingKey, false);
  const accessKey = checkSecret("accessKey", options.accessKey, false, credentialPatterns.accessKey);
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

  const fetchClientOptions: ClientOptions = {
    baseUrl,
    fetch: fetchImpl,
    headers: { "X-Authy-API-Key": apiKey, "User-Agent": options.userAgent ?? `authy-openapi/${VERSION}` },
  };
  // The methods' own openapi-fetch client: `raw` is the caller's, so its middleware never sees the transport's
  // planned requests.
  let methodsClient: Client<paths> | undefined;
  // `raw` goes through the methods' transport too: redirects refused, timeout and size limit on the whole body.
  const raw = lazyFetchClient(() =>
    loadEngine().then((e) => {
      const rawOptions = { fetch: fetchImpl, timeoutMs, maxResponseBytes, redact: e.createRedactor(clientSecrets), hooks: options.hooks };
      return e.createFetchClient<paths>({
        ...fetchClientOptions,
        fetch(request: Request) {
          return e.fetchRaw(request, rawOptions);
        },
      });
    }),
  );

  async function call(id: OperationId, input: unknown, callOptions: CallOptions | undefined) {
    const callTimeout = checkPositive("timeoutMs", callOptions?.timeoutMs, timeoutMs);
    const callRetry = resolveRetry(callOptions?.retry, retry);
    const e = await loadEngine();
    methodsClient ??= e.createFetchClient<paths>({
      ...fetchClientOptions,
      // Bodies arrive encoded; queries use the one Rails encoder; the transport gets url and init, not a Request.
      bodySerializer(body: unknown) {
        return body;
      },
      querySerializer: e.encodeRailsParams,
      Request: e.PlannedRequest as never,
    });
    const op = e.operations[id];
    if (op.auth === "signed") {
      for (const [field, value] of [["signingKey", signingKey], ["accessKey", accessKey]] as const) {
        if (!value) throw new AuthyValidationError(field, "is required for signed Webhooks and Dashboard API calls");
      }
    }
    const secrets = [...clientSecrets];
    const request = e.buildRequest(id, op, input, credentials, secrets);
    if (op.auth === "signed") await e.signRequest(op, request, baseUrl, signingKey!);
    let redactor: ((text: string) => string) | undefined;
    const redact = (text: string) => (redactor ??= e.createRedactor(secrets))(text);
    const opFormat = op.format ? format : "json";
    if (op.format) request.path.format = opFormat;
    const headers: Record<string, string | null> = {
      Accept: opFormat === "xml" ? "application/xml" : "application/json",
      ...request.headers,
      ...callOptions?.headers,
    };
    if (op.auth !== "apiKey") headers["X-Authy-API-Key"] = null;
    const transport = e.createTransport({
      operationId: id,
      fetch: fetchImpl,
      timeoutMs: callTimeout,
      signal: callOptions?.signal,
      retry: callRetry,
      retrySafe: op.retrySafe,
      maxResponseBytes,
      redact,
      hooks: options.hooks,
    });
    const { response } = await methodsClient.request(op.method.toLowerCase() as "get", op.path as never, {
      params: { path: request.path, query: request.query },
      body: request.body,
      headers,
      // The transport has read (and bounded) the body; openapi-fetch must not read it again.
      parseAs: "stream",
      fetch: transport.fetch,
    } as never);
    return e.decodeResponse(id, op, response, transport.text(), opFormat, redact);
  }

  const methods: Record<string, unknown> = {};
  const withResponse: Record<string, unknown> = {};
  for (const id of operationIds) {
    withResponse[id] = (input: unknown, callOptions?: CallOptions) => call(id, input, callOptions);
    methods[id] = async (input: unknown, callOptions?: CallOptions) => (await call(id, input, callOptions)).data;
  }
  return Object.freeze({ ...methods, withResponse: Object.freeze(withResponse), raw }) as unknown as AuthyClient;
}

const FETCH_CLIENT_METHODS = ["request", "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/** An openapi-fetch client created on its first call; `use` and `eject` before that are replayed in order. */
function lazyFetchClient(create: () => Promise<Client<paths>>): Client<paths> {
  let client: Client<paths> | undefined;
  let loading: Promise<Client<paths>> | undefined;
  const pending: Array<(ready: Client<paths>) => void> = [];
  const load = () =>
    (loading ??= create().then((ready) => {
      for (const apply of pending.splice(0)) apply(ready);
      client = ready;
      return ready;
    }));
  const lazy: Record<string, unknown> = {};
  for (const name of FETCH_CLIENT_METHODS) {
    lazy[name] = (...args: unknown[]) => load().then((ready) => (ready[name] as (...a: unknown[]) => unknown)(...args));
  }
  for (const name of ["use", "eject"] as const) {
    lazy[name] = (...middleware: Middleware[]) => {
      if (client) client[name](...middleware);
      else pending.push((ready) => ready[name](...middleware));
    };
  }
  return Object.freeze(lazy) as unknown as Client<paths>;
}
