// The README's `npm run server -- --memory --port 0`, run verbatim through npm, and stopped the way a supervisor
// stops it: a signal to npm's own pid, not to its process group.
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { spawnListening } from "./helpers/process.js";

/** The pids whose parent is `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) found.push(Number(entry));
    } catch {
      // ended while we looked
    }
  }
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.concurrent("npm run server -- --memory --port 0", () => {
  const started: number[] = [];
  afterAll(() => {
    for (const pid of started) if (alive(pid)) process.kill(pid, "SIGKILL");
  });

  it.each(["SIGINT", "SIGTERM"] as const)("answers, and stops with its port closed on %s to npm's pid", async (signal) => {
    const server = spawnListening("npm", ["run", "server", "--", "--memory", "--port", "0"]);
    started.push(server.child.pid!);
    const url = await server.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // npm's sh -c execs node: the server is npm's only child.
    const children = childrenOf(server.child.pid!);
    started.push(...children);
    expect(children).toHaveLength(1);
    const app = await fetch(`${url}/__dev/app`);
    expect(app.status).toBe(200);
    expect(Object.keys((await app.json()) as object)).toEqual(expect.arrayContaining(["app_id", "name", "api_key", "token_length"]));

    server.child.kill(signal);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(children.filter(alive)).toEqual([]);
    await expect(fetch(`${url}/__dev/app`)).rejects.toThrow();
  }, 90_000);
});
