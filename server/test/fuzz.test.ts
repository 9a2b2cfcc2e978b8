/**
 * Hostile and random input against the server, from the spec: for every implemented operation
 * (IMPLEMENTED_OPERATIONS, the one list), the client fuzzing's generators (test/helpers/arbitraries.ts) give
 * - valid inputs (sent by the project's client, in JSON and XML, half of them to a real user): the answer is the
 *   200 result or an error the spec declares for the operation (status and error code);
 * - inputs breaking one rule each (sent raw, past the client's validation): a declared error, never a 5xx;
 * - hostile requests: malformed and non-object JSON, wrong content types, bad and hostile XML, invalid UTF-8, a
 *   body over the limit, huge and deeply nested parameters, prototype keys;
 * and after each run the server still answers, only with declared statuses, and a sentinel user made before it is
 * intact (state consistent).
 *
 * Runs: FUZZ_RUNS per property (default 100; `npm run fuzz` sets 10 000, capped here at SERVER_FUZZ_MAX, default
 * 1 000, each run being a real request).
 */
import { request as httpRequest } from "node:http";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { operationTable } from "../../generated/runtime.js";
import { createAuthyClient } from "../../src/index.js";
import { flattenRailsParams } from "../../src/rails-params.js";
import type { OperationSpec } from "../../src/runtime-types.js";
import { decodeAuthyXml } from "../../src/xml-lazy.js";
import { invalidInputCases, validInput } from "../../test/helpers/arbitraries.js";
import { Router } from "../src/http/routes.js";
import { IMPLEMENTED_OPERATIONS } from "./helpers/conformance.js";
import { PHONE, useTestServer } from "./helpers/server.js";
import { expectDeclared } from "./helpers/spec.js";

const RUNS = Math.max(1, Math.min(Number(process.env.FUZZ_RUNS ?? 100) || 100, Number(process.env.SERVER_FUZZ_MAX ?? 1000)));
const TIMEOUT = Math.max(60_000, RUNS * 400);
const t = useTestServer();
const router = new Router(IMPLEMENTED_OPERATIONS);

interface Raw {
  status: number;
  text: string;
}

