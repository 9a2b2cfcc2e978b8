import { createHash } from "node:crypto";
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * One process per data folder (PGlite has no lock between processes and silently loses writes when two share a
 * folder). The lock is a listening Unix-domain socket: the kernel closes it when the process dies, however it dies,
 * so a later start finds the socket file refusing connections (stale: remove it and take over) and never depends on
 * the old pid being reaped or reused. The pid file only feeds the message.
 */
export class DataFolderLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number | undefined,
  ) {
    super(
      `the data folder ${dataDir} is in use by another authy-openapi-server` +
        (pid === undefined ? "" : ` (pid ${pid})`) +
        `. One folder serves one process: stop that one, give this one its own --data folder, or keep shared state in PostgreSQL (see server/README.md).`,
    );
    this.name = "DataFolderLockedError";
  }
}

export interface DataFolderLock {
  release(): Promise<void>;
}

// sockaddr_un holds about 107 bytes; a deeper folder gets its socket in the temp folder, named after the folder.
const MAX_SOCKET_PATH = 100;

function socketPathFor(dataDir: string): string {
  const inside = join(dataDir, "server.lock");
  if (Buffer.byteLength(inside) <= MAX_SOCKET_PATH) return inside;
  const digest = createHash("sha256").update(dataDir).digest("hex").slice(0, 24);
  return join(tmpdir(), `authy-openapi-server-${digest}.lock`);
}

function listen(server: Server, path: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const onError = (error: NodeJS.ErrnoException) => resolve(error);
    server.once("error", onError);
    server.listen(path, () => {
      server.off("error", onError);
      resolve(undefined);
    });
  });
}

function isAlive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the data folder's lock (the folder must exist), or throws {@link DataFolderLockedError}. */
export async function lockDataFolder(dataDir: string): Promise<DataFolderLock> {
  const path = socketPathFor(dataDir);
  const pidFile = join(dataDir, "server.pid");
  // Connections only probe liveness: close them at once.
  const server = createServer((socket) => socket.destroy());
  server.unref();
  for (let attempt = 0; attempt < 3; attempt++) {
    const error = await listen(server, path);
    if (!error) {
      writeFileSync(pidFile, `${process.pid}\n`);
      return {
        release: () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            try {
              if (readPid(pidFile) === process.pid) unlinkSync(pidFile);
            } catch {
              // already gone
            }
          }),
      };
    }
    if (error.code !== "EADDRINUSE") throw error;
    if (await isAlive(path)) throw new DataFolderLockedError(dataDir, readPid(pidFile));
    try {
      unlinkSync(path);
    } catch {
      // another starter removed it first; try again
    }
  }
  throw new DataFolderLockedError(dataDir, readPid(pidFile));
}
