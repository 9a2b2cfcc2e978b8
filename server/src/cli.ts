import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  apiKeyProblem,
  AuthyServerStartError,
  DEFAULT_DATA_DIR,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_TOKEN_TTL_SECONDS,
  startAuthyServer,
  type AuthyServerOptions,
} from "./server.js";
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
  --dev-api-remote      serve /__dev on a non-loopback --host too (it has no authentication)
  --help                show this help
  --version             show the version

Environment: AUTHY_SERVER_API_KEY (as --api-key), AUTHY_SERVER_DATABASE_URL (as --database-url).
AUTHY_API_KEY and DATABASE_URL are never read.`;

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
