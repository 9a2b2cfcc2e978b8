/**
 * Property-based fuzzing of the client's input handling, with generators derived from the spec
 * (test/helpers/arbitraries.ts reads the field schemas of generated/runtime.ts). For every method:
 * - invalid inputs, one broken rule per input, for every kind of parameter (path, query, body; wrong type,
 *   pattern, format, range, length, enum, missing required, unknown key, nested members) throw
 *   AuthyValidationError naming the field, and no request is made;
 * - valid inputs (unicode and whitespace in free-text fields) produce exactly one request whose path, query and
 *   body, decoded, carry the values intact.
 * Plus the XML decoder and the callback verifier on arbitrary input.
 *
 * Runs: FUZZ_RUNS per property (default 100; `npm run fuzz` sets 10 000). The counts actually run are printed at
 * the end (and written to $FUZZ_REPORT as JSON when set) for docs/reliability.md.
 */
import { writeFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { operationTable } from "../generated/runtime.js";
import { createAuthyClient } from "../src/client.js";
import { AuthyApiError, AuthyResponseError, AuthyValidationError } from "../src/errors.js";
import type { FieldSpec, OperationSpec } from "../src/runtime-types.js";
import { computeAuthySignature, verifyCallbackRequest, verifyCallbackSignature } from "../src/index.js";
import { decodeAuthyXml } from "../src/xml-lazy.js";
import { callerFields, invalidInputCases, unrepresentableQueryKeys, validInput } from "./helpers/arbitraries.js";

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 100) || 100);
const API_KEY = "FUZZAPIKEY0123456789abcdefABCDEF0123456789";
const SIGNING_KEY = "FUZZSIGNINGKEY0123456789abcdef";
const ACCESS_KEY = "FUZZACCESSKEY0123456789abcdef";
const CREDENTIALS: Record<string, string> = { apiKey: API_KEY, appApiKey: API_KEY, accessKey: ACCESS_KEY };
const BASE = "http://127.0.0.1:9/base"; // never contacted: the fetch below is injected
// A long property budget: 10 000 runs of a method take longer than vitest's default.
const TIMEOUT = { timeout: Math.max(20_000, RUNS * 20) };

const ops = Object.entries(operationTable as unknown as Record<string, OperationSpec>);

interface Captured {
  method: string;
  url: URL;
  headers: Headers;
  body: Uint8Array;
}

function capture() {
  const requests: Captured[] = [];
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? new Request(input, init) : new Request(input, init);
    requests.push({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: new Uint8Array(await request.arrayBuffer()),
    });
    return new Response("{}", { status: 500, headers: { "content-type": "application/json" } });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

function clientWith(fetch: typeof globalThis.fetch, format: "json" | "xml") {
  return createAuthyClient({
    apiKey: API_KEY,
    signingKey: SIGNING_KEY,
    accessKey: ACCESS_KEY,
    baseUrl: BASE,
    format,
    retry: false,
    fetch,
  }) as unknown as Record<string, (input: unknown) => Promise<unknown>>;
}

// ---------------------------------------------------------------------------------------------------------------
// Expected wire form, computed independently of the client: Rails bracket pairs for queries and forms.

const scalar = (v: unknown): string => (v === null ? "" : typeof v === "boolean" ? (v ? "true" : "false") : String(v));

function railsPairs(name: string, value: unknown, out: Array<[string, string]>): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) railsPairs(`${name}[]`, item, out);
  } else if (value !== null && typeof value === "object" && !(value instanceof Blob)) {
    for (const [k, v] of Object.entries(value)) railsPairs(`${name}[${k}]`, v, out);
  } else {
    out.push([name, scalar(value)]);
  }
}
const sortPairs = (pairs: Array<[string, string]>) =>
  [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));

