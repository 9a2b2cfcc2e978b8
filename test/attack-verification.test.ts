// Issue 12, the attacks on the callback and webhook-event verifiers, each written as the attack: unauthenticated
// denial of service through canonicalisation, parameters smuggled past the signature in the request target,
// replays after the nonce store forgot, and webhook tokens that never expire.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadDocsExample } from "./helpers/docs-example.js";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthyValidationError,
  canonicalizeAuthyParams,
  computeAuthySignature,
  createMemoryNonceStore,
  DEFAULT_CALLBACK_MAX_BYTES,
  isAuthySignatureError,
  verifyCallbackRequest,
  verifyCallbackSignature,
  verifyNodeCallbackRequest,
  verifyWebhookEvent,
} from "../src/index.js";
import { canonicalizeWithinLimits, canonicalLimitsFor, checkRailsParamsBounds } from "../src/rails-bounds.js";
import { buildShape, SHAPE_KINDS, type ShapeKind } from "./helpers/adversarial-shapes.js";
import { webhookToken } from "./helpers/webhook-token.js";
import { bundleShapeChild } from "./helpers/shape-child-bundle.mjs";

const apiKey = "FU10H0uCafgKnXvPfDm5iAisVuHDgXJA";
const nonce = "1700000000";
const now = new Date(1_700_000_000_000);
const url = "https://example.com/authy/callback";
const forged = "A".repeat(43) + "=";
const LIMITS = canonicalLimitsFor(DEFAULT_CALLBACK_MAX_BYTES);

/** What a verifier receives for a payload: the parsed JSON body of a POST, the query of a GET. */
function paramsOf(method: "GET" | "POST", payload: string): unknown {
  if (method === "GET") return new URLSearchParams(payload);
  try {
    return JSON.parse(payload);
  } catch {
    return undefined; // deeper than JSON.parse goes: the adapters answer false for it
  }
}

async function allThreeVerifiers(method: "GET" | "POST", payload: string): Promise<boolean[]> {
  const headers = { "content-type": "application/json", "x-authy-signature": forged, "x-authy-signature-nonce": nonce };
  const policy = { apiKey, now };
  const params = paramsOf(method, payload);
  return Promise.all([
    verifyCallbackRequest(
      method === "GET" ? new Request(`${url}?${payload}`, { headers }) : new Request(url, { method, headers, body: payload }),
      policy,
    ),
    verifyNodeCallbackRequest(
      {
        method,
        url: method === "GET" ? `/authy/callback?${payload}` : "/authy/callback",
        headers: { ...headers, host: "example.com" },
        body: method === "GET" ? undefined : (params ?? payload),
      },
      policy,
    ),
    verifyCallbackSignature({ ...policy, method, url, params, nonce, signature: forged }),
  ]);
}

