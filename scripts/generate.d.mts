/** Types of scripts/generate.mjs, for test/generator.test.ts and test/generator-branches.test.ts. */
export declare function renderGenerated(bundledSpec: unknown): Record<string, string>;
