// What loads when (issue 6): a fresh Node process (tsx for src/) imports src/index.ts, makes a JSON call through the
// real fetch against a loopback server answering the spec's examples, and a loader hook reports every module URL
// resolved. Importing loads neither the engine nor openapi-fetch; the first call loads both; the JSON path never
// loads the XML parser; then an XML call shows the parser IS loaded (so the test can fail).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const spec = JSON.parse(readFileSync(join(root, "generated/openapi.json"), "utf8"));
const expected = spec.components.examples.UserStatus.value;

it("importing loads no engine and no openapi-fetch; a JSON call loads both but never fast-xml-parser; an XML call does", () => {
  // Runs on the loader thread: posts each resolved URL to the main thread.
  const hook = `let port;
    export function initialize(data) { port = data.port; }
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      port.postMessage(resolved.url);
      return resolved;
    }`;
  const script = `
    import { register } from "node:module";
    import { MessageChannel } from "node:worker_threads";
    const { port1, port2 } = new MessageChannel();
    const seen = [];
    port1.on("message", (url) => seen.push(url));
    port1.unref();
    register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hook)}), { data: { port: port2 }, transferList: [port2] });
    const settle = () => new Promise((r) => setTimeout(r, 100));
    const fxp = () => seen.some((url) => url.includes("/fast-xml-parser/"));
    const decoder = () => seen.some((url) => url.endsWith("/src/xml.ts"));
    const engine = () => seen.some((url) => url.endsWith("/src/engine.ts"));
    const openapiFetch = () => seen.some((url) => url.includes("/openapi-fetch/"));
    const { startServer } = await import(${JSON.stringify(pathToFileURL(join(root, "bench/server.mjs")).href)});
    const server = await startServer();
    const baseUrl = "http://127.0.0.1:" + server.address().port;
    await settle();
    seen.length = 0;
    const { createAuthyClient } = await import(${JSON.stringify(pathToFileURL(join(root, "src/index.ts")).href)});
    await settle();
    const afterImport = { fxp: fxp(), decoderModule: decoder(), modules: seen.length, engine: engine(), openapiFetch: openapiFetch() };
    const json = createAuthyClient({ apiKey: "test-key", baseUrl, format: "json", retry: false });
    const jsonData = await json.getUserStatus({ authy_id: 290907 });
    await json.verifyToken({ token: "0123456", authy_id: 290907 });
    await settle();
    const afterJsonCall = { fxp: fxp(), engine: engine(), openapiFetch: openapiFetch() };
    const xml = createAuthyClient({ apiKey: "test-key", baseUrl, format: "xml", retry: false });
    const xmlData = await xml.getUserStatus({ authy_id: 290907 });
    await settle();
    const afterXmlCall = fxp();
    server.close();
    console.log(JSON.stringify({ afterImport, afterJsonCall, afterXmlCall, jsonData, xmlData }));
    process.exit(0);
  `;
  const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  const result = JSON.parse(out.trim().split("\n").pop()!);
  console.log(
    `[xml-lazy] modules resolved by importing src/index.ts: ${result.afterImport.modules}; ` +
      `src/xml.ts among them: ${result.afterImport.decoderModule} (it holds no parser; fast-xml-parser is imported on first decode)`,
  );
  expect({
    afterImport: { fxp: result.afterImport.fxp, engine: result.afterImport.engine, openapiFetch: result.afterImport.openapiFetch },
    afterJsonCall: result.afterJsonCall,
    fxpAfterXmlCall: result.afterXmlCall,
  }).toEqual({
    afterImport: { fxp: false, engine: false, openapiFetch: false },
    afterJsonCall: { fxp: false, engine: true, openapiFetch: true },
    fxpAfterXmlCall: true,
  });
  expect(result.jsonData).toEqual(expected);
  expect(result.xmlData).toEqual(expected);
});
