/**
 * `npm run contract:proxy`: conformance of a real server to the spec.
 *
 * Starts `prism proxy generated/openapi.json $AUTHY_API_URL` on a free loopback port (a child process, stopped by
 * its pid), calls through it with this project's client every operation the spec marks safe to repeat, plus the
 * operations listed in AUTHY_CONTRACT_OPERATIONS, and prints every request and response violation Prism reports
 * (`sl-violations`) per operation. No `Prefer` header, no assertion on example values. Exit code 1 when any
 * violation was reported or an operation could not be checked; 2, before anything starts, when the configuration
 * is missing (the help, on stderr) or invalid (one line naming the variable).
 *
 * This is the only part of the project that talks beyond loopback, and only to the URL the user names.
 *
 * Environment:
 *   AUTHY_API_URL              upstream origin, e.g. https://api.authy.com (required)
 *   AUTHY_API_KEY              the application's API key (required)
 *   AUTHY_CONTRACT_OPERATIONS  comma list of further operationIds to call: anything that sends a message or
 *                              changes state runs only when listed here
 *   AUTHY_CONTRACT_INPUTS      JSON object keyed by operationId: input fields that replace the spec's examples
 *                              (a null value removes a field)
 *   AUTHY_SIGNING_KEY, AUTHY_ACCESS_KEY   for the signed Dashboard and Webhooks API operations (skipped without)
 */
import type { AuthyResponseInfo } from "../src/index.js";
import type { Violation } from "../contract-tests/prism.js";
import type { PrismProcess } from "./prism.mjs";
import type { operationTable as OperationTable } from "../generated/runtime.js";

type OperationId = keyof typeof OperationTable;

// Loaded only once the environment says there is work to do, so that "did nothing" is instant.
let operationTable: typeof OperationTable;
let AuthyApiError: typeof import("../src/index.js").AuthyApiError;
let createAuthyClient: typeof import("../src/index.js").createAuthyClient;
let isAuthyValidationError: typeof import("../src/index.js").isAuthyValidationError;
let sampleInput: typeof import("../test/helpers/sample-input.js").sampleInput;
let specOperations: typeof import("../test/helpers/spec.js").specOperations;
let startPrism: typeof import("./prism.mjs").startPrism;

async function load() {
  ({ operationTable } = await import("../generated/runtime.js"));
  ({ AuthyApiError, createAuthyClient, isAuthyValidationError } = await import("../src/index.js"));
  ({ sampleInput } = await import("../test/helpers/sample-input.js"));
  ({ specOperations } = await import("../test/helpers/spec.js"));
  ({ startPrism } = await import("./prism.mjs"));
}

const DID_NOTHING_MESSAGE = (missing: string[]) =>
  [
    `contract:proxy did nothing: ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not set.`,
    "It checks a real Authy API server against the spec by sending traffic through `prism proxy` and reporting every",
    "request and response violation per operation. By default it calls only the operations the spec marks safe to",
    "repeat (reads). To run it, set:",
    "  AUTHY_API_URL=https://api.authy.com   the server to check",
    "  AUTHY_API_KEY=<your application's API key>",
    "Optional:",
    "  AUTHY_CONTRACT_OPERATIONS=sendSmsToken,verifyToken   also call these (they send messages or change state)",
    "  AUTHY_CONTRACT_INPUTS='{\"getUserStatus\":{\"authy_id\":12345}}'   inputs instead of the spec's examples",
    "  AUTHY_SIGNING_KEY=... AUTHY_ACCESS_KEY=...   to include the signed Dashboard and Webhooks API operations",
  ].join("\n");

/** The environment variable behind each client option the script passes. */
const ENV_OF_OPTION: Record<string, string> = {
  baseUrl: "AUTHY_API_URL",
  apiKey: "AUTHY_API_KEY",
  signingKey: "AUTHY_SIGNING_KEY",
  accessKey: "AUTHY_ACCESS_KEY",
};

