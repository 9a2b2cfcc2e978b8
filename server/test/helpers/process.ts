import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/authy-openapi-server.mjs", import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: () => string;
  /** Resolves with the URL of the listening line, or rejects with stderr when the process exits first. */
  listening: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The command line in its own process, as a user runs it; stopped by the test through its own pid. */
export function spawnServer(args: string[], env: Record<string, string> = {}): ServerProcess {
  return spawnListening(process.execPath, [BIN, ...args], env);
}

/** Any command that ends up running the server (`npm run server -- …`), from the repository's root. */
export function spawnListening(command: string, args: string[], env: Record<string, string> = {}): ServerProcess {
  const child = spawn(command, args, {
    cwd: fileURLToPath(new URL("../../..", import.meta.url)),
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: string[] = [];
  let errText = "";
  let buffered = "";
  let onLine: ((line: string) => void) | undefined;
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) {
      stdout.push(line);
      onLine?.(line);
    }
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (errText += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const listening = new Promise<string>((resolve, reject) => {
    onLine = (line) => {
      const match = /^Authy server listening on (http:\/\/\S+)$/.exec(line);
      if (match) resolve(match[1]!);
    };
    void exited.then(({ code, signal }) => reject(new Error(`exited (${code ?? signal}) before listening: ${errText}`)));
  });
  listening.catch(() => {});
  return { child, stdout, stderr: () => errText, listening, exited };
}
