export interface PostgresFixture {
  /** `postgresql://authy@localhost/<database>?host=<socket dir>` (default database `postgres`). */
  url(database?: string): string;
  socketDir: string;
  pid: number;
  /** Creates a new empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** SIGINT to the pid (fast shutdown), waits for the exit, removes the folder. */
  stop(): Promise<void>;
}
export function findPostgresBin(): string | undefined;
export function startPostgres(options?: { timeoutMs?: number }): Promise<PostgresFixture>;
export function createDatabase(adminUrl: string, name: string): Promise<string>;
