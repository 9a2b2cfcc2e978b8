import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { NO_LIMITS, PRODUCTION_LIMITS, type AbuseLimits } from "./domain/limits.js";
import { parseOperatorKey, type OperatorKey } from "./secrets/secret-box.js";
import {
  apiKeyProblem,
  AuthyServerStartError,
  DEFAULT_DATA_DIR,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_TOKEN_TTL_SECONDS,
  parseTestNumbers,
  startAuthyServer,
  type AuthyServerOptions,
} from "./server.js";
import { callbackUrlProblem, ONETOUCH_CALLBACK_METHODS } from "./domain/callback-settings.js";
import { databaseUrlProblem } from "./store/postgres.js";

export const USAGE = `Usage: authy-openapi-server [options]

A local Authy-compatible server (users, one-time passwords, verification; JSON and XML).
Codes are never delivered: each message is printed here and kept for GET /__dev/messages.

Options:
  --port <n>            port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <address>      address to bind (default ${DEFAULT_HOST})
  --data <dir>          data folder, created when missing (default ${DEFAULT_DATA_DIR}/)
  --memory              keep everything in memory (tests); excludes --data
  --database-url <url>  keep everything in PostgreSQL (or AUTHY_SERVER_DATABASE_URL), e.g.
                        postgres://user:password@host:5432/db or postgresql://user@localhost/db?host=/socket/dir;
                        several servers on one database behave as one; excludes --data and --memory
  --api-key <key>       the application's API key (or AUTHY_SERVER_API_KEY); generated on first start
  --replace-api-key     replace the key stored in --data with --api-key
  --signing-key <key>   the Dashboard/Webhooks API signing key (generated on first start; given: replaces it)
  --access-key <key>    the Dashboard/Webhooks API access key (generated on first start; given: replaces it)
  --token-ttl <seconds> lifetime of SMS, call and email codes (default ${DEFAULT_TOKEN_TTL_SECONDS})
  --seed <file>         load this JSON state at start, replacing what is stored (GET /__dev/export writes one)
  --test-number <n>=<code>  a test number: every code sent to it is <code>, and it verifies every time
                        (repeatable; e.g. --test-number +1-201-555-0100=1234567)
  --dev-api-remote      serve /__dev on a non-loopback --host too (it has no authentication)
  --onetouch-callback-url <url>
                        where signed OneTouch callbacks go (http or https, no query); also PUT /__dev/app
  --onetouch-callback-method <POST|GET>
                        POST (JSON body, default) or GET (query parameters)
  --help                show this help
  --version             show the version

Production (docs/self-hosting.md):
  --mode <mode>         development (default) or production: no /__dev, every verify enforced, abuse limits,
                        secrets sealed at rest, JSON request logs, no code or key in any output
  --legacy-lenient-verify  production: keep Authy's lenient verify without force=true (warns at start)
  --encryption-key <id:base64>  operator key sealing stored secrets, 32 bytes (or AUTHY_SERVER_ENCRYPTION_KEY)
  --previous-encryption-key <id:base64>  an older key, to open values until they are resealed (repeatable;
                        or AUTHY_SERVER_PREVIOUS_ENCRYPTION_KEYS, comma-separated)
  --api-key-overlap <seconds>  with --replace-api-key: the old key stays accepted this long
  --limit-failed-verifications <max>/<window s>/<lockout s>  per user (production default ${limitText(PRODUCTION_LIMITS.failedVerifications)})
  --limit-sends-per-user <max>/<window s>       codes sent to one user (production default ${limitText(PRODUCTION_LIMITS.sendsPerUser)})
  --limit-sends-per-recipient <max>/<window s>  messages to one phone number or email (production default ${limitText(PRODUCTION_LIMITS.sendsPerRecipient)})
                        a max of 0 turns a limit off; in development all are off unless given
  --deliver-url <url>   hand every SMS, voice and email message and approval request to this endpoint (JSON POST)
  --deliver-signing-key <key>  signs those deliveries (X-Authy-Signature; or AUTHY_SERVER_DELIVER_SIGNING_KEY)
  --allow-private-targets  production: allow http and loopback/private/link-local callback and delivery targets
  --operator-key <key>  turns on the operator API (/operator/v1/…, Bearer auth; or AUTHY_SERVER_OPERATOR_KEY)

Environment: AUTHY_SERVER_API_KEY (as --api-key), AUTHY_SERVER_DATABASE_URL (as --database-url),
AUTHY_SERVER_ENCRYPTION_KEY, AUTHY_SERVER_PREVIOUS_ENCRYPTION_KEYS, AUTHY_SERVER_DELIVER_SIGNING_KEY,
AUTHY_SERVER_OPERATOR_KEY.
AUTHY_API_KEY and DATABASE_URL are never read.`;

