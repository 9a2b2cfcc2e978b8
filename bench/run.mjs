// npm run bench: the client against the raw-fetch floor, bare openapi-fetch and the two existing Node clients,
// in one run, interleaved and repeated, on a local keep-alive server; then import cost and installed size.
// Writes bench/RESULTS.md. Bounded: ROUNDS x subjects x (N1 + N32) requests; BENCH_QUICK=1 for a smoke run.
import { execFileSync, fork, spawn } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { performance } from "node:perf_hooks";
import { writeClientSection } from "./results-file.mjs";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const rootDir = path.dirname(benchDir);
// BENCH_SMOKE=1: does the benchmark run? Seconds, no peers, figures not worth quoting (what `npm test` runs).
const smoke = process.env.BENCH_SMOKE === "1";
const quick = smoke || process.env.BENCH_QUICK === "1";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (smoke ? 1 : quick ? 2 : 10));
const N1 = Number(process.env.BENCH_N1 ?? (smoke ? 10 : quick ? 100 : 1000)); // requests per subject per round at concurrency 1
const N32 = Number(process.env.BENCH_N32 ?? (smoke ? 32 : quick ? 320 : 3200)); // ... at concurrency 32
const IMPORT_RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? (smoke ? 1 : quick ? 10 : 21));
const started = performance.now();
const loadStart = os.loadavg().map((v) => v.toFixed(2)).join(" ");
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const median = (values) => quantile([...values].sort((a, b) => a - b), 0.5);
const log = (...args) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s]`, ...args);

// ---- setup: peers and dist ----
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
// BENCH_PEERS=0 (and BENCH_SMOKE=1) leaves out the old clients (authy-client, authy): nothing to install from the registry.
const withPeers = !smoke && process.env.BENCH_PEERS !== "0";
const PEERS = ["authy-client@1.1.4", "authy@1.4.0"];
const isPeer = (name) => PEERS.includes(name);
if (withPeers && (!existsSync(path.join(benchDir, "node_modules/authy-client")) || !existsSync(path.join(benchDir, "node_modules/authy")))) {
  log("installing the peers into bench/node_modules");
  execFileSync(npm, ["ci", "--prefix", benchDir, "--no-audit", "--no-fund"], { stdio: ["ignore", "inherit", "inherit"] });
}
// Always measure the current source: build dist first (a smoke run only when it is stale).
const { buildEsm, distIsFresh, esbuildOptions } = await import("../scripts/build-options.mjs");
if (!smoke || !distIsFresh()) {
  log("building dist");
  execFileSync(npm, ["run", "-s", "build"], { cwd: rootDir, stdio: ["ignore", "inherit", "inherit"] });
}
const { importTargets, SUBJECT_NAMES } = await import("./subjects.mjs");
const subjectNames = SUBJECT_NAMES.filter((name) => withPeers || !isPeer(name));

// What keeping class and function names costs (the build keeps them for readable errors and stack frames): the
// same ESM build without keepNames, measured beside the shipped one.
const noNamesDir = mkdtempSync(path.join(os.tmpdir(), "authy-bench-esm-without-names-"));
process.on("exit", () => rmSync(noNamesDir, { recursive: true, force: true }));
await buildEsm(noNamesDir, esbuildOptions({ keepNames: false }));
writeFileSync(path.join(noNamesDir, "package.json"), '{ "type": "module" }\n');
const NO_NAMES = "authy-openapi (ESM) without kept names, by path";
const SHIPPED_BY_PATH = "authy-openapi (ESM) as shipped, by path";
const { cannedRoutes } = await import("./server.mjs");

// ---- import cost, first (the machine is quiet: nothing else of the benchmark runs yet): a fresh node process per
// sample, timed in-process, processes interleaved ----
log("import cost");
const targets = [
  ...importTargets().filter((t) => withPeers || !isPeer(t.name)),
  // The names comparison loads both builds the same way, by file URL (no package resolution).
  { name: SHIPPED_BY_PATH, kind: "import", specifier: pathToFileURL(path.join(rootDir, "dist/esm/index.js")).href, cwd: rootDir },
  { name: NO_NAMES, kind: "import", specifier: pathToFileURL(path.join(noNamesDir, "index.js")).href, cwd: rootDir },
];
const importTimes = Object.fromEntries(targets.map((t) => [t.name, []]));
const importCpu = Object.fromEntries(targets.map((t) => [t.name, []]));
const probe = path.join(rootDir, "scripts/import-probe.mjs");
const verifyTokenBody = String(cannedRoutes().find((r) => r.operationId === "verifyToken").json);
for (let i = 0; i < IMPORT_RUNS; i++) {
  for (const t of i % 2 ? [...targets].reverse() : targets) {
    const out = execFileSync(process.execPath, [probe, t.kind, t.specifier, t.cwd, verifyTokenBody], { cwd: t.cwd, encoding: "utf8" });
    const [wall, cpu] = out.trim().split("\n").pop().split(" ").map(Number);
    importTimes[t.name].push(wall);
    importCpu[t.name].push(cpu);
  }
}
const importMedian = Object.fromEntries(Object.entries(importTimes).map(([k, v]) => [k, median(v)]));

// ---- the server, in its own process (2 cores: one for it, one for the clients) ----
const server = spawn(process.execPath, [path.join(benchDir, "server.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
const port = await new Promise((resolve, reject) => {
  let buf = "";
  server.stdout.on("data", (d) => {
    buf += d;
    if (buf.includes("\n")) resolve(JSON.parse(buf.split("\n")[0]).port);
  });
  server.on("exit", (code) => reject(new Error(`server exited ${code}`)));
});
const stopServer = () => {
  server.stdin.end();
  server.kill();
};
process.on("exit", stopServer);
const base = `http://127.0.0.1:${port}`;
log(`server on ${base}; rounds=${ROUNDS} n(c=1)=${N1} n(c=32)=${N32}`);