/** The value the client must send for a field: the caller's, the default, or the credential. */
function wireValue(field: FieldSpec, input: Record<string, unknown>): unknown {
  if (field.credential) return CREDENTIALS[field.credential];
  const value = input[field.name];
  // Only an absent value takes the client default; an explicit null (where the schema allows it) is sent as null.
  return value === undefined ? field.clientDefault : value;
}

const td = new TextDecoder();

async function checkWire(id: string, op: OperationSpec, input: Record<string, unknown>, format: "json" | "xml", req: Captured) {
  expect(req.method).toBe(op.method);
  // Path: segment by segment, each parameter percent-decoded.
  const template = `/base${op.path}`.split("/");
  const actual = req.url.pathname.split("/");
  expect(actual.length, `${id} path ${req.url.pathname}`).toBe(template.length);
  template.forEach((segment, i) => {
    const param = /^\{(.+)\}$/.exec(segment)?.[1];
    if (!param) return expect(actual[i]).toBe(segment);
    const expected = param === "format" ? format : scalar(wireValue(op.fields.find((f) => f.name === param)!, input));
    expect(decodeURIComponent(actual[i]!), `path parameter ${param}`).toBe(expected);
  });
  // Query: every pair, decoded.
  const queryExpected: Array<[string, string]> = [];
  for (const f of op.fields) if (f.in === "query") railsPairs(f.name, wireValue(f, input), queryExpected);
  expect(sortPairs([...req.url.searchParams]), `${id} query`).toEqual(sortPairs(queryExpected));
  // Body.
  const bodyFields = op.fields.filter((f) => f.in === "body");
  const bodyExpected: Record<string, unknown> = {};
  for (const f of bodyFields) {
    const v = wireValue(f, input);
    if (v !== undefined) bodyExpected[f.name] = v;
  }
  const text = td.decode(req.body);
  if (Object.keys(bodyExpected).length === 0) {
    expect(text === "" || text === "{}", `${id} empty body, got ${text.slice(0, 80)}`).toBe(true);
  } else if (op.body === "application/json") {
    expect(req.headers.get("content-type")).toMatch(/^application\/json/);
    expect(JSON.parse(text)).toEqual(bodyExpected);
  } else if (op.body === "application/x-www-form-urlencoded") {
    expect(req.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    const pairs: Array<[string, string]> = [];
    for (const [k, v] of Object.entries(bodyExpected)) railsPairs(k, v, pairs);
    expect(sortPairs([...new URLSearchParams(text)])).toEqual(sortPairs(pairs));
  } else if (op.body === "multipart/form-data") {
    const form = await new Response(req.body, { headers: { "content-type": req.headers.get("content-type")! } }).formData();
    expect([...form.keys()].sort()).toEqual(Object.keys(bodyExpected).sort());
    for (const [k, v] of Object.entries(bodyExpected)) {
      const part = form.get(k);
      if (v instanceof Blob) {
        expect(part).toBeInstanceOf(Blob);
        expect(new Uint8Array(await (part as Blob).arrayBuffer())).toEqual(new Uint8Array(await v.arrayBuffer()));
      } else {
        expect(part).toBe(scalar(v));
      }
    }
  } else {
    throw new Error(`${id}: unexpected body type ${op.body}`);
  }
  // Credentials: the API key header only where the spec says so; signed calls carry a signature.
  expect(req.headers.get("x-authy-api-key")).toBe(op.auth === "apiKey" ? API_KEY : null);
  if (op.auth === "signed") {
    expect(req.headers.get("x-authy-signature")).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(req.headers.get("x-authy-signature-nonce")).toMatch(/^\d+\.\d+$/);
  }
}

// ---------------------------------------------------------------------------------------------------------------

interface MethodStats {
  validRuns: number;
  invalidRuns: number;
  invalidCases: number;
  byLocation: Record<string, number>;
  byKind: Record<string, number>;
}
const stats: Record<string, MethodStats> = {};
const extraStats: Record<string, number> = {};

afterAll(() => {
  const total = Object.values(stats).reduce((n, s) => n + s.validRuns + s.invalidRuns, 0);
  const report = { runsSetting: RUNS, methods: stats, other: extraStats, totalClientCalls: total };
  if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, `${JSON.stringify(report, null, 2)}\n`);
  console.info(`fuzz-input: FUZZ_RUNS=${RUNS}, ${Object.keys(stats).length} methods, ${total} client calls`);
});

