/**
 * Starts the pinned Prism CLI as a child process on a free loopback port and stops it by its own pid.
 *
 * - Prism is run with `node <prism-cli/dist/index.js>` directly (never `npx`, whose pid is not Prism's).
 * - "Ready" means: Prism printed "Prism is listening" and answered one HTTP request.
 * - No orphan is left: `stop()` sends SIGTERM then SIGKILL after 3 s; process exit and SIGINT/SIGTERM/SIGHUP
 *   handlers kill it too; and the child is preloaded with `parent-watch.cjs`, which exits when its stdin pipe
 *   closes, i.e. when this process dies, even by SIGKILL.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
export const PRISM_CLI = require.resolve("@stoplight/prism-cli/dist/index.js");
export const PARENT_WATCH = fileURLToPath(new URL("./parent-watch.cjs", import.meta.url));
export const ROOT = fileURLToPath(new URL("../", import.meta.url));
export const BUNDLED_SPEC = "generated/openapi.json";

export interface PrismProcess {
  url: string;
  pid: number;
  /** Prism's log so far (stdout and stderr). */
  log(): string;
  stop(): Promise<void>;
}

export interface StartPrismOptions {
  mode?: "mock" | "proxy";
  /** Upstream URL for `proxy` mode. */
  upstream?: string;
  spec?: string;
  cwd?: string;
  /** How long to wait for "Prism is listening" plus one answered request. Default 30 s. */
  timeoutMs?: number;
  extraArgs?: string[];
}

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const live = new Set<ChildProcess>();
let handlersInstalled = false;

function killAllNow(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  }
  live.clear();
}

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once("exit", killAllNow);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = () => {
      killAllNow();
      // Keep the default behaviour (terminate) when nobody else handles the signal.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, onSignal);
  }
}

function isAlive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (!isAlive(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startPrism(options: StartPrismOptions = {}): Promise<PrismProcess> {
  const mode = options.mode ?? "mock";
  const port = await freePort();
  const args = [
    "--require",
    PARENT_WATCH,
    PRISM_CLI,
    mode,
    options.spec ?? BUNDLED_SPEC,
    ...(mode === "proxy" ? [options.upstream ?? ""] : []),
    "-h",
    "127.0.0.1",
    "-p",
    String(port),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? ROOT,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", AUTHY_CONTRACT_PARENT_WATCH: "1" },
  });
  if (!child.pid) throw new Error("Prism could not be spawned");
  live.add(child);
  installExitHandlers();
  child.once("exit", () => live.delete(child));

  let output = "";
  const onData = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);

  const url = `http://127.0.0.1:${port}`;
  let stopping = false;
  child.once("exit", (code, signal) => {
    if (!stopping && /Prism is listening/.test(output)) {
      // Every later request will fail with ECONNREFUSED: say why, once, where the developer looks.
      process.stderr.write(
        `\nPrism (pid ${child.pid}) exited unexpectedly (code ${code}, signal ${signal}). Its last output:\n${output.slice(-4000)}\n`,
      );
    }
  });
  const stop = async () => {
    stopping = true;
    if (!isAlive(child)) return;
    child.kill("SIGTERM");
    if (!(await waitForExit(child, 3000))) {
      child.kill("SIGKILL");
      await waitForExit(child, 3000);
    }
    live.delete(child);
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Prism did not start within ${options.timeoutMs ?? 30_000} ms:\n${output.slice(-2000)}`)),
        options.timeoutMs ?? 30_000,
      );
      const check = () => {
        if (/Prism is listening/.test(output)) {
          clearTimeout(timer);
          child.stdout!.off("data", check);
          child.off("exit", onEarlyExit);
          resolve();
        }
      };
      const onEarlyExit = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        reject(new Error(`Prism exited before listening (code ${code}, signal ${signal}):\n${output.slice(-2000)}`));
      };
      child.stdout!.on("data", check);
      child.once("exit", onEarlyExit);
      check();
    });
    // Health check: one real HTTP round trip. A CORS preflight is answered by Prism itself (204), in mock and in
    // proxy mode alike, so nothing reaches the upstream of a proxy.
    const status = await preflight(url);
    if (status !== 204) throw new Error(`Prism health check: OPTIONS answered ${status}, not 204`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid, log: () => output, stop };
}

function preflight(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}/`,
      {
        method: "OPTIONS",
        headers: { Origin: "http://127.0.0.1", "Access-Control-Request-Method": "GET" },
        timeout: 5000,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("timeout", () => req.destroy(new Error("Prism health check timed out")));
    req.on("error", reject);
    req.end();
  });
}

/** True when a process with this pid exists (signal 0 probes without sending anything). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Prism's `sl-violations` header, parsed. */
export interface Violation {
  location: string[];
  severity?: string;
  code?: string | number;
  message: string;
}

export function violationsOf(headers: Headers): Violation[] {
  const raw = headers.get("sl-violations");
  if (!raw) return [];
  return JSON.parse(raw) as Violation[];
}

export const requestViolations = (v: Violation[]) => v.filter((x) => x.location[0] === "request");
export const responseViolations = (v: Violation[]) => v.filter((x) => x.location[0] === "response");
/** The one violation every XML response carries: Prism validates the XML string against the object schema. */
export const isXmlBodyNotObject = (x: Violation) =>
  x.location.join(".") === "response.body" && x.message === "Response body must be object";
