// One import-cost sample for `npm run bench` (bench/run.mjs): `node scripts/import-probe.mjs <kind> <specifier>
// <fromDir> [<verifyTokenBody>]`. It lives here, inside this package's scope with no package.json of its own, so
// that `import("authy-openapi")` resolves by name through the package's self-reference, as a user's import does;
// CommonJS subjects are required from <fromDir> (bench/ for the peers). Kinds: "import", "require", and
// "first-call": import this package, create a client and make one verifyToken call answered in memory (what a cold
// start pays before its first answer: import, the engine chunk, openapi-fetch, one unoptimised call). Prints wall
// ms and CPU ms of the measured span.
import { createRequire } from "node:module";
import path from "node:path";

const [kind, specifier, fromDir, body] = process.argv.slice(2);
const requireFrom = createRequire(path.join(fromDir, "package.json"));

// Node loads its fetch implementation (undici, some 40 ms here) on first use of Response; every fetch-based client
// pays that the same, so it is paid before the measured span.
if (kind === "first-call") new Response("");
const cpu0 = process.cpuUsage();
const t0 = performance.now();
if (kind === "import") {
  await import(specifier);
} else if (kind === "require") {
  requireFrom(specifier);
} else if (kind === "first-call") {
  const { createAuthyClient } = await import(specifier);
  const fetch = async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } });
  const authy = createAuthyClient({ apiKey: "import-probe-key", baseUrl: "http://127.0.0.1:1", fetch, retry: false });
  await authy.verifyToken({ token: "0123456", authy_id: 290907 });
} else {
  throw new Error(`unknown kind ${kind}`);
}
const t1 = performance.now();
const cpu = process.cpuUsage(cpu0);
console.log(t1 - t0, (cpu.user + cpu.system) / 1000);
