// npm run build: dist/ with an ESM and a CJS build of src/ (openapi-fetch and fast-xml-parser stay external;
// the XML decoder is its own chunk, loaded only when XML is used) and declarations for both.
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { buildEsm, cjsDefaultImport, esbuildOptions } from "./build-options.mjs";
import { root, runTool } from "./tools.mjs";

const dist = path.join(root, "dist");
rmSync(dist, { recursive: true, force: true });
const shared = esbuildOptions();
await buildEsm(path.join(dist, "esm"), shared);
await build({
  ...shared,
  format: "cjs",
  outdir: path.join(dist, "cjs"),
  outExtension: { ".js": ".cjs" },
  plugins: [cjsDefaultImport("openapi-fetch")],
});
writeFileSync(path.join(dist, "esm/schema.js"), "export {};\n");
writeFileSync(path.join(dist, "cjs/schema.cjs"), "module.exports = {};\n");
writeFileSync(path.join(dist, "esm/package.json"), '{ "type": "module" }\n');

runTool("tsc", ["-p", "tsconfig.build.json"]);
// tsc does not copy hand-made declaration inputs; openapi-typescript's output is one.
cpSync(path.join(root, "generated/schema.d.ts"), path.join(dist, "types/generated/schema.d.ts"));
// CJS consumers get the same declarations as .d.cts files whose relative imports point at .cjs.
const types = path.join(dist, "types");
const ctypes = path.join(dist, "types-cjs");
cpSync(types, ctypes, { recursive: true });
for (const file of walk(ctypes)) {
  if (!file.endsWith(".d.ts")) continue;
  const text = readFileSync(file, "utf8").replace(/(from\s+["']\.{1,2}\/[^"']+)\.js(["'])/g, "$1.cjs$2");
  writeFileSync(file, text);
  renameSync(file, file.replace(/\.d\.ts$/, ".d.cts"));
}
mkdirSync(path.join(dist, "cjs"), { recursive: true });
console.log("built dist/esm, dist/cjs, dist/types, dist/types-cjs");

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}
