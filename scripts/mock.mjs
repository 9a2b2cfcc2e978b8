// npm run mock: only the Prism mock of the Authy API, on 127.0.0.1:$MOCK_PORT (default 4010), until Ctrl-C.
// Bundles the spec first when generated/openapi.json is missing.
import { existsSync } from "node:fs";
import path from "node:path";
import { defaultSpecPath } from "./docs.mjs";
import { startPrism } from "./prism.mjs";
import { portFromEnv } from "./servers.mjs";
import { root } from "./tools.mjs";

async function main() {
  const port = portFromEnv("MOCK_PORT", 4010);
  if (!existsSync(defaultSpecPath)) {
    const { bundle } = await import("./bundle.mjs");
    bundle();
  }
  let prism;
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    await prism?.stop();
    process.exit(code);
  };
  // `on`, not `once`: Ctrl-C in a terminal arrives twice (terminal and npm); see start.mjs for `exec`.
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));
  prism = await startPrism({
    spec: path.relative(root, defaultSpecPath),
    port,
    handleSignals: false,
    onExit: (code, signal) => {
      console.error(`the Prism mock stopped (${signal ?? `exit code ${code}`})`);
      process.exit(1);
    },
  });
  console.log(`Authy API mock at ${prism.url} (Prism, pid ${prism.pid}). Any non-empty API key works:

  createAuthyClient({ apiKey: "any-key", baseUrl: "${prism.url}" })
  curl -H "X-Authy-API-Key: any-key" ${prism.url}/protected/json/app/details

Press Ctrl-C to stop.`);
}

main().catch((error) => {
  console.error(`npm run mock: ${error.message}\nIs port ${process.env.MOCK_PORT || 4010} free? Set MOCK_PORT to use another port.`);
  process.exit(1);
});
