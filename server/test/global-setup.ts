/**
 * The server project's PostgreSQL: started once for the run (Debian's binaries, a temporary cluster, a Unix socket)
 * and stopped by its pid in teardown. Tests get its admin URL through `inject("postgresUrl")` and make their own
 * database. When it cannot start, the PostgreSQL tests are skipped with the reason (`inject("postgresSkipReason")`),
 * unless AUTHY_REQUIRE_POSTGRES=1 (CI), where that is a failure.
 */
import type { TestProject } from "vitest/node";
import { startPostgres } from "../scripts/postgres-fixture.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
    postgresSkipReason: string;
  }
}

export default async function setup(project: TestProject) {
  try {
    const postgres = await startPostgres();
    project.provide("postgresUrl", postgres.url());
    project.provide("postgresSkipReason", "");
    return async () => {
      await postgres.stop();
    };
  } catch (error) {
    const reason = `PostgreSQL could not start: ${(error as Error).message}`;
    if (process.env.AUTHY_REQUIRE_POSTGRES === "1") throw new Error(`${reason} (AUTHY_REQUIRE_POSTGRES=1)`);
    console.warn(`[server tests] ${reason}; the PostgreSQL tests are skipped`);
    project.provide("postgresUrl", "");
    project.provide("postgresSkipReason", reason);
    return undefined;
  }
}
