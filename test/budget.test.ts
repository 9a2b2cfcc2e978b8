// Size budgets (issue 6), minified and gzipped at level 9, budgets in package.json "sizeBudget":
// - core: what importing createAuthyClient loads (tree-shaken, openapi-fetch included);
// - engine: the chunk a client's first call loads (runtime table, validation, transport, decoding);
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
  sizeBudget: { coreGzipBytes: number; coreTargetGzipBytes: number; engineGzipBytes: number; xmlDecoderGzipBytes: number };
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
  const visit = (name: string) => {
    if (eager.has(name)) return;
    eager.add(name);
    for (const imp of outputs[name]!.imports) if (imp.kind === "import-statement" && !imp.external) visit(imp.path);
  };
  visit(entry);
  const lazy = Object.keys(outputs).filter((name) => name.endsWith(".js") && !eager.has(name));
  return { eager: [...eager], lazy, files, metafile: result.metafile };
}

function gzipOf(split: Split, names: string[]): number {
  return names.reduce((sum, name) => sum + gz(split.files.get(name)!.contents), 0);
}

function inputsOf(split: Split, names: string[]): string[] {
  return names.flatMap((name) => Object.keys(split.metafile.outputs[name]!.inputs));
}

describe("size budgets (package.json sizeBudget)", () => {
  it(`core entry (createAuthyClient + openapi-fetch, no XML) is at most ${budget.coreGzipBytes} bytes gzipped`, async () => {
    const split = await bundle(true);
    const core = gzipOf(split, split.eager);
    const inputs = inputsOf(split, split.eager);
    console.log(
      `[budget] core entry: ${core} B gzip (level 9), ${split.eager.length} file(s), ` +
        `budget ${budget.coreGzipBytes} B, target ${budget.coreTargetGzipBytes} B${core > budget.coreTargetGzipBytes ? " (above the target)" : ""}`,
    );
    // What a JSON user loads holds no XML code: neither the decoder nor fast-xml-parser.
    expect.soft(core).toBeLessThanOrEqual(budget.coreGzipBytes);
    expect.soft(inputs.filter((input) => /src\/xml\.ts$|fast-xml-parser/.test(input))).toEqual([]);
    expect(inputs.some((input) => input.includes("openapi-fetch"))).toBe(true);
  });

  it(`engine chunk (loaded by the first call) is at most ${budget.engineGzipBytes} bytes gzipped, with no XML code`, async () => {
    const split = await bundle(true);
    const engine = split.lazy.filter((name) => inputsOf(split, [name]).some((input) => input.endsWith("src/engine.ts")));
    expect(engine).toHaveLength(1);
    const size = gzipOf(split, engine);
    console.log(`[budget] engine chunk: ${size} B gzip (level 9), budget ${budget.engineGzipBytes} B`);
    expect(inputsOf(split, engine).filter((input) => /src\/xml\.ts$|fast-xml-parser/.test(input))).toEqual([]);
    expect(size).toBeLessThanOrEqual(budget.engineGzipBytes);
  });

  it(`XML decoder (src/xml.ts + fast-xml-parser) is at most ${budget.xmlDecoderGzipBytes} bytes gzipped`, async () => {
    const split = await bundle(false);
    const xmlChunks = split.lazy.filter((name) =>
      inputsOf(split, [name]).some((input) => /src\/xml\.ts$|fast-xml-parser/.test(input)),
    );
    const xml = gzipOf(split, xmlChunks);
    console.log(`[budget] XML decoder: ${xml} B gzip (level 9), ${xmlChunks.length} lazy file(s), budget ${budget.xmlDecoderGzipBytes} B`);
    expect(inputsOf(split, xmlChunks).some((input) => input.includes("fast-xml-parser"))).toBe(true);
    expect(xml).toBeLessThanOrEqual(budget.xmlDecoderGzipBytes);
  });
});
