// prepack: bundles the server (and the shared code it uses from the repository: the runtime table, validator,
// Rails codec, XML dialect) into dist/ with esbuild, so the published tarball needs neither tsx nor the repository.
// The server's own dependencies stay external (installed with the package). postpack: `--clean` removes dist/.
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
// `--outdir <dir>` (a folder directly inside server/, so that ../package.json is the package's) is for the test.
const outdirAt = process.argv.indexOf("--outdir");
const dist = outdirAt > 0 ? process.argv[outdirAt + 1] : `${root}dist`;
rmSync(dist, { recursive: true, force: true });
if (process.argv.includes("--clean")) process.exit(0);

const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8"));
await build({
  entryPoints: { index: `${root}src/index.ts`, cli: `${root}src/cli.ts` },
  outdir: dist,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: Object.keys(pkg.dependencies ?? {}),
  // cli.ts reads the version from ../package.json, which is beside dist/ in the package too.
  logLevel: "warning",
  legalComments: "none",
});
