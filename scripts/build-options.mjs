// The esbuild settings of the published build (scripts/build.mjs), shared with `npm run bench`, which builds a
// variant without kept names to report what keeping them costs.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { root } from "./tools.mjs";

/** True when dist/ exists and is newer than every file of src/ and generated/ (what it is built from). */
export function distIsFresh() {
  const built = path.join(root, "dist/esm/index.js");
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  const newer = (dir) =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? newer(full) : statSync(full).mtimeMs > builtAt;
    });
  return !["src", "generated"].some((dir) => newer(path.join(root, dir)));
}

/** Options of both builds; `keepNames: false` only for the bench's comparison. */
export function esbuildOptions({ keepNames = true } = {}) {
  return {
    entryPoints: { index: path.join(root, "src/index.ts") },
    bundle: true,
    platform: "neutral",
    target: "es2022",
    external: ["openapi-fetch", "fast-xml-parser"],
    minify: true,
    // Class and function names survive minification: errors print as `AuthyApiError: …` and stack frames name the
    // function (npm run bench reports what this costs in size and import time).
    keepNames,
    logLevel: "warning",
  };
}

/** The ESM build (split: the engine, the XML decoder and the callback verifiers load on first use) into `outdir`. */
export async function buildEsm(outdir, options) {
  await build({ ...options, format: "esm", splitting: true, outdir, chunkNames: "[name]-[hash]" });
  if (options.keepNames) inlineNameHelperChunk(outdir);
}

/**
 * `import x from "pkg"` of a CommonJS package that sets `__esModule` means `exports.default` (what TypeScript and
 * bundlers read), but esbuild compiles it with Node's ESM semantics (our sources are `"type": "module"`), which
 * take the whole `module.exports` as the default. In the CJS build the default import is rewritten to `.default`.
 */
export function cjsDefaultImport(pkg) {
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
export function inlineNameHelperChunk(dir) {
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

