import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // CI reads the JSON report for its "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: "vitest-results.json" }]],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
        },
      },
      {
        // The Authy-compatible server's own tests (server/, an npm workspace). They run after the other projects
        // (groupOrder 1): each file starts an embedded PostgreSQL (WASM), and the client's faster suites report
        // first instead of sharing the two cores with those starts.
        extends: true,
        test: {
          name: "server",
          include: ["server/test/**/*.test.ts"],
          sequence: { groupOrder: 1 },
          // A throwaway PostgreSQL for the multi-instance tests (skipped with the reason when it cannot start).
          globalSetup: ["server/test/global-setup.ts"],
        },
      },
      {
        // Contract tests against a Prism mock of the bundled spec, started once by the globalSetup.
        extends: true,
        test: {
          name: "contract",
          include: ["contract-tests/**/*.test.ts"],
          globalSetup: ["contract-tests/global-setup.ts"],
        },
      },
    ],
  },
});
