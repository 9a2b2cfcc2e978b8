// npm run mutate: mutation testing of src/ and the generator with StrykerJS and its vitest runner (not part of
// npm test). The tests it runs are set by vitest.mutate.config.ts; docs/mutation-testing.md has the last scores
// and the surviving mutants judged equivalent, with the reason for each.
//
// The whole run takes hours on a 2-core machine, so it can be split by MUTATE_SCOPE: wire (validator, Rails
// parameters, signatures, redaction, errors), signing (the bounds on canonicalising untrusted parameters, the
// Dashboard/Webhooks request signer), xml (the XML decoder and encoder), callbacks (callback and webhook-event
// verification), client (client, engine, transport, failure paths) or generator (scripts/generate.mjs). Each scope
// keeps its own report and incremental file under build/mutation/<scope>/; a rerun tests only the mutants whose code
// or covering tests changed.
const SCOPES = {
  wire: [
    "src/validate.ts", "src/rails-params.ts", "src/signature.ts", "src/redact.ts", "src/encode.ts", "src/paginate.ts",
    "src/retry-policy.ts", "src/error-codes.ts", "src/errors.ts",
  ],
  signing: ["src/rails-bounds.ts", "src/request-signing.ts"],
  xml: ["src/xml.ts", "src/xml-lazy.ts", "src/xml-encode.ts"],
  callbacks: ["src/callback-verification.ts", "src/verifiers.ts", "src/webhook-event.ts"],
  client: [
    "src/client.ts", "src/engine.ts", "src/transport.ts", "src/failure.ts", "src/runtime-types.ts", "src/version.ts",
    "src/index.ts",
  ],
  generator: ["scripts/generate.mjs"],
};
const scope = process.env.MUTATE_SCOPE;
if (scope !== undefined && !(scope in SCOPES)) throw new Error(`MUTATE_SCOPE must be one of ${Object.keys(SCOPES).join(", ")}`);
const dir = `build/mutation/${scope ?? "all"}`;

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: scope ? SCOPES[scope] : ["src/**/*.ts", "scripts/generate.mjs"],
  coverageAnalysis: "perTest",
  // No "// @ts-nocheck" written into the sandbox: vitest does not type-check, and the generator test compares
  // generated/ byte for byte.
  disableTypeChecks: false,
  // Sized for the shared 2-core machine; raise it with --concurrency on a bigger box.
  concurrency: 2,
  timeoutMS: 20_000,
  incremental: true,
  incrementalFile: `${dir}/incremental.json`,
  reporters: ["html", "json", "clear-text", "progress"],
  htmlReporter: { fileName: `${dir}/index.html` },
  jsonReporter: { fileName: `${dir}/report.json` },
  // Not copied into the sandbox: earlier reports and builds, the benchmark's own installs.
  ignorePatterns: ["/build", "/dist", "/bench/node_modules", "/test-output"],
  tempDirName: `build/.stryker-tmp/${scope ?? "all"}`,
  cleanTempDir: "always",
  thresholds: { high: 90, low: 80, break: null },
};
