// Size budgets (issue 6), minified and gzipped at level 9, budgets in package.json "sizeBudget":
// - core entry: what importing createAuthyClient loads (tree-shaken), plus openapi-fetch, which the first call or
//   `raw` loads: the "core entry, openapi-fetch included";
// - first JSON call: everything a JSON call has loaded once it returns: the entry and the engine chunk (openapi-fetch,
//   the runtime table, validation, transport, decoding); reported beside the core entry so the engine cannot hide;
// - XML decoder: src/xml.ts with fast-xml-parser, loaded only by an XML response.
import { readFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Metafile, type OutputFile } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const budget = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  sizeBudget: { coreGzipBytes: number; coreTargetGzipBytes: number; firstJsonCallGzipBytes: number; xmlDecoderGzipBytes: number };
}).sizeBudget;
const outdir = mkdtempSync(join(tmpdir(), "authy-budget-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const gz = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;

interface Split {
  /** Output files loaded by importing the entry: the entry chunk and every chunk it imports statically. */
  eager: string[];
  /** Output files reachable only through a dynamic import(). */
  lazy: string[];
  files: Map<string, OutputFile>;
  metafile: Metafile;
}

async function bundle(externalFxp: boolean): Promise<Split> {
  const result = await build({
    stdin: {
      contents: `export { createAuthyClient } from ${JSON.stringify(join(root, "src/index.ts"))};`,
      resolveDir: root,
      sourcefile: "core-entry.ts",
      loader: "ts",
    },
    bundle: true,
    minify: true,
    keepNames: true, // as scripts/build.mjs ships it
    treeShaking: true,
    format: "esm",
    splitting: true,
    platform: "neutral",
    target: "es2022",
    mainFields: ["module", "main"],
    external: externalFxp ? ["fast-xml-parser"] : [],
    outdir,
    entryNames: "core",
    chunkNames: "[name]-[hash]",
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const files = new Map(result.outputFiles.map((f) => [relative(process.cwd(), f.path), f]));
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((name) => outputs[name]!.entryPoint !== undefined)!;
  const eager = new Set<string>();
  staticClosure(result.metafile, entry, eager);
  const lazy = Object.keys(outputs).filter((name) => name.endsWith(".js") && !eager.has(name));
  return { eager: [...eager], lazy, files, metafile: result.metafile };
}

/** `name` and every output file it imports statically, transitively: what loading `name` loads. */
function staticClosure(metafile: Metafile, name: string, into = new Set<string>()): Set<string> {
  if (into.has(name)) return into;
  into.add(name);
  for (const imp of metafile.outputs[name]!.imports) {
    if (imp.kind === "import-statement" && !imp.external) staticClosure(metafile, imp.path, into);
  }
  return into;
}

function gzipOf(split: Split, names: string[]): number {
  return names.reduce((sum, name) => sum + gz(split.files.get(name)!.contents), 0);
}

function inputsOf(split: Split, names: string[]): string[] {
  return names.flatMap((name) => Object.keys(split.metafile.outputs[name]!.inputs));
}

async function openapiFetchAlone(): Promise<number> {
  const result = await build({
    stdin: { contents: `export { default } from "openapi-fetch";`, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  return gz(result.outputFiles[0]!.contents);
}

const isXml = (input: string) => /src\/xml\.ts$|fast-xml-parser/.test(input);

describe("size budgets (package.json sizeBudget)", () => {
  it(`core entry (createAuthyClient tree-shaken, plus openapi-fetch) is at most ${budget.coreGzipBytes} bytes gzipped`, async () => {
    const split = await bundle(true);
    const entry = gzipOf(split, split.eager);
    const inputs = inputsOf(split, split.eager);
    const openapiFetch = await openapiFetchAlone();
    const core = entry + openapiFetch;
    console.log(
      `[budget] core entry: ${core} B gzip (level 9) = entry ${entry} B in ${split.eager.length} file(s) + openapi-fetch ${openapiFetch} B; ` +
        `budget ${budget.coreGzipBytes} B, target ${budget.coreTargetGzipBytes} B${core > budget.coreTargetGzipBytes ? " (above the target)" : ""}`,
    );
    // Importing the package loads neither the engine (openapi-fetch included) nor any XML code.
    expect.soft(inputs.filter((input) => isXml(input) || /openapi-fetch|src\/engine\.ts$/.test(input))).toEqual([]);
    expect(core).toBeLessThanOrEqual(budget.coreGzipBytes);
  });

  it(`a first JSON call loads at most ${budget.firstJsonCallGzipBytes} bytes gzipped in all, and no XML code`, async () => {
    const split = await bundle(true);
    const engine = split.lazy.filter((name) => inputsOf(split, [name]).some((input) => input.endsWith("src/engine.ts")));
    expect(engine).toHaveLength(1);
    // The engine chunk and whatever it imports statically that importing the package did not already load.
    const loadedByCall = [...staticClosure(split.metafile, engine[0]!)].filter((name) => !split.eager.includes(name));
    expect(inputsOf(split, loadedByCall).some((input) => input.includes("openapi-fetch"))).toBe(true);
    expect(inputsOf(split, loadedByCall).filter(isXml)).toEqual([]);
    const total = gzipOf(split, [...split.eager, ...loadedByCall]);
    console.log(
      `[budget] first JSON call: ${total} B gzip (level 9) = entry ${gzipOf(split, split.eager)} B + engine ${gzipOf(split, loadedByCall)} B ` +
        `in ${loadedByCall.length} lazy file(s); budget ${budget.firstJsonCallGzipBytes} B`,
    );
    expect(total).toBeLessThanOrEqual(budget.firstJsonCallGzipBytes);
  });

  it(`XML decoder (src/xml.ts + fast-xml-parser) is at most ${budget.xmlDecoderGzipBytes} bytes gzipped`, async () => {
    const split = await bundle(false);
    const xmlChunks = split.lazy.filter((name) => inputsOf(split, [name]).some(isXml));
    const xml = gzipOf(split, xmlChunks);
    console.log(`[budget] XML decoder: ${xml} B gzip (level 9), ${xmlChunks.length} lazy file(s), budget ${budget.xmlDecoderGzipBytes} B`);
    expect(inputsOf(split, xmlChunks).some((input) => input.includes("fast-xml-parser"))).toBe(true);
    expect(xml).toBeLessThanOrEqual(budget.xmlDecoderGzipBytes);
  });
});
