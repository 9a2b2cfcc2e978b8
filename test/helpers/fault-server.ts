/**
 * A fault-injecting HTTP server for the reliability tests: node:http on 127.0.0.1, a free port, one scenario per
 * route. `route(handler)` returns a fresh base URL (`http://127.0.0.1:PORT/rN`) whose requests all go to that
 * handler, so every test counts exactly the requests it caused. Every request is recorded, with the bytes the
 * handler wrote and whether the client went away before the response was complete.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface FaultRequest {
  method: string;
  /** The path and query after the route prefix, as received (still percent-encoded). */
  url: string;
  headers: IncomingMessage["headers"];
  /** Bytes of response body the handler managed to write. */
  bytesWritten: number;
  /** True once the client closed the connection before the response was complete. */
  clientClosedEarly: boolean;
}

export interface FaultContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** "json" or "xml": the `{format}` segment of the request path ("json" when there is none). */
  format: "json" | "xml";
  /** 0 for the first request of this route, 1 for the second… */
  index: number;
  record: FaultRequest;
  /** The request path (after the route prefix) and query, for servers that echo it back. */
  path: string;
}

export type FaultHandler = (ctx: FaultContext) => void | Promise<void>;

export interface FaultRoute {
  baseUrl: string;
  requests: FaultRequest[];
}

export interface FaultServer {
  url: string;
  port: number;
  /** Every request received, on any route or none. */
  readonly totalRequests: number;
  route(handler: FaultHandler): FaultRoute;
  close(): Promise<void>;
}

export async function startFaultServer(): Promise<FaultServer> {
  const routes = new Map<string, { handler: FaultHandler; requests: FaultRequest[] }>();
  const sockets = new Set<Socket>();
  let next = 0;
  let total = 0;
  const server: Server = createServer((req, res) => {
    total++;
    const match = /^\/(r\d+)(\/.*)?$/.exec(req.url ?? "");
    const route = match ? routes.get(match[1]!) : undefined;
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const path = match![2] ?? "/";
    const record: FaultRequest = { method: req.method ?? "", url: path, headers: req.headers, bytesWritten: 0, clientClosedEarly: false };
    route.requests.push(record);
    res.on("close", () => {
      if (!res.writableFinished) record.clientClosedEarly = true;
    });
    const format = /\/xml\//.test(path) ? "xml" : "json";
    // Drain the request body so a POST never blocks on it.
    req.resume();
    Promise.resolve(route.handler({ req, res, format, index: route.requests.length - 1, record, path })).catch((error) => {
      if (!res.headersSent) res.writeHead(599);
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 1000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    get totalRequests() {
      return total;
    },
    route(handler) {
      const id = `r${next++}`;
      const requests: FaultRequest[] = [];
      routes.set(id, { handler, requests });
      return { baseUrl: `${url}/${id}`, requests };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Writes `total` bytes of `fill` in 64 KiB chunks, honouring backpressure; stops as soon as the client leaves. */
export async function streamBytes(ctx: FaultContext, total: number, fill = "x"): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024, fill);
  const { res, record } = ctx;
  while (record.bytesWritten < total && !res.destroyed && !record.clientClosedEarly) {
    const part = total - record.bytesWritten >= chunk.length ? chunk : chunk.subarray(0, total - record.bytesWritten);
    const ok = res.write(part);
    record.bytesWritten += part.length;
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.on("drain", done);
        res.on("close", done);
      });
    }
  }
  if (!res.destroyed) res.end();
}

/** Writes a body and counts it. */
export function send(ctx: FaultContext, status: number, body: string, headers: Record<string, string> = {}): void {
  const buf = Buffer.from(body, "utf8");
  ctx.res.writeHead(status, { "content-length": String(buf.length), ...headers });
  ctx.res.end(buf);
  ctx.record.bytesWritten += buf.length;
}
