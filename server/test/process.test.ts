import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCommandLine, USAGE } from "../src/cli.js";
import { spawnServer, type ServerProcess } from "./helpers/process.js";

const dataDir = mkdtempSync(join(tmpdir(), "authy-server-test-"));
const KEY = "ProcessTestKey0123456789abcdef";
const started: ServerProcess[] = [];

function start(args: string[], env?: Record<string, string>): ServerProcess {
  const server = spawnServer(args, env);
  started.push(server);
  return server;
}

// A OneTouch callback endpoint on loopback that answers 503 until it is "up" (the queue must survive a kill -9).
const callbacksReceived: IncomingHttpHeaders[] = [];
let receiverUp = false;
const receiver = createServer((req, res) => {
  req.resume();
  callbacksReceived.push(req.headers);
  res.writeHead(receiverUp ? 200 : 503).end();
});
const receiverListening = new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));

async function devCallbacks(url: string): Promise<Array<{ status: string; attempts: number; last_error: string | null; url: string }>> {
  return ((await (await fetch(`${url}/__dev/callbacks`)).json()) as { callbacks: [] }).callbacks;
}

/** Polls the development API until `done` holds (the delivery worker runs on its own). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((wake) => setTimeout(wake, 50));
  }
}

afterAll(() => {
  receiver.close();
  for (const server of started) if (server.child.exitCode === null && server.child.signalCode === null) process.kill(server.child.pid!, "SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

async function api(url: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { "x-authy-api-key": KEY, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as object) };
}

// Starting PGlite on a folder (initdb the first time) takes seconds on a loaded machine: those tests get a minute.
// One data folder through the file: one server process at a time (plus the refused ones).
describe("the server as a process on a data folder", () => {
  let url: string;
  const created: number[] = [];
  let lastCode: string;
  let approvalUuid: string;

  it("starts with the given key (shown masked) and prints the one listening line", async () => {
    const server = start(["--port", "0", "--data", dataDir, "--api-key", KEY]);
    url = await server.listening;
    expect(server.stdout).toEqual([`Created application 1 "Authy Local" with the given API key Proc…cdef`, `Authy server listening on ${url}`]);
    expect(readFileSync(join(dataDir, "server.pid"), "utf8")).toBe(`${server.child.pid}\n`);
  }, 60_000);

  it("refuses a second process on the same folder, naming the pid and pointing to PostgreSQL", async () => {
    const first = started[0]!;
    const second = start(["--port", "0", "--data", dataDir]);
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.stderr()).toBe(
      `authy-openapi-server: the data folder ${dataDir} is in use by another authy-openapi-server (pid ${first.child.pid}). ` +
        `One folder serves one process: stop that one, give this one its own --data folder, or keep shared state in PostgreSQL (see server/README.md).\n`,
    );
  });

  it("keeps every acknowledged write across kill -9", async () => {
    for (let i = 0; i < 12; i++) {
      const answer = await api(url, "POST", "/protected/json/users/new", { user: { email: `k${i}@example.com`, cellphone: `201-555-01${String(10 + i)}`, country_code: 1 } });
      created.push(answer.user.id);
    }
    await api(url, "GET", `/protected/json/sms/${created[11]}?force=true`);
    await api(url, "POST", `/protected/json/users/${created[0]}/update`, { email: "last@example.com" });
    const messages: any = await (await fetch(`${url}/__dev/messages?limit=1&channel=sms&authy_id=${created[11]}`)).json();
    lastCode = messages.messages[0].code;
    // A decided approval request whose callback failed once (503): queued in the store, to be retried.
    await receiverListening;
    const callbackUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/authy/callback`;
    const put = await fetch(`${url}/__dev/app`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ onetouch_callback_url: callbackUrl }) });
    expect(put.status).toBe(200);
    const { approval_request: request } = await api(url, "POST", `/onetouch/json/users/${created[1]}/approval_requests`, { message: "Log in?" });
    approvalUuid = request.uuid;
    const decided = await fetch(`${url}/__dev/approval_requests/${approvalUuid}/approve`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(decided.status).toBe(200);
    const failedOnce = await until(() => devCallbacks(url), (list) => list[0]?.last_error === "HTTP 503");
    expect(failedOnce).toMatchObject([{ status: "pending", attempts: 1, last_error: "HTTP 503", url: callbackUrl }]);
    const first = started[0]!;
    process.kill(first.child.pid!, "SIGKILL");
    expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
  });

  it("restarts on the folder after kill -9 (the stale lock is taken over) with everything acknowledged", async () => {
    receiverUp = true;
    const server = start(["--port", "0", "--data", dataDir]);
    url = await server.listening;
    // (The delivery worker may already have printed its line about the queued callback.)
    expect(server.stdout.filter((line) => !line.startsWith("[onetouch_callback]"))).toEqual([`Authy server listening on ${url}`]);
    // The callback queued before the kill is retried by the new process and delivered, signed afresh.
    const delivered = await until(() => devCallbacks(url), (list) => list[0]?.status === "delivered");
    expect(delivered).toMatchObject([{ status: "delivered", attempts: 2, last_error: null }]);
    expect(callbacksReceived).toHaveLength(2);
    expect(callbacksReceived[0]!["x-authy-signature-nonce"]).not.toBe(callbacksReceived[1]!["x-authy-signature-nonce"]);
    expect((await api(url, "GET", `/onetouch/json/approval_requests/${approvalUuid}`)).approval_request).toMatchObject({ status: "approved", notified: true });
    for (const [i, id] of created.entries()) {
      const status = await api(url, "GET", `/protected/json/users/${id}/status`);
      expect(status.status.email).toBe(i === 0 ? "last@example.com" : `k${i}@example.com`);
    }
    expect((await api(url, "GET", `/protected/json/verify/${lastCode}/${created[11]}?force=true`)).token).toBe("is valid");
  }, 60_000);

  it("stops cleanly on SIGTERM, even with an idle keep-alive connection open", async () => {
    const server = started[started.length - 1]!;
    await fetch(`${url}/__dev/app`, { headers: { connection: "keep-alive" } });
    process.kill(server.child.pid!, "SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.stdout.slice(-2)).toEqual(["Stopping (SIGTERM)…", "Stopped."]);
  });

  it("refuses to start when --api-key differs from the stored key, and says how to replace it", async () => {
    const other = start(["--port", "0", "--data", dataDir, "--api-key", "AnotherKey0123456789"]);
    expect(await other.exited).toEqual({ code: 1, signal: null });
    expect(other.stderr()).toContain(`the data folder ${dataDir} holds application 1 with another API key (Proc…cdef). To replace it with the given key, start again with --replace-api-key`);
    const replaced = start(["--port", "0", "--data", dataDir, "--api-key", "AnotherKey0123456789", "--replace-api-key"]);
    const replacedUrl = await replaced.listening;
    expect(replaced.stdout[0]).toBe("Replaced the API key of application 1 with Anot…6789");
    const details = await fetch(`${replacedUrl}/protected/json/app/details`, { headers: { "x-authy-api-key": "AnotherKey0123456789" } });
    expect(details.status).toBe(200);
    process.kill(replaced.child.pid!, "SIGINT");
    expect((await replaced.exited).code).toBe(0);
  }, 60_000);
});

describe("the command line", () => {
  it("a usage error exits 2 with the message and the usage", async () => {
    const server = start(["--memory", "--data", "x"]);
    expect(await server.exited).toEqual({ code: 2, signal: null });
    expect(server.stderr()).toBe(`authy-openapi-server: --memory and --data exclude each other\n\n${USAGE}\n`);
  });

  it.each([
    [["--port", "http"], '--port must be an integer from 0 to 65535, got "http"'],
    [["--port", "70000"], '--port must be an integer from 0 to 65535, got "70000"'],
    [["--token-ttl", "0"], '--token-ttl must be an integer from 1 to 31536000, got "0"'],
    [["--api-key", "not a key!"], "--api-key: the API key must match ^[A-Za-z0-9_-]{1,128}$"],
    [["--replace-api-key"], "--replace-api-key needs --api-key (or AUTHY_SERVER_API_KEY)"],
    [["--onetouch-callback-url", "https://example.com/cb?x=1"], "--onetouch-callback-url must not have a query string or fragment (the signature covers the URL without them)"],
    [["--onetouch-callback-url", "example.com/cb"], "--onetouch-callback-url must be an absolute http or https URL"],
    [["--onetouch-callback-method", "PUT"], "--onetouch-callback-method must be POST or GET"],
    [["--memory", "--api-key", "Key0123456789abc", "--replace-api-key"], "--replace-api-key and --memory exclude each other (nothing is stored)"],
    [["--verbose"], "Unknown option '--verbose'"],
    [["extra"], "Unexpected argument 'extra'. This command does not take positional arguments"],
  ])("%j is a usage error", (args, message) => {
    expect(() => parseCommandLine(args, {})).toThrow(message);
  });

  it("--onetouch-callback-url and --onetouch-callback-method (any case) become the start options", () => {
    const parsed = parseCommandLine(["--memory", "--onetouch-callback-url", "http://127.0.0.1:3000/authy/callback", "--onetouch-callback-method", "get"], {});
    expect(parsed).toMatchObject({ options: { oneTouchCallbackUrl: "http://127.0.0.1:3000/authy/callback", oneTouchCallbackMethod: "GET" } });
  });

  it("reads AUTHY_SERVER_API_KEY (the flag wins) and never AUTHY_API_KEY or DATABASE_URL", () => {
    const env = { AUTHY_API_KEY: "RealSecretKey1234567", DATABASE_URL: "postgres://prod/db" };
    expect(parseCommandLine([], env)).toEqual({
      options: { port: 4011, host: "127.0.0.1", dataDir: ".authy-server", replaceApiKey: false, tokenTtlSeconds: 600, devApiRemote: false },
    });
    expect(parseCommandLine(["--memory"], { ...env, AUTHY_SERVER_API_KEY: "FromTheEnvironment42" })).toMatchObject({ options: { memory: true, apiKey: "FromTheEnvironment42" } });
    expect(parseCommandLine(["--api-key", "FromTheFlag123", "--port", "0"], { AUTHY_SERVER_API_KEY: "FromTheEnvironment42" })).toMatchObject({ options: { apiKey: "FromTheFlag123", port: 0 } });
  });

  it("--help and --version", async () => {
    const help = start(["--help"]);
    expect(await help.exited).toEqual({ code: 0, signal: null });
    expect(help.stdout.join("\n")).toBe(USAGE);
    const version = start(["--version"]);
    await version.exited;
    expect(version.stdout).toEqual([JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version]);
  });
});
