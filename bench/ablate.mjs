// Where the client's per-request cost goes: builds variants of src/ with one feature switched off each (in temporary
// copies; src/ is never touched), then runs bare openapi-fetch and every variant against the loopback benchmark
// server, each in its own process (bench/subject-worker.mjs), interleaved over rounds. `node bench/ablate.mjs`
// ABLATE_ROUNDS (default 7) sets the rounds, ABLATE_REQUESTS the requests per batch.
import { fork, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(benchDir);
const ROUNDS = Number(process.env.ABLATE_ROUNDS ?? 7);
// ABLATE_REQUESTS: requests per batch at both levels (a smoke run: `ABLATE_ROUNDS=1 ABLATE_REQUESTS=64`).
const REQUESTS = process.env.ABLATE_REQUESTS ? Number(process.env.ABLATE_REQUESTS) : undefined;
const LEVELS = [
  [1, REQUESTS ?? 1500],
  [32, REQUESTS ?? 5000],
];

/** Each variant: [file, exact text, replacement]; a patch that no longer applies stops the run (src changed). */
const VARIANTS = {
  "client as is": [],
  "no response validation": [["src/engine.ts", `const problem = findSchemaViolation(op.result, data, "");`, "const problem = undefined as [string, string] | undefined;"]],
  "no input validation": [["src/engine.ts", "const problem = findSchemaViolation(field.schema, value, field.name);", "const problem = undefined as [string, string] | undefined;"]],
  "no timeout (no timer, no signal to fetch)": [
    ["src/transport.ts", "const timer = setTimeout(abort, options.timeoutMs, TIMEOUT);", "const timer = undefined;"],
    ["src/transport.ts", "      signal: controller.signal,\n", ""],
  ],
};

const temp = mkdtempSync(path.join(tmpdir(), "authy-ablate-"));
const modules = {};
for (const [name, patches] of Object.entries(VARIANTS)) {
  const dir = path.join(temp, name.replace(/\W+/g, "-"));
  cpSync(path.join(root, "src"), path.join(dir, "src"), { recursive: true });
  cpSync(path.join(root, "generated"), path.join(dir, "generated"), { recursive: true });
  for (const [file, search, replace] of patches) {
    const full = path.join(dir, file);
    const text = readFileSync(full, "utf8");
    if (!text.includes(search)) throw new Error(`${name}: patch no longer applies to ${file}: ${search}`);
    writeFileSync(full, text.replace(search, replace));
  }
  // The same esbuild options as scripts/build.mjs.
  await build({
    entryPoints: [path.join(dir, "src/index.ts")], bundle: true, minify: true, format: "esm", splitting: true, platform: "neutral",
    target: "es2022", external: ["openapi-fetch", "fast-xml-parser"], outdir: path.join(dir, "out"), logLevel: "error",
  });
  writeFileSync(path.join(dir, "out/package.json"), '{ "type": "module" }\n');
  // Bare specifiers (openapi-fetch) resolve from the project's node_modules.
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  modules[name] = pathToFileURL(path.join(dir, "out/index.js")).href;
}

const server = spawn(process.execPath, [path.join(benchDir, "server.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
const port = await new Promise((resolve) => server.stdout.once("data", (d) => resolve(JSON.parse(String(d).split("\n")[0]).port)));
const base = `http://127.0.0.1:${port}`;
const names = ["bare openapi-fetch", ...Object.keys(VARIANTS)];
const workers = {};
for (const name of names) {
  const args = name === "bare openapi-fetch" ? ["openapi-fetch", base] : ["authy-openapi json", base, modules[name]];
  const child = fork(path.join(benchDir, "subject-worker.mjs"), args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  await new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`${name}: worker exited ${code}`)));
  });
  workers[name] = child;
}
const run = (name, c, n) => new Promise((resolve) => {
  workers[name].once("message", resolve);
  workers[name].send({ c, n });
});

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = Object.fromEntries(LEVELS.map(([c]) => [c, Object.fromEntries(names.map((n) => [n, []]))]));
for (const name of names) for (const [c, n] of LEVELS) await run(name, c, n); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  const order = names.map((_, i) => names[(i + round) % names.length]);
  for (const [c, n] of LEVELS) for (const name of order) {
    const r = await run(name, c, n);
    results[c][name].push({ cpuUs: r.cpuUs, wallUs: (r.wall * 1000) / n });
  }
}
for (const child of Object.values(workers)) child.send({ exit: true });
server.kill();
rmSync(temp, { recursive: true, force: true });

console.log(`Loopback server, each subject in its own process, ${ROUNDS} rounds; medians per request, ratios paired per round.\n`);
console.log("| variant | c | CPU µs | wall µs | CPU / openapi-fetch | wall / openapi-fetch |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const [c] of LEVELS) {
  const ref = results[c]["bare openapi-fetch"];
  for (const name of names) {
    const r = results[c][name];
    const ratio = (key) => median(r.map((x, i) => x[key] / ref[i][key])).toFixed(3);
    console.log(`| ${name} | ${c} | ${median(r.map((x) => x.cpuUs)).toFixed(0)} | ${median(r.map((x) => x.wallUs)).toFixed(0)} | ${ratio("cpuUs")} | ${ratio("wallUs")} |`);
  }
}
process.exit(0);