describe("attack: one forged POST makes canonicalisation build gigabytes of keys (unauthenticated DoS)", () => {
  it("the reported body (a 120 000-character key holding ~11 000 members, 240 KB) is refused by the bounds, before any key", async () => {
    const shape = buildShape("long-key-many-members", 240_000, { keyLength: 120_000, count: 12_000 });
    expect(shape.payload.length).toBeLessThanOrEqual(240_000);
    const params = JSON.parse(shape.payload) as Record<string, unknown>;
    expect(Object.keys(Object.values(params)[0] as object)).toHaveLength(10_925); // as many as 240 KB holds
    expect(() => checkRailsParamsBounds(params, LIMITS)).toThrow(
      new AuthyValidationError("params", "has a key longer than 8192 encoded bytes"),
    );
    await expect(allThreeVerifiers("POST", shape.payload)).resolves.toEqual([false, false, false]);
  });

  it("keys repeating a long prefix stop at the total-bytes limit, counted before they exist", () => {
    const shape = buildShape("repeated-prefixes", DEFAULT_CALLBACK_MAX_BYTES, { keyLength: 2_000, depth: 3 });
    expect(() => checkRailsParamsBounds(JSON.parse(shape.payload), LIMITS)).toThrow(
      new AuthyValidationError("params", `encode to more than ${4 * DEFAULT_CALLBACK_MAX_BYTES} bytes`),
    );
    const wide = Object.fromEntries(Array.from({ length: 70_000 }, (_, i) => [`k${i}`, {}]));
    expect(() => checkRailsParamsBounds(wide, LIMITS)).toThrow(new AuthyValidationError("params", "has more than 65536 parameters"));
    const query = new URLSearchParams(buildShape("query-long-key", DEFAULT_CALLBACK_MAX_BYTES).payload);
    expect(() => checkRailsParamsBounds(query, LIMITS)).toThrow(
      new AuthyValidationError("params", "has a key longer than 8192 encoded bytes"),
    );
  });

  it("the limits are exact: a payload at each limit is canonicalised, one byte or member over is refused", () => {
    const keyArb = fc.stringMatching(/^[a-z][a-z0-9 ~%é-]{0,12}$/);
    const valueArb = fc.oneof(fc.string({ unit: "grapheme", maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null));
    const paramsArb = fc.dictionary(keyArb, fc.oneof(valueArb, fc.dictionary(keyArb, valueArb, { minKeys: 1, maxKeys: 4 })), {
      minKeys: 1,
      maxKeys: 6,
    });
    fc.assert(
      fc.property(paramsArb, (params) => {
        const canonical = canonicalizeAuthyParams(params);
        const pairs = canonical.split("&");
        const longestKey = Math.max(...pairs.map((p) => p.indexOf("=")));
        let members = 0;
        for (const value of Object.values(params)) members += 1 + (typeof value === "object" && value ? Object.keys(value).length : 0);
        const exact = { maxParams: members, maxKeyBytes: longestKey, maxTotalBytes: canonical.length };
        expect(canonicalizeWithinLimits(params, exact)).toBe(canonical);
        for (const over of [{ maxParams: members - 1 }, { maxKeyBytes: longestKey - 1 }, { maxTotalBytes: canonical.length - 1 }]) {
          expect(() => canonicalizeWithinLimits(params, { ...exact, ...over })).toThrow(AuthyValidationError);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("property: every adversarial shape up to the body limit is refused (forged signature), and the canonical text stays within 4x the limit", async () => {
    const sizeArb = fc.record({
      kind: fc.constantFrom(...SHAPE_KINDS),
      maxBytes: fc.integer({ min: 1024, max: DEFAULT_CALLBACK_MAX_BYTES }),
      keyLength: fc.integer({ min: 1, max: 200_000 }),
      count: fc.integer({ min: 1, max: 100_000 }),
      depth: fc.integer({ min: 1, max: 50_000 }),
    });
    await fc.assert(
      fc.asyncProperty(sizeArb, async ({ kind, maxBytes, ...size }) => {
        const shape = buildShape(kind, maxBytes, size);
        expect(shape.payload.length).toBeLessThanOrEqual(maxBytes);
        expect(await allThreeVerifiers(shape.method, shape.payload)).toEqual([false, false, false]);
        const params = paramsOf(shape.method, shape.payload);
        if (params === undefined) return;
        try {
          const canonical = canonicalizeWithinLimits(params as Record<string, unknown>, canonicalLimitsFor(maxBytes));
          expect(canonical.length).toBeLessThanOrEqual(4 * maxBytes);
        } catch (error) {
          expect(error).toBeInstanceOf(AuthyValidationError);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("a genuine callback is still accepted (control)", async () => {
    const params = { status: "approved", uuid: "u-1", approval_request: { transaction: { details: { a: "1", b: ["x", "y"] } } } };
    const signature = await computeAuthySignature({ key: apiKey, nonce, method: "POST", url, params });
    await expect(verifyCallbackSignature({ apiKey, now, method: "POST", url, params, nonce, signature })).resolves.toBe(true);
  });

  describe("each shape in a child process with a 64 MB heap (running out is a failure)", () => {
    let dir: string;
    let child: string;
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), "authy-shapes-"));
      child = await bundleShapeChild(dir);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** Runs the child; a generous watchdog kills it (by its own pid) only if it hangs. */
    function runChild(kind: ShapeKind): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
      return new Promise((resolve) => {
        const proc = spawn(process.execPath, ["--max-old-space-size=64", child, kind, String(DEFAULT_CALLBACK_MAX_BYTES)], {
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        proc.stdout.on("data", (d) => (stdout += d));
        proc.stderr.on("data", (d) => (stderr += d));
        const watchdog = setTimeout(() => proc.kill("SIGKILL"), 60_000);
        proc.on("close", (code, signal) => {
          clearTimeout(watchdog);
          resolve({ code, signal, stdout, stderr });
        });
      });
    }

    for (const kind of SHAPE_KINDS) {
      it(`${kind}: all three verifiers answer false within the heap`, async () => {
        const { code, signal, stdout, stderr } = await runChild(kind);
        expect({ code, signal, heapError: /heap out of memory/i.test(stderr) }, stderr.slice(-2000)).toEqual({
          code: 0,
          signal: null,
          heapError: false,
        });
        const report = JSON.parse(stdout) as { payloadBytes: number; results: Record<string, [boolean, number]> };
        expect(report.payloadBytes).toBeLessThanOrEqual(DEFAULT_CALLBACK_MAX_BYTES);
        expect(Object.fromEntries(Object.entries(report.results).map(([k, [verdict]]) => [k, verdict]))).toEqual({
          fetch: false,
          node: false,
          signature: false,
        });
      }, 70_000);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("attack: parameters after a '#' (or anywhere the signature does not reach) in the request target", () => {
  const realNow = new Date();
  const signedNonce = String(Math.floor(realNow.getTime() / 1000));
  const query =
    "approval_request%5Btransaction%5D%5Bmessage%5D=Login&authy_id=688611&callback_action=approval_request_status" +
    "&status=approved&uuid=4a725520-bff5-0135-eb01-0e5d90336a8c";
  const smuggled = "&#&approval_request%5Btransaction%5D%5Bhidden_details%5D%5Buser_id%5D=1";
  let signature: string;
  beforeAll(async () => {
    signature = await computeAuthySignature({ key: apiKey, nonce: signedNonce, method: "GET", url, params: new URLSearchParams(query) });
  });
  const nodeRequest = (target: string, extra: Partial<Parameters<typeof verifyNodeCallbackRequest>[0]> = {}) => ({
    method: "GET",
    url: target,
    headers: { host: "example.com", "x-authy-signature": signature, "x-authy-signature-nonce": signedNonce },
    ...extra,
  });
  const policy = () => ({ apiKey, now: realNow });

  it("Node adapter: the genuine query verifies (control); with '&#&<unsigned member>' appended it is refused", async () => {
    await expect(verifyNodeCallbackRequest(nodeRequest(`/authy/callback?${query}`), policy())).resolves.toBe(true);
    await expect(verifyNodeCallbackRequest(nodeRequest(`/authy/callback?${query}${smuggled}`), policy())).resolves.toBe(false);
    await expect(verifyNodeCallbackRequest(nodeRequest(`/authy/callback?${query}#`), policy())).resolves.toBe(false);
    await expect(verifyNodeCallbackRequest(nodeRequest(`/authy/callback#?${query}`), policy())).resolves.toBe(false);
  });

  it("Fetch adapter: a Request whose URL keeps a fragment is refused", async () => {
    const headers = { "x-authy-signature": signature, "x-authy-signature-nonce": signedNonce };
    await expect(verifyCallbackRequest(new Request(`${url}?${query}`, { headers }), policy())).resolves.toBe(true);
    await expect(verifyCallbackRequest(new Request(`${url}?${query}${smuggled}`, { headers }), policy())).resolves.toBe(false);
  });

  it("other unsigned carriers are refused too: a GET body, a POST query, a malformed escape, a control character", async () => {
    await expect(
      verifyNodeCallbackRequest(nodeRequest(`/authy/callback?${query}`, { body: { hidden_details: { user_id: "1" } } }), policy()),
    ).resolves.toBe(false);
    await expect(verifyNodeCallbackRequest(nodeRequest(`/authy/callback?${query}`, { body: {} }), policy())).resolves.toBe(true);
    await expect(verifyNodeCallbackRequest(nodeRequest(`/authy/callback?${query}&x=%zz`), policy())).resolves.toBe(false);
    await expect(verifyNodeCallbackRequest(nodeRequest(`/authy/callback?${query}&x=\t`), policy())).resolves.toBe(false);

    const params = { status: "approved", uuid: "u-1" };
    const postSignature = await computeAuthySignature({ key: apiKey, nonce: signedNonce, method: "POST", url, params });
    const postHeaders = { host: "example.com", "x-authy-signature": postSignature, "x-authy-signature-nonce": signedNonce };
    const post = (target: string) => ({ method: "POST", url: target, headers: postHeaders, body: params });
    await expect(verifyNodeCallbackRequest(post("/authy/callback"), policy())).resolves.toBe(true);
    await expect(verifyNodeCallbackRequest(post("/authy/callback?status=denied"), policy())).resolves.toBe(false);
    const fetchPost = (target: string) =>
      new Request(target, { method: "POST", headers: { ...postHeaders, "content-type": "application/json" }, body: JSON.stringify(params) });
    await expect(verifyCallbackRequest(fetchPost(url), policy())).resolves.toBe(true);
    await expect(verifyCallbackRequest(fetchPost(`${url}?status=denied`), policy())).resolves.toBe(false);
  });

  it("the Express example of docs/callbacks.md, copied as it is, answers 401 to the smuggled request and 200 to the genuine one", async () => {
    const example = await loadDocsExample("## An Express endpoint");
    const handler = (example.authyCallback as (key: string) => (req: unknown, res: unknown) => Promise<void>)(apiKey);
    const answer = async (target: string): Promise<number> => {
      let status = 0;
      await handler(nodeRequest(target, { originalUrl: target, body: {} }), { status: (code: number) => ({ end: () => void (status = code) }) });
      return status;
    };
    const log = console.log;
    console.log = () => {};
    try {
      expect(await answer(`/authy/callback?${query}`)).toBe(200);
      expect(await answer(`/authy/callback?${query.replace("Login", "Login2")}`)).toBe(401); // tampered (nonce unused yet)
      expect(await answer(`/authy/callback?${query}${smuggled}`)).toBe(401);
    } finally {
      console.log = log;
    }
  });

  it("the Fetch example of docs/callbacks.md, copied as it is, answers 200 to the genuine request and 401 to the smuggled one", async () => {
    const example = (await loadDocsExample("## A Fetch-handler endpoint")).default as {
      fetch(request: Request, env: { AUTHY_API_KEY: string }): Promise<Response>;
    };
    const headers = { "x-authy-signature": signature, "x-authy-signature-nonce": signedNonce };
    const env = { AUTHY_API_KEY: apiKey };
    const log = console.log;
    console.log = () => {};
    try {
      expect((await example.fetch(new Request(`${url}?${query}`, { headers }), env)).status).toBe(200);
      expect((await example.fetch(new Request(`${url}?${query}${smuggled}`, { headers }), env)).status).toBe(401);
    } finally {
      console.log = log;
    }
  });
});

describe("attack: replaying a callback after the memory nonce store forgot it, inside a longer window", () => {
  it("with maxAgeSeconds 3600, a replay 400 s and 3 599 s later is refused (the store keeps it as long as the verifier accepts it)", async () => {
    const params = { status: "approved", uuid: "u-1" };
    const nonceSeconds = 1_700_000_000;
    const signature = await computeAuthySignature({ key: apiKey, nonce: String(nonceSeconds), method: "POST", url, params });
    let clockMs = nonceSeconds * 1000;
    const store = createMemoryNonceStore({ clock: () => clockMs });
    const deliver = (atSeconds: number) => {
      clockMs = atSeconds * 1000;
      return verifyCallbackSignature({
        apiKey,
        now: new Date(clockMs),
        maxAgeSeconds: 3600,
        seenNonce: store.seenNonce,
        method: "POST",
        url,
        params,
        nonce: String(nonceSeconds),
        signature,
      });
    };
    await expect(deliver(nonceSeconds)).resolves.toBe(true);
    await expect(deliver(nonceSeconds + 400)).resolves.toBe(false);
    await expect(deliver(nonceSeconds + 3599)).resolves.toBe(false);
    expect(store.size).toBe(1);
    clockMs = (nonceSeconds + 3601) * 1000;
    expect(store.size).toBe(0); // forgotten only once the verifier itself refuses the nonce
    await expect(deliver(nonceSeconds + 3601)).resolves.toBe(false);
  });

  it("a callback accepted 60 s before its nonce time is still remembered at the end of its window", async () => {
    const params = { status: "approved" };
    const nonceSeconds = 1_700_000_000;
    const signature = await computeAuthySignature({ key: apiKey, nonce: String(nonceSeconds), method: "POST", url, params });
    let clockMs = 0;
    const store = createMemoryNonceStore({ clock: () => clockMs });
    const deliver = (atSeconds: number) => {
      clockMs = atSeconds * 1000;
      const input = { method: "POST", url, params, nonce: String(nonceSeconds), signature };
      return verifyCallbackSignature({ apiKey, now: new Date(clockMs), maxAgeSeconds: 600, seenNonce: store.seenNonce, ...input });
    };
    await expect(deliver(nonceSeconds - 60)).resolves.toBe(true);
    await expect(deliver(nonceSeconds + 599)).resolves.toBe(false);
  });
});

describe("attack: replaying a captured webhook event token that has no exp, a year later", () => {
  const KEY = "WSK_3a1c9f0e8b7d4c2a";
  const NOW = new Date("2024-03-01T12:00:00Z");
  const T = NOW.getTime() / 1000;
  const token = (claims: Record<string, unknown>): string => webhookToken(claims, KEY);
  const reasonOf = async (promise: Promise<unknown>): Promise<string> =>
    promise.then(
      () => "accepted",
      (error: unknown) => (isAuthySignatureError(error) ? error.reason : String(error)),
    );
  const aYearLater = new Date(NOW.getTime() + 365 * 86_400_000);

  it("a token with neither exp nor iat is refused (its age cannot be judged): malformed", async () => {
    expect(await reasonOf(verifyWebhookEvent(token({ event: "user_added" }), KEY, { now: NOW }))).toBe("malformed");
  });

  it("a token without exp is accepted only while its iat is recent (300 s + 60 s tolerance by default)", async () => {
    const captured = token({ event: "user_added", iat: T });
    expect(await reasonOf(verifyWebhookEvent(captured, KEY, { now: NOW }))).toBe("accepted");
    expect(await reasonOf(verifyWebhookEvent(captured, KEY, { now: new Date((T + 360) * 1000) }))).toBe("accepted");
    expect(await reasonOf(verifyWebhookEvent(captured, KEY, { now: new Date((T + 361) * 1000) }))).toBe("expired");
    expect(await reasonOf(verifyWebhookEvent(captured, KEY, { now: aYearLater }))).toBe("expired");
    expect(await reasonOf(verifyWebhookEvent(captured, KEY, { now: aYearLater, maxAgeSeconds: 400 * 86_400 }))).toBe("accepted");
    expect(await reasonOf(verifyWebhookEvent(token({ iat: T + 61 }), KEY, { now: NOW }))).toBe("not-yet-valid");
  });

  it("a token with exp is judged by exp alone (control)", async () => {
    expect(await reasonOf(verifyWebhookEvent(token({ iat: T - 86_400, exp: T + 60 }), KEY, { now: NOW }))).toBe("accepted");
    expect(await reasonOf(verifyWebhookEvent(token({ iat: T, exp: T + 60 }), KEY, { now: aYearLater }))).toBe("expired");
  });
});
