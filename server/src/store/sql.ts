import { createHash, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * The one SQL seam: PGlite (embedded) or PostgreSQL through `pg` (shared by several servers). Both take
 * `query(text, params)` with `$n` placeholders and return `{ rows }`, so the schema, the migrations and every query
 * are shared.
 */
export interface SqlClient {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
}

export interface SqlDatabase extends SqlClient {
  /** Runs `work` on one connection held for its whole length (session-level advisory locks need that). */
  session<T>(work: (connection: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface PGliteLike {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  exec(text: string): Promise<unknown>;
  transaction<T>(work: (tx: PGliteLike) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PGlite is one connection: a session is the database itself. */
function embedded(db: PGliteLike): SqlDatabase {
  const client = wrap(db);
  return { ...client, session: (work) => work(client), close: () => db.close() };
}

function wrap(db: PGliteLike): SqlClient {
  return {
    query: (text, params) => db.query(text, params ? [...params] : undefined),
    exec: async (text) => {
      await db.exec(text);
    },
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
  };
}

/**
 * Opens the embedded PostgreSQL (PGlite, WASM) on a data folder. Loaded on demand: importing the WASM build costs
 * time that `--help` should not pay. A new folder is filled from the migrated seed (see {@link openMemoryDatabase})
 * when one is given: loading it takes a few seconds where initdb takes ten or more on a busy machine.
 */
export async function openEmbeddedDatabase(dataDir: string, seed?: { migrate: (db: SqlDatabase) => Promise<unknown>; seedKey: string }): Promise<SqlDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  let loadDataDir: Blob | undefined;
  if (seed !== undefined && !existsSync(join(dataDir, "PG_VERSION"))) {
    const file = await ensureSeed(seed.migrate, seed.seedKey);
    if (file !== undefined) loadDataDir = new Blob([await readFile(file)]);
  }
  const db = (await PGlite.create({ dataDir, ...(loadDataDir === undefined ? {} : { loadDataDir }) })) as unknown as PGliteLike;
  return embedded(db);
}

/**
 * An in-memory database with the schema already migrated. Creating one runs initdb (2.4 s measured, more on a busy
 * machine); loading a dump of a freshly migrated one takes about 0.8 s, so the dump is kept in the temporary folder,
 * named after the PGlite version and the migrations (a change to either makes a new one).
 */
export async function openMemoryDatabase(migrate: (db: SqlDatabase) => Promise<unknown>, seedKey: string): Promise<SqlDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const file = seedFile(seedKey);
  try {
    const db = (await PGlite.create({ loadDataDir: new Blob([await readFile(file)]) })) as unknown as PGliteLike;
    const wrapped = embedded(db);
    await migrate(wrapped);
    return wrapped;
  } catch {
    // no seed yet, or an unreadable one: make it
  }
  return createSeeded(migrate, file);
}

const seedFile = (seedKey: string): string =>
  join(tmpdir(), `authy-openapi-server-seed-${createHash("sha256").update(`${pgliteVersion()}\n${seedKey}`).digest("hex").slice(0, 16)}.tar.gz`);

/** A new in-memory database, migrated, whose dump is written as the seed (a cache: failing to write it is fine). */
async function createSeeded(migrate: (db: SqlDatabase) => Promise<unknown>, file: string): Promise<SqlDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const db = (await PGlite.create()) as unknown as PGliteLike & { dumpDataDir(compression: "gzip"): Promise<Blob> };
  const wrapped = embedded(db);
  await migrate(wrapped);
  try {
    const partial = `${file}.${process.pid}.${randomUUID()}`;
    await writeFile(partial, Buffer.from(await (await db.dumpDataDir("gzip")).arrayBuffer()));
    await rename(partial, file);
  } catch {
    // a cache only: the next start makes it again
  }
  return wrapped;
}

/** The seed's path, made first when missing; undefined when it cannot be made. */
async function ensureSeed(migrate: (db: SqlDatabase) => Promise<unknown>, seedKey: string): Promise<string | undefined> {
  const file = seedFile(seedKey);
  if (existsSync(file)) return file;
  await (await createSeeded(migrate, file)).close();
  return existsSync(file) ? file : undefined;
}

function pgliteVersion(): string {
  try {
    const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
    let dir = dirname(entry);
    for (let i = 0; i < 5; i++, dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
        if (pkg.name === "@electric-sql/pglite") return pkg.version ?? "unknown";
      } catch {
        // keep walking up
      }
    }
  } catch {
    // fall through
  }
  return "unknown";
}
