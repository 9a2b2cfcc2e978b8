import { inject } from "vitest";
import { createDatabase } from "../../scripts/postgres-fixture.mjs";

/**
 * The run's PostgreSQL (server/test/global-setup.ts): `available` false with the reason when it could not start.
 * `createDatabase` gives a test file its own empty database.
 */
export function runPostgres(): { available: boolean; skipReason: string; createDatabase(name: string): Promise<string> } {
  const adminUrl = inject("postgresUrl");
  return {
    available: adminUrl !== "",
    skipReason: inject("postgresSkipReason"),
    createDatabase: (name) => createDatabase(adminUrl, name),
  };
}