// Each subject runs in its own processes (bench/subject-worker.mjs), one per concurrency level, so that neither
// another subject nor the other level's garbage and connection pool weigh on a measurement; only one process runs
// a batch at a time.
const CONCURRENCIES = [1, 32];
const workers = {};
for (const name of subjectNames) {
  for (const c of CONCURRENCIES) {
    const child = fork(path.join(benchDir, "subject-worker.mjs"), [name, base], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    await new Promise((resolve, reject) => {
      child.once("message", resolve);
      child.once("exit", (code) => reject(new Error(`${name}: worker exited ${code} before it was ready`)));
    });
    workers[`${name} c=${c}`] = child;
  }
}
const stopWorkers = () => {
  for (const child of Object.values(workers)) child.connected && child.send({ exit: true });
};
process.on("exit", () => {
  for (const child of Object.values(workers)) child.kill();
});

/** N requests over `concurrency` workers in the subject's own process: latencies (ms), wall time, client CPU. */
function batch(name, n, concurrency) {
  const child = workers[`${name} c=${concurrency}`];
  return new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`${name}: worker exited ${code}`));
    child.once("exit", onExit);
    child.once("message", (result) => {
      child.off("exit", onExit);
      resolve(result);
    });
    child.send({ c: concurrency, n });
  });
}

// ---- latency and throughput: warm-up, then ROUNDS rounds, subjects interleaved (rotated order each round) ----
const LEVELS = [
  [CONCURRENCIES[0], N1],
  [CONCURRENCIES[1], N32],
];
const names = subjectNames;
const results = {}; // results[c][name] = { lat: number[], perRound: [{ rps, cpuUs, median }], errors }
for (const [c] of LEVELS) results[c] = Object.fromEntries(names.map((n) => [n, { lat: [], perRound: [], errors: 0 }]));
log("warm-up");
for (const name of names) for (const [c, n] of LEVELS) await batch(name, n, c); // one full batch each: JIT-warm
for (let round = 0; round < ROUNDS; round++) {
  for (const [c, n] of LEVELS) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    if (round % 2 === 1) order.reverse();
    for (const name of order) {
      const r = await batch(name, n, c);
      const res = results[c][name];
      for (const v of r.latencies) res.lat.push(v);
      res.perRound.push({ rps: (n / r.wall) * 1000, cpuUs: r.cpuUs, median: median(r.latencies) });
      res.errors += r.errors;
    }
  }
  log(`round ${round + 1}/${ROUNDS} done`);
}
stopWorkers();
stopServer();

// ---- callback verification of hostile shapes (bench/verify-shapes.mjs): after the server, alone on the machine ----
log("callback verification of hostile shapes");
const { measureVerifyShapes, verifyShapesSection } = await import("./verify-shapes.mjs");
const SHAPE_RUNS = Number(process.env.BENCH_SHAPE_RUNS ?? (quick ? 1 : 5));
const shapeRows = await measureVerifyShapes(SHAPE_RUNS);

