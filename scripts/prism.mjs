// The one way this project runs Prism (npm start, npm run mock, the contract tests, npm run contract:proxy):
// the pinned prism-cli run with `node` directly (never npx, whose pid is not Prism's), on 127.0.0.1, ready once
// it printed "Prism is listening" and answered one HTTP request, stopped by its own pid. No orphan is left:
// stop() sends SIGTERM then SIGKILL after 3 s; process exit and SIGINT/SIGTERM/SIGHUP kill it; and the child is
// preloaded with prism-parent-watch.cjs, which exits when its stdin pipe closes, so even a SIGKILLed parent
// takes Prism down with it.
import { spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const PRISM_CLI = require.resolve("@stoplight/prism-cli/dist/index.js");
const PARENT_WATCH = fileURLToPath(new URL("./prism-parent-watch.cjs", import.meta.url));
const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export function freePort() {
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

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export function isListening(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** True when a process with this pid exists (signal 0 probes without sending anything). */
export function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

const live = new Set();

function killAllNow() {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  live.clear();
}

let exitHandlerInstalled = false;
let signalHandlersInstalled = false;

function installExitHandlers(handleSignals) {
  if (!exitHandlerInstalled) {
    exitHandlerInstalled = true;
    process.once("exit", killAllNow);
  }
  if (!handleSignals || signalHandlersInstalled) return;
  signalHandlersInstalled = true;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.once(signal, () => {
      killAllNow();
      process.kill(process.pid, signal); // then terminate as the signal would have
    });
  }
}

const isAlive = (child) => child.exitCode === null && child.signalCode === null;

function waitForExit(child, ms) {
  if (!isAlive(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function preflight(url) {
  // A CORS preflight is answered by Prism itself (204), in mock and proxy mode alike: nothing reaches an upstream.
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}/`,
      { method: "OPTIONS", headers: { Origin: "http://127.0.0.1", "Access-Control-Request-Method": "GET" }, timeout: 5000 },
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

/**
 * Starts Prism and resolves once it is ready. Options: mode ("mock" | "proxy"), spec (default the bundled spec),
 * upstream (proxy mode), port (default a free one), timeoutMs (default 30 s), extraArgs, log(line) for its output
 * once ready, onExit(code, signal) when it ends by itself after starting, and handleSignals (default true: kill
 * Prism and terminate on SIGINT/SIGTERM/SIGHUP; false for a caller that stops Prism gracefully itself).
 */
export async function startPrism(options = {}) {
  const mode = options.mode ?? "mock";
  const port = options.port ?? (await freePort());
  const args = [
    "--require",
    PARENT_WATCH,
    PRISM_CLI,
    mode,
    options.spec ?? "generated/openapi.json",
    ...(mode === "proxy" ? [options.upstream ?? ""] : []),
    "-h",
    "127.0.0.1",
    "-p",
    String(port),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
    // Its own process group: a terminal's Ctrl-C reaches only the parent, which stops Prism by its pid.
    detached: true,
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", AUTHY_PRISM_PARENT_WATCH: "1" },
  });
  if (!child.pid) throw new Error("Prism could not be spawned");
  live.add(child);
  installExitHandlers(options.handleSignals !== false);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  exited.then(() => live.delete(child));

  let output = "";
  let ready = false;
  let stopping = false;
  let partial = "";
  const onData = (chunk) => {
    const text = chunk.toString("utf8").replace(/\u001b\[[0-9;]*m/g, "");
    output += text;
    if (output.length > 200_000) output = output.slice(-100_000);
    if (!ready || !options.log) return;
    partial += text;
    const lines = partial.split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) options.log(line);
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    stopping = true;
    if (isAlive(child)) {
      child.kill("SIGTERM");
      if (!(await waitForExit(child, 3000))) {
        child.kill("SIGKILL");
        await waitForExit(child, 3000);
      }
    }
    live.delete(child);
  };
  exited.then(({ code, signal }) => {
    if (!ready || stopping) return;
    if (options.onExit) options.onExit(code, signal);
    else process.stderr.write(`\nPrism (pid ${child.pid}) exited unexpectedly (code ${code}, signal ${signal}):\n${output.slice(-4000)}\n`);
  });

  try {
    await new Promise((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? 30_000;
      const timer = setTimeout(() => reject(new Error(`Prism did not start within ${timeoutMs} ms:\n${output.slice(-2000)}`)), timeoutMs);
      const check = () => {
        if (/Prism is listening/.test(output)) {
          clearTimeout(timer);
          child.stdout.off("data", check);
          resolve();
        }
      };
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`Prism exited before listening on 127.0.0.1:${port} (code ${code}, signal ${signal}):\n${output.slice(-2000)}`));
      });
      child.stdout.on("data", check);
      check();
    });
    const status = await preflight(url);
    if (status !== 204) throw new Error(`Prism health check: OPTIONS answered ${status}, not 204`);
  } catch (error) {
    await stop();
    throw error;
  }
  ready = true;
  return { url, pid: child.pid, log: () => output, stop, exited };
}
