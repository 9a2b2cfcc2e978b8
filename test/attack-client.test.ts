// Issue 12, the attacks on the client, each written as the attack, against a real HTTP server on 127.0.0.1:
// secrets echoed back by a server or proxy (past an excerpt cut, deep in a body, in a member name, in a reason
// phrase, padded, encoded), compressed bodies that decode past the size limit, and `raw` calls that follow
// redirects or never end.
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthyApiError,
  AuthyResponseError,
  AuthyTimeoutError,
  AuthyValidationError,
  createAuthyClient,
  type AuthyClientOptions,
} from "../src/index.js";
import { credentialPatterns } from "../generated/credential-patterns.js";
import { redactValue } from "../src/failure.js";
import { createRedactor } from "../src/redact.js";

const KEY = "SECRETAPIKEY0000ffffAAAAbbbbCCCCddddEEEE1111gggg2222";
const ACCESS_KEY = "access-key-9b8e7d6c5a4f";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let base: string;
const handlers = new Map<string, Handler>();
let nextRoute = 0;
/** A fresh base URL whose requests all go to `handler`. */
function route(handler: Handler): string {
  const name = `r${nextRoute++}`;
  handlers.set(name, handler);
  return `${base}/${name}`;
}
beforeAll(async () => {
  server = createServer((req, res) => {
    const name = /^\/(r\d+)/.exec(req.url ?? "")?.[1];
    const handler = name ? handlers.get(name) : undefined;
    if (handler) handler(req, res);
    else res.writeHead(404).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (baseUrl: string, options: Partial<AuthyClientOptions> = {}) =>
  createAuthyClient({ apiKey: KEY, baseUrl, retry: false, ...options });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("attack: a server or proxy echoes the API key back, hoping an error carries it to the logs", () => {
  it("a key straddling the 200-character excerpt cut: the excerpt is cut after redaction (no 199 characters of it)", async () => {
    const url = route((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(`${"x".repeat(195)}${KEY}</html>`));
    const error = await failure(client(url).getApplicationDetails());
    expect(error).toBeInstanceOf(AuthyResponseError);
    expect((error as AuthyResponseError).excerpt).toBe(`${"x".repeat(195)}[REDA`);
    expect(JSON.stringify(error)).not.toContain(KEY.slice(0, 8));
  });

  it("the key 2 000 levels deep in an error body, as a value and as a member name: redacted in JSON.stringify(error)", async () => {
    const depth = 2000;
    const body = `${'{"a":'.repeat(depth)}{"${KEY}":"${KEY}"}${"}".repeat(depth)}`;
    const url = route((_req, res) => res.writeHead(401, { "content-type": "application/json" }).end(body));
    const error = await failure(client(url).getApplicationDetails());
    expect(error).toBeInstanceOf(AuthyApiError);
    const text = JSON.stringify(error);
    expect(text).not.toContain(KEY);
    expect(text).toContain(`{"[REDACTED]":"[REDACTED]"}${"}".repeat(depth)}`);
  });

  it("the key as a member name at the top of an error body (its errors map too)", async () => {
    const body = JSON.stringify({ message: "Invalid API key", errors: { [KEY]: "unknown key" }, [`${KEY}-x`]: 1, error_code: "60001" });
    const url = route((_req, res) => res.writeHead(401, { "content-type": "application/json" }).end(body));
    const error = (await failure(client(url).getApplicationDetails())) as AuthyApiError;
    expect(error.errors).toEqual({ "[REDACTED]": "unknown key" });
    expect(error.body).toEqual({ message: "Invalid API key", errors: { "[REDACTED]": "unknown key" }, "[REDACTED]-x": 1, error_code: "60001" });
  });

  it("the key in the HTTP reason phrase of a bodiless error: the fallback message is redacted", async () => {
    const url = route((_req, res) => res.writeHead(502, `Bad key ${KEY}`, { "content-type": "text/plain" }).end());
    const error = (await failure(client(url).getApplicationDetails())) as AuthyApiError;
    expect(error).toBeInstanceOf(AuthyApiError);
    expect(error.message).toBe("HTTP 502 Bad key [REDACTED]");
  });

  it("the key in an X-Request-Id header and in an XML error's quoted text: redacted", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><hash><count type="integer">${"1".repeat(30)}${KEY}</count></hash>`;
    const url = route((_req, res) => res.writeHead(200, { "content-type": "application/xml", "x-request-id": `id-${KEY}` }).end(xml));
    const error = (await failure(client(url, { format: "xml" }).getApplicationDetails())) as AuthyResponseError;
    expect(error).toBeInstanceOf(AuthyResponseError);
    expect(error.message).toBe('Cannot decode XML response: <count> is typed integer but holds "111111111111111111111111111111[REDACTED]" (HTTP 200)');
    const idUrl = route((_req, res) => res.writeHead(401, { "content-type": "application/json", "x-request-id": `id-${KEY}` }).end("{}"));
    expect(((await failure(client(idUrl).getApplicationDetails())) as AuthyApiError).requestId).toBe("id-[REDACTED]");
  });

  it("a padded key (fetch trims the header, the server echoes the trimmed key) is refused when the client is created", () => {
    for (const apiKey of [` ${KEY}`, `${KEY} `, `${KEY}\n`, `\t${KEY}`, `${KEY}\u00a0`]) {
      const error = (() => {
        try {
          createAuthyClient({ apiKey });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toEqual(new AuthyValidationError("apiKey", "must match ^[A-Za-z0-9_-]{1,128}$ (no surrounding whitespace)"));
      expect(String((error as Error).message)).not.toContain(KEY);
    }
    expect(() => createAuthyClient({ apiKey: KEY, signingKey: " sign" })).toThrow(AuthyValidationError);
  });

  it("credentials outside the spec's ApiKey pattern (form-encoding would change them) are refused when the client is created", () => {
    expect(() => createAuthyClient({ apiKey: "key~with space" })).toThrow(AuthyValidationError);
    expect(() => createAuthyClient({ apiKey: KEY, accessKey: "abc~def ghi" })).toThrow(
      new AuthyValidationError("accessKey", "must match ^[A-Za-z0-9_-]{1,128}$ (no surrounding whitespace)"),
    );
    expect(() => createAuthyClient({ apiKey: "k".repeat(129) })).toThrow(AuthyValidationError);
    expect(() => createAuthyClient({ apiKey: KEY, accessKey: ACCESS_KEY, signingKey: "sign key~1" })).not.toThrow();
  });

  it("the spec has one ApiKey schema, referenced wherever the application key appears, and the client checks exactly it", () => {
    const spec = JSON.parse(readFileSync(new URL("../generated/openapi.json", import.meta.url), "utf8")) as {
      components: { schemas: Record<string, { pattern?: string }> };
    };
    const places: Array<[string, unknown]> = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${at}/${i}`));
      else if (typeof node === "object" && node !== null) {
        const record = node as Record<string, unknown>;
        // Security schemes (the header, the legacy query key) cannot carry a schema: the client checks those values.
        if (at.endsWith("/securitySchemes")) return;
        if (record.name === "api_key" || record.name === "app_api_key") places.push([at, (record.schema as { $ref?: string })?.$ref]);
        const properties = record.properties as Record<string, { $ref?: string }> | undefined;
        for (const name of ["api_key", "app_api_key"]) if (properties?.[name]) places.push([`${at}/properties/${name}`, properties[name].$ref]);
        for (const [key, value] of Object.entries(record)) walk(value, `${at}/${key}`);
      }
    };
    walk(spec, "");
    // A wrapper (the body api_key alternate, which carries its own extensions) adds no constraint of its own: its
    // only content is an allOf of ApiKey, so there is still one pattern.
    const wrappers = Object.entries(spec.components.schemas)
      .filter(([name]) => /ApiKey/.test(name) && name !== "ApiKey")
      .map(([name, schema]) => {
        const constraints = Object.keys(schema).filter((key) => !/^(x-|title$|description$)/.test(key));
        expect([name, constraints, (schema as { allOf?: unknown }).allOf]).toEqual([
          name,
          ["allOf"],
          [{ $ref: "#/components/schemas/ApiKey" }],
        ]);
        return `#/components/schemas/${name}`;
      });
    expect(wrappers).toEqual(["#/components/schemas/BodyApiKey"]);
    expect(places.length).toBeGreaterThanOrEqual(8);
    for (const [at, ref] of places) expect([at, ref === wrappers[0] ? "#/components/schemas/ApiKey" : ref]).toEqual([at, "#/components/schemas/ApiKey"]);
    expect(credentialPatterns.apiKey.source).toBe(spec.components.schemas.ApiKey!.pattern);
    expect(spec.components.schemas.ApiKey!.pattern).toBe("^[A-Za-z0-9_-]{1,128}$");
  });

  it("a signing key echoed form-encoded (+ for space, %7E for ~) or escaped in an error body is redacted", async () => {
    const signingKey = "sign key~1/x";
    const echoes = ["sign+key%7E1%2Fx", "sign%20key%7e1/%78", "sign\\u0020key\\u007E1\\/x", "sign&#32;key&#x7E;1/&#120;"];
    const body = JSON.stringify({ message: echoes.join(" | "), errors: { raw: echoes[0]! } }).replace(/\\\\/g, "\\");
    const url = route((_req, res) => res.writeHead(401, { "content-type": "application/json" }).end(body));
    const authy = client(url, { accessKey: ACCESS_KEY, signingKey });
    const error = (await failure(authy.listWebhooks())) as AuthyApiError;
    expect(error).toBeInstanceOf(AuthyApiError);
    expect(error.message).toBe("[REDACTED] | [REDACTED] | [REDACTED] | [REDACTED]");
    expect(JSON.stringify(error)).not.toMatch(/sign|key%7E|key~/i);
  });

  it("the redactor matches each encoding of each character, mixed within one echo, longest secret first", () => {
    const redact = createRedactor(["a b~c", "a b", "é€😀"]);
    for (const echo of ["a b~c", "a+b%7Ec", "a%20b%7ec", "a\\u0020b~c", "a&#32;b&#x7e;c", "a+b~c", "%C3%A9%e2%82%ac%F0%9F%98%80", "\\u00e9\\u20AC\\ud83d\\ude00"]) {
      expect(redact(`<${echo}>`)).toBe("<[REDACTED]>");
    }
    expect(redact("a b")).toBe("[REDACTED]");
    expect(redact("a-b~c")).toBe("a-b~c");
    let deep: unknown = { "a b~c": ["a+b~c"] };
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let out = redactValue(deep, redact);
    for (let i = 0; i < 100_000; i++) out = (out as unknown[])[0];
    expect(out).toEqual({ "[REDACTED]": ["[REDACTED]"] });
  });
});

const APP_DETAILS = {
  app: { name: "Verify Sample", plan: "pay_as_you_go", sms_enabled: true, phone_calls_enabled: true, app_id: 11111, onetouch_enabled: true },
  message: "Application information.",
  success: true,
};
const LIMIT = 1024 * 1024;
const limitError = new AuthyResponseError(`Response body exceeds the ${LIMIT}-byte limit (decoded)`, 200, "");

/** A route answering 200 with `body` already encoded, declaring its (small) encoded length. */
function encodedRoute(encoding: string, body: Buffer): string {
  return route((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-encoding": encoding, "content-length": body.length });
    res.end(body);
  });
}

describe("attack: a small compressed body that decodes far past the 1 MiB response limit", () => {
  const eightMiB = Buffer.alloc(8 * 1024 * 1024, " ");
  const cases: Array<[string, string, () => Buffer]> = [
    ["gzip (8 MiB in ~8 KB)", "gzip", () => gzipSync(eightMiB)],
    ["stacked gzip, gzip (64 MiB in under 1 KB)", "gzip, gzip", () => gzipSync(gzipSync(Buffer.alloc(64 * 1024 * 1024, " ")))],
    ["br", "br", () => brotliCompressSync(eightMiB)],
    ["deflate", "deflate", () => deflateSync(eightMiB)],
  ];
  for (const [name, encoding, make] of cases) {
    it(`${name}: refused as over the limit, counted as decoded`, async () => {
      const body = make();
      expect(body.length).toBeLessThan(16 * 1024);
      const error = await failure(client(encodedRoute(encoding, body)).getApplicationDetails());
      expect(error).toEqual(limitError);
    });
  }

  it("a compressed body under the limit still decodes (control)", async () => {
    const url = encodedRoute("gzip", gzipSync(JSON.stringify(APP_DETAILS)));
    await expect(client(url).getApplicationDetails()).resolves.toEqual(APP_DETAILS);
  });
});

describe("attack: client.raw sends the API key after a redirect, waits forever, reads without limit", () => {
  const details = { params: { path: { format: "json" as const } } };

  it("a 302 to another host is refused as the methods refuse it: the target never sees the key", async () => {
    const seen: Array<string | undefined> = [];
    const elsewhere = route((req, res) => {
      seen.push(req.headers["x-authy-api-key"] as string | undefined);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(APP_DETAILS));
    });
    const url = route((_req, res) => res.writeHead(302, { location: `${elsewhere}/collect?k=${KEY}` }).end());
    const error = await failure(client(url).raw.GET("/protected/{format}/app/details", details));
    expect(error).toEqual(
      new AuthyResponseError(`Redirect (HTTP 302) to ${elsewhere}/collect?k=[REDACTED] not followed: the API key is never sent to another URL`, 302, ""),
    );
    expect(seen).toEqual([]);
    const methodError = await failure(client(url).getApplicationDetails());
    expect(methodError).toEqual(error);
  });

  it("a body that never ends hits the client's timeout", async () => {
    const url = route((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"app":');
    });
    const error = await failure(client(url, { timeoutMs: 300 }).raw.GET("/protected/{format}/app/details", details));
    expect(error).toEqual(new AuthyTimeoutError(300));
  });

  it("a 2 MiB body (chunked, no length) and a gzip bomb are refused at the size limit", async () => {
    const big = route((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      for (let i = 0; i < 32; i++) res.write(Buffer.alloc(64 * 1024, " "));
      res.end();
    });
    expect(await failure(client(big).raw.GET("/protected/{format}/app/details", details))).toEqual(limitError);
    const bomb = encodedRoute("gzip", gzipSync(Buffer.alloc(8 * 1024 * 1024, " ")));
    expect(await failure(client(bomb).raw.GET("/protected/{format}/app/details", details))).toEqual(limitError);
  });

  it("a normal raw call works, key sent, body decoded, hooks see it redacted (control)", async () => {
    const keys: Array<string | undefined> = [];
    const url = route((req, res) => {
      keys.push(req.headers["x-authy-api-key"] as string | undefined);
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzipSync(JSON.stringify(APP_DETAILS)));
    });
    const seenByHooks: Array<[string, string | undefined]> = [];
    const hooks = { onRequest: (info: { operationId: string; headers: Record<string, string> }) => void seenByHooks.push([info.operationId, info.headers["x-authy-api-key"]]) };
    const { data, response } = await client(url, { hooks }).raw.GET("/protected/{format}/app/details", details);
    expect(seenByHooks).toEqual([["raw", "[REDACTED]"]]);
    expect(data).toEqual(APP_DETAILS);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(keys).toEqual([KEY]);
  });
});
