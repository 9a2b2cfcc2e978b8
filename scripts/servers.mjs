// Process helpers shared by `npm start` and `npm run mock`: a Prism mock run with node directly (never npx, so the
// pid we hold is Prism's own) and a tiny static file server for build/docs.
import { spawn } from "node:child_process";
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { root } from "./tools.mjs";

const require = createRequire(import.meta.url);
export const prismEntry = require.resolve("@stoplight/prism-cli/dist/index.js");
export const HOST = "127.0.0.1";

/** A port from an environment variable, or the default; exits with a clear message when it is not a port. */
export function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}=${raw} is not a TCP port (1-65535)`);
  }
  return port;
}

/**
 * Starts `prism mock <spec>` on host:port and resolves once it listens. `onExit(code, signal)` is called if it
 * ends by itself later. Resolves to { pid, url, stop() }; stop() sends SIGTERM, then SIGKILL after 3 s.
 */
export function startPrism({ spec, port, host = HOST, onExit, log = (line) => process.stdout.write(`${line}\n`) }) {
  const child = spawn(process.execPath, [prismEntry, "mock", spec, "-h", host, "-p", String(port)], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: a terminal's Ctrl-C reaches only us, and we stop Prism by its pid.
    detached: true,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  let ready = false;
  let stopping = false;
  const output = [];
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  return new Promise((resolve, reject) => {
    const onLine = (line) => {
      if (!ready) {
        output.push(line);
        if (/Prism is listening/.test(line)) {
          ready = true;
          resolve({ pid: child.pid, url: `http://${host}:${port}`, stop, exited });
        }
        return;
      }
      log(line);
    };
    splitLines(child.stdout, onLine);
    splitLines(child.stderr, onLine);
    child.once("error", (error) => {
      if (!ready) reject(error);
    });
    exited.then(({ code, signal }) => {
      if (!ready) {
        reject(new Error(`Prism exited (${signal ?? `code ${code}`}) before listening on ${host}:${port}:\n${output.slice(-15).join("\n")}`));
      } else if (!stopping) {
        onExit?.(code, signal);
      }
    });
  });

  async function stop() {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    const result = await exited;
    clearTimeout(timer);
    return result;
  }
}

function splitLines(stream, onLine) {
  let buffer = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      onLine(buffer.slice(0, newline).replace(/\u001b\[[0-9;]*m/g, ""));
      buffer = buffer.slice(newline + 1);
    }
  });
  stream.on("end", () => {
    if (buffer) onLine(buffer);
  });
}

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
};

/** Serves the files of `dir` (GET and HEAD only, nothing outside `dir`). Resolves to { url, close() } once listening. */
export function startStaticServer({ dir, port, host = HOST }) {
  const base = path.resolve(dir);
  const server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" }).end("Method Not Allowed\n");
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" }).end("Bad Request\n");
      return;
    }
    if (pathname.endsWith("/")) pathname += "index.html";
    const file = path.resolve(base, `.${pathname}`);
    let stat;
    try {
      stat = file.startsWith(base + path.sep) && !path.basename(file).startsWith(".") ? statSync(file) : undefined;
    } catch {
      stat = undefined;
    }
    if (!stat?.isFile()) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not Found\n");
      return;
    }
    res.writeHead(200, {
      "Content-Type": CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      "Content-Length": stat.size,
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
