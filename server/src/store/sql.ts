/**
 * The one SQL seam: PGlite now, PostgreSQL through `pg` later (part 5). Both take `query(text, params)` with `$n`
 * placeholders and return `{ rows }`, so the schema, the migrations and every query are shared.
 */
export interface SqlClient {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
}

export interface SqlDatabase extends SqlClient {
  close(): Promise<void>;
}

interface PGliteLike {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  exec(text: string): Promise<unknown>;
  transaction<T>(work: (tx: PGliteLike) => Promise<T>): Promise<T>;
  close(): Promise<void>;
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
 * Opens the embedded PostgreSQL (PGlite, WASM). `dataDir` undefined keeps the database in memory. Loaded on demand:
 * importing the WASM build costs time that `--help` should not pay.
 */
export async function openEmbeddedDatabase(dataDir: string | undefined): Promise<SqlDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const db = (await PGlite.create(dataDir === undefined ? {} : { dataDir })) as unknown as PGliteLike;
  return { ...wrap(db), close: () => db.close() };
}
