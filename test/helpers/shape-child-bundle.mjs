// Bundles test/helpers/verify-shape-child.ts into one plain ESM file (esbuild), so that it runs in a bare
// `node --max-old-space-size=64` process: used by the bounded-work test and by bench/verify-shapes.mjs.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Writes the bundled child into `dir` and resolves to its path. */
export async function bundleShapeChild(dir) {
  const outfile = path.join(dir, "verify-shape-child.mjs");
  await build({
    entryPoints: [path.join(here, "verify-shape-child.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "silent",
  });
  return outfile;
}
