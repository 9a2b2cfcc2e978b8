import { defineConfig } from "vitest/config";

// The test set for `npm run mutate` (StrykerJS): the unit tests that exercise src/ and the generator. The docs,
// package, budget and start tests build or launch whole programs and check nothing a mutant of src/ can change
// that these do not; the type tests are checked by tsc, which the vitest runner does not run.
export default defineConfig({
  test: {
    include: [
      "test/client-examples.test.ts",
      "test/client.test.ts",
      "test/faults.test.ts",
      "test/fuzz-input.test.ts",
      "test/signature.test.ts",
      "test/spec.test.ts",
      "test/webhook-event.test.ts",
      "test/webhook-event-edges.test.ts",
      "test/wire.test.ts",
      "test/xml.test.ts",
      "test/spec-truth.test.ts",
      "test/oracles.test.ts",
      "test/generator.test.ts",
      "test/generator-branches.test.ts",
      "test/validator.test.ts",
      "test/wire-edges.test.ts",
      "test/alternates.test.ts",
      "test/attack-client.test.ts",
      "test/attack-verification.test.ts",
      "test/error-reasons.test.ts",
      "test/response-required.test.ts",
      "test/source-responses.test.ts",
      "test/xml-encode.test.ts",
      "test/xml-lazy.test.ts",
      "test/xml-decoder-edges.test.ts",
      "test/xml-encoder-edges.test.ts",
      "test/callback-verification-edges.test.ts",
      "test/client-options-edges.test.ts",
      "test/engine-edges.test.ts",
      "test/failure-reasons-edges.test.ts",
      "test/transport-edges.test.ts",
      "test/rails-bounds-edges.test.ts",
      "test/request-signing-edges.test.ts",
      "test/wire-rerun-edges.test.ts",
    ],
    // Left out: tests that read src/ as text (they would see Stryker's instrumented copy). npm test runs them.
    // The fault scenarios all run: they move a fake clock instead of waiting, so no mutant costs seconds there.
    testNamePattern: /^(?!.*(src\/xml\.ts imports only fast-xml-parser types|src\/ imports nothing Node-only))/,
    // Property tests with fewer runs: a mutant that survives 10 random inputs is rarely killed by the 90 after.
    env: { FUZZ_RUNS: "10" },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