interface Outcome {
  id: string;
  method: string;
  path: string;
  status?: number;
  violations: Violation[];
  /** What went wrong besides violations: no response, a response the client could not decode. */
  problem?: string;
  note?: string;
}

function fail(message: string): never {
  process.stderr.write(`contract:proxy: ${message}\n`);
  process.exit(2);
}

function parseInputs(raw: string | undefined): Record<string, Record<string, unknown>> {
  if (!raw) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    fail(`AUTHY_CONTRACT_INPUTS is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail("AUTHY_CONTRACT_INPUTS must be a JSON object keyed by operationId");
  }
  for (const [id, input] of Object.entries(value as object)) {
    if (!(id in operationTable)) fail(`AUTHY_CONTRACT_INPUTS names an unknown operation: ${id}`);
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      fail(`AUTHY_CONTRACT_INPUTS.${id} must be an object of input fields`);
    }
  }
  return value as Record<string, Record<string, unknown>>;
}

function inputFor(id: OperationId, overrides: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const input: Record<string, unknown> = { ...sampleInput(id), ...overrides[id] };
  for (const [k, v] of Object.entries(input)) if (v === null) delete input[k];
  return input;
}

/** Safe to repeat: both the runtime table and the spec's `x-authy-retry-safe` say so. */
function isSafe(id: OperationId): boolean {
  const specOp = specOperations.find((o) => o.id === id);
  return operationTable[id].retrySafe === true && specOp?.op["x-authy-retry-safe"] === true;
}

function formatViolation(v: Violation): string {
  const code = v.code === undefined ? "" : ` [${v.code}]`;
  return `${v.location.join(".")}${code} ${v.severity ?? "Error"}: ${v.message}`;
}

async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const missing = ["AUTHY_API_URL", "AUTHY_API_KEY"].filter((name) => !env[name]);
  if (missing.length > 0) {
    // Non-zero: a CI job that forgot its configuration must not pass having checked nothing.
    process.stderr.write(`${DID_NOTHING_MESSAGE(missing)}\n`);
    return 2;
  }
  await load();
  const upstream = env.AUTHY_API_URL!.replace(/\/+$/, "");
  let upstreamUrl: URL;
  try {
    upstreamUrl = new URL(upstream);
  } catch {
    fail(`AUTHY_API_URL is not an absolute URL: ${upstream}`);
  }
  if (upstreamUrl.pathname !== "/" || upstreamUrl.search || upstreamUrl.hash || upstreamUrl.username) {
    fail("AUTHY_API_URL must be an origin such as https://api.authy.com (no path, query or credentials)");
  }
  const listed = (env.AUTHY_CONTRACT_OPERATIONS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of listed) if (!(id in operationTable)) fail(`AUTHY_CONTRACT_OPERATIONS names an unknown operation: ${id}`);
  const overrides = parseInputs(env.AUTHY_CONTRACT_INPUTS);
  const signingKey = env.AUTHY_SIGNING_KEY || undefined;
  const accessKey = env.AUTHY_ACCESS_KEY || undefined;
  // The client's own checks (https unless loopback, keys without line breaks) run now, before Prism starts.
  try {
    createAuthyClient({ apiKey: env.AUTHY_API_KEY!, baseUrl: upstreamUrl.origin, signingKey, accessKey });
  } catch (error) {
    if (!isAuthyValidationError(error)) throw error;
    const variable = ENV_OF_OPTION[error.field] ?? error.field;
    fail(`${variable} ${error.message.slice(error.field.length + 2)}`);
  }

  const ids = (Object.keys(operationTable) as OperationId[]).sort();
  const toCall = ids.filter((id) => isSafe(id) || listed.includes(id));
  const notCalled = ids.filter((id) => !toCall.includes(id));

  let prism: PrismProcess | undefined;
  const outcomes: Outcome[] = [];
  try {
    process.stdout.write(`contract:proxy: starting prism proxy generated/openapi.json ${upstreamUrl.origin}\n`);
    prism = await startPrism({ mode: "proxy", upstream: upstreamUrl.origin });
    const prismUrl = prism.url;
    process.stdout.write(`contract:proxy: prism proxy listening on ${prismUrl} (pid ${prism.pid})\n\n`);

    // The client signs Dashboard/Webhooks requests for the upstream URL (what the server will check), and its
    // transport sends each request to the proxy instead.
    const viaProxy: typeof fetch = (input, init) => {
      const request = new Request(input, init);
      const target = prismUrl + request.url.slice(upstreamUrl.origin.length);
      return fetch(new Request(target, request));
    };

    for (const id of toCall) {
      const op = operationTable[id];
      const outcome: Outcome = { id, method: op.method, path: op.path, violations: [] };
      outcomes.push(outcome);
      if (op.auth === "signed" && (!signingKey || !accessKey)) {
        outcome.note = "skipped: set AUTHY_SIGNING_KEY and AUTHY_ACCESS_KEY to call the signed Dashboard/Webhooks API";
        continue;
      }
      const responses: AuthyResponseInfo[] = [];
      const client = createAuthyClient({
        apiKey: env.AUTHY_API_KEY!,
        baseUrl: upstreamUrl.origin,
        signingKey,
        accessKey,
        retry: false,
        timeoutMs: 30_000,
        fetch: viaProxy,
        hooks: { onResponse: (info) => void responses.push(info) },
      });
      try {
        await (client as any)[id](inputFor(id, overrides));
      } catch (error) {
        if (!(error instanceof AuthyApiError)) {
          outcome.problem = `${(error as Error).name}: ${(error as Error).message}`;
        }
      }
      const last = responses.at(-1);
      if (!last) {
        outcome.problem ??= "no response";
        continue;
      }
      outcome.status = last.status;
      const raw = last.responseHeaders["sl-violations"];
      if (raw) outcome.violations = JSON.parse(raw) as Violation[];
      if (last.responseHeaders["content-type"]?.includes("application/problem+json") && outcome.status >= 500) {
        outcome.problem ??= `Prism answered ${outcome.status} itself (upstream unreachable?)`;
      }
    }
  } finally {
    await prism?.stop();
  }

  // The report.
  let withViolations = 0;
  let violationCount = 0;
  let problems = 0;
  const lines: string[] = [];
  for (const o of outcomes) {
    if (o.note) {
      lines.push(`- ${o.id}  ${o.method} ${o.path}: ${o.note}`);
      continue;
    }
    const failed = o.violations.length > 0 || o.problem;
    if (o.violations.length > 0) withViolations++;
    if (o.problem) problems++;
    violationCount += o.violations.length;
    const summary = `${o.status === undefined ? "no response" : `HTTP ${o.status}`}, ${
      o.violations.length === 0 ? "no violations" : `${o.violations.length} violation${o.violations.length === 1 ? "" : "s"}`
    }`;
    lines.push(`${failed ? "✖" : "✔"} ${o.id}  ${o.method} ${o.path}: ${summary}`);
    for (const v of o.violations) lines.push(`    ${formatViolation(v)}`);
    if (o.problem) lines.push(`    client: ${o.problem}`);
  }
  if (notCalled.length > 0) {
    lines.push(
      "",
      `Not called (they send a message or change state; list them in AUTHY_CONTRACT_OPERATIONS to call them): ${notCalled.join(", ")}`,
    );
  }
  const called = outcomes.filter((o) => !o.note).length;
  lines.push(
    "",
    `contract:proxy: ${called} operation${called === 1 ? "" : "s"} called through prism proxy to ${upstreamUrl.origin}; ` +
      `${withViolations} with violations (${violationCount} in all)` +
      (problems ? `; ${problems} with a client error (no response, or a body it could not decode)` : "") +
      ".",
  );
  process.stdout.write(`${lines.join("\n")}\n`);
  return withViolations > 0 || problems > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`contract:proxy failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