const stats = {};
for (const [c] of LEVELS) {
  stats[c] = {};
  for (const name of names) {
    const res = results[c][name];
    const sorted = Float64Array.from(res.lat).sort();
    stats[c][name] = {
      median: quantile(sorted, 0.5),
      p99: quantile(sorted, 0.99),
      rps: median(res.perRound.map((r) => r.rps)),
      cpuUs: median(res.perRound.map((r) => r.cpuUs)),
      roundMedians: res.perRound.map((r) => r.median),
      roundRps: res.perRound.map((r) => r.rps),
      errors: res.errors,
      requests: res.lat.length,
    };
  }
}
/** Median over rounds of the paired per-round ratio a/b (same round, adjacent in time): robust to drift. */
const pairedRatio = (c, a, b, key) => {
  const A = key === "median" ? stats[c][a].roundMedians : stats[c][a].roundRps.map((x) => 1 / x);
  const B = key === "median" ? stats[c][b].roundMedians : stats[c][b].roundRps.map((x) => 1 / x);
  return median(A.map((x, i) => x / B[i]));
};


// ---- installed size and package count ----
function dirBytes(dir, skipNodeModules = true) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skipNodeModules && entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += dirBytes(full, false);
    else total += lstatSync(full).size;
  }
  return total;
}
/** Node's resolution from `fromDir` upwards, stopping at `stopDir`. */
function resolvePackageDir(name, fromDir, stopDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === stopDir || dir === path.dirname(dir)) return undefined;
  }
}
/** The installed dependency tree under `roots` (package dirs): unique package dirs and their bytes. */
function walkTree(rootDirs, stopDir) {
  const seen = new Set();
  const queue = [...rootDirs];
  let bytes = 0;
  while (queue.length) {
    const dir = queue.shift();
    if (seen.has(dir)) continue;
    seen.add(dir);
    bytes += dirBytes(dir);
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      const found = resolvePackageDir(dep, dir, stopDir);
      if (found) queue.push(found);
    }
  }
  return { packages: seen.size, bytes };
}
const mainPkg = JSON.parse(readFileSync(path.join(rootDir, "package.json"), "utf8"));
const ourDeps = walkTree(
  Object.keys(mainPkg.dependencies).map((d) => resolvePackageDir(d, rootDir, rootDir)),
  rootDir,
);
const distBytes = dirBytes(path.join(rootDir, "dist"));
const distJsBytes = dirBytes(path.join(rootDir, "dist/esm")) + dirBytes(path.join(rootDir, "dist/cjs"));
const sizes = {
  "authy-openapi": { packages: 1 + ourDeps.packages, bytes: distBytes + ourDeps.bytes, note: `dist/ ${kb(distBytes)} (JS only ${kb(distJsBytes)}) + runtime deps ${kb(ourDeps.bytes)}` },
  "openapi-fetch": walkTree([resolvePackageDir("openapi-fetch", rootDir, rootDir)], rootDir),
  ...(withPeers && {
    "authy-client@1.1.4": walkTree([path.join(benchDir, "node_modules/authy-client")], benchDir),
    "authy@1.4.0": walkTree([path.join(benchDir, "node_modules/authy")], benchDir),
  }),
};

