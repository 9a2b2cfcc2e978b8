import type { Pool, PoolClient } from "pg";
import type { SqlClient, SqlDatabase } from "./sql.js";

/**
 * PostgreSQL through `pg`, for several servers sharing one database. Same call shape as PGlite; the one type that
 * differs is int8 (`pg` gives a string, PGlite a number): a parser local to this pool makes it a number, as every id
 * and counter of this server fits in 2^53. Transactions run at READ COMMITTED on one pooled connection; the store's
 * statements are written for that level (conditional UPDATEs, upserts, row locks), and a transaction PostgreSQL
 * aborts as a deadlock or serialization failure is run again.
 */

const INT8_OID = 20;
const INT8_ARRAY_OID = 1016;
const RETRYABLE = new Set(["40001", "40P01"]);
const TRANSACTION_ATTEMPTS = 5;

/** A database URL as it may be printed: the password replaced. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

/** Why `url` cannot be a PostgreSQL connection URL, or undefined. */
export function databaseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL (postgres://user@host/database, or …?host=/socket/dir for a Unix socket)";
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") return `must start with postgres:// or postgresql://, got ${parsed.protocol}//`;
  return undefined;
}

/** Queries on the pool (any free connection) or on one held connection; a transaction holds one. */
function client(connection: Pool | PoolClient, held: boolean): SqlClient {
  return {
    query: async <Row>(text: string, params?: readonly unknown[]) => {
      const result = await connection.query(text, params ? [...params] : undefined);
      return { rows: result.rows as Row[] };
    },
    exec: async (text) => {
      await connection.query(text);
    },
    transaction: (work) => (held ? onConnection(connection as PoolClient, work) : transaction(connection as Pool, work)),
  };
}

async function transaction<T>(db: Pool, work: (tx: SqlClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const connection = await db.connect();
    let broken = false;
    try {
      await connection.query("BEGIN");
      const result = await work(client(connection, true));
      await connection.query("COMMIT");
      return result;
    } catch (error) {
      try {
        await connection.query("ROLLBACK");
      } catch {
        broken = true;
      }
      const code = (error as { code?: string }).code;
      if (!(code && RETRYABLE.has(code) && attempt < TRANSACTION_ATTEMPTS)) throw error;
    } finally {
      connection.release(broken);
    }
  }
}

/** A transaction on a held connection (the migrations' session). */
async function onConnection<T>(connection: PoolClient, work: (tx: SqlClient) => Promise<T>): Promise<T> {
  await connection.query("BEGIN");
  try {
    const result = await work(client(connection, true));
    await connection.query("COMMIT");
    return result;
  } catch (error) {
    await connection.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

/**
 * Connects to PostgreSQL (`postgres://…`; a Unix socket with `?host=/dir`). `pg` is loaded only here, so the embedded
 * store never pays for it. Fails with the server's message when the database cannot be reached.
 */
export async function openPostgresDatabase(url: string, options: { maxConnections?: number; log?: (line: string) => void } = {}): Promise<SqlDatabase> {
  const { default: pg } = await import("pg");
  const types = {
    getTypeParser: ((oid: number, format?: string) => {
      if (oid === INT8_OID) return (text: string) => Number(text);
      if (oid === INT8_ARRAY_OID) {
        const parseArray = pg.types.getTypeParser(INT8_ARRAY_OID as Parameters<typeof pg.types.getTypeParser>[0]) as (text: string) => Array<string | null>;
        return (text: string) => parseArray(text).map((item) => (item === null ? null : Number(item)));
      }
      return pg.types.getTypeParser(oid, format as "text");
    }) as typeof pg.types.getTypeParser,
  };
  const db = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, types, application_name: "authy-openapi-server" });
  // An idle connection the server drops (restart, admin kill) must not take the process down: the pool replaces it.
  db.on("error", (error) => options.log?.(`PostgreSQL connection lost: ${error.message}`));
  try {
    await db.query("SELECT 1");
  } catch (error) {
    await db.end().catch(() => {});
    throw new Error(`cannot connect to PostgreSQL at ${redactDatabaseUrl(url)}: ${(error as Error).message}`);
  }
  return {
    ...client(db, false),
    session: async (work) => {
      const connection = await db.connect();
      try {
        return await work(client(connection, true));
      } finally {
        connection.release();
      }
    },
    close: () => db.end(),
  };
}
