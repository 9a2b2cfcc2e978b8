// Errors keep their reason (issue 11): a network failure names what failed (code and message, in the message and
// in `cause`); an error body that is not an Authy envelope puts its own short, redacted reason in the message.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthyApiError, AuthyNetworkError, createAuthyClient } from "../src/index.js";

const API_KEY = "error-reasons-key-4f1b9c2e7a";

interface Canned {
  status: number;
  contentType: string;
  body: string;
}
const routes = new Map<string, Canned>();
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const canned = routes.get(new URL(req.url ?? "/", "http://x").pathname.split("/")[4] ?? "");
    if (!canned) return void res.writeHead(500).end();
    res.writeHead(canned.status, { "content-type": canned.contentType }).end(canned.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** getUserStatus for authy_id `id` answered with `canned`; the thrown error. */
async function errorFor(id: number, canned: Canned, format: "json" | "xml" = "json"): Promise<AuthyApiError> {
  routes.set(String(id), canned);
  const authy = createAuthyClient({ apiKey: API_KEY, baseUrl, format, retry: false });
  const error = await authy.getUserStatus({ authy_id: id }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthyApiError);
  return error as AuthyApiError;
}

const prismProblem = JSON.stringify({
  type: "https://stoplight.io/prism/errors#NOT_FOUND",
  title: "The server cannot find the requested content",
  status: 404,
  detail: "Requested status code 418 is not defined in the document.",
});

describe("an error body that is not an Authy envelope", () => {
  it("problem+json: title and detail in the message, the problem as the body", async () => {
    const error = await errorFor(11, { status: 404, contentType: "application/problem+json", body: prismProblem });
    expect(error.message).toBe(
      "HTTP 404 Not Found: The server cannot find the requested content: Requested status code 418 is not defined in the document.",
    );
    expect(error.status).toBe(404);
    expect(error.errorCode).toBeUndefined();
    expect(error.body).toEqual(JSON.parse(prismProblem));
  });

  it("problem+json answering an XML request: the same reason", async () => {
    const error = await errorFor(12, { status: 404, contentType: "application/problem+json", body: prismProblem }, "xml");
    expect(error.message).toBe(
      "HTTP 404 Not Found: The server cannot find the requested content: Requested status code 418 is not defined in the document.",
    );
  });

  it("a proxy's HTML page: its <title>, entities decoded, whitespace collapsed", async () => {
    const html = "<!DOCTYPE html>\n<html><head>\n<title>\n  503 Service Temporarily Unavailable &amp; back at 10:00 &#8212; nginx\n</title></head><body><h1>503</h1></body></html>";
    const error = await errorFor(13, { status: 503, contentType: "text/html", body: html });
    expect(error.message).toBe("HTTP 503 Service Unavailable: 503 Service Temporarily Unavailable & back at 10:00 \u2014 nginx");
    expect(error.retryable).toBe(true);
    expect(error.body).toBeUndefined();
  });

  it("a plain-text body: its first line", async () => {
    const error = await errorFor(14, { status: 502, contentType: "text/plain; charset=utf-8", body: "upstream connect error\nreset reason: overflow" });
    expect(error.message).toBe("HTTP 502 Bad Gateway: upstream connect error");
  });

  it("the reason is redacted and cut to 160 characters", async () => {
    const title = `Key ${API_KEY} rejected ${"x".repeat(300)}`;
    const error = await errorFor(15, { status: 403, contentType: "application/problem+json", body: JSON.stringify({ title }) });
    const reason = `Key [REDACTED] rejected ${"x".repeat(300)}`.slice(0, 159) + "…";
    expect(error.message).toBe(`HTTP 403 Forbidden: ${reason}`);
    expect(error.message).not.toContain(API_KEY);
  });

  it("a body with no reason leaves the status line alone", async () => {
    const error = await errorFor(16, { status: 500, contentType: "text/html", body: "<html><body>oops</body></html>" });
    expect(error.message).toBe("HTTP 500 Internal Server Error");
  });

  it("an Authy envelope keeps its own message", async () => {
    const body = JSON.stringify({ message: "User not found.", success: false, errors: { message: "User not found." }, error_code: "60026" });
    const error = await errorFor(17, { status: 404, contentType: "application/json", body });
    expect(error.message).toBe("User not found.");
    expect(error.errorCode).toBe(60026);
  });
});

describe("a network failure keeps its reason", () => {
  async function networkError(url: string): Promise<AuthyNetworkError> {
    const authy = createAuthyClient({ apiKey: API_KEY, baseUrl: url, retry: false });
    const error = await authy.getUserStatus({ authy_id: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthyNetworkError);
    return error as AuthyNetworkError;
  }

  it("a port fetch refuses to use (bad port): the reason in the message and cause, nothing sent", async () => {
    const error = await networkError("http://127.0.0.1:1");
    expect(error.message).toBe("GET http://127.0.0.1:1/protected/json/users/1/status failed: fetch failed: bad port");
    expect(error.notSent).toBe(true);
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toBe("bad port");
  });

  it("connection refused: the system's message and code", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await networkError(`http://127.0.0.1:${port}`);
    expect(error.message).toBe(
      `GET http://127.0.0.1:${port}/protected/json/users/1/status failed: fetch failed: connect ECONNREFUSED 127.0.0.1:${port} (ECONNREFUSED)`,
    );
    expect(error.notSent).toBe(true);
    expect(error.cause).toMatchObject({ message: `connect ECONNREFUSED 127.0.0.1:${port}`, code: "ECONNREFUSED" });
  });
});
