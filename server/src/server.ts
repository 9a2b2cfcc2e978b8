import { generateApiKey } from "./keys.js";
import { mkdirSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { join, resolve } from "node:path";
import { operationTable } from "../../generated/runtime.js";
import { findSchemaViolation } from "../../src/validate.js";
import { createDevHandler, isLoopbackHost } from "./dev/dev-api.js";
import { NO_LIMITS, PRODUCTION_LIMITS, type AbuseLimits } from "./domain/limits.js";
import { createDevClient, type DevClient } from "./dev/dev-client.js";
import { FaultInjector } from "./dev/faults.js";
import { oneTouchCallbackSender } from "./delivery/onetouch-callback.js";
import { OPERATOR_APPROVAL_REQUEST_KIND, OPERATOR_MESSAGE_KIND, operatorDeliverySender } from "./delivery/operator-delivery.js";
import { outboundTargetProblem } from "./delivery/outbound-target.js";
import { DeliveryQueue } from "./delivery/queue.js";
import { webhookEventSender } from "./delivery/webhook-event.js";
import { WEBHOOK_EVENT_KIND } from "./store/event-names.js";
import { callbackUrlProblem, ONETOUCH_CALLBACK_METHODS } from "./domain/callback-settings.js";
import { ONETOUCH_CALLBACK_KIND, simulatedDeviceKey } from "./domain/onetouch.js";
import { answerNotFound, createApiHandler } from "./http/handler.js";
import { logRequestLines, noteRequest, redactedError } from "./http/request-log.js";
import { createOperatorHandler, OPERATOR_PATH_PREFIX } from "./operator/operator-api.js";
import { SecretBox, SecretOpenError, type OperatorKey } from "./secrets/secret-box.js";
import { AuthyStore } from "./store/authy-store.js";
import type { DevState } from "./store/state.js";
import { checkSeed, importSeed, SeedError, type CheckedSeed } from "./dev/seed.js";
import { toE164 } from "./domain/phone.js";
import { applicationNow } from "./domain/clock.js";
import { readFileSync } from "node:fs";
import { lockDataFolder, type DataFolderLock } from "./store/lock.js";
import { databaseUrlProblem, redactDatabaseUrl } from "./store/postgres.js";

export interface AuthyServerOptions {
  /** Default 4011; 0 picks a free port (the returned `url` has the real one). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Data folder (created when missing). Default `.authy-server` in the working directory. */
  dataDir?: string;
  /** Keep the store in memory (tests). Excludes `dataDir`. */
  memory?: boolean;
  /**
   * PostgreSQL instead of the embedded store (`postgres://…`; `?host=/dir` for a Unix socket). Several servers on one
   * database behave as one. Excludes `memory` and `dataDir`.
   */
  databaseUrl?: string;
  /** The application's API key; generated on first start when absent. */
  apiKey?: string;
  /** Replace the key stored in `dataDir` with `apiKey` instead of refusing to start. */
  replaceApiKey?: boolean;
  /** The Dashboard/Webhooks API signing key; generated on first start when absent, replaced when given. */
  signingKey?: string;
  /** The Dashboard/Webhooks API access key; generated on first start when absent, replaced when given. */
  accessKey?: string;
  /** Lifetime of SMS, call and email codes in seconds. Default 600. */
  tokenTtlSeconds?: number;
  /**
   * Test numbers: phone number (any format with its country code, `+1 201-555-0100`) → the code (6 to 10 digits) every
   * SMS, call or email to that user carries; it verifies every time (exempt from the reuse rule).
   */
  testNumbers?: Readonly<Record<string, string>>;
  /**
   * A seed loaded at every start, replacing the state (`POST /__dev/import`): a path to a JSON file or the document.
   */
  seed?: string | DevState;
  /** Serve `/__dev` on a non-loopback `host` too. */
  devApiRemote?: boolean;
  /** Where OneTouch callbacks go (absolute http(s) URL, no query or fragment); replaces the stored setting. */
  oneTouchCallbackUrl?: string;
  /** `POST` (JSON body, the default) or `GET` (query parameters); replaces the stored setting. */
  oneTouchCallbackMethod?: "POST" | "GET";
  /** Real time one delivery attempt may take before it counts as failed. Default 10 000 ms. */
  deliveryAttemptTimeoutMs?: number;
  /** Console lines (messages sent, notices). Default `console.log`. */
  log?: (line: string) => void;
  /**
   * `production`: no development API (404), every verify enforced, abuse limits on by default, secrets sealed under
   * `encryptionKeys` (required), an `apiKey` required (never generated and printed), one JSON log line per request
   * and no code, key or recipient in any line. Default `development`.
   */
  mode?: "development" | "production";
  /** Production: the documented lenient verify without `force` (a warning is printed at start). */
  legacyLenientVerify?: boolean;
  /**
   * Operator keys for secrets at rest: the first seals, every one opens. A new first key re-encrypts every stored
   * secret while the server runs (`resealed`); keep the old ones listed until it has finished.
   */
  encryptionKeys?: readonly OperatorKey[];
  /** With `replaceApiKey`: the old key stays accepted this many seconds (by the application's clock). Default 0. */
  apiKeyOverlapSeconds?: number;
  /** Abuse limits; default off in development, {@link PRODUCTION_LIMITS} in production. */
  limits?: AbuseLimits;
  /** One JSON line per request on `log`. Default: on in production. */
  requestLog?: boolean;
  /** The operator's endpoint: every SMS, voice and email message and approval request is POSTed there, signed. */
  deliverUrl?: string;
  /** The key deliveries to `deliverUrl` are signed with (X-Authy-Signature); required with it. */
  deliverSigningKey?: string;
  /**
   * Production: allow http and loopback, private or link-local targets for callbacks and deliveries (local receivers,
   * a gateway on a private network). Development always allows them.
   */
  allowPrivateTargets?: boolean;
  /** Turns the operator API (openapi/operator/, `/operator/v1/…`) on, for `Authorization: Bearer <operatorKey>`. */
  operatorKey?: string;
}

export interface RunningAuthyServer {
  /** `http://<host>:<port>`, the base URL for clients. */
  url: string;
  apiKey: string;
  appId: number;
  /** Settles when every stored secret is sealed under the first encryption key (the number resealed). */
  resealed: Promise<number>;
  /** A typed client of the development API (`/__dev`): codes sent, users, clock, reset, export and import. */
  dev: DevClient;
  /** Stops accepting, lets requests in flight finish (10 s at most), closes idle connections and the store. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4011;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_DATA_DIR = ".authy-server";
export const DEFAULT_TOKEN_TTL_SECONDS = 600;
export const APP_ID = 1;
export const APP_NAME = "Authy Local";
const SHUTDOWN_GRACE_MS = 10_000;

/** A start-up problem the user can fix (the CLI prints the message, no stack, and exits 1). */
export class AuthyServerStartError extends Error {
  override name = "AuthyServerStartError";
}

// The spec's one ApiKey schema (the Feedback API's path parameter references it).
const API_KEY_SCHEMA = operationTable.createSmsFeedback.fields.find((field) => field.name === "api_key")!.schema;

/** Why `key` cannot be an Authy API key, or undefined. */
export function apiKeyProblem(key: string): string | undefined {
  const violation = findSchemaViolation(API_KEY_SCHEMA, key, "api key");
  return violation ? `the API key ${violation[1]} (letters, digits, _ and -, 1 to 128)` : undefined;
}

export { generateApiKey } from "./keys.js";

export const maskKey = (key: string): string => (key.length >= 12 ? `${key.slice(0, 4)}…${key.slice(-4)}` : "*".repeat(key.length));

/** The configured test numbers as E.164 → code, or a start error naming the bad one. */
export function parseTestNumbers(numbers: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [number, code] of Object.entries(numbers)) {
    const e164 = toE164(number);
    if (e164 === undefined) throw new AuthyServerStartError(`test number ${JSON.stringify(number)} is not a valid phone number (write it with its country code: +1-201-555-0100)`);
    if (!/^[0-9]{6,10}$/.test(code)) throw new AuthyServerStartError(`the code of test number ${number} must be 6 to 10 digits, got ${JSON.stringify(code)}`);
    out.set(e164, code);
  }
  return out;
}

function readSeed(seed: string | DevState): { name: string; document: unknown } {
  if (typeof seed !== "string") return { name: "(given)", document: seed };
  let text: string;
  try {
    text = readFileSync(seed, "utf8");
  } catch (error) {
    throw new AuthyServerStartError(`cannot read the seed ${seed}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return { name: seed, document: JSON.parse(text) };
  } catch (error) {
    throw new AuthyServerStartError(`the seed ${seed} is not JSON: ${(error as Error).message}`);
  }
}

async function openStore(
  options: AuthyServerOptions,
  box: SecretBox,
  log: (line: string) => void,
): Promise<{ store: AuthyStore; lock?: DataFolderLock; where: string }> {
  if (options.memory) return { store: await AuthyStore.openEmbedded(undefined, box), where: "memory" };
  if (options.databaseUrl !== undefined) {
    try {
      return { store: await AuthyStore.openPostgres(options.databaseUrl, log, box), where: `the database ${redactDatabaseUrl(options.databaseUrl)}` };
    } catch (error) {
      throw new AuthyServerStartError((error as Error).message);
    }
  }
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  let lock: DataFolderLock;
  try {
    lock = await lockDataFolder(dataDir);
  } catch (error) {
    throw new AuthyServerStartError((error as Error).message);
  }
  try {
    return { store: await AuthyStore.openEmbedded(join(dataDir, "pgdata"), box), lock, where: `the data folder ${dataDir}` };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

export async function startAuthyServer(options: AuthyServerOptions = {}): Promise<RunningAuthyServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const tokenTtlSeconds = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (options.memory && options.dataDir !== undefined) throw new AuthyServerStartError("memory and dataDir exclude each other");
  if (options.databaseUrl !== undefined) {
    if (options.memory || options.dataDir !== undefined) throw new AuthyServerStartError("databaseUrl excludes memory and dataDir");
    const problem = databaseUrlProblem(options.databaseUrl);
    if (problem) throw new AuthyServerStartError(`the database URL ${problem}`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AuthyServerStartError(`port must be 0 to 65535, got ${port}`);
  if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 1) throw new AuthyServerStartError(`tokenTtlSeconds must be a positive integer`);
  for (const [name, key] of [["apiKey", options.apiKey], ["signingKey", options.signingKey], ["accessKey", options.accessKey]] as const) {
    if (key === undefined) continue;
    const problem = apiKeyProblem(key);
    if (problem) throw new AuthyServerStartError(name === "apiKey" ? problem : `${name}: ${problem}`);
  }
  if (options.oneTouchCallbackUrl !== undefined) {
    const problem = callbackUrlProblem(options.oneTouchCallbackUrl);
    if (problem) throw new AuthyServerStartError(`oneTouchCallbackUrl: ${problem}`);
  }
  if (options.oneTouchCallbackMethod !== undefined && !ONETOUCH_CALLBACK_METHODS.includes(options.oneTouchCallbackMethod)) {
    throw new AuthyServerStartError(`oneTouchCallbackMethod must be POST or GET`);
  }
  const testNumbers = parseTestNumbers(options.testNumbers ?? {});
  const seed = options.seed === undefined ? undefined : readSeed(options.seed);
  let checkedSeed: CheckedSeed | undefined;
  if (seed !== undefined) {
    try {
      checkedSeed = checkSeed(seed.document);
    } catch (error) {
      if (error instanceof SeedError) throw new AuthyServerStartError(`the seed ${seed.name} cannot be loaded: ${error.message}`);
      throw error;
    }
  }

  const production = options.mode === "production";
  const encryptionKeys = options.encryptionKeys ?? [];
  if (production && encryptionKeys.length === 0) {
    throw new AuthyServerStartError("production mode needs an encryption key for secrets at rest (--encryption-key or AUTHY_SERVER_ENCRYPTION_KEY)");
  }
  if (production && options.apiKey === undefined) {
    throw new AuthyServerStartError("production mode needs the application's API key (--api-key or AUTHY_SERVER_API_KEY): it is never generated and printed");
  }
  const overlapSeconds = options.apiKeyOverlapSeconds ?? 0;
  if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0) throw new AuthyServerStartError("apiKeyOverlapSeconds must be a non-negative integer");
  let box: SecretBox;
  try {
    box = new SecretBox(encryptionKeys);
  } catch (error) {
    throw new AuthyServerStartError((error as Error).message);
  }

  if (options.operatorKey !== undefined && options.operatorKey.length < 16) throw new AuthyServerStartError("the operator key must have at least 16 characters");
  if ((options.deliverUrl === undefined) !== (options.deliverSigningKey === undefined)) {
    throw new AuthyServerStartError("deliverUrl and deliverSigningKey go together (--deliver-url, --deliver-signing-key)");
  }
  if (options.deliverSigningKey !== undefined && options.deliverSigningKey.length < 16) {
    throw new AuthyServerStartError("the deliver signing key must have at least 16 characters");
  }
  const allowPrivateTargets = !production || options.allowPrivateTargets === true;
  const targetProblem = (url: string) => outboundTargetProblem(url, { allowPrivate: allowPrivateTargets });
  for (const [name, url] of [
    ["deliverUrl", options.deliverUrl],
    ["oneTouchCallbackUrl", options.oneTouchCallbackUrl],
  ] as const) {
    const problem = url === undefined ? undefined : await targetProblem(url);
    if (problem) throw new AuthyServerStartError(`${name} ${problem}`);
  }

  const { store, lock, where } = await openStore(options, box, log);
  let stopDeliveries = async () => {};
  const cleanup = async () => {
    await stopDeliveries();
    await store.close();
    await lock?.release();
  };
  let app;
  try {
    const missing = (await store.keyIdsInUse()).filter((id) => !box.keyIds.includes(id));
    if (missing.length > 0) {
      throw new AuthyServerStartError(
        `stored secrets are sealed under encryption key ${missing.map((id) => `"${id}"`).join(", ")}, which was not given: ` +
          `give it (as the current key, or with --previous-encryption-key while rotating)`,
      );
    }
    await store.rehashApiKeys();
    app = await store.appById(APP_ID);
    let created = false;
    if (!app) {
      const apiKey = options.apiKey ?? generateApiKey();
      ({ app, created } = await store.createAppIfMissing({ appId: APP_ID, name: APP_NAME, apiKey, createdAt: new Date() }));
      if (created) {
        log(options.apiKey === undefined ? `Created application ${APP_ID} "${APP_NAME}" with API key ${apiKey}` : `Created application ${APP_ID} "${APP_NAME}" with the given API key ${maskKey(apiKey)}`);
      }
    }
    if (!created && options.apiKey !== undefined && options.apiKey !== app.api_key) {
      if (!options.replaceApiKey) {
        throw new AuthyServerStartError(
          `${where} holds application ${app.app_id} with another API key (${maskKey(app.api_key)}). ` +
            `To replace it with the given key, start again with --replace-api-key; to keep it, start without --api-key; ` +
            `to start afresh, use another ${options.databaseUrl === undefined ? "--data folder" : "database"}.`,
        );
      }
      const now = new Date(Date.now() + Number(app.clock_offset_seconds) * 1000);
      await store.replaceApiKey(app.app_id, options.apiKey, overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000) : null);
      app = (await store.appById(APP_ID))!;
      log(
        `Replaced the API key of application ${app.app_id} with ${maskKey(app.api_key)}` +
          (overlapSeconds > 0 ? `; the previous key is accepted for ${overlapSeconds} s more` : ""),
      );
    }
    if (options.oneTouchCallbackUrl !== undefined || options.oneTouchCallbackMethod !== undefined) {
      app = await store.setOneTouchCallback(app.app_id, { url: options.oneTouchCallbackUrl, method: options.oneTouchCallbackMethod });
    }
    if (!app.signing_key || !app.access_key || options.signingKey !== undefined || options.accessKey !== undefined) {
      const keys = { signingKey: options.signingKey ?? app.signing_key ?? generateApiKey(), accessKey: options.accessKey ?? app.access_key ?? generateApiKey() };
      await store.dashboard.setKeys(app.app_id, keys);
      app = (await store.appById(APP_ID))!;
    }
  } catch (error) {
    await cleanup();
    throw error instanceof SecretOpenError ? new AuthyServerStartError(error.message) : error;
  }

  const deliver = options.deliverUrl === undefined ? undefined : { url: options.deliverUrl, signingKey: options.deliverSigningKey! };
  if (seed !== undefined && checkedSeed !== undefined) {
    try {
      const imported = await importSeed(store, app.app_id, checkedSeed, applicationNow(Number(app.clock_offset_seconds)));
      app = (await store.appById(app.app_id))!;
      log(`Loaded the seed ${seed.name}: ${imported.users} users, ${imported.messages} messages`);
    } catch (error) {
      await cleanup();
      if (error instanceof SeedError) throw new AuthyServerStartError(`the seed ${seed.name} cannot be loaded: ${error.message}`);
      throw error;
    }
  }
  for (const [e164, code] of testNumbers) log(`Test number ${e164}: every code is ${code}`);
  // Made in the background now, so the first decision does not wait for an RSA key.
  simulatedDeviceKey().catch(() => {});
  const deliveries = new DeliveryQueue({
    store,
    senders: {
      [ONETOUCH_CALLBACK_KIND]: oneTouchCallbackSender(store),
      [WEBHOOK_EVENT_KIND]: webhookEventSender(store),
      ...(deliver === undefined ? {} : { [OPERATOR_MESSAGE_KIND]: operatorDeliverySender(store, deliver), [OPERATOR_APPROVAL_REQUEST_KIND]: operatorDeliverySender(store, deliver) }),
    },
    // Production: structured, and without query strings (a GET callback carries the request's details).
    log: production ? (line) => log(JSON.stringify({ level: "info", msg: "delivery", detail: line.replace(/\?\S*/g, "?…") })) : log,
    targetProblem: production ? targetProblem : undefined,
    attemptTimeoutMs: options.deliveryAttemptTimeoutMs,
  });
  deliveries.start();
  stopDeliveries = () => deliveries.stop();

  const devApiOn = !production && (isLoopbackHost(host) || options.devApiRemote === true);
  const legacyLenientVerify = options.legacyLenientVerify === true;
  if (production && legacyLenientVerify) {
    log(
      "WARNING: --legacy-lenient-verify: verify is not enforced without force=true for users who have not completed " +
        "registration (any well-formed token is accepted for them). Use it only while migrating callers to force=true.",
    );
  }
  const limits = options.limits ?? (production ? PRODUCTION_LIMITS : NO_LIMITS);
  const settings = { tokenTtlSeconds, testNumbers, production, legacyLenientVerify, limits, targetProblem, ...(deliver === undefined ? {} : { deliver }) };
  if (production && deliver === undefined) log("Note: no --deliver-url: SMS, voice and email codes are kept but delivered nowhere (authenticator apps still work)");
  const requestLog = options.requestLog ?? production;
  const faults = new FaultInjector(store.faults, app.app_id);
  const handleApi = createApiHandler({ store, settings, log, faults });
  const server = createServer({ keepAliveTimeout: 5_000 });
  const handleDev = createDevHandler({ store, deliveries, appId: app.app_id, faults, boundHost: host, port: () => (server.address() as { port: number }).port, log });
  const handleOperator = options.operatorKey === undefined ? undefined : createOperatorHandler({ store, deliveries, appId: app.app_id, operatorKey: options.operatorKey });
  const inFlight = new Set<ServerResponse>();
  let idle: (() => void) | undefined;
  let closing: Promise<void> | undefined;

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    res.on("close", () => {
      inFlight.delete(res);
      if (inFlight.size === 0) idle?.();
    });
    if (requestLog) logRequestLines(req, res, process.hrtime.bigint(), log);
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/healthz" || url.pathname === "/readyz") {
      noteRequest(res, { operation: url.pathname.slice(1) });
      req.resume();
      (url.pathname === "/healthz" ? Promise.resolve(true) : readiness()).then((ok) => sendHealth(res, ok));
      return;
    }
    if (handleOperator && url.pathname.startsWith(OPERATOR_PATH_PREFIX)) {
      handleOperator(req, res, url).catch((error: unknown) => {
        log(production ? JSON.stringify({ level: "error", msg: "internal error", ...redactedError(error) }) : `internal error: ${(error as Error)?.stack ?? String(error)}`);
        res.destroy();
      });
      return;
    }
    const isDev = url.pathname === "/__dev" || url.pathname.startsWith("/__dev/");
    if (isDev && !devApiOn) {
      answerNotFound(req, res, url.pathname);
      return;
    }
    if (isDev) noteRequest(res, { operation: "dev" });
    (isDev ? handleDev(req, res, url) : handleApi(req, res, url)).catch((error: unknown) => {
      log(production ? JSON.stringify({ level: "error", msg: "internal error", ...redactedError(error) }) : `internal error: ${(error as Error)?.stack ?? String(error)}`);
      res.destroy();
    });
  });

  /** Ready: not stopping, and the database answers. */
  async function readiness(): Promise<boolean> {
    if (closing) return false;
    try {
      await store.ping();
      return true;
    } catch {
      return false;
    }
  }

  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolveListen();
      });
    });
  } catch (error) {
    await cleanup();
    throw new AuthyServerStartError(`cannot listen on ${host}:${port}: ${(error as Error).message}`);
  }
  const address = server.address() as { port: number };
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const url = `http://${urlHost}:${address.port}`;
  log(`Authy server listening on ${url}`);

  // Online rotation: the server already answers (values under an older key still open) while this reseals.
  const resealed = store.resealAll(() => closing !== undefined).then(
    (count) => {
      if (count > 0) log(`Sealed ${count} stored secrets under encryption key "${box.currentKeyId}"`);
      return count;
    },
    (error: unknown) => {
      log(`resealing stored secrets stopped: ${(error as Error).name}; it resumes at the next start`);
      throw error;
    },
  );
  resealed.catch(() => {});

  return {
    url,
    apiKey: app.api_key,
    appId: app.app_id,
    resealed,
    dev: createDevClient({ baseUrl: url }),
    close() {
      closing ??= (async () => {
        await resealed.catch(() => {});
        const stopped = new Promise<void>((done) => server.close(() => done()));
        server.closeIdleConnections();
        if (inFlight.size > 0) {
          await new Promise<void>((done) => {
            idle = done;
            setTimeout(done, SHUTDOWN_GRACE_MS).unref();
          });
        }
        server.closeAllConnections();
        await stopped;
        await cleanup();
      })();
      return closing;
    },
  };
}

function sendHealth(res: ServerResponse, ok: boolean): void {
  const text = JSON.stringify({ status: ok ? "ok" : "unavailable" });
  res.writeHead(ok ? 200 : 503, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
  res.end(text);
}
