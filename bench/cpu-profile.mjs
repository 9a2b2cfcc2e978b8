// Where a process's CPU goes, from a V8 .cpuprofile (node --cpu-prof): a sample with PGlite anywhere on its stack is
// PGlite's (the file-system calls it makes included); any other is charged to the nearest frame that has a source (a
// native such as writev is charged to whoever called it), sorted into a part of the stack. Used by bench/server-run.mjs to say what limits the embedded store.
import { readFileSync } from "node:fs";

const PGLITE = "PGlite (PostgreSQL in WASM and its JS glue)";
const isPglite = (url) => url.startsWith("wasm://") || url.includes("/@electric-sql/pglite/");

/** The part of the stack a script belongs to. */
function partOf(url) {
  if (url.startsWith("node:")) return "Node core (HTTP, streams, crypto, timers)";
  const dependency = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dependency) return `other libraries (${dependency[1]})`;
  return "the server's own code (routing, input checks, domain, answers)";
}

/**
 * Shares of the sampled CPU by part, idle time left out. `window` (monotonic microseconds, the clock of
 * `process.hrtime.bigint() / 1000n` in any process on the machine) keeps only the samples taken inside it, e.g. a
 * load batch without the server's start. `pgliteFs` is the part of PGlite's share spent in file-system
 * calls (its data folder's reads and writes).
 */
export function summarizeCpuProfile(file, window = { fromUs: -Infinity, toUs: Infinity }) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const charged = new Map();
  let busy = 0;
  let pgliteFs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    at += micros;
    if (at < window.fromUs || at > window.toUs) return;
    const self = nodes.get(id);
    const name = self.callFrame.functionName;
    if (name === "(idle)") return;
    busy += micros;
    let part;
    if (name === "(garbage collector)") part = "garbage collection";
    else {
      let sourced;
      let inFs = false;
      for (let node = self; node; node = nodes.get(parent.get(node.id))) {
        const url = node.callFrame.url;
        if (isPglite(url)) {
          part = PGLITE;
          if (inFs) pgliteFs += micros;
          break;
        }
        if (url === "node:fs" || url.startsWith("node:internal/fs/")) inFs = true;
        if (sourced === undefined && url !== "") sourced = url;
      }
      part ??= sourced === undefined ? "other native code" : partOf(sourced);
    }
    charged.set(part, (charged.get(part) ?? 0) + micros);
  });
  const parts = [...charged].map(([part, micros]) => ({ part, share: micros / busy })).sort((a, b) => b.share - a.share);
  const pglite = parts.find((p) => p.part === PGLITE)?.share ?? 0;
  return { busyMs: busy / 1000, parts, pgliteFsShare: pgliteFs / busy, pgliteShare: pglite };
}
