// Measures the server for server/README.md: start time (new data folder, reopened folder, memory with and without
// the cached seed), resident memory, and per-request latency over keep-alive HTTP. Run: node server/scripts/measure.mjs
// Each start is its own process (the CLI, as users run it), stopped by its pid.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, readdirSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../bin/authy-openapi-server.mjs", import.meta.url));
const KEY = "MeasureKey0123456789";

function start(args) {
  const began = performance.now();
  const child = spawn(process.execPath, [BIN, "--port", "0", "--api-key", KEY, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      text += chunk;
      const match = /listening on (http:\S+)/.exec(text);
      if (match) resolve({ child, url: match[1], ms: performance.now() - began });
    });
    child.once("exit", (code) => reject(new Error(`exited ${code}`)));
  });
}

async function stop(child) {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(child.pid, "SIGTERM");
  await exited;
}

function rssMb(pid) {
  return import("node:fs").then((fs) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024));
}

async function timed(n, call) {
  const samples = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call(i);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(2);
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`;
}

const results = {};
const dir = mkdtempSync(join(tmpdir(), "authy-measure-"));
for (const file of readdirSync(tmpdir())) if (file.startsWith("authy-openapi-server-seed-")) unlinkSync(join(tmpdir(), file));
try {
  let s = await start(["--data", dir]);
  results["start, new data folder (initdb)"] = `${s.ms.toFixed(0)} ms`;
  await stop(s.child);
  s = await start(["--data", dir]);
  results["start, existing data folder"] = `${s.ms.toFixed(0)} ms`;
  results["RSS after start (data folder)"] = `${await rssMb(s.child.pid)} MB`;
  const headers = { "x-authy-api-key": KEY, "content-type": "application/json" };
  const post = (path, body) => fetch(`${s.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) }).then((r) => r.json());
  const get = (path) => fetch(`${s.url}${path}`, { headers }).then((r) => r.json());
  await get("/protected/json/app/details");
  results["createUser (new phone each)"] = await timed(300, (i) => post("/protected/json/users/new", { user: { email: `m${i}@example.com`, cellphone: `201-555-${String(1000 + i).slice(-4)}`, country_code: 1 } }));
  results["getUserStatus"] = await timed(1000, () => get("/protected/json/users/1000/status"));
  results["sendSmsToken (force)"] = await timed(300, () => get("/protected/json/sms/1001?force=true"));
  results["verifyToken (wrong code, enforced)"] = await timed(1000, () => get("/protected/json/verify/1234567/1001?force=true"));
  results["RSS after the requests"] = `${await rssMb(s.child.pid)} MB`;
  await stop(s.child);
  s = await start(["--memory"]);
  results["start, --memory, first (initdb, writes the seed)"] = `${s.ms.toFixed(0)} ms`;
  await stop(s.child);
  s = await start(["--memory"]);
  results["start, --memory, from the cached seed"] = `${s.ms.toFixed(0)} ms`;
  results["RSS after start (--memory)"] = `${await rssMb(s.child.pid)} MB`;
  await stop(s.child);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
for (const [what, figure] of Object.entries(results)) console.log(`${what.padEnd(50)} ${figure}`);
