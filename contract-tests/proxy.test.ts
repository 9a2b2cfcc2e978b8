/**
 * `npm run contract:proxy` (scripts/contract-proxy.ts), tested without the network: the "upstream Authy API" is a
 * node:http server on 127.0.0.1 answering canned responses, and a spawn spy preloaded into the script records the
 * child processes it starts.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { operationTable } from "../generated/runtime.js";
import { deref, examplesOf, specOperations } from "../test/helpers/spec.js";
import { pidAlive } from "./prism.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SCRIPT = "scripts/contract-proxy.ts";
const SPY = fileURLToPath(new URL("./fixtures/spawn-spy.cjs", import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), "contract-proxy-test-"));
const running = new Set<number>();
afterAll(() => {
  // A script still running after a failed or timed-out test is stopped by its pid (its Prism follows it).
  for (const pid of running) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  rmSync(tmp, { recursive: true, force: true });
});

type OperationId = keyof typeof operationTable;
const ids = Object.keys(operationTable) as OperationId[];
const safeIds = ids.filter((id) => operationTable[id].retrySafe);
const unsafeIds = ids.filter((id) => !operationTable[id].retrySafe);

const DID_NOTHING = `contract:proxy did nothing: AUTHY_API_URL and AUTHY_API_KEY are not set.
It checks a real Authy API server against the spec by sending traffic through \`prism proxy\` and reporting every
request and response violation per operation. By default it calls only the operations the spec marks safe to
repeat (reads). To run it, set:
  AUTHY_API_URL=https://api.authy.com   the server to check
  AUTHY_API_KEY=<your application's API key>
Optional:
  AUTHY_CONTRACT_OPERATIONS=sendSmsToken,verifyToken   also call these (they send messages or change state)
  AUTHY_CONTRACT_INPUTS='{"getUserStatus":{"authy_id":12345}}'   inputs instead of the spec's examples
  AUTHY_SIGNING_KEY=... AUTHY_ACCESS_KEY=...   to include the signed Dashboard and Webhooks API operations
`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  spawns: { pid: number; command: string; args: string[] }[];
}

let runCounter = 0;
function runScript(env: Record<string, string>): Promise<Run> {
  const spyFile = path.join(tmp, `spawns-${++runCounter}.jsonl`);
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AUTHY_")));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", SPY, "--import", "tsx", SCRIPT], {
      cwd: ROOT,
      env: { ...cleanEnv, ...env, SPAWN_SPY_FILE: spyFile, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (child.pid) running.add(child.pid);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (child.pid) running.delete(child.pid);
      let spawns: Run["spawns"] = [];
      try {
        spawns = readFileSync(spyFile, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
      } catch {
        /* no file: nothing was spawned */
      }
      resolve({ code, stdout, stderr, spawns });
    });
  });
}

/** Which operation a request to the upstream is (the client uses the json format). */
function operationOf(method: string, pathname: string): OperationId | undefined {
  return ids.find((id) => {
    const op = operationTable[id];
    const pattern = op.path.replace(/\{format\}/, "json").replace(/\{[^}]+\}/g, "[^/]+");
    return op.method === method && new RegExp(`^${pattern}$`).test(pathname);
  });
}

function first200Example(id: OperationId): unknown {
  const o = specOperations.find((x) => x.id === id)!;
  return Object.values(examplesOf(deref<any>(o.op.responses["200"]).content["application/json"]))[0];
}