describe(`every method, spec-derived inputs (numRuns ${RUNS} valid + >= ${RUNS} invalid per method)`, () => {
  it("covers every operation of the runtime table, and every kind of parameter", () => {
    expect(ops.length).toBeGreaterThanOrEqual(38);
    const locations = new Set(ops.flatMap(([, op]) => callerFields(op).map((f) => f.in)));
    expect([...locations].sort()).toEqual(["body", "path", "query"]);
  });

  describe.each(ops)("%s", (id, op) => {
    const s: MethodStats = (stats[id] = { validRuns: 0, invalidRuns: 0, invalidCases: 0, byLocation: {}, byKind: {} });

    it(`valid inputs make one request carrying the values intact (numRuns ${RUNS})`, async () => {
      const spies = { json: capture(), xml: capture() };
      const clients = { json: clientWith(spies.json.fetch, "json"), xml: clientWith(spies.xml.fetch, "xml") };
      await fc.assert(
        fc.asyncProperty(validInput(op), fc.constantFrom("json" as const, "xml" as const), async (input, format) => {
          s.validRuns++;
          const spy = spies[format];
          spy.requests.length = 0;
          const error = await clients[format][id]!(input).then(
            () => undefined,
            (e: unknown) => e,
          );
          // The stub answers 500: the request was built and sent, nothing was refused.
          expect(error, String(error)).toBeInstanceOf(AuthyApiError);
          expect(spy.requests.length).toBe(1);
          await checkWire(id, op, input, format, spy.requests[0]!);
        }),
        { numRuns: RUNS },
      );
    }, TIMEOUT.timeout);

    it(`invalid inputs throw AuthyValidationError naming the field, zero requests (>= ${RUNS} runs over every case)`, async () => {
      const cases = invalidInputCases(op);
      s.invalidCases = cases.length;
      const perCase = Math.max(3, Math.ceil(RUNS / cases.length));
      const spy = capture();
      const client = clientWith(spy.fetch, "json");
      for (const c of cases) {
        await fc.assert(
          fc.asyncProperty(c.arb, async ({ input, path }) => {
            s.invalidRuns++;
            s.byLocation[c.location] = (s.byLocation[c.location] ?? 0) + 1;
            s.byKind[c.kind] = (s.byKind[c.kind] ?? 0) + 1;
            const error = await client[id]!(input).then(
              () => undefined,
              (e: unknown) => e,
            );
            expect(error, `${c.kind} of ${c.field}: ${String(error)}`).toBeInstanceOf(AuthyValidationError);
            expect((error as AuthyValidationError).field, `${c.kind} of ${c.field}`).toBe(path);
            expect(spy.requests.length, "requests").toBe(0);
          }),
          { numRuns: perCase },
        );
      }
      expect(s.invalidRuns).toBeGreaterThanOrEqual(RUNS);
    }, TIMEOUT.timeout);
  });

  it("deepObject query keys that bracket notation cannot carry (\"0\", \"\", \"a[b]\"…) are rejected or arrive intact", async () => {
    const spy = capture();
    const client = clientWith(spy.fetch, "json");
    const mangled: string[] = [];
    for (const [id, op] of ops) {
      for (const f of callerFields(op).filter((x) => x.deepObject)) {
        for (const key of unrepresentableQueryKeys) {
          spy.requests.length = 0;
          const input = { [f.name]: { [key]: { eq: "v" } } };
          const value = f.name === "report" ? { [key]: { field: { eq: "v" } } } : input[f.name];
          const error = await client[id]!({ [f.name]: value }).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (error instanceof AuthyValidationError) continue; // refused: fine
          const req = spy.requests[0];
          if (!req) continue;
          const expected: Array<[string, string]> = [];
          for (const g of op.fields) if (g.in === "query") railsPairs(g.name, wireValue(g, { [f.name]: value }), expected);
          const sent = sortPairs([...req.url.searchParams]);
          // Rack reads `name[]` as an array: a key that turns into `[]` (or nests differently) is not intact.
          if (JSON.stringify(sent) !== JSON.stringify(sortPairs(expected)) || sent.some(([k]) => k.includes("[]"))) {
            mangled.push(`${id} ${f.name} key ${JSON.stringify(key)} -> ${sent.map(([k, v]) => `${k}=${v}`).join("&")}`);
          }
        }
      }
    }
    expect(mangled, "sent with a mangled key").toEqual([]);
  });

  it("createWebhook: duplicate events (uniqueItems in the spec) are rejected before any request", async () => {
    const spy = capture();
    const client = clientWith(spy.fetch, "json");
    const error = await client.createWebhook!({
      url: "https://example.com/hook",
      name: "hook",
      events: ["user_added", "user_added"],
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, String(error)).toBeInstanceOf(AuthyValidationError);
    expect((error as AuthyValidationError).field).toBe("events");
    expect(spy.requests.length).toBe(0);
  });

  it("null for an optional field whose schema does not allow null is rejected, not silently dropped", async () => {
    const spy = capture();
    const client = clientWith(spy.fetch, "json");
    const nonNullable = ops.flatMap(([id, op]) =>
      callerFields(op)
        .filter((f) => !f.required && !JSON.stringify(f.schema.type ?? "").includes("null"))
        .map((f) => [id, op, f] as const),
    );
    const failures: string[] = [];
    for (const [id, op, f] of nonNullable) {
      const input = fc.sample(validInput(op), { numRuns: 1, seed: 1 })[0]!;
      const error = await client[id]!({ ...input, [f.name]: null }).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (!(error instanceof AuthyValidationError) || error.field !== f.name) failures.push(`${id}.${f.name}`);
    }
    expect(spy.requests.length, `sent with null: ${failures.join(", ")}`).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The XML decoder and the callback verifier on arbitrary input (test/xml.test.ts and test/signature.test.ts cover
// arbitrary strings at fixed counts and hand-picked hostile values; these add non-string input, deep nesting,
// arbitrary values in every verifier argument, and FUZZ_RUNS scaling).

async function decodesOrThrowsOwnError(input: unknown): Promise<void> {
  try {
    await decodeAuthyXml(input as string);
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(AuthyResponseError);
    expect((error as AuthyResponseError).status).toBeUndefined();
  }
}

describe(`decodeAuthyXml on arbitrary input (numRuns ${RUNS} each)`, () => {
  it(`any value at all, strings or not: decodes or throws AuthyResponseError (numRuns ${RUNS})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.string({ unit: "binary" })), async (input) => {
        extraStats.decoderAnything = (extraStats.decoderAnything ?? 0) + 1;
        await decodesOrThrowsOwnError(input);
      }),
      { numRuns: RUNS },
    );
  });

  it(`nesting from 1 to 400 levels, typed or not, closed or truncated (numRuns ${RUNS})`, async () => {
    const tag = fc.constantFrom("a", "hash", "errors", "b-c", "__proto__", "x:y");
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 400 }),
        tag,
        fc.constantFrom("", ' type="array"', ' type="integer"', ' nil="true"', ' type="hash"'),
        fc.string({ unit: "binary", maxLength: 6 }),
        fc.nat(),
        async (depth, name, attr, leaf, cut) => {
          extraStats.decoderNesting = (extraStats.decoderNesting ?? 0) + 1;
          const doc = `${`<${name}${attr}>`.repeat(depth)}${leaf}${`</${name}>`.repeat(depth)}`;
          await decodesOrThrowsOwnError(doc);
          await decodesOrThrowsOwnError(doc.slice(0, cut % (doc.length + 1)));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe(`verifyCallbackSignature on arbitrary messages (numRuns ${RUNS} each): resolves false, never throws`, () => {
  const apiKey = "FU10H0uCafgKnXvPfDm5iAisVuHDgXJA";
  const nowS = 1_700_000_000;
  const now = new Date(nowS * 1000);
  // Plausible values get past the cheap checks and reach the HMAC; anything() probes every type check.
  const method = fc.oneof(fc.constantFrom("POST", "GET", "post"), fc.anything());
  const url = fc.oneof(fc.webUrl(), fc.constant("https://example.com/authy/callback"), fc.anything());
  const nonce = fc.oneof(
    fc.integer({ min: nowS - 400, max: nowS + 100 }).map(String),
    fc.tuple(fc.integer({ min: nowS - 10, max: nowS }), fc.integer({ min: 0, max: 999_999 })).map(([s, f]) => `${s}.${f}`),
    fc.anything(),
  );
  const signature = fc.oneof(fc.base64String({ minLength: 44, maxLength: 44 }), fc.string(), fc.anything());
  const params = fc.oneof(
    fc.object(),
    fc.jsonValue(),
    fc.dictionary(fc.string(), fc.string()).map((d) => new URLSearchParams(d)),
    fc.anything(),
  );

  it(`arbitrary method, url, params, nonce and signature (numRuns ${RUNS})`, async () => {
    await fc.assert(
      fc.asyncProperty(method, url, params, nonce, signature, async (m, u, p, n, sig) => {
        extraStats.verifierArbitrary = (extraStats.verifierArbitrary ?? 0) + 1;
        await expect(verifyCallbackSignature({ apiKey, now, method: m, url: u, params: p, nonce: n, signature: sig })).resolves.toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it(`a correctly signed callback with one argument replaced by an arbitrary value (numRuns ${RUNS})`, async () => {
    const good = { method: "POST", url: "https://example.com/authy/callback", nonce: String(nowS), params: { status: "approved", authy_id: 1 } };
    const sig = await computeAuthySignature({ key: apiKey, ...good });
    await expect(verifyCallbackSignature({ apiKey, now, ...good, signature: sig })).resolves.toBe(true);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("method", "url", "params", "nonce", "signature"), fc.anything(), async (which, value) => {
        extraStats.verifierOneReplaced = (extraStats.verifierOneReplaced ?? 0) + 1;
        const options = { apiKey, now, ...good, signature: sig, [which]: value };
        const result = await verifyCallbackSignature(options);
        expect(typeof result).toBe("boolean");
        // Only an equivalent value can still verify (the same string, or a method in another case).
        if (result) expect(String(value).toUpperCase()).toBe(String((good as Record<string, unknown>)[which] ?? sig).toUpperCase());
      }),
      { numRuns: RUNS },
    );
  });

  it(`verifyCallbackRequest with arbitrary body and headers (numRuns ${RUNS})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.jsonValue().map((v) => JSON.stringify(v) ?? "")),
        fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain", ""),
        fc.oneof(fc.integer({ min: nowS - 400, max: nowS + 100 }).map(String), fc.string()),
        fc.oneof(fc.base64String({ minLength: 44, maxLength: 44 }), fc.string()),
        async (body, type, n, sig) => {
          extraStats.verifierRequest = (extraStats.verifierRequest ?? 0) + 1;
          const headers = new Headers();
          if (type) headers.set("content-type", type);
          try {
            headers.set("x-authy-signature-nonce", n);
            headers.set("x-authy-signature", sig);
          } catch {
            // not a valid header value: the request simply lacks it
          }
          const request = new Request("https://example.com/authy/callback", { method: "POST", body, headers });
          await expect(verifyCallbackRequest(request, { apiKey, now })).resolves.toBe(false);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
