// Loads one of the server's entry modules: the esbuild bundle in dist/ when the package was packed (npm pack runs
// prepack), otherwise the TypeScript source through tsx, scoped to these modules so the host process is unaffected.
import { existsSync } from "node:fs";

export async function loadServerModule(name) {
  const bundled = new URL(`../dist/${name}.mjs`, import.meta.url);
  if (existsSync(bundled)) return import(bundled.href);
  const { tsImport } = await import("tsx/esm/api");
  return tsImport(new URL(`../src/${name}.ts`, import.meta.url).href, import.meta.url);
}
