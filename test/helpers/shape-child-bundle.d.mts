/** Types of test/helpers/shape-child-bundle.mjs, for the TypeScript test. */
export declare function bundleShapeChild(dir: string): Promise<string>;
