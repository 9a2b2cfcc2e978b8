// npm run mutate: mutation testing of src/ with StrykerJS and its vitest runner (not part of npm test).
// Report: build/mutation/index.html and build/mutation/report.json; docs/mutation-testing.md lists the
// surviving mutants judged equivalent and why.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: ["src/**/*.ts"],
  coverageAnalysis: "perTest",
  // Two cores: one worker leaves room for the machine; raise it with --concurrency on a bigger box.
  concurrency: 2,
  timeoutMS: 20_000,
  incremental: true,
  incrementalFile: "build/mutation/incremental.json",
  reporters: ["html", "json", "clear-text", "progress"],
  htmlReporter: { fileName: "build/mutation/index.html" },
  jsonReporter: { fileName: "build/mutation/report.json" },
  tempDirName: "build/.stryker-tmp",
  cleanTempDir: "always",
  thresholds: { high: 90, low: 80, break: null },
};
