import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The first ts block after `heading` in a guide (default docs/callbacks.md), compiled as written and loaded as a
 * module, with `authy-openapi` pointing at the repository's src/ (what the published package builds from).
 */
export async function loadDocsExample(heading: string, guide = "docs/callbacks.md"): Promise<Record<string, unknown>> {
  const markdown = readFileSync(path.join(root, guide), "utf8");
  const after = markdown.slice(markdown.indexOf(`\n${heading}\n`));
  const code = /```ts\n([\s\S]*?)```/.exec(after)?.[1];
  if (!code || !after) throw new Error(`no ts block after ${heading}`);
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const dir = mkdtempSync(path.join(tmpdir(), "authy-docs-example-"));
  const file = path.join(dir, "example.mjs");
  writeFileSync(file, js.replace(/from "authy-openapi"/g, `from ${JSON.stringify(path.join(root, "src/index.ts"))}`));
  try {
    return (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
