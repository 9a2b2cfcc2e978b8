// A loopback-only node:http server (keep-alive) answering canned Authy responses for the four benchmarked
// operations, in JSON and XML. Every body is the 200 example of that operation in generated/openapi.json.
// Run as a child of bench/run.mjs: prints {"port":N} on stdout, exits when its parent's stdin closes.
import { readFileSync } from "node:fs";
import http from "node:http";

export const OPERATIONS = ["verifyToken", "getUserStatus", "createUser", "getApprovalRequest"];

/** [{ operationId, method, regex, json, xml }] from the spec: routes and bodies, nothing invented. */
export function cannedRoutes(specPath = new URL("../generated/openapi.json", import.meta.url)) {
  const spec = JSON.parse(readFileSync(specPath, "utf8"));
  const deref = (node) => {
    while (node && node.$ref) node = node.$ref.slice(2).split("/").reduce((o, k) => o[k], spec);
    return node;
  };
  const routes = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!OPERATIONS.includes(op?.operationId)) continue;
      const content = deref(op.responses["200"]).content;
      const example = (type) => deref(Object.values(content[type].examples)[0]).value;
      const pattern = path.replace(/\{format\}/, "(json|xml)").replace(/\{[^}]+\}/g, "[^/]+");
      routes.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        regex: new RegExp(`^${pattern}$`),
        json: Buffer.from(JSON.stringify(example("application/json"))),
        xml: Buffer.from(example("application/xml")),
      });
    }
  }
  if (routes.length !== OPERATIONS.length) throw new Error(`found ${routes.length} of ${OPERATIONS.length} operations`);
  return routes;
}

export function startServer(port = 0) {
  const routes = cannedRoutes();
  const notFound = Buffer.from(JSON.stringify({ message: "no canned response", success: false }));
  const server = http.createServer({ keepAlive: true }, (req, res) => {
    req.resume(); // drain any request body
    req.on("end", () => {
      const path = req.url.split("?")[0];
      for (const route of routes) {
        const m = route.method === req.method && route.regex.exec(path);
        if (!m) continue;
        const xml = m[1] === "xml";
        const body = xml ? route.xml : route.json;
        res.writeHead(200, {
          "Content-Type": xml ? "application/xml; charset=utf-8" : "application/json; charset=utf-8",
          "Content-Length": body.length,
        });
        return res.end(body);
      }
      res.writeHead(404, { "Content-Type": "application/json", "Content-Length": notFound.length });
      res.end(notFound);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startServer();
  process.stdout.write(JSON.stringify({ port: server.address().port }) + "\n");
  process.stdin.resume();
  process.stdin.on("end", () => process.exit(0));
  process.stdin.on("close", () => process.exit(0));
}
