// npm run bundle: openapi/ (split by hand) -> generated/openapi.json (one file, deterministic, committed).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { root, runTool } from "./tools.mjs";

export const bundlePath = path.join(root, "generated", "openapi.json");

export function bundle() {
  const dir = mkdtempSync(path.join(tmpdir(), "authy-bundle-"));
  try {
    const out = path.join(dir, "openapi.json");
    runTool("redocly", ["bundle", "openapi/openapi.yaml", "--ext", "json", "-o", out], { capture: true });
    const spec = JSON.parse(readFileSync(out, "utf8"));
    const text = `${JSON.stringify({ "x-generated": "DO NOT EDIT. Bundled from openapi/ by `npm run bundle`.", ...spec }, null, 2)}\n`;
    writeFileSync(bundlePath, text);
    return spec;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  bundle();
  console.log(`bundled openapi/ -> ${path.relative(root, bundlePath)}`);
}
