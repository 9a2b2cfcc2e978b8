/**
 * Runs one hostile callback shape through the three callback verifiers, in a process started with a small heap
 * (`--max-old-space-size=64`) by test/attack-verification.test.ts, and bundled by that test and by
 * bench/verify-shapes.mjs. Prints one JSON line: each verifier's verdict and the time it took.
 * argv: kind maxBytes [keyLength count depth], or --kinds to list the shapes.
 */
import { verifyCallbackRequest, verifyCallbackSignature, verifyNodeCallbackRequest } from "../../src/index.js";
import { buildShape, SHAPE_KINDS, type ShapeKind } from "./adversarial-shapes.js";

if (process.argv[2] === "--kinds") {
  console.log(JSON.stringify(SHAPE_KINDS));
  process.exit(0);
}
const [kind, maxBytesText, keyLength, count, depth] = process.argv.slice(2);
const maxBytes = Number(maxBytesText);
const size = {
  ...(keyLength ? { keyLength: Number(keyLength) } : {}),
  ...(count ? { count: Number(count) } : {}),
  ...(depth ? { depth: Number(depth) } : {}),
};
const shape = buildShape(kind as ShapeKind, maxBytes, size);
const apiKey = "FU10H0uCafgKnXvPfDm5iAisVuHDgXJA";
const nonce = "1700000000";
const now = new Date(1_700_000_000_000);
// Any well-formed signature: the attacker holds no secret.
const signature = "A".repeat(43) + "=";
const url = "https://example.com/authy/callback";
const headers = { "content-type": "application/json", "x-authy-signature": signature, "x-authy-signature-nonce": nonce };

function parsed(): unknown {
  if (shape.method === "GET") return new URLSearchParams(shape.payload);
  try {
    return JSON.parse(shape.payload);
  } catch {
    return shape.payload; // too deep for JSON.parse: the Node adapter then gets the raw text
  }
}

async function timed(run: () => Promise<boolean>): Promise<[boolean, number]> {
  const start = performance.now();
  const verdict = await run();
  return [verdict, performance.now() - start];
}

const policy = { apiKey, now, maxBytes };
const results = {
  fetch: await timed(() =>
    verifyCallbackRequest(
      shape.method === "GET"
        ? new Request(`${url}?${shape.payload}`, { headers })
        : new Request(url, { method: "POST", headers, body: shape.payload }),
      policy,
    ),
  ),
  node: await timed(() =>
    verifyNodeCallbackRequest(
      {
        method: shape.method,
        url: shape.method === "GET" ? `/authy/callback?${shape.payload}` : "/authy/callback",
        headers: { ...headers, host: "example.com" },
        body: shape.method === "GET" ? undefined : parsed(),
      },
      policy,
    ),
  ),
  signature: await timed(() =>
    verifyCallbackSignature({ ...policy, method: shape.method, url, params: parsed(), nonce, signature }),
  ),
};
console.log(JSON.stringify({ kind, payloadBytes: shape.payload.length, results, heapUsed: process.memoryUsage().heapUsed }));
