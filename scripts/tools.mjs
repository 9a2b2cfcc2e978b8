// Runs the project's pinned CLI tools from node_modules/.bin, failing loudly (never swallowing an error).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Environment for every tool run: no telemetry, no update checks, no network. */
export const quietEnv = {
  ...process.env,
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  REDOCLY_SUPPRESS_NOTIFICATIONS: "true",
};

/** Redocly prints an unsilenceable Node 20 end-of-life box on stderr; drop it, keep everything else. */
function withoutNodeNotice(text) {
  return text.replace(/\s*╔[\s\S]*?╝\s*/g, "\n").trim();
}

export function runTool(bin, args, { capture = false } = {}) {
  const result = spawnSync(path.join(root, "node_modules", ".bin", bin), args, {
    cwd: root,
    env: quietEnv,
    encoding: "utf8",
  });
  const stderr = withoutNodeNotice(result.stderr ?? "");
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ""}\n${stderr}\n`);
    throw new Error(`${bin} ${args.join(" ")} failed with exit code ${result.status}`);
  }
  if (!capture && stderr) process.stderr.write(`${stderr}\n`);
  return result.stdout;
}