/** A request exactly as given (fetch cannot send a GET body, invalid UTF-8 or any Host). */
function raw(method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Raw> {
  const url = new URL(path, t.server.url);
  const bytes = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers: { ...headers, ...(bytes ? { "content-length": String(bytes.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(bytes);
  });
}

/** The error body of an answer, in either format, as the JSON object the spec describes. */
async function bodyOf(answer: Raw, format: "json" | "xml"): Promise<{ error_code?: string }> {
  if (format === "xml") return (await decodeAuthyXml(answer.text)) as { error_code?: string };
  return JSON.parse(answer.text) as { error_code?: string };
}

/** The answer must be one the spec declares for the operation the path reaches, or the server's one not-found. */
async function expectDeclaredAnswer(id: string, method: string, path: string, answer: Raw): Promise<void> {
  const routed = router.match(method, path.split("?")[0]!);
  // The format the path asks for (an operation without {format}, the phone number export, is JSON only).
  const body = await bodyOf(answer, routed?.format ?? Router.formatOf(path));
  if (routed?.operationId !== id) {
    expect([answer.status, body.error_code], `${method} ${path} reaches no operation`).toEqual([404, "60000"]);
    return;
  }
  expect(answer.status, `${method} ${path}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  expectDeclared(id, answer.status, body);
}

/** A value as a careless client writes it into a URL (`String()`, or JSON for what has no string form). */
function textOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    return JSON.stringify(value) ?? "";
  }
}

/** The request the client would send for `input`, built without its validation (values as they are). */
function wireRequest(op: OperationSpec, input: Record<string, unknown>, format: "json" | "xml") {
  let path = op.path.replace("{format}", format);
  const query: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const field = op.fields.find((f) => f.name === name);
    if (field?.in === "path") path = path.replace(`{${name}}`, encodeURIComponent(textOf(value)));
    else if (field?.in === "query") query[name] = value;
    else body[name] = value; // unknown keys go in the body
  }
  path = path.replace(/\{[^}]+\}/g, ""); // a missing path parameter leaves its segment empty
  let pairs: Array<[string, string]>;
  try {
    pairs = flattenRailsParams(query, { forWire: true });
  } catch {
    // A value with no Rails form (NaN, a key with brackets): sent as its JSON text, as a careless client would.
    pairs = Object.entries(query).map(([name, value]) => [name, JSON.stringify(value) ?? textOf(value)]);
  }
  const search = pairs.length ? `?${new URLSearchParams(pairs)}` : "";
  const hasBody = Object.keys(body).length > 0;
  return { method: op.method, path: path + search, body: hasBody ? JSON.stringify(body) : undefined };
}

/** The sentinel: a user with a code sent, made before a run, that no fuzzed request targets. */
async function makeSentinel() {
  const client = t.client();
  const id = (await client.createUser({ user: { email: "sentinel@example.com", cellphone: "201-555-0199", country_code: 1 } })).user.id;
  await client.sendSmsToken({ authy_id: id, force: true });
  return { id, before: await t.server.dev.getUser({ authy_id: id }), messages: (await t.server.dev.listMessages({ authy_id: id })).messages };
}

async function expectConsistent(sentinel: Awaited<ReturnType<typeof makeSentinel>>) {
  // Still answering, through the API and the development API, and the sentinel untouched.
  expect((await t.client().getApplicationDetails()).app.name).toBe("Authy Local");
  expect(await t.server.dev.getUser({ authy_id: sentinel.id })).toEqual(sentinel.before);
  expect((await t.server.dev.listMessages({ authy_id: sentinel.id })).messages).toEqual(sentinel.messages);
  expect((await t.client().getUserStatus({ authy_id: sentinel.id })).status.phone_number).toBe("XXX-XXX-0199");
}

const figures: Record<string, Record<string, number>> = {};
const count = (id: string, what: string) => ((figures[id] ??= {})[what] = (figures[id]![what] ?? 0) + 1);

describe.each(IMPLEMENTED_OPERATIONS)("%s fuzzed", (id) => {
  const op = operationTable[id] as OperationSpec;
  const takesUser = op.fields.some((f) => f.name === "authy_id");

  it(`valid inputs (by the client) and inputs breaking one rule (raw), JSON and XML: the result or a declared error (numRuns ${RUNS})`, async () => {
    const sentinel = await makeSentinel();
    const target = (await t.client().createUser({ user: { email: "target@example.com", ...PHONE } })).user.id;
    // With the application's signing and access keys too, for the signed Dashboard and Webhooks operations.
    const app = await t.server.dev.getApp();
    const signed = (format: "json" | "xml") =>
      createAuthyClient({ apiKey: app.api_key, signingKey: app.signing_key!, accessKey: app.access_key!, baseUrl: t.server.url, format, retry: false });
    const clients = { json: signed("json"), xml: signed("xml") } as Record<string, unknown> as Record<"json" | "xml", Record<string, (i: unknown) => Promise<unknown>>>;
    let numbers = 0;
    const spare = (authyId: unknown) => (authyId === sentinel.id ? target : authyId);
    const validRun = fc.record({ valid: fc.constant(true as const), input: validInput(op), realUser: fc.boolean() });
    const invalidRun = fc.record({ valid: fc.constant(false as const), input: fc.oneof(...invalidInputCases(op).map((c) => c.arb)).map((x) => x.input), realUser: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.oneof(validRun, invalidRun), fc.constantFrom("json" as const, "xml" as const), async ({ valid, input, realUser }, format) => {
        if (takesUser && realUser && (valid || "authy_id" in input)) input.authy_id = target;
        // Random numbers are rarely real ones: half the valid registrations use a real +1 201-555-01xx number.
        if (id === "createUser" && valid && realUser) {
          input.user = { ...(input.user as object), cellphone: `201-555-01${10 + (numbers++ % 80)}`, country_code: 1 };
        }
        if (takesUser && "authy_id" in input) input.authy_id = spare(input.authy_id);
        // Half the valid application creations are authorised by the real key. (The others keep a random one: the
        // client redacts a secret from an error body wherever it occurs, so a one-character key would blank the
        // body's keys; a random key of the key's own length keeps the check meaningful.)
        if (id === "createApplication" && valid) input.integration_api_key = realUser ? app.api_key : `Nk${String(input.integration_api_key).slice(0, 30).padEnd(30, "x")}`;
        if (!valid) {
          const request = wireRequest(op, input, format);
          const headers: Record<string, string> = { "x-authy-api-key": t.server.apiKey };
          if (request.body !== undefined) headers["content-type"] = "application/json";
          const answer = await raw(request.method, request.path, headers, request.body);
          await expectDeclaredAnswer(id, request.method, request.path, answer);
          count(id, `invalid ${answer.status}`);
          return;
        }
        try {
          await clients[format][id]!(input);
          count(id, "valid 200");
        } catch (error) {
          const e = error as { name?: string; status?: number; body?: { error_code?: string } };
          expect(e.name, `${id} ${JSON.stringify(input)}: ${String(error)}`).toBe("AuthyApiError");
          expectDeclared(id, e.status!, e.body);
          count(id, `valid ${e.status}`);
        }
      }),
      { numRuns: RUNS },
    ).finally(async () => {
      // A valid rename is a real settings change (reset keeps settings): put the name back for the checks.
      if (id === "updateDashboardApplication") await clients.json.updateDashboardApplication!({ name: "Authy Local" });
    });
    await expectConsistent(sentinel);
  }, TIMEOUT);

  it("hostile requests: malformed bodies, wrong content types, bad XML, huge and deeply nested parameters", async () => {
    const sentinel = await makeSentinel();
    const path = op.path.replace("{format}", "json").replace("{authy_id}", String(sentinel.id + 1)).replace("{token}", "0000000");
    const key = { "x-authy-api-key": t.server.apiKey };
    const deep = `${"a".repeat(1)}${"[a]".repeat(5000)}=1`;
    const cases: Array<[string, Record<string, string>, string | Buffer | undefined, string]> = [
      ["malformed JSON", { ...key, "content-type": "application/json" }, '{"user": {"email": ', ""],
      ["a JSON array", { ...key, "content-type": "application/json" }, "[1,2,3]", ""],
      ["a JSON string", { ...key, "content-type": "application/json" }, '"user"', ""],
      ["JSON nested 100 000 deep", { ...key, "content-type": "application/json" }, `${"[".repeat(100_000)}${"]".repeat(100_000)}`, ""],
      ["JSON with prototype keys", { ...key, "content-type": "application/json" }, '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}', ""],
      ["invalid UTF-8", { ...key, "content-type": "application/json" }, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), ""],
      ["text/plain", { ...key, "content-type": "text/plain" }, "user[email]=a@example.com", ""],
      ["multipart garbage", { ...key, "content-type": "multipart/form-data; boundary=x" }, "--x\r\nnot a part", ""],
      ["a content type with parameters only", { ...key, "content-type": ";;;=" }, "{}", ""],
      ["a form nested 5 000 deep", { ...key, "content-type": "application/x-www-form-urlencoded" }, deep, ""],
      ["a form with prototype keys", { ...key, "content-type": "application/x-www-form-urlencoded" }, "__proto__[admin]=1&constructor[prototype][x]=1&user[__proto__][y]=2", ""],
      ["a huge parameter (900 kB)", { ...key, "content-type": "application/x-www-form-urlencoded" }, `user[email]=${"a".repeat(900_000)}@example.com`, ""],
      ["a body over 1 MiB", { ...key, "content-type": "application/json" }, `{"x":"${"a".repeat(1_100_000)}"}`, ""],
      ["malformed XML", { ...key, "content-type": "application/xml" }, "<user><email>a@example.com</user>", ""],
      ["XML with entities", { ...key, "content-type": "application/xml" }, '<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><user><email>&b;</email></user>', ""],
      ["XML nested 10 000 deep", { ...key, "content-type": "application/xml" }, `${"<a>".repeat(10_000)}${"</a>".repeat(10_000)}`, ""],
      ["a huge query string (14 kB)", key, undefined, `?user[email]=${"b".repeat(14_000)}`],
      ["a query nested 1 000 deep", key, undefined, `?${"q" + "[q]".repeat(1000)}=1`],
      ["percent-encoding errors", key, undefined, "?user%5Bemail=%E0%A4%A&%%%=1"],
    ];
    for (const [name, headers, body, search] of cases) {
      const answer = await raw(op.method, path + search, headers, body);
      await expectDeclaredAnswer(id, op.method, path + search, answer).catch((error: Error) => {
        throw new Error(`${name}: ${error.message}`);
      });
      count(id, `hostile ${answer.status}`);
    }
    await expectConsistent(sentinel);
  }, 60_000);
});

afterAll(() => {
  // FUZZ_REPORT_SERVER=1: the answers seen per operation (for the closing note and docs).
  if (process.env.FUZZ_REPORT_SERVER) console.log(JSON.stringify(figures));
});
