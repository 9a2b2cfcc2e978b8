/** Types of scripts/generate.mjs, for test/generator.test.ts. */
export declare function renderGenerated(bundledSpec: unknown): Record<string, string>;
