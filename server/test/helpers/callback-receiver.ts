/**
 * A customer's callback endpoint on 127.0.0.1 for the OneTouch tests: the Express handler and the Fetch handler of
 * docs/callbacks.md, taken from the Markdown and run as written (the Express one under a real `express()` app, the
 * Fetch one under a small node:http → Request adapter). It records every request and what the handler answered, and
 * can be told to fail or hang the next requests before any handler sees them (a receiver that is down or slow).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import express from "express";
import { loadDocsExample } from "../../../test/helpers/docs-example.js";

export interface ReceivedCallback {
  method: string;
  /** Path and query as received. */
  target: string;
  headers: IncomingMessage["headers"];
  /** The raw body (the Fetch path; the Express path records what express.json() parsed, re-serialised). */
  body: string;
  /** What the receiver answered. */
  status: number;
  /** Whether a documented handler answered it (false: an injected failure). */
  handled: boolean;
}

export type Behaviour = { status: number } | "hang";

export interface CallbackReceiver {
  origin: string;
  /** Where the documented Express handler listens. */
  expressUrl: string;
  /** Where the documented Fetch handler listens (it serves only `/authy/callback`). */
  fetchUrl: string;
  received: ReceivedCallback[];
  /** The next requests get these answers instead of reaching a handler. */
  plan: Behaviour[];
  /** Resolves once `count` requests were received (fails after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedCallback[]>;
  /** Lines the documented handlers printed (their `console.log`). */
  logged: string[];
  close(): Promise<void>;
}

type FetchExample = { fetch(request: Request, env: { AUTHY_API_KEY: string }): Promise<Response> };
type ExpressExample = (apiKey: string, urlOptions?: { protocol?: "http" | "https" }) => express.RequestHandler;

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The node:http → Fetch `Request` adapter: the URL the request was addressed to, its headers and its body. */
function toRequest(req: IncomingMessage, body: Buffer): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD" && body.length > 0;
  return new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, ...(hasBody ? { body } : {}) });
}

export async function startCallbackReceiver(apiKey: () => string): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const plan: Behaviour[] = [];
  const logged: string[] = [];
  const hanging = new Set<ServerResponse>();
  const waiters: Array<() => void> = [];
  const notify = () => waiters.splice(0).forEach((wake) => wake());

  // The documented handlers print a line per answer; keep it out of the test output, for the assertions.
  const realLog = console.log;
  const quiet = async <T>(work: () => Promise<T>): Promise<T> => {
    console.log = (...args: unknown[]) => void logged.push(args.join(" "));
    try {
      return await work();
    } finally {
      console.log = realLog;
    }
  };
  const fetchExample = (await loadDocsExample("## A Fetch-handler endpoint")).default as FetchExample;
  const authyCallback = (await loadDocsExample("## An Express endpoint")).authyCallback as ExpressExample;

  const app = express();
  app.use(express.json());
  app.post("/express/authy/callback", (req, res, next) => {
    res.locals.body = JSON.stringify(req.body);
    next();
  });
  // Plain HTTP on loopback: the handler's second argument says so (docs/callbacks.md).
  app.post("/express/authy/callback", (req, res, next) => void quiet(async () => authyCallback(apiKey(), { protocol: "http" })(req, res, next)));
  app.get("/express/authy/callback", (req, res, next) => void quiet(async () => authyCallback(apiKey(), { protocol: "http" })(req, res, next)));

  const record = (req: IncomingMessage, res: ServerResponse, body: string, handled: boolean) => {
    res.once("finish", () => {
      received.push({ method: req.method!, target: req.url!, headers: req.headers, body: handled ? (res as ServerResponse & { locals?: { body?: string } }).locals?.body ?? body : body, status: res.statusCode, handled });
      notify();
    });
  };

  const server: Server = createServer((req, res) => {
    const behaviour = plan.shift();
    if (behaviour === "hang") {
      hanging.add(res);
      void readAll(req).then((body) => {
        received.push({ method: req.method!, target: req.url!, headers: req.headers, body: body.toString("utf8"), status: 0, handled: false });
        notify();
      });
      return;
    }
    if (behaviour !== undefined) {
      void readAll(req).then((body) => {
        record(req, res, body.toString("utf8"), false);
        res.statusCode = behaviour.status;
        res.end();
      });
      return;
    }
    if (req.url?.startsWith("/express/")) {
      record(req, res, "", true);
      app(req, res);
      return;
    }
    void (async () => {
      const body = await readAll(req);
      record(req, res, body.toString("utf8"), true);
      const answer = await quiet(() => fetchExample.fetch(toRequest(req, body), { AUTHY_API_KEY: apiKey() }));
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    origin,
    expressUrl: `${origin}/express/authy/callback`,
    fetchUrl: `${origin}/authy/callback`,
    received,
    plan,
    logged,
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} callbacks, received ${received.length}`);
        await new Promise<void>((wake) => {
          waiters.push(wake);
          setTimeout(wake, 200).unref();
        });
      }
      return received.slice(0, count);
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
