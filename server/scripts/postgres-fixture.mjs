// A throwaway PostgreSQL for the tests and the benchmark: Debian's binaries, a cluster made by initdb in a new
// temporary folder, a Unix socket in that folder only (no TCP port, so parallel runs never collide), durability off
// (fsync, synchronous_commit, full_page_writes: a scratch cluster). As root it runs as the `postgres` user, since
// PostgreSQL refuses root. It is our own child: stop() sends SIGINT (fast shutdown) to its pid, waits for it, and
// removes the folder; an exit handler does the same if the run ends first.
import { execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * PostgreSQL's bin folder: AUTHY_TEST_POSTGRES_BIN when set (another install, e.g. Homebrew's), else the newest Debian
 * one (/usr/lib/postgresql/<major>/bin), else `pg_config --bindir`; undefined when none has initdb.
 */
export function findPostgresBin() {
  const given = process.env.AUTHY_TEST_POSTGRES_BIN;
  if (given) return existsSync(join(given, "initdb")) ? given : undefined;
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (majors.length > 0) return join(root, majors[0], "bin");
  }
  try {
    const dir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    if (existsSync(join(dir, "initdb"))) return dir;
  } catch {
    // no pg_config
  }
  return undefined;
}

/** Creates an empty database `name` through the admin URL (database `postgres`); returns the new database's URL. */
export async function createDatabase(adminUrl, name) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function postgresUser() {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * Starts PostgreSQL. Resolves with `{ url(database), socketDir, pid, createDatabase(name), stop() }`; rejects with
 * a readable reason when it cannot (no binaries, no `postgres` user as root, initdb or start failing).
 */
export async function startPostgres({ timeoutMs = 30_000 } = {}) {
  const bin = findPostgresBin();
  if (!bin) {
    const given = process.env.AUTHY_TEST_POSTGRES_BIN;
    throw new Error(
      given
        ? `AUTHY_TEST_POSTGRES_BIN=${given} has no initdb`
        : "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; on Debian: apt-get install postgresql)",
    );
  }
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? postgresUser() : undefined;
  if (asRoot && !user) throw new Error("running as root and there is no `postgres` user to run PostgreSQL as (it refuses root)");
  const dir = mkdtempSync(join(tmpdir(), "authy-pg-"));
  const ids = user ? { uid: user.uid, gid: user.gid } : {};
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    if (user) chownSync(dir, user.uid, user.gid);
    execFileSync(join(bin, "initdb"), ["-D", join(dir, "data"), "-U", "authy", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], {
      ...ids,
      stdio: ["ignore", "ignore", "pipe"],
      timeout: timeoutMs,
    });
  } catch (error) {
    cleanup();
    throw new Error(`initdb failed: ${String(error.stderr ?? error.message).trim()}`);
  }
  const child = spawn(
    join(bin, "postgres"),
    ["-D", join(dir, "data"), "-k", dir, "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"],
    { ...ids, stdio: ["ignore", "ignore", "pipe"] },
  );
  const onExit = () => {
    try {
      process.kill(child.pid, "SIGINT");
    } catch {
      // already gone
    }
  };
  process.once("exit", onExit);
  let log = "";
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start within ${timeoutMs} ms: ${log.trim()}`)), timeoutMs);
      child.stderr.setEncoding("utf8").on("data", (chunk) => {
        log += chunk;
        if (log.includes("ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`PostgreSQL exited (${code ?? signal}) before it was ready: ${log.trim()}`));
      });
    });
  } catch (error) {
    onExit();
    await exited;
    process.off("exit", onExit);
    cleanup();
    throw error;
  }
  // Keep draining its log so that it never blocks on a full pipe.
  child.stderr.resume();
  const url = (database = "postgres") => `postgresql://authy@localhost/${database}?host=${encodeURIComponent(dir)}`;
  let stopping;
  return {
    url,
    socketDir: dir,
    pid: child.pid,
    /** A new empty database (each test file takes its own). */
    createDatabase: (name) => createDatabase(url(), name),
    stop() {
      stopping ??= (async () => {
        onExit();
        await exited;
        process.off("exit", onExit);
        cleanup();
      })();
      return stopping;
    },
  };
}
