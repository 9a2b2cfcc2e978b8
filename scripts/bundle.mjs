// npm run bundle: openapi/ (split by hand) -> generated/openapi.json (one file, deterministic, committed).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { root, runTool } from "./tools.mjs";

export const bundlePath = path.join(root, "generated", "openapi.json");
/** The local server's development API document, bundled beside its generated client. */
export const devBundlePath = path.join(root, "server", "generated", "dev-openapi.json");

/** Bundles the Authy spec (default) or, with `dev: true`, the server's development API (openapi/dev/). */
export function bundle({ dev = false } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "authy-bundle-"));
  try {
    const out = path.join(dir, "openapi.json");
    const source = dev ? "openapi/dev/openapi.yaml" : "openapi/openapi.yaml";
    runTool("redocly", ["bundle", source, "--ext", "json", "-o", out], { capture: true });
    const spec = JSON.parse(readFileSync(out, "utf8"));
    const note = `DO NOT EDIT. Bundled from ${path.dirname(source)}/ by \`npm run bundle\`.`;
    const text = `${JSON.stringify({ "x-generated": note, ...spec }, null, 2)}\n`;
    writeFileSync(dev ? devBundlePath : bundlePath, text);
    return spec;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  bundle();
  bundle({ dev: true });
  console.log(`bundled openapi/ -> ${path.relative(root, bundlePath)}, openapi/dev/ -> ${path.relative(root, devBundlePath)}`);
}