/** A stand-in for the real API on 127.0.0.1: each operation's spec example, unless `overrides` says otherwise. */
async function startUpstream(overrides: Partial<Record<OperationId, unknown>> = {}) {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const pathname = new URL(req.url ?? "/", "http://upstream").pathname;
      const id = operationOf(req.method ?? "GET", pathname);
      hits.set(id ?? `unknown ${req.method} ${pathname}`, (hits.get(id ?? `unknown ${req.method} ${pathname}`) ?? 0) + 1);
      const body = id ? (id in overrides ? overrides[id] : first200Example(id)) : { message: "Not found", success: false };
      res.writeHead(id ? 200 : 404, { "Content-Type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const KEYS = {
  AUTHY_API_KEY: "7f3c9a1e5b2d4e6f8a0c1b3d5e7f9a2c",
  AUTHY_SIGNING_KEY: "Kq8Zr3Tx6Wm1Np4Ls7Vb0Yc2Hd5Jf9Ga",
  AUTHY_ACCESS_KEY: "Jx7kQ2mN9pLrT4vW8yZb3cFh6dGs1aEu",
};

/** The Prism processes a run started (tsx also spawns an esbuild service, which does not count). */
const prismSpawns = (run: Run) => run.spawns.filter((s) => s.args.some((a) => a.includes("@stoplight/prism-cli")));

function expectPrismStartedAndStopped(run: Run, upstream: string) {
  expect(prismSpawns(run)).toHaveLength(1);
  const [prism] = prismSpawns(run);
  expect(prism!.command).toBe(process.execPath);
  expect(prism!.args.some((a) => a.endsWith("@stoplight/prism-cli/dist/index.js"))).toBe(true);
  expect(prism!.args).toEqual(expect.arrayContaining(["proxy", "generated/openapi.json", upstream, "-h", "127.0.0.1"]));
  expect(pidAlive(prism!.pid), "prism proxy must be stopped when the script exits").toBe(false);
}

// Each run starts node with tsx (and, for b and c, a Prism proxy): slow on a loaded 2-core machine.
describe.concurrent("npm run contract:proxy", { timeout: 120_000 }, () => {
  it("(a) without AUTHY_API_URL and AUTHY_API_KEY: says it did nothing and why on stderr, exits 2, starts no Prism", async () => {
    const run = await runScript({});
    expect(run.stderr).toBe(DID_NOTHING);
    expect(run.stdout).toBe("");
    expect(run.code).toBe(2);
    expect(prismSpawns(run)).toEqual([]);
  });

  it("(a) with only one of the two variables: names the missing one, exits 2, starts no Prism", async () => {
    const run = await runScript({ AUTHY_API_URL: "http://127.0.0.1:9" });
    expect(run.stderr.split("\n")[0]).toBe("contract:proxy did nothing: AUTHY_API_KEY is not set.");
    expect(run.code).toBe(2);
    expect(prismSpawns(run)).toEqual([]);
  });

  it.each([
    ["http to a host that is not loopback", { AUTHY_API_URL: "http://api.authy.example" }, "AUTHY_API_URL must use https (http is allowed for loopback hosts only)"],
    ["not a URL", { AUTHY_API_URL: "api.authy.com" }, "AUTHY_API_URL is not an absolute URL: api.authy.com"],
    ["a URL with a path", { AUTHY_API_URL: "https://api.authy.com/protected" }, "AUTHY_API_URL must be an origin such as https://api.authy.com (no path, query or credentials)"],
    ["a key with a line break", { AUTHY_API_KEY: "abc\ndef" }, "AUTHY_API_KEY must match ^[A-Za-z0-9_-]{1,128}$ (no surrounding whitespace)"],
    ["an unknown operation", { AUTHY_CONTRACT_OPERATIONS: "getUserStatus,sendSmsTokn" }, "AUTHY_CONTRACT_OPERATIONS names an unknown operation: sendSmsTokn"],
  ])("(a) a bad configuration (%s): one line on stderr, exit 2, no Prism started", async (_name, env, line) => {
    const run = await runScript({ AUTHY_API_URL: "https://api.authy.com", AUTHY_API_KEY: KEYS.AUTHY_API_KEY, ...env });
    expect(run.stderr).toBe(`contract:proxy: ${line}\n`);
    expect(run.stdout).toBe("");
    expect(run.code).toBe(2);
    expect(prismSpawns(run)).toEqual([]);
  });

  it("(b) a wrong type from the upstream (verify's success as a boolean): the report names the operation and the violation, exit 1", async () => {
    const upstream = await startUpstream({
      verifyToken: { message: "Token is valid.", token: "is valid", success: true },
    });
    try {
      const run = await runScript({ ...KEYS, AUTHY_API_URL: upstream.url, AUTHY_CONTRACT_OPERATIONS: "verifyToken" });
      expect(run.code, run.stdout + run.stderr).toBe(1);
      const lines = run.stdout.split("\n");
      const at = lines.findIndex((l) => l.startsWith("✖ verifyToken  GET /protected/{format}/verify/{token}/{authy_id}"));
      expect(at, run.stdout).toBeGreaterThanOrEqual(0);
      expect(lines[at]).toContain("HTTP 200, 2 violations");
      expect(lines.slice(at + 1, at + 3)).toEqual([
        "    response.body.success [type] Error: Response body property success must be string",
        "    response.body.success [enum] Error: Response body property success must be equal to one of the allowed values: true",
      ]);
      // The correct answers are reported clean.
      expect(lines).toContain("✔ getApplicationDetails  GET /protected/{format}/app/details: HTTP 200, no violations");
      expect(lines.filter((l) => l.startsWith("✖"))).toHaveLength(1);
      expect(run.stdout).toContain(`1 with violations (2 in all)`);
      expect(upstream.hits.get("verifyToken")).toBe(1);
      expectPrismStartedAndStopped(run, upstream.url);
    } finally {
      await upstream.close();
    }
  });

  it("(c) calls every safe operation once and no unsafe one unless listed; correct answers exit 0", async () => {
    const upstream = await startUpstream();
    try {
      const run = await runScript({ ...KEYS, AUTHY_API_URL: upstream.url });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      for (const id of unsafeIds) expect(upstream.hits.get(id) ?? 0, `${id} must not be called`).toBe(0);
      for (const id of safeIds) expect(upstream.hits.get(id), `${id} must be called once`).toBe(1);
      expect([...upstream.hits.keys()].filter((k) => k.startsWith("unknown"))).toEqual([]);
      expect(run.stdout).toContain(`contract:proxy: ${safeIds.length} operations called through prism proxy`);
      expect(run.stdout).toContain("0 with violations (0 in all).");
      expect(run.stdout).toMatch(/^Not called \(they send a message or change state; .*\): .*sendSmsToken/m);
      expectPrismStartedAndStopped(run, upstream.url);
    } finally {
      await upstream.close();
    }
  });
});
