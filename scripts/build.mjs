// npm run build: dist/ with an ESM and a CJS build of src/ (openapi-fetch and fast-xml-parser stay external;
// the XML decoder is its own chunk, loaded only when XML is used) and declarations for both.
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { root, runTool } from "./tools.mjs";

const dist = path.join(root, "dist");
rmSync(dist, { recursive: true, force: true });
const shared = {
  entryPoints: { index: path.join(root, "src/index.ts") },
  bundle: true,
  platform: "neutral",
  target: "es2022",
  external: ["openapi-fetch", "fast-xml-parser"],
  minify: true,
  // Class and function names survive minification: errors print as `AuthyApiError: …` and stack frames name the
  // function (npm run bench reports what this costs in size and import time).
  keepNames: true,
  logLevel: "warning",
};
await build({ ...shared, format: "esm", splitting: true, outdir: path.join(dist, "esm"), chunkNames: "[name]-[hash]" });
await build({
  ...shared,
  format: "cjs",
  outdir: path.join(dist, "cjs"),
  outExtension: { ".js": ".cjs" },
  plugins: [cjsDefaultImport("openapi-fetch")],
});
inlineNameHelperChunk(path.join(dist, "esm"));
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

/**
 * `import x from "pkg"` of a CommonJS package that sets `__esModule` means `exports.default` (what TypeScript and
 * bundlers read), but esbuild compiles it with Node's ESM semantics (our sources are `"type": "module"`), which
 * take the whole `module.exports` as the default. In the CJS build the default import is rewritten to `.default`.
 */
function cjsDefaultImport(pkg) {
  const filter = new RegExp(`^${pkg}$`);
  return {
    name: "cjs-default-import",
    setup(b) {
      b.onResolve({ filter }, (args) =>
        args.kind === "require-call" ? { path: pkg, external: true } : { path: pkg, namespace: "cjs-default-import" },
      );
      b.onLoad({ filter: /.*/, namespace: "cjs-default-import" }, () => ({
        contents: `export default require(${JSON.stringify(pkg)}).default;`,
        loader: "js",
      }));
    },
  };
}

/**
 * keepNames makes esbuild put its one-line `__name` helper in a chunk of its own, which every chunk imports: one
 * more file to load on import (the cost of an import is mostly per file). Each importer gets its own copy instead.
 */
function inlineNameHelperChunk(dir) {
  const helper = /^var (\w+)=Object\.defineProperty;var (\w+)=\(\w+,\w+\)=>\1\(\w+,"name",\{value:\w+,configurable:!0\}\);export\{\2 as (\w+)\};\n$/;
  const chunks = readdirSync(dir).filter((name) => name.endsWith(".js") && helper.test(readFileSync(path.join(dir, name), "utf8")));
  if (chunks.length !== 1) throw new Error(`expected one __name helper chunk in ${dir}, found ${chunks.length}`);
  const [chunk] = chunks;
  const exported = helper.exec(readFileSync(path.join(dir, chunk), "utf8"))[3];
  // `import{a as s}from"./chunk-X.js";`, or `import{a}from"./chunk-X.js";` when the local name is the same
  const importOf = new RegExp(`import\\{${exported}(?: as (\\w+))?\\}from"\\./${chunk.replace(".", "\\.")}";`);
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".js") && n !== chunk)) {
    const file = path.join(dir, name);
    const text = readFileSync(file, "utf8");
    if (!text.includes(`"./${chunk}"`)) continue;
    const replaced = text.replace(importOf, (_, local = exported) => `var ${local}=(e,t)=>Object.defineProperty(e,"name",{value:t,configurable:!0});`);
    if (replaced.includes(`"./${chunk}"`)) throw new Error(`${name} imports ${chunk} in a way the build does not rewrite`);
    writeFileSync(file, replaced);
  }
  rmSync(path.join(dir, chunk));
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}
