import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAuthyClient } from "../../src/index.js";
import { computeAuthySignature } from "../../src/signature.js";
import { parseCommandLine } from "../src/cli.js";
import { startAuthyServer, type RunningAuthyServer } from "../src/index.js";
import { AuthyStore } from "../src/store/authy-store.js";
import { MIGRATIONS } from "../src/store/migrations.js";
import { runPostgres } from "./helpers/postgres.js";
import { spawnServer, type ServerProcess } from "./helpers/process.js";

const KEY = "SharedInstancesKey0123456789abc";
const postgres = runPostgres();

describe("--database-url on the command line", () => {
  const URL_ = "postgresql://authy@localhost/authy?host=/run/pg";

  it("takes the flag, or AUTHY_SERVER_DATABASE_URL, never DATABASE_URL", () => {
    expect(parseCommandLine(["--database-url", URL_], {})).toMatchObject({ options: { databaseUrl: URL_ } });
    expect(parseCommandLine([], { AUTHY_SERVER_DATABASE_URL: URL_ })).toMatchObject({ options: { databaseUrl: URL_ } });
    const fromFlag = parseCommandLine(["--database-url", "postgres://a@b/c"], { AUTHY_SERVER_DATABASE_URL: URL_ });
    expect(fromFlag).toMatchObject({ options: { databaseUrl: "postgres://a@b/c" } });
    const plain = parseCommandLine([], { DATABASE_URL: URL_ }) as { options: Record<string, unknown> };
    expect(plain.options.databaseUrl).toBeUndefined();
    expect(plain.options.dataDir).toBe(".authy-server");
    // --memory and --data choose their store: the environment's URL is then not used.
    expect(parseCommandLine(["--memory"], { AUTHY_SERVER_DATABASE_URL: URL_ })).toMatchObject({ options: { memory: true } });
  });

  it("refuses a URL that is no PostgreSQL URL, and --memory or --data beside it (usage errors)", () => {
    expect(() => parseCommandLine(["--database-url", "mysql://a@b/c"], {})).toThrow("--database-url must start with postgres:// or postgresql://, got mysql://");
    expect(() => parseCommandLine(["--database-url", "not a url"], {})).toThrow("--database-url is not a URL");
    expect(() => parseCommandLine(["--database-url", URL_, "--memory"], {})).toThrow("--database-url excludes --memory and --data");
    expect(() => parseCommandLine(["--database-url", URL_, "--data", "x"], {})).toThrow("--database-url excludes --memory and --data");
  });

  it("exits 1 naming the database, password hidden, when PostgreSQL cannot be reached", async () => {
    const server = spawnServer(["--port", "0", "--database-url", "postgresql://authy:s3cret@localhost/none?host=/nonexistent-authy-socket-dir"]);
    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.stderr()).toMatch(
      /^authy-openapi-server: cannot connect to PostgreSQL at postgresql:\/\/authy:\*\*\*@localhost\/none\?host=\/nonexistent-authy-socket-dir: .*ENOENT.*\n$/,
    );
    expect(server.stderr()).not.toContain("s3cret");
  }, 30_000);
});

type Answer = { status: number; body: any };

async function call(base: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { "x-authy-api-key": KEY, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : JSON.parse(text) };
}

const skipNote = postgres.available ? "" : ` (skipped: ${postgres.skipReason})`;

