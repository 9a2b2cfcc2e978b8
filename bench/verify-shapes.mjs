// Time per hostile callback shape (issue 12): each shape of test/helpers/adversarial-shapes.ts at the full 256 KiB
// body limit, through the three callback verifiers, in a fresh `node --max-old-space-size=64` process per sample
// (the same child the bounded-work test runs). Part of `npm run bench`; alone: `node bench/verify-shapes.mjs`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bundleShapeChild } from "../test/helpers/shape-child-bundle.mjs";

const MAX_BYTES = 256 * 1024;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/** Rows of `{ kind, payloadBytes, fetch, node, signature (median ms), maxHeapMB }`, `runs` processes per shape. */
export async function measureVerifyShapes(runs = 5) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "authy-verify-shapes-"));
  try {
    const child = await bundleShapeChild(dir);
    const kinds = JSON.parse(execFileSync(process.execPath, [child, "--kinds"], { encoding: "utf8" }));
    const rows = [];
    for (const kind of kinds) {
      const samples = [];
      for (let i = 0; i < runs; i++) {
        const out = execFileSync(process.execPath, ["--max-old-space-size=64", child, kind, String(MAX_BYTES)], {
          encoding: "utf8",
          timeout: 120_000,
        });
        samples.push(JSON.parse(out));
      }
      const of = (name) => median(samples.map((s) => s.results[name][1]));
      const verdicts = new Set(samples.flatMap((s) => Object.values(s.results).map(([verdict]) => verdict)));
      rows.push({
        kind,
        payloadBytes: samples[0].payloadBytes,
        fetch: of("fetch"),
        node: of("node"),
        signature: of("signature"),
        maxHeapMB: Math.max(...samples.map((s) => s.heapUsed)) / 2 ** 20,
        allFalse: verdicts.size === 1 && verdicts.has(false),
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Markdown section of RESULTS.md. */
export function verifyShapesSection(rows, runs) {
  const f = (v) => v.toFixed(1);
  return [
    `### Callback verification of hostile shapes (256 KiB each, forged signature, median of ${runs} fresh processes with a 64 MB heap)`,
    "",
    "| shape | payload bytes | verifyCallbackRequest ms | verifyNodeCallbackRequest ms | verifyCallbackSignature ms | max heap used MB | all refused |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ...rows.map((r) => `| ${r.kind} | ${r.payloadBytes} | ${f(r.fetch)} | ${f(r.node)} | ${f(r.signature)} | ${f(r.maxHeapMB)} | ${r.allFalse ? "yes" : "**no**"} |`),
    "",
    "Times include reading and parsing the payload as each verifier does (the Fetch adapter reads and parses the body; the Node adapter gets an already-parsed body; verifyCallbackSignature the parsed parameters). Before the bounds (issue 12), the first shape drove the process to about 4 GB and out of memory after 15 s.",
    "",
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const runs = Number(process.env.BENCH_SHAPE_RUNS ?? 5);
  console.log(verifyShapesSection(await measureVerifyShapes(runs), runs).join("\n"));
}
