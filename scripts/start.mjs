// npm start: builds what is missing, then serves the docs, the local Authy-compatible server (server/) and a Prism
// mock of the Authy API until Ctrl-C.
//
//   DOCS_PORT    port of the docs server        (default 8080)
//   SERVER_PORT  port of the local Authy server (default 4011; data in .authy-server/)
//   MOCK_PORT    port of the Prism mock         (default 4010)
//
// Arguments after `--` go to the server (`npm start -- --memory`, `--seed seed.json`, `--test-number ...`).
// All listen on 127.0.0.1 only. SIGINT/SIGTERM stop all three and exit 0; if Prism or the server dies, everything
// stops and the exit code is 1. package.json runs it with `exec`, so that this process is the one npm forwards a signal to
// (without it npm signals its `sh -c`, which dies and leaves this process and Prism running).
import { existsSync } from "node:fs";
import path from "node:path";
import { buildDocs, defaultSpecPath, docsAreFresh, docsDir } from "./docs.mjs";
import { startPrism } from "./prism.mjs";
import { HOST, portFromEnv, startStaticServer } from "./servers.mjs";
import { root } from "./tools.mjs";

const specPath = defaultSpecPath;
const rel = (p) => path.relative(root, p);

async function main() {
  const docsPort = portFromEnv("DOCS_PORT", 8080);
  const mockPort = portFromEnv("MOCK_PORT", 4010);
  const serverPort = portFromEnv("SERVER_PORT", 4011);
  // The server's own command line (its flags, checks and defaults: --data .authy-server), run in this process.
  const { loadServerModule } = await import("../server/bin/load.mjs");
  const cli = await loadServerModule("cli");
  let serverOptions;
  try {
    const parsed = cli.parseCommandLine(["--port", String(serverPort), ...process.argv.slice(2)], process.env);
    if (!("options" in parsed)) {
      console.log(cli.USAGE);
      return;
    }
    serverOptions = parsed.options;
  } catch (error) {
    throw new Error(`${error.message}\n\n${cli.USAGE}`);
  }

  if (!existsSync(specPath)) {
    console.log(`${rel(specPath)} is missing: bundling the spec`);
    const { bundle } = await import("./bundle.mjs");
    bundle();
  }
  if (!docsAreFresh(specPath)) {
    console.log(`building the docs into ${rel(docsDir)}/`);
    buildDocs({ specPath });
  }

  let docs;
  let prism;
  let server;
  let shuttingDown = false;
  const shutdown = async (exitCode, why) => {
    if (shuttingDown) return;
    shuttingDown = true;
    if (why) console.log(why);
    await Promise.allSettled([prism?.stop(), docs?.close(), server?.close()]);
    process.exit(exitCode);
  };
  // `on`, not `once`: a terminal's Ctrl-C reaches this process twice (from the terminal and forwarded by npm),
  // and a second signal must not end it before both servers are stopped.
  process.on("SIGINT", () => shutdown(0, "\nstopping (SIGINT)"));
  process.on("SIGTERM", () => shutdown(0, "stopping (SIGTERM)"));

  try {
    docs = await startStaticServer({ dir: docsDir, port: docsPort });
  } catch (error) {
    throw new Error(`cannot serve the docs on ${HOST}:${docsPort} (${error.code ?? error.message}); set DOCS_PORT to another port`);
  }
  try {
    prism = await startPrism({
      spec: rel(specPath),
      port: mockPort,
      handleSignals: false,
      onExit: (code, signal) => shutdown(1, `the Prism mock stopped (${signal ?? `exit code ${code}`}); stopping the docs server`),
      log: (line) => process.stdout.write(`mock | ${line}\n`),
    });
  } catch (error) {
    await docs.close();
    throw new Error(`${error.message}\nIs port ${mockPort} free? Set MOCK_PORT to use another port.`);
  }
  try {
    const { startAuthyServer } = await import("../server/bin/index.mjs");
    server = await startAuthyServer({ ...serverOptions, log: (line) => process.stdout.write(`server | ${line}\n`) });
  } catch (error) {
    await Promise.allSettled([prism.stop(), docs.close()]);
    throw new Error(`the local Authy server did not start: ${error.message}${error.name === "AuthyServerStartError" && /listen/.test(error.message) ? "\nSet SERVER_PORT to use another port." : ""}`);
  }
  const where = serverOptions.memory ? "in memory, nothing kept" : `data in ${path.relative(root, serverOptions.dataDir) || serverOptions.dataDir}/`;

  const mockUrl = prism.url;
  console.log(`
Authy API docs       ${docs.url}/              (guides: ${docs.url}/quickstart.html)
Local Authy server   ${server.url}   (real users and codes, ${where}; API key ${server.apiKey})
  codes it "sent"    ${server.url}/__dev/      (the development page; the dev API is ${server.url}/__dev/...)
Authy API mock       ${mockUrl}   (Prism, pid ${prism.pid}, answers with the spec's examples)

Run a real flow against the local server (npm run example does):

  const authy = createAuthyClient({ apiKey: "${server.apiKey}", baseUrl: "${server.url}" });

Point the client at the mock (any non-empty API key works):

  import { createAuthyClient } from "authy-openapi";
  const authy = createAuthyClient({ apiKey: "any-key", baseUrl: "${mockUrl}" });
  await authy.verifyToken({ token: "0123456", authy_id: 1000 });

or call it directly:

  curl -H "X-Authy-API-Key: any-key" ${mockUrl}/protected/json/app/details

Add "Prefer: code=401" (or example=<name>) to a request for another documented response.
Ports: DOCS_PORT=${docs.url.split(":").pop()} SERVER_PORT=${new URL(server.url).port} MOCK_PORT=${mockPort}. Press Ctrl-C to stop all three.
`);
}

main().catch((error) => {
  console.error(`npm start: ${error.message}`);
  process.exit(1);
});