/** gzip -9 bytes of an ESM build: what importing it loads (index.js and its static imports) and all its JS. */
function esmGzip(dir) {
  const gz = (file) => gzipSync(readFileSync(path.join(dir, file)), { level: 9 }).length;
  const loaded = new Set();
  const visit = (file) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    const text = readFileSync(path.join(dir, file), "utf8");
    for (const [, spec] of text.matchAll(/(?:^|[;}])\s*import\s*(?:[^"';]*?from\s*)?"\.\/([^"]+)"/g)) visit(spec);
  };
  visit("index.js");
  const all = readdirSync(dir).filter((f) => f.endsWith(".js"));
  return { importGzip: [...loaded].reduce((sum, f) => sum + gz(f), 0), importFiles: loaded.size, allGzip: all.reduce((sum, f) => sum + gz(f), 0) };
}
const namesCost = { kept: esmGzip(path.join(rootDir, "dist/esm")), dropped: esmGzip(noNamesDir) };

// ---- report ----
const ratioTo = (v, other) => (importMedian[other] === undefined ? "–" : x(v / importMedian[other]));
function kb(bytes) {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}
const ms = (v) => (v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
const x = (v) => `${v.toFixed(2)}x`;
const ref = { raw: "raw fetch", of: "openapi-fetch", ac: "authy-client@1.1.4", au: "authy@1.4.0" };

const lines = [];
for (const [c] of LEVELS) {
  lines.push(`### Concurrency ${c} (${stats[c][names[0]].requests} requests per subject, ${ROUNDS} rounds)`, "");
  lines.push("| subject | median ms | p99 ms | req/s | client CPU µs/req | median / raw fetch | / openapi-fetch | / authy-client | / authy | errors |");
  lines.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const name of names) {
    const s = stats[c][name];
    const r = (other) => (stats[c][other] ? x(s.median / stats[c][other].median) : "–");
    lines.push(`| ${name} | ${ms(s.median)} | ${ms(s.p99)} | ${Math.round(s.rps)} | ${Math.round(s.cpuUs)} | ${r(ref.raw)} | ${r(ref.of)} | ${r(ref.ac)} | ${r(ref.au)} | ${s.errors} |`);
  }
  lines.push("");
}
lines.push("### Import cost (fresh process each, in-process timing, median of " + IMPORT_RUNS + ") and installed size", "");
lines.push("| subject | import ms (median) | min–max | CPU ms (median) | / openapi-fetch | / authy-client | / authy | packages | installed |");
lines.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
const sizeOf = { "authy-openapi (ESM)": "authy-openapi", "openapi-fetch alone": "openapi-fetch", "authy-client@1.1.4": "authy-client@1.1.4", "authy@1.4.0": "authy@1.4.0" };
for (const t of targets) {
  const v = importMedian[t.name];
  const all = importTimes[t.name];
  const sz = sizes[sizeOf[t.name]];
  lines.push(
    `| ${t.name} | ${ms(v)} | ${ms(Math.min(...all))}–${ms(Math.max(...all))} | ${ms(median(importCpu[t.name]))} | ${x(v / importMedian["openapi-fetch alone"])} | ${ratioTo(v, "authy-client@1.1.4")} | ${ratioTo(v, "authy@1.4.0")} | ${sz ? sz.packages : "(same)"} | ${sz ? kb(sz.bytes) : "(same)"} |`,
  );
}
lines.push("");
const withNames = importMedian[SHIPPED_BY_PATH];
const withoutNames = importMedian[NO_NAMES];
const delta = (a, b) => `${a >= b ? "+" : ""}${(a - b).toFixed(0)} B (${x(a / b)})`;
lines.push(
  "### What keeping names costs (class and function names survive the build: readable errors and stack frames)",
  "",
  "| ESM build | import ms (median, by file URL) | gzip loaded by the import | gzip of all its JS |",
  "| --- | ---: | ---: | ---: |",
  `| as shipped (keepNames) | ${ms(withNames)} | ${namesCost.kept.importGzip} B in ${namesCost.kept.importFiles} files | ${namesCost.kept.allGzip} B |`,
  `| without kept names | ${ms(withoutNames)} | ${namesCost.dropped.importGzip} B in ${namesCost.dropped.importFiles} files | ${namesCost.dropped.allGzip} B |`,
  `| cost | ${withNames >= withoutNames ? "+" : ""}${ms(withNames - withoutNames)} ms | ${delta(namesCost.kept.importGzip, namesCost.dropped.importGzip)} | ${delta(namesCost.kept.allGzip, namesCost.dropped.allGzip)} |`,
  "",
);
lines.push(...verifyShapesSection(shapeRows, SHAPE_RUNS));

// ---- targets ----
const J = "authy-openapi json";
const OFT = "openapi-fetch + timeout";
const c1 = stats[1][J].median / stats[1][ref.of].median;
const c1p = pairedRatio(1, J, ref.of, "median");
const c32 = stats[32][ref.of].rps / stats[32][J].rps;
const c32p = pairedRatio(32, J, ref.of, "rps");
const cpu1 = stats[1][J].cpuUs / stats[1][ref.of].cpuUs;
const cpu32 = stats[32][J].cpuUs / stats[32][ref.of].cpuUs;
const ours = importMedian["authy-openapi (ESM)"];
const fastestPeer = withPeers ? Math.min(importMedian["authy-client@1.1.4"], importMedian["authy@1.4.0"]) : undefined;
const met = (ok) => (ok ? "**met**" : "**missed**");
const targetLines = [
  `- Per-request cost within 5% of bare openapi-fetch, JSON, concurrency 1 (median latency): ${x(c1)} pooled, ${x(c1p)} paired per round (client CPU ${x(cpu1)}) — ${met(c1 <= 1.05 && c1p <= 1.05)}. Ratio to raw fetch: ${x(stats[1][J].median / stats[1][ref.raw].median)} (openapi-fetch: ${x(stats[1][ref.of].median / stats[1][ref.raw].median)}).`,
  `- Per-request cost within 5% of bare openapi-fetch, JSON, concurrency 32 (wall time per request = 1/throughput): ${x(c32)} pooled, ${x(c32p)} paired per round (client CPU ${x(cpu32)}) — ${met(c32 <= 1.05 && c32p <= 1.05)}. Ratio to raw fetch: ${x(stats[32][ref.raw].rps / stats[32][J].rps)} (openapi-fetch: ${x(stats[32][ref.raw].rps / stats[32][ref.of].rps)}).`,
  `- For reference, against openapi-fetch with a 10 s AbortSignal timeout on each call (what the client always does): ${x(stats[1][J].median / stats[1][OFT].median)} pooled, ${x(pairedRatio(1, J, OFT, "median"))} paired at concurrency 1; ${x(stats[32][OFT].rps / stats[32][J].rps)} pooled, ${x(pairedRatio(32, J, OFT, "rps"))} paired at 32.`,
  `- Import under 10 ms: ${ms(ours)} ms — ${met(ours < 10)} (openapi-fetch alone, measured the same way: ${ms(importMedian["openapi-fetch alone"])} ms).`,
  fastestPeer === undefined
    ? "- Import at least 5x faster than the fastest peer: not measured (BENCH_PEERS=0)."
    : `- Import at least 5x faster than the fastest peer (${ms(fastestPeer)} ms): ${x(fastestPeer / ours)} faster — ${met(fastestPeer / ours >= 5)}.`,
];

const cpus = os.cpus();
const loadEnd = os.loadavg().map((v) => v.toFixed(2)).join(" ");
const header = [
  `- Machine: ${cpus[0]?.model ?? "unknown"}, ${cpus.length} cores (os.availableParallelism ${os.availableParallelism?.() ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
  `- Node ${process.version}; date ${new Date().toISOString()}; run time ${((performance.now() - started) / 1000).toFixed(0)} s`,
  `- Load average (1/5/15 min) at start ${loadStart}, at end ${loadEnd} (the benchmark itself keeps about 2 busy; more means other processes shared the cores): absolute times are noisy; the ratios are paired within rounds.`,
  `- Server: node:http on 127.0.0.1, keep-alive, its own process; bodies are the 200 examples in generated/openapi.json. Each subject runs in its own long-lived processes (bench/subject-worker.mjs), one per concurrency level, so no subject's (or level's) garbage, JIT state, connection pool or libraries weigh on another; one process runs at a time.`,
  `- Run: ${ROUNDS} rounds after a warm-up; each round runs every subject at concurrency 1 (${N1} requests) then 32 (${N32}), order rotated every round; operations round-robin (verify token, user status, create user, approval request).`,
];
const notes = [
  "- Latency is per request, measured around the call by the caller (performance.now); p99 is over all rounds pooled. req/s is the median over rounds. Client CPU is the subject process's user+system CPU per request (the server runs in another process), median over rounds.",
  "- \"paired per round\" is the median over rounds of the ratio between two subjects measured in the same round, next to each other: it cancels drift between rounds.",
  "- authy@1.4.0 has no OneTouch method: it cycles over verify token, user status and create user only. Both peers use the `request` library through Node's global agent (keep-alive by default in Node >= 19).",
  "- authy-openapi runs with its defaults (retries on, 10 s timeout, 1 MiB response limit, input and response validation); openapi-fetch and raw fetch do no validation.",
  "- Import: one fresh `node scripts/import-probe.mjs` process per sample; performance.now() around `await import(name)` (this package and openapi-fetch) or `require(name)` (the CJS build and the peers), each by package name so all pay the same resolution (module resolution + load + evaluation, not process start). The targets use that wall time; CPU ms is the same span's process CPU time, less sensitive to other load. (The previous method, `node --input-type=module -e`, added about 6 ms of loader start-up to every subject.)",
  "- Importing this package loads only its entry (the thin client, errors, helpers): the engine chunk and openapi-fetch load with the first call or the first use of `raw`, the XML decoder with the first XML response. \"import + first JSON call\" shows what a cold start pays before its first answer (the call answered in memory).",
  `- Installed size: apparent bytes of every package directory in the installed dependency tree (walked from package.json dependencies, Node resolution). authy-openapi: ${sizes["authy-openapi"].note}.`,
  "- Quote medians and ratios: absolute times depend on the machine and its load.",
];
const report = [
  "# Benchmark results",
  "",
  "Generated by `npm run bench` (bench/run.mjs). Do not edit by hand.",
  "",
  ...header,
  "",
  "## Targets",
  "",
  ...targetLines,
  "",
  "## Results",
  "",
  ...lines,
  "## Notes",
  "",
  ...notes,
  "",
].join("\n");
if (!quick || process.env.BENCH_WRITE === "1") writeClientSection(report);
console.log(report);
log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(0);