function limitText(limit: { max: number; windowSeconds: number; lockoutSeconds?: number }): string {
  return [limit.max, limit.windowSeconds, ...(limit.lockoutSeconds === undefined ? [] : [limit.lockoutSeconds])].join("/");
}

/** `5/900` or `5/900/900` (max, window, lockout). */
function limitFlag(text: string | undefined, name: string, withLockout: boolean): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split("/");
  const shape = withLockout ? "<max>/<window seconds>/<lockout seconds>" : "<max>/<window seconds>";
  if (parts.length !== (withLockout ? 3 : 2) || !parts.every((part) => /^[0-9]{1,9}$/.test(part))) throw new UsageError(`--${name} must be ${shape}, got ${JSON.stringify(text)}`);
  const numbers = parts.map(Number);
  if (numbers.slice(1).some((n) => n < 1)) throw new UsageError(`--${name}: windows and lockouts are at least 1 second`);
  return numbers;
}

function operatorKey(text: string, name: string): OperatorKey {
  const key = parseOperatorKey(text);
  if (typeof key === "string") throw new UsageError(`${name} ${key}`);
  return key;
}

export class UsageError extends Error {}

function integer(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** The options the command line asks for, or a usage error. */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): { help: true } | { version: true } | { options: AuthyServerOptions } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        data: { type: "string" },
        memory: { type: "boolean" },
        "database-url": { type: "string" },
        "api-key": { type: "string" },
        "replace-api-key": { type: "boolean" },
        "signing-key": { type: "string" },
        "access-key": { type: "string" },
        "token-ttl": { type: "string" },
        "dev-api-remote": { type: "boolean" },
        mode: { type: "string" },
        "legacy-lenient-verify": { type: "boolean" },
        "encryption-key": { type: "string" },
        "previous-encryption-key": { type: "string", multiple: true },
        "api-key-overlap": { type: "string" },
        "limit-failed-verifications": { type: "string" },
        "limit-sends-per-user": { type: "string" },
        "limit-sends-per-recipient": { type: "string" },
        "deliver-url": { type: "string" },
        "deliver-signing-key": { type: "string" },
        "allow-private-targets": { type: "boolean" },
        "operator-key": { type: "string" },
        "onetouch-callback-url": { type: "string" },
        "onetouch-callback-method": { type: "string" },
        seed: { type: "string" },
        "test-number": { type: "string", multiple: true },
        help: { type: "boolean" },
        version: { type: "boolean" },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { help: true };
  if (values.version) return { version: true };
  if (values.memory && values.data !== undefined) throw new UsageError("--memory and --data exclude each other");
  // The flag wins over the environment; the environment is ignored when --memory or --data chooses another store.
  const databaseUrl = values["database-url"] ?? (values.memory || values.data !== undefined ? undefined : env.AUTHY_SERVER_DATABASE_URL || undefined);
  if (databaseUrl !== undefined) {
    if (values.memory || values.data !== undefined) throw new UsageError("--database-url excludes --memory and --data");
    const problem = databaseUrlProblem(databaseUrl);
    if (problem) throw new UsageError(`--database-url ${problem}`);
  }
  const apiKey = values["api-key"] ?? (env.AUTHY_SERVER_API_KEY || undefined);
  if (values["replace-api-key"] && apiKey === undefined) throw new UsageError("--replace-api-key needs --api-key (or AUTHY_SERVER_API_KEY)");
  if (values["replace-api-key"] && values.memory) throw new UsageError("--replace-api-key and --memory exclude each other (nothing is stored)");
  if (apiKey !== undefined) {
    const problem = apiKeyProblem(apiKey);
    if (problem) throw new UsageError(`--api-key: ${problem}`);
  }
  for (const name of ["signing-key", "access-key"] as const) {
    const key = values[name];
    if (key === undefined) continue;
    const problem = apiKeyProblem(key);
    if (problem) throw new UsageError(`--${name}: ${problem}`);
  }
  if (values.host !== undefined && values.host.trim() === "") throw new UsageError("--host must not be empty");
  const mode = values.mode ?? "development";
  if (mode !== "development" && mode !== "production") throw new UsageError(`--mode must be development or production, got ${JSON.stringify(mode)}`);
  const production = mode === "production";
  if (values["legacy-lenient-verify"] && !production) throw new UsageError("--legacy-lenient-verify is for --mode production (development is lenient already)");
  if (production && values["dev-api-remote"]) throw new UsageError("--dev-api-remote and --mode production exclude each other (production has no development API)");
  const currentKeyText = values["encryption-key"] ?? (env.AUTHY_SERVER_ENCRYPTION_KEY || undefined);
  const previousKeyTexts = values["previous-encryption-key"] ?? (env.AUTHY_SERVER_PREVIOUS_ENCRYPTION_KEYS || "").split(",").filter((text) => text.trim() !== "");
  if (currentKeyText === undefined && previousKeyTexts.length > 0) throw new UsageError("--previous-encryption-key needs --encryption-key (the key that seals from now on)");
  const encryptionKeys = currentKeyText === undefined ? [] : [operatorKey(currentKeyText, "--encryption-key"), ...previousKeyTexts.map((text) => operatorKey(text.trim(), "--previous-encryption-key"))];
  if (production && encryptionKeys.length === 0) throw new UsageError("--mode production needs --encryption-key (or AUTHY_SERVER_ENCRYPTION_KEY): generate one with openssl rand -base64 32");
  if (production && apiKey === undefined) throw new UsageError("--mode production needs --api-key (or AUTHY_SERVER_API_KEY): a key is never generated and printed in production");
  const deliverUrl = values["deliver-url"];
  const deliverSigningKey = values["deliver-signing-key"] ?? (env.AUTHY_SERVER_DELIVER_SIGNING_KEY || undefined);
  if ((deliverUrl === undefined) !== (deliverSigningKey === undefined)) throw new UsageError("--deliver-url and --deliver-signing-key (or AUTHY_SERVER_DELIVER_SIGNING_KEY) go together");
  if (deliverSigningKey !== undefined && deliverSigningKey.length < 16) throw new UsageError("--deliver-signing-key must have at least 16 characters (openssl rand -base64 32)");
  if (values["allow-private-targets"] && !production) throw new UsageError("--allow-private-targets is for --mode production (development allows every target)");
  const operatorApiKey = values["operator-key"] ?? (env.AUTHY_SERVER_OPERATOR_KEY || undefined);
  if (operatorApiKey !== undefined && operatorApiKey.length < 16) throw new UsageError("--operator-key must have at least 16 characters (openssl rand -base64 32)");
  const overlap = integer(values["api-key-overlap"], "api-key-overlap", 1, 31_536_000);
  if (overlap !== undefined && !values["replace-api-key"]) throw new UsageError("--api-key-overlap goes with --replace-api-key");
  const base = production ? PRODUCTION_LIMITS : NO_LIMITS;
  const failed = limitFlag(values["limit-failed-verifications"], "limit-failed-verifications", true);
  const perUser = limitFlag(values["limit-sends-per-user"], "limit-sends-per-user", false);
  const perRecipient = limitFlag(values["limit-sends-per-recipient"], "limit-sends-per-recipient", false);
  const limits: AbuseLimits = {
    failedVerifications: failed ? { max: failed[0]!, windowSeconds: failed[1]!, lockoutSeconds: failed[2]! } : base.failedVerifications,
    sendsPerUser: perUser ? { max: perUser[0]!, windowSeconds: perUser[1]! } : base.sendsPerUser,
    sendsPerRecipient: perRecipient ? { max: perRecipient[0]!, windowSeconds: perRecipient[1]! } : base.sendsPerRecipient,
  };
  const callbackUrl = values["onetouch-callback-url"];
  const urlProblem = callbackUrl === undefined ? undefined : callbackUrlProblem(callbackUrl);
  if (urlProblem) throw new UsageError(`--onetouch-callback-url ${urlProblem}`);
  const callbackMethod = values["onetouch-callback-method"]?.toUpperCase();
  if (callbackMethod !== undefined && !ONETOUCH_CALLBACK_METHODS.includes(callbackMethod)) throw new UsageError("--onetouch-callback-method must be POST or GET");
  const testNumbers: Record<string, string> = {};
  for (const entry of values["test-number"] ?? []) {
    const match = /^([^=]+)=([0-9]{6,10})$/.exec(entry);
    if (!match) throw new UsageError(`--test-number must be <phone number>=<code of 6 to 10 digits>, e.g. +1-201-555-0100=1234567; got ${JSON.stringify(entry)}`);
    testNumbers[match[1]!.trim()] = match[2]!;
  }
  try {
    parseTestNumbers(testNumbers);
  } catch (error) {
    throw new UsageError(`--test-number: ${(error as Error).message}`);
  }
  if (values.seed !== undefined && values.seed.trim() === "") throw new UsageError("--seed needs a file");
  return {
    options: {
      port: integer(values.port, "port", 0, 65535) ?? DEFAULT_PORT,
      host: values.host ?? DEFAULT_HOST,
      ...(values.memory ? { memory: true } : databaseUrl !== undefined ? { databaseUrl } : { dataDir: values.data ?? DEFAULT_DATA_DIR }),
      ...(apiKey === undefined ? {} : { apiKey }),
      replaceApiKey: values["replace-api-key"] ?? false,
      ...(values["signing-key"] === undefined ? {} : { signingKey: values["signing-key"] }),
      ...(values["access-key"] === undefined ? {} : { accessKey: values["access-key"] }),
      tokenTtlSeconds: integer(values["token-ttl"], "token-ttl", 1, 31_536_000) ?? DEFAULT_TOKEN_TTL_SECONDS,
      devApiRemote: values["dev-api-remote"] ?? false,
      mode,
      legacyLenientVerify: values["legacy-lenient-verify"] ?? false,
      encryptionKeys,
      ...(overlap === undefined ? {} : { apiKeyOverlapSeconds: overlap }),
      limits,
      ...(callbackUrl === undefined ? {} : { oneTouchCallbackUrl: callbackUrl }),
      ...(callbackMethod === undefined ? {} : { oneTouchCallbackMethod: callbackMethod as "POST" | "GET" }),
      ...(deliverUrl === undefined ? {} : { deliverUrl, deliverSigningKey }),
      ...(values["allow-private-targets"] ? { allowPrivateTargets: true } : {}),
      ...(operatorApiKey === undefined ? {} : { operatorKey: operatorApiKey }),
      ...(Object.keys(testNumbers).length ? { testNumbers } : {}),
      ...(values.seed === undefined ? {} : { seed: values.seed }),
    },
  };
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** Runs the server until SIGINT or SIGTERM. Exit codes: 0 stopped cleanly, 1 could not start, 2 usage error. */
export async function main(argv: readonly string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseCommandLine(argv, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`authy-openapi-server: ${error.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if ("help" in parsed) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if ("version" in parsed) {
    process.stdout.write(`${version()}\n`);
    return;
  }
  let server;
  try {
    server = await startAuthyServer(parsed.options);
  } catch (error) {
    const message = error instanceof AuthyServerStartError ? error.message : ((error as Error)?.stack ?? String(error));
    process.stderr.write(`authy-openapi-server: ${message}\n`);
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`authy-openapi-server: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    console.log(`Stopping (${signal})…`);
    server.close().then(
      () => {
        console.log("Stopped.");
        process.exitCode = 0;
      },
      (error: unknown) => {
        process.stderr.write(`authy-openapi-server: error while stopping: ${String(error)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}
