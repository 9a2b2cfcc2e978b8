// npm start: serves the docs, the local Authy server and a Prism mock on the ports of DOCS_PORT, SERVER_PORT and
// MOCK_PORT (the server in memory here: `-- --memory`, so no test writes .authy-server/), and Ctrl-C (SIGINT) stops
// all three, exits 0 and leaves nothing running.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { isListening } from "../scripts/prism.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const spec = JSON.parse(readFileSync(path.join(root, "generated/openapi.json"), "utf8"));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}

async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, log: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts `command` in the repository with the docs, server and mock ports set; collects its output, resolves its exit. */
function startWithPorts(command: string, args: string[], docsPort: number, mockPort: number, serverPort = 0) {
  let output = "";
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, DOCS_PORT: String(docsPort), MOCK_PORT: String(mockPort), SERVER_PORT: String(serverPort) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

/** The first example of the 200 JSON response of GET /protected/{format}/app/details. */
function appDetailsExample(): unknown {
  const media = spec.paths["/protected/{format}/app/details"].get.responses["200"];
  const deref = (node: any): any => {
    while (node?.$ref) node = node.$ref.slice(2).split("/").reduce((acc: any, k: string) => acc[k.replace(/~1/g, "/")], spec);
    return node;
  };
  const json = deref(media).content["application/json"];
  return json.example ?? deref(Object.values(json.examples)[0]).value;
}

describe("npm start", () => {
  let child: ChildProcess | undefined;
  let prismPid: number | undefined;

  afterAll(() => {
    // Only if an assertion failed half-way: never leave the server or Prism behind.
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    if (prismPid !== undefined && isAlive(prismPid)) process.kill(prismPid, "SIGKILL");
  });

  it("serves the docs, the local server and the mock, says which is which, and stops all three on SIGINT", async () => {
    const [docsPort, mockPort, serverPort] = [await freePort(), await freePort(), await freePort()];
    const started = startWithPorts(process.execPath, ["scripts/start.mjs", "--memory"], docsPort, mockPort, serverPort);
    child = started.child;
    const { exited } = started;
    let output = "";
    const collected = () => (output = started.output());

    // It may build the docs first (a few seconds) before both listen.
    prismPid = await waitFor("the start banner", () => {
      const m = /Prism, pid (\d+)/.exec(collected());
      return m ? Number(m[1]) : undefined;
    }, 45_000, collected);
    expect(await isListening(docsPort)).toBe(true);
    expect(await isListening(mockPort)).toBe(true);
    expect(await isListening(serverPort)).toBe(true);
    expect(output).toContain(`createAuthyClient({ apiKey: "any-key", baseUrl: "http://127.0.0.1:${mockPort}" })`);
    const serverUrl = `http://127.0.0.1:${serverPort}`;
    expect(output).toMatch(new RegExp(`Local Authy server   ${serverUrl}   \\(real users and codes, in memory, nothing kept; API key [A-Za-z0-9]{32}\\)`));
    expect(output).toContain(`codes it "sent"    ${serverUrl}/__dev/ `);
    expect(output).toMatch(new RegExp(`Authy API mock       http://127.0.0.1:${mockPort}   \\(Prism, pid \\d+`));
    // The server answers for real: its key is the one printed, its page is there.
    const app = (await (await fetch(`${serverUrl}/__dev/app`)).json()) as { api_key: string };
    expect(output).toContain(`API key ${app.api_key})`);
    const status = await fetch(`${serverUrl}/protected/json/app/details`, { headers: { "X-Authy-API-Key": app.api_key } });
    expect(status.status).toBe(200);
    expect((await fetch(`${serverUrl}/__dev/`)).headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(output).toContain(`curl -H "X-Authy-API-Key: any-key" http://127.0.0.1:${mockPort}/protected/json/app/details`);

    const page = await fetch(`http://127.0.0.1:${docsPort}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await page.text();
    expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toBe(spec.info.title);
    const guide = await fetch(`http://127.0.0.1:${docsPort}/quickstart.html`);
    expect(guide.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${docsPort}/../package.json`)).status).toBe(404);

    const details = await fetch(`http://127.0.0.1:${mockPort}/protected/json/app/details`, {
      headers: { "X-Authy-API-Key": "any-key", Accept: "application/json" },
    });
    expect(details.status).toBe(200);
    expect(await details.json()).toEqual(appDetailsExample());

    child.kill("SIGINT");
    const { code, signal } = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(await isListening(docsPort)).toBe(false);
    expect(await isListening(mockPort)).toBe(false);
    expect(await isListening(serverPort)).toBe(false);
    expect(() => process.kill(prismPid!, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
  }, 60_000);
});

/** Every descendant of `pid` (children, grandchildren…), from /proc. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

// What a supervisor or a test runner does: signal the pid of `npm start` (or `npm run mock`) alone, not its group.
describe.concurrent("npm start and npm run mock stop everything they started when npm's own pid is signalled", () => {
  const started: number[] = [];
  afterAll(() => {
    for (const pid of started) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  });

  it.each([
    ["npm start", "SIGINT"],
    ["npm start", "SIGTERM"],
    ["npm run mock", "SIGINT"],
    ["npm run mock", "SIGTERM"],
  ] as const)("%s, %s to npm's pid", async (command, signal) => {
    const [docsPort, mockPort, serverPort] = [await freePort(), await freePort(), await freePort()];
    const args = command === "npm start" ? ["start", "--", "--memory"] : command.split(" ").slice(1);
    const { child: npm, exited, output } = startWithPorts("npm", args, docsPort, mockPort, serverPort);
    await waitFor("the banner", () => (/Prism, pid \d+/.test(output()) ? true : undefined), 45_000, output);
    const children = descendants(npm.pid!);
    started.push(...children);
    // npm runs node (exec'd by its sh -c), which runs Prism: nothing else.
    expect(children).toHaveLength(2);
    expect(await isListening(mockPort)).toBe(true);
    if (command === "npm start") expect(await isListening(docsPort)).toBe(true);
    if (command === "npm start") expect(await isListening(serverPort)).toBe(true);

    npm.kill(signal);
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(output()).toContain(command === "npm start" ? `stopping (${signal})` : "Press Ctrl-C to stop.");
    expect(children.filter(isAlive)).toEqual([]);
    expect(await isListening(mockPort)).toBe(false);
    expect(await isListening(docsPort)).toBe(false);
    expect(await isListening(serverPort)).toBe(false);
  }, 60_000);
});