// Three server processes started together on one new database (two with --database-url, one through
// AUTHY_SERVER_DATABASE_URL) plus one in this process: they must behave as one server.
describe.skipIf(!postgres.available)(`several servers on one PostgreSQL database${skipNote}`, () => {
  const processes: ServerProcess[] = [];
  let urls: string[] = [];
  let inProcess: RunningAuthyServer;
  let databaseUrl: string;
  let admin: import("pg").Client;

  beforeAll(async () => {
    databaseUrl = await postgres.createDatabase(`instances_${process.pid}`);
    processes.push(
      spawnServer(["--port", "0", "--api-key", KEY, "--database-url", databaseUrl]),
      spawnServer(["--port", "0", "--api-key", KEY, "--database-url", databaseUrl]),
      spawnServer(["--port", "0", "--api-key", KEY], { AUTHY_SERVER_DATABASE_URL: databaseUrl }),
    );
    urls = await Promise.all(processes.map((server) => server.listening));
    inProcess = await startAuthyServer({ port: 0, databaseUrl, apiKey: KEY, log: () => {} });
    urls.push(inProcess.url);
    const { default: pg } = await import("pg");
    admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
  }, 60_000);

  afterAll(async () => {
    await admin?.end();
    await inProcess?.close();
    for (const server of processes) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGTERM");
    const exits = await Promise.all(processes.map((server) => server.exited));
    expect(exits).toEqual(processes.map(() => ({ code: 0, signal: null })));
  });

  beforeEach(async () => {
    expect((await call(urls[0]!, "POST", "/__dev/reset", {})).status).toBe(200);
  });

  it("migrated once under the lock while starting together, and created the application once", async () => {
    const { rows } = await admin.query("SELECT version, count(*)::int AS n FROM schema_migrations GROUP BY version ORDER BY version");
    expect(rows).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b).map((version) => ({ version, n: 1 })));
    const created = processes.flatMap((server) => server.stdout.filter((line) => line.startsWith("Created application")));
    expect(created).toEqual([`Created application 1 "Authy Local" with the given API key Shar…9abc`]);
    expect((await admin.query("SELECT app_id, api_key FROM apps")).rows).toEqual([{ app_id: "1", api_key: KEY }]);
  });

  it("100 concurrent verifies of one code spread over the instances: exactly one 200, the rest 60019", async () => {
    const user = await call(urls[0]!, "POST", "/protected/json/users/new", { user: { email: "race@example.com", cellphone: "201-555-0100", country_code: 1 } });
    const id = user.body.user.id as number;
    expect((await call(urls[1]!, "GET", `/protected/json/sms/${id}?force=true`)).status).toBe(200);
    const messages = await call(urls[2]!, "GET", `/__dev/messages?authy_id=${id}&channel=sms&limit=1`);
    const code = messages.body.messages[0].code as string;
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => call(urls[i % urls.length]!, "GET", `/protected/json/verify/${code}/${id}?force=true`)),
    );
    const tally = new Map<string, number>();
    for (const a of answers) {
      const key = a.status === 200 ? `200 ${a.body.token}` : `${a.status} ${a.body.error_code}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(tally)).toEqual({ "200 is valid": 1, "401 60019": 99 });
  }, 60_000);

  it("concurrent registrations of one phone with different emails over the instances: one user holding every email", async () => {
    const emails = Array.from({ length: 24 }, (_, i) => `person${i}@example.com`);
    const answers = await Promise.all(
      emails.map((email, i) => call(urls[i % urls.length]!, "POST", "/protected/json/users/new", { user: { email, cellphone: "201-555-0177", country_code: "1" } })),
    );
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    const ids = new Set(answers.map((a) => a.body.user.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    const user = await call(urls[3]!, "GET", `/__dev/users/${id}`);
    expect([...user.body.emails].sort()).toEqual([...emails].sort());
    expect((await admin.query("SELECT count(*)::int AS n FROM users WHERE e164 = '+12015550177'")).rows).toEqual([{ n: 1 }]);
    // One new user, so one install link, whichever instance created it.
    const links = await call(urls[1]!, "GET", `/__dev/messages?authy_id=${id}`);
    expect(links.body.messages.map((m: { kind: string }) => m.kind)).toEqual(["install_link"]);
  }, 60_000);

  it("shares the dev clock: a move on one instance drives every instance's rules and answers", async () => {
    const user = await call(urls[0]!, "POST", "/protected/json/users/new", { user: { email: "clock@example.com", cellphone: "201-555-0188", country_code: 1 } });
    const id = user.body.user.id as number;
    expect((await call(urls[0]!, "GET", `/protected/json/sms/${id}?force=true`)).status).toBe(200);
    const code = (await call(urls[0]!, "GET", `/__dev/messages?authy_id=${id}&channel=sms&limit=1`)).body.messages[0].code as string;
    expect((await call(urls[1]!, "POST", "/__dev/clock", { advance_seconds: 601 })).body.offset_seconds).toBe(601);
    for (const url of urls) expect((await call(url, "GET", "/__dev/clock")).body.offset_seconds).toBe(601);
    // The code's 600 s lifetime has passed on every instance.
    expect(await call(urls[2]!, "GET", `/protected/json/verify/${code}/${id}?force=true`)).toMatchObject({ status: 401, body: { error_code: "60020" } });
    expect((await call(urls[3]!, "POST", "/__dev/clock", { advance_seconds: -601 })).body.offset_seconds).toBe(0);
    expect(await call(urls[0]!, "GET", `/protected/json/verify/${code}/${id}?force=true`)).toMatchObject({ status: 200, body: { token: "is valid" } });
  }, 30_000);

  it("runs the part 1 flow through the client on PostgreSQL, in JSON and XML, with the same answers", async () => {
    for (const format of ["json", "xml"] as const) {
      const client = createAuthyClient({ apiKey: KEY, baseUrl: urls[3]!, format, retry: false });
      const other = createAuthyClient({ apiKey: KEY, baseUrl: urls[0]!, format, retry: false });
      const phone = format === "json" ? "201-555-0191" : "201-555-0192";
      const created = await client.createUser({ user: { email: `${format}@example.com`, cellphone: phone, country_code: 1 } });
      const id = created.user.id;
      await other.updateUserEmail({ authy_id: id, email: `${format}2@example.com` });
      expect((await client.getUserStatus({ authy_id: id })).status).toMatchObject({ authy_id: id, confirmed: false, email: `${format}2@example.com` });
      await other.sendEmailToken({ authy_id: id });
      const code = (await call(urls[1]!, "GET", `/__dev/messages?authy_id=${id}&channel=email&limit=1`)).body.messages[0].code;
      expect((await client.verifyToken({ token: code, authy_id: id, force: true })).token).toBe("is valid");
      expect((await other.getUserStatus({ authy_id: id })).status.confirmed).toBe(true);
      await client.registerUserActivity({ authy_id: id, type: "banned", data: { reason: "test" }, user_ip: "127.0.0.1" });
      const stats = await other.getApplicationStats();
      expect(stats.stats.at(-1)).toMatchObject({ users_count: format === "json" ? 1 : 2, auths_count: format === "json" ? 1 : 2 });
      expect(stats.total_users).toBe(format === "json" ? 1 : 2);
      expect((await client.getUserPhoneNumber({ authy_id: id })).e164).toBe(`+1${phone.replaceAll("-", "")}`);
      await other.removeUser({ authy_id: id });
      expect((await client.getUserStatus({ authy_id: id })).status.account_disabled).toBe(true);
    }
  }, 60_000);

  it("shares injected faults: set on one instance, applied and counted by all (times: 5 over 20 calls → exactly 5)", async () => {
    const set = await call(urls[0]!, "PUT", "/__dev/faults", { operation: "getUserStatus", status: 404, times: 5 });
    expect(set.status).toBe(200);
    expect((await call(urls[2]!, "GET", "/__dev/faults")).body.faults).toEqual([
      { operation: "getUserStatus", status: 404, error_code: "60026", latency_ms: 0, drop_connection: false, remaining: 5 },
    ]);
    const user = await call(urls[1]!, "POST", "/protected/json/users/new", { user: { email: "fault@example.com", cellphone: "201-555-0166", country_code: 1 } });
    const id = user.body.user.id as number;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => call(urls[i % urls.length]!, "GET", `/protected/json/users/${id}/status`)));
    expect(answers.filter((a) => a.status === 404 && a.body.error_code === "60026").length).toBe(5);
    expect(answers.filter((a) => a.status === 200).length).toBe(15);
    expect((await call(urls[3]!, "GET", "/__dev/faults")).body.faults).toEqual([]);
    // Reset on one instance clears a fault set on another.
    await call(urls[1]!, "PUT", "/__dev/faults", { operation: "getUserStatus", status: 404 });
    await call(urls[2]!, "POST", "/__dev/reset", {});
    expect((await call(urls[0]!, "GET", "/__dev/faults")).body.faults).toEqual([]);
  }, 30_000);

  it("accepts a signed Dashboard request once across instances: the same request replayed to another is 60087", async () => {
    const keys = (await call(urls[0]!, "GET", "/__dev/app")).body;
    // Behind one load balancer every instance sees the same public host.
    const url = "https://authy.example/dashboard/json/application/details";
    const params = { app_api_key: keys.api_key, access_key: keys.access_key };
    const nonce = String(Math.floor(Date.now() / 1000));
    const signature = await computeAuthySignature({ key: keys.signing_key, nonce, method: "GET", url, params });
    const send = (base: string) =>
      fetch(`${base}/dashboard/json/application/details?${new URLSearchParams(params)}`, {
        headers: { "x-forwarded-host": "authy.example", "X-Authy-Signature": signature, "X-Authy-Signature-Nonce": nonce },
      });
    const answers = await Promise.all(urls.map((base) => send(base)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401]);
    for (const a of answers.filter((a) => a.status === 401)) expect(await a.json()).toMatchObject({ error_code: "60087", message: "Invalid signature: this nonce was already used" });
  });

  // Three worker processes (server/test/helpers/onetouch-race-worker.ts) run the decision rule and the delivery queue
  // of part 3 on this database, as three servers would.
  describe("OneTouch decisions and callback deliveries across processes", () => {
    const WORKER = fileURLToPath(new URL("./helpers/onetouch-race-worker.ts", import.meta.url));
    const workers: ChildProcess[] = [];
    let receiver: Server;
    let store: AuthyStore;
    // Every request the callback endpoint received: uuid, when it began and ended (ms), the status it answered.
    const received: Array<{ uuid: string; start: number; end: number; status: number }> = [];
    const failFirst = new Set<string>();

    const ask = <T>(worker: ChildProcess, message: unknown): Promise<T> =>
      new Promise((resolve, reject) => {
        worker.once("message", (answer) => resolve(answer as T));
        worker.once("exit", (code) => reject(new Error(`worker exited ${code}`)));
        worker.send(message as object);
      });

    beforeAll(async () => {
      receiver = createServer((req, res) => {
        const start = performance.now();
        let body = "";
        req.setEncoding("utf8").on("data", (chunk) => (body += chunk));
        req.on("end", () => {
          const uuid = (JSON.parse(body) as { uuid: string }).uuid;
          // The first attempt of some callbacks fails, so that retries race too; every answer takes a while, so
          // that two attempts of one callback at the same time would overlap.
          const status = failFirst.delete(uuid) ? 500 : 200;
          setTimeout(() => {
            received.push({ uuid, start, end: performance.now(), status });
            res.writeHead(status).end();
          }, 40);
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
      store = await AuthyStore.openPostgres(databaseUrl);
      for (let i = 0; i < 3; i++) {
        const worker = fork(WORKER, [databaseUrl, "1"], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
        workers.push(worker);
        await new Promise((resolve) => worker.once("message", resolve));
      }
    }, 60_000);

    afterAll(async () => {
      await Promise.all(workers.filter((w) => w.connected).map((w) => ask(w, { stop: true })));
      await store?.close();
      await new Promise((resolve) => receiver?.close(resolve));
    });

    it("each request is decided once, each callback is sent one attempt at a time and never again after its 2xx", async () => {
      const { port } = receiver.address() as { port: number };
      await store.setOneTouchCallback(1, { url: `http://127.0.0.1:${port}/callback`, method: "POST" });
      const user = await call(urls[0]!, "POST", "/protected/json/users/new", { user: { email: "ot@example.com", cellphone: "201-555-0155", country_code: 1 } });
      const authyId = user.body.user.id as number;
      const uuids: string[] = [];
      for (let i = 0; i < 30; i++) {
        const uuid = randomUUID();
        uuids.push(uuid);
        if (i % 3 === 0) failFirst.add(uuid);
        await store.approvalRequests.create({
          appId: 1, uuid, internalId: randomUUID(), authyId, message: `Request ${i}`, details: null, hiddenDetails: null, logos: null, secondsToExpire: 0, now: new Date(),
        });
      }
      // Every worker decides every request at once (approve or deny): one decision each wins.
      const decisions = await Promise.all(workers.map((w, i) => ask<{ outcomes: string[] }>(w, { decide: { uuids, decision: i % 2 ? "denied" : "approved" } })));
      const decidedPerUuid = uuids.map((_, u) => decisions.filter((d) => d.outcomes[u] === "decided").length);
      expect(decidedPerUuid).toEqual(uuids.map(() => 1));
      expect(decisions.flatMap((d) => d.outcomes).filter((o) => o === "not-pending").length).toBe(uuids.length * (workers.length - 1));
      const queued = await store.deliveries.list(1, { limit: 1000 });
      expect(queued.map((d) => d.subject).sort()).toEqual([...uuids].sort());

      // All three deliver. A failed first attempt is due again after 1 s of application time: move the clock.
      await Promise.all(workers.map((w) => ask(w, { queue: true })));
      const deadline = Date.now() + 20_000;
      for (;;) {
        const rows = await store.deliveries.list(1, { limit: 1000 });
        if (rows.every((row) => row.status === "delivered")) break;
        if (Date.now() > deadline) throw new Error(`not delivered: ${JSON.stringify(rows.filter((r) => r.status !== "delivered"))}`);
        await store.advanceClock(1, 2);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // Several poll rounds of every worker after the last 2xx: nothing more may arrive.
      const settled = received.length;
      await store.advanceClock(1, 600);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(received.length).toBe(settled);

      for (const uuid of uuids) {
        const attempts = received.filter((r) => r.uuid === uuid).sort((a, b) => a.start - b.start);
        // One 2xx each, the last request that callback got; a failed first attempt (every third) retried once.
        expect(attempts.map((a) => a.status)).toEqual(uuids.indexOf(uuid) % 3 === 0 ? [500, 200] : [200]);
        for (let i = 1; i < attempts.length; i++) expect(attempts[i]!.start).toBeGreaterThanOrEqual(attempts[i - 1]!.end);
      }
      const rows = await store.deliveries.list(1, { limit: 1000 });
      expect(rows.map((r) => r.attempts).sort()).toEqual(uuids.map((_, i) => (i % 3 === 0 ? 2 : 1)).sort());
    }, 60_000);
  });
});
