// bench/RESULTS.md holds two generated sections: the client's (bench/run.mjs) first, then the server's
// (bench/server-run.mjs) after this marker. Each script rewrites its own section and keeps the other.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export const RESULTS_FILE = new URL("./RESULTS.md", import.meta.url);
const SERVER_MARKER = "<!-- server section: written by bench/server-run.mjs -->";

function current() {
  const text = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, "utf8") : "";
  const at = text.indexOf(SERVER_MARKER);
  return { client: (at >= 0 ? text.slice(0, at) : text).trimEnd(), server: at >= 0 ? text.slice(at) : "" };
}

export function writeClientSection(report) {
  const { server } = current();
  writeFileSync(RESULTS_FILE, server ? `${report.trimEnd()}\n\n${server}` : report);
}

export function writeServerSection(section) {
  const { client } = current();
  writeFileSync(RESULTS_FILE, `${client || "# Benchmark results"}\n\n${SERVER_MARKER}\n${section.trimEnd()}\n`);
}
