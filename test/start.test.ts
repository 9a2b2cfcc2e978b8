// npm start: serves the docs and a Prism mock on the ports of DOCS_PORT and MOCK_PORT, and Ctrl-C (SIGINT) stops
// both, exits 0 and leaves nothing running.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

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

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
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

  it("serves the docs and the mock, and stops both on SIGINT", async () => {
    const [docsPort, mockPort] = [await freePort(), await freePort()];
    let output = "";
    child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: root,
      env: { ...process.env, DOCS_PORT: String(docsPort), MOCK_PORT: String(mockPort) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child!.once("exit", (code, signal) => resolve({ code, signal })),
    );

    // It may build the docs first (a few seconds) before both listen.
    prismPid = await waitFor("the start banner", () => {
      const m = /Prism, pid (\d+)/.exec(output);
      return m ? Number(m[1]) : undefined;
    }, 45_000, () => output);
    expect(await isListening(docsPort)).toBe(true);
    expect(await isListening(mockPort)).toBe(true);
    expect(output).toContain(`createAuthyClient({ apiKey: "any-key", baseUrl: "http://127.0.0.1:${mockPort}" })`);
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
    expect(() => process.kill(prismPid!, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
  }, 60_000);
});
