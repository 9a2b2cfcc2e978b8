// npm run example: runs examples/quickstart.ts (the README's Quick start) against the local Authy server that
// `npm start` or `npm run server` serves on 127.0.0.1:$SERVER_PORT (default 4011). The example imports "authy-openapi" by name, as a
// user's project does, which resolves to dist/: built first when missing or older than the sources.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { distIsFresh } from "./build-options.mjs";
import { isListening } from "./prism.mjs";
import { portFromEnv } from "./servers.mjs";
import { root } from "./tools.mjs";

async function main() {
  const port = portFromEnv("SERVER_PORT", 4011);
  if (!(await isListening(port))) {
    throw new Error(`no local Authy server on 127.0.0.1:${port}: start it in another terminal with \`npm start\` (or \`npm run server\`), then run this again`);
  }
  if (!distIsFresh()) {
    console.log("building dist/ (the example imports the package by name)");
    const build = spawnSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  const run = spawnSync(process.execPath, ["--import", "tsx", "examples/quickstart.ts"], { cwd: root, stdio: "inherit" });
  process.exitCode = run.status ?? 1;
}

main().catch((error) => {
  console.error(`npm run example: ${error.message}`);
  process.exitCode = 1;
});
