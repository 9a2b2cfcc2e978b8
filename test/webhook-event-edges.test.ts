// Issue 14, the survivors of the mutation run over src/webhook-event.ts: every refusal pinned by its class, reason
// or field and exact message (test/webhook-event.test.ts checks only the reason or the class), the edges of strict
// base64url (length, trailing bits, anything before valid characters), fatal UTF-8, claims that are not objects or
// not finite, and each time limit exactly at its end and one second past it. Tokens are built here with node:crypto
// over the exact text of their segments, so a segment can be made deliberately non-canonical and still be signed.
import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthySignatureError, AuthyValidationError } from "../src/errors.js";
import { MAX_WEBHOOK_EVENT_TOKEN_LENGTH, verifyWebhookEvent } from "../src/webhook-event.js";
import { b64url, signJwt, webhookToken } from "./helpers/webhook-token.js";

const KEY = "WSK_3a1c9f0e8b7d4c2a";
const NOW = new Date("2024-03-01T12:00:00Z");
const T = NOW.getTime() / 1000;

const HEADER = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
const signed = (headerPart: string, payloadPart: string, key = KEY): string => signJwt(headerPart, payloadPart, key);
const tokenOf = (claims: unknown, header: unknown = { alg: "HS256", typ: "JWT" }): string => webhookToken(claims, KEY, header);

const CLAIMS = { event: "user_added", iat: T - 10, exp: T + 300 };

/** CLAIMS padded so that their JSON is a multiple of 3 bytes plus `remainder`: that fixes how its base64url ends. */
function claimsOfByteRemainder(remainder: 0 | 1 | 2): Record<string, unknown> {
  let note = "";
  while (Buffer.byteLength(JSON.stringify({ ...CLAIMS, note })) % 3 !== remainder) note += "x";
  return { ...CLAIMS, note };
}

/** What a call ended in, as one comparable value: the claims, or the error's class with its reason or field. */
async function outcome(promise: Promise<unknown>): Promise<unknown> {
  try {
    return { accepted: await promise };
  } catch (error) {
    if (error instanceof AuthySignatureError) return { error: error.name, reason: error.reason, message: error.message };
    if (error instanceof AuthyValidationError) return { error: error.name, field: error.field, message: error.message };
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}
const verify = (token: string, options: Parameters<typeof verifyWebhookEvent>[2] = {}) =>
  outcome(verifyWebhookEvent(token, KEY, { now: NOW, ...options }));
const malformed = (message: string) => ({ error: "AuthySignatureError", reason: "malformed", message });
const invalidOption = (field: string, message: string) => ({ error: "AuthyValidationError", field, message: `${field}: ${message}` });

describe("verifyWebhookEvent: the caller's mistakes name the option", () => {
  it("signingKey: empty, or not a string at all", async () => {
    const expected = invalidOption("signingKey", "must be a non-empty string");
    for (const signingKey of ["", undefined, 42]) {
      expect(await outcome(verifyWebhookEvent(tokenOf(CLAIMS), signingKey as string, { now: NOW }))).toEqual(expected);
    }
  });

  it("options: not an object (null from JavaScript ended in a TypeError before)", async () => {
    for (const options of [null, "now", 60]) {
      expect(await outcome(verifyWebhookEvent(tokenOf(CLAIMS), KEY, options as never))).toEqual(invalidOption("options", "must be an object"));
    }
    expect(await outcome(verifyWebhookEvent(tokenOf({ event: "user_added", iat: Date.now() / 1000 }), KEY, undefined))).toMatchObject({
      accepted: { event: "user_added" },
    });
  });

  it("now: an invalid Date, or not a Date", async () => {
    for (const now of [new Date("nope"), "2024-03-01T12:00:00Z"]) {
      expect(await verify(tokenOf(CLAIMS), { now: now as Date })).toEqual(invalidOption("now", "must be a valid Date"));
    }
  });

  it("clockToleranceSeconds: negative, NaN, infinite or not a number; 0 is allowed", async () => {
    for (const clockToleranceSeconds of [-1, Number.NaN, Number.POSITIVE_INFINITY, "60"]) {
      expect(await verify(tokenOf(CLAIMS), { clockToleranceSeconds: clockToleranceSeconds as number })).toEqual(
        invalidOption("clockToleranceSeconds", "must be a finite number >= 0"),
      );
    }
    expect(await verify(tokenOf(CLAIMS), { clockToleranceSeconds: 0 })).toEqual({ accepted: CLAIMS });
  });

  it("maxAgeSeconds: negative, NaN, infinite or not a number; 0 is allowed and means now, within the tolerance", async () => {
    for (const maxAgeSeconds of [-1, Number.NaN, Number.POSITIVE_INFINITY, "300"]) {
      expect(await verify(tokenOf(CLAIMS), { maxAgeSeconds: maxAgeSeconds as number })).toEqual(
        invalidOption("maxAgeSeconds", "must be a finite number >= 0"),
      );
    }
    const issued = (iat: number) => tokenOf({ event: "user_added", iat });
    expect(await verify(issued(T - 60), { maxAgeSeconds: 0 })).toEqual({ accepted: { event: "user_added", iat: T - 60 } });
    expect(await verify(issued(T - 61), { maxAgeSeconds: 0 })).toEqual({
      error: "AuthySignatureError",
      reason: "expired",
      message: "Webhook event token has no exp and was issued more than 0 s ago",
    });
  });

  // Browsers outside a secure context (a page on plain http) expose crypto without crypto.subtle; runtimes before
  // Node 19 had no global crypto. Node 20 always has it, so the test hides it.
  describe("Web Crypto missing", () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    it("no crypto, or crypto without subtle: a typed error, not a TypeError", async () => {
      const token = tokenOf(CLAIMS);
      const expected = invalidOption("crypto", "Web Crypto (globalThis.crypto.subtle) is not available");
      vi.stubGlobal("crypto", undefined);
      expect(await verify(token)).toEqual(expected);
      vi.stubGlobal("crypto", { getRandomValues: (array: Uint8Array) => array });
      expect(await verify(token)).toEqual(expected);
      vi.unstubAllGlobals();
      expect(await verify(token)).toEqual({ accepted: CLAIMS });
    });
  });
});

describe("verifyWebhookEvent: each refusal says what is wrong", () => {
  it("not a string; not three segments", async () => {
    expect(await verify(42 as unknown as string)).toEqual(malformed("Webhook event token is not a string"));
    const [h, p] = tokenOf(CLAIMS).split(".") as [string, string, string];
    expect(await verify(`${h}.${p}`)).toEqual(malformed("Webhook event token does not have three segments"));
  });

  it("64 kB is the largest token accepted: exactly 65,536 characters passes, one more is refused", async () => {
    const base = { event: "user_added", iat: T - 10, exp: T + 300, filler: "" };
    // A base64url length of 4n + 1 cannot happen, so some headers cannot reach the exact length: try a few.
    const exact = [0, 1, 2, 3]
      .map((kidLength) => {
        const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT", kid: "k".repeat(kidLength) }));
        const payloadLength = MAX_WEBHOOK_EVENT_TOKEN_LENGTH - header.length - 2 - 43;
        const filler = "x".repeat(Math.floor((payloadLength * 3) / 4) - JSON.stringify(base).length);
        return { header, token: signed(header, b64url(JSON.stringify({ ...base, filler }))), claims: { ...base, filler } };
      })
      .find(({ token }) => token.length === MAX_WEBHOOK_EVENT_TOKEN_LENGTH);
    expect(MAX_WEBHOOK_EVENT_TOKEN_LENGTH).toBe(65_536);
    expect(exact?.token.length).toBe(65_536);
    expect(await verify(exact!.token)).toEqual({ accepted: exact!.claims });
    const longer = signed(exact!.header, b64url(JSON.stringify({ ...exact!.claims, filler: `${exact!.claims.filler}xxx` })));
    expect(longer.length).toBe(65_540);
    expect(await verify(longer)).toEqual(malformed("Webhook event token is longer than 65536 characters"));
  });

  it("a header that is a JSON value but not an object: malformed, not an algorithm error", async () => {
    const [, p, s] = tokenOf(CLAIMS).split(".") as [string, string, string];
    for (const header of ["42", '"HS256"', "true", "null", "[]", '[{"alg":"HS256"}]']) {
      expect(await verify(`${b64url(header)}.${p}.${s}`)).toEqual(
        malformed("Webhook event token header is not base64url JSON object"),
      );
    }
  });

  it("the algorithm refusal quotes the alg found, or null without one", async () => {
    const algorithm = (got: string) => ({
      error: "AuthySignatureError",
      reason: "algorithm",
      message: `Webhook event token algorithm must be HS256, got ${got}`,
    });
    expect(await verify(tokenOf(CLAIMS, { typ: "JWT" }))).toEqual(algorithm("null"));
    expect(await verify(tokenOf(CLAIMS, { alg: null }))).toEqual(algorithm("null"));
    expect(await verify(tokenOf(CLAIMS, { alg: "HS384" }))).toEqual(algorithm('"HS384"'));
    expect(await verify(tokenOf(CLAIMS, { alg: 256 }))).toEqual(algorithm("256"));
    expect(await verify(tokenOf(CLAIMS, { alg: "HS256", crit: ["exp"] }))).toEqual({
      error: "AuthySignatureError",
      reason: "algorithm",
      message: "Webhook event token header has unsupported crit",
    });
  });

  it("payload or signature not base64url; a signature that does not match", async () => {
    const [h, p, s] = tokenOf(CLAIMS).split(".") as [string, string, string];
    expect(await verify(`${h}.${p}!.${s}`)).toEqual(malformed("Webhook event token payload is not base64url"));
    expect(await verify(`${h}.${p}.${s}!`)).toEqual(malformed("Webhook event token signature is not base64url"));
    expect(await verify(signed(h, p, "WSK_other"))).toEqual({
      error: "AuthySignatureError",
      reason: "signature",
      message: "Webhook event token signature does not match",
    });
  });

  it("correctly signed claims that are not a JSON object", async () => {
    for (const payload of ["42", '"user_added"', "true", "null", "[]", "[1,2,3]", "not json"]) {
      expect(await verify(signed(HEADER, b64url(payload)))).toEqual(malformed("Webhook event token payload is not a JSON object"));
    }
  });
});

describe("verifyWebhookEvent: strict base64url", () => {
  it("a segment of 4n + 1 characters (no byte sequence encodes to it) is refused, in the payload or the signature", async () => {
    const [h, p, s] = tokenOf(CLAIMS).split(".") as [string, string, string];
    const payload = `${p}${"A".repeat((5 - (p.length % 4)) % 4)}`;
    expect(payload.length % 4).toBe(1);
    expect(await verify(signed(h, payload))).toEqual(malformed("Webhook event token payload is not base64url"));
    expect(s.length).toBe(43);
    expect(await verify(`${h}.${p}.${s}AA`)).toEqual(malformed("Webhook event token signature is not base64url"));
  });

  it("non-zero unused bits in the last character are refused (2 and 3 characters past a multiple of 4)", async () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (const [remainder, length] of [
      [1, 2],
      [2, 3],
    ] as const) {
      const claims = claimsOfByteRemainder(remainder);
      const canonical = b64url(JSON.stringify(claims));
      expect(canonical.length % 4).toBe(length);
      const sibling = `${canonical.slice(0, -1)}${alphabet[alphabet.indexOf(canonical.at(-1) as string) | 1]}`;
      // Node's lenient decoder reads both the same: only the unused bits differ.
      expect(Buffer.from(sibling, "base64url").equals(Buffer.from(canonical, "base64url"))).toBe(true);
      expect(await verify(signed(HEADER, canonical))).toEqual({ accepted: claims });
      expect(await verify(signed(HEADER, sibling))).toEqual(malformed("Webhook event token payload is not base64url"));
    }
  });

  it("anything before valid base64url is refused, even what atob would skip (a space) or choke on (!)", async () => {
    const claims = claimsOfByteRemainder(2);
    const payload = b64url(JSON.stringify(claims));
    // 4n + 3 characters, so with the space in front the segment is 4n + 4 long and needs no padding.
    expect(payload.length % 4).toBe(3);
    expect(await verify(signed(HEADER, ` ${payload}`))).toEqual(malformed("Webhook event token payload is not base64url"));
    expect(await verify(signed(HEADER, `!${payload}`))).toEqual(malformed("Webhook event token payload is not base64url"));
    expect(await verify(signed(`!${HEADER}`, payload))).toEqual(malformed("Webhook event token header is not base64url JSON object"));
  });
});

describe("verifyWebhookEvent: claims", () => {
  it("bytes that are not UTF-8 are refused, not read as U+FFFD", async () => {
    const withBytes = (...bytes: number[]) =>
      signed(HEADER, b64url(Buffer.concat([Buffer.from('{"event":"'), Buffer.from(bytes), Buffer.from(`","iat":${T - 10}}`)])));
    expect(await verify(withBytes(0xc3, 0xa9))).toEqual({ accepted: { event: "é", iat: T - 10 } });
    for (const invalid of [[0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
      expect(await verify(withBytes(...invalid))).toEqual(malformed("Webhook event token payload is not a JSON object"));
    }
  });

  it("exp, nbf and iat must be finite numbers: text, or 1e999 (JSON.parse gives Infinity), is refused by name", async () => {
    const notNumber = (name: string) => malformed(`Webhook event token claim ${name} is not a number`);
    expect(await verify(tokenOf({ ...CLAIMS, exp: "tomorrow" }))).toEqual(notNumber("exp"));
    expect(await verify(tokenOf({ ...CLAIMS, nbf: "soon" }))).toEqual(notNumber("nbf"));
    expect(await verify(tokenOf({ ...CLAIMS, iat: "earlier" }))).toEqual(notNumber("iat"));
    const raw = (json: string) => signed(HEADER, b64url(json));
    expect(await verify(raw(`{"event":"user_added","iat":${T - 10},"exp":1e999}`))).toEqual(notNumber("exp"));
    expect(await verify(raw(`{"event":"user_added","iat":${T - 10},"exp":${T + 300},"nbf":-1e999}`))).toEqual(notNumber("nbf"));
    expect(await verify(raw(`{"event":"user_added","iat":-1e999}`))).toEqual(notNumber("iat"));
  });

  it("neither exp nor iat: malformed, with the reason", async () => {
    expect(await verify(tokenOf({ event: "user_added", nbf: T - 10 }))).toEqual(
      malformed("Webhook event token has neither exp nor iat: its age cannot be judged"),
    );
  });

  it("exp: accepted until exp + tolerance, inclusive", async () => {
    const expired = { error: "AuthySignatureError", reason: "expired", message: "Webhook event token has expired" };
    expect(await verify(tokenOf({ ...CLAIMS, exp: T - 60 }))).toEqual({ accepted: { ...CLAIMS, exp: T - 60 } });
    expect(await verify(tokenOf({ ...CLAIMS, exp: T - 61 }))).toEqual(expired);
    expect(await verify(tokenOf({ ...CLAIMS, exp: T }), { clockToleranceSeconds: 0 })).toEqual({ accepted: { ...CLAIMS, exp: T } });
    expect(await verify(tokenOf({ ...CLAIMS, exp: T - 1 }), { clockToleranceSeconds: 0 })).toEqual(expired);
  });

  it("without exp: iat from maxAge + tolerance ago to tolerance ahead, both ends inclusive", async () => {
    const issued = (iat: number) => ({ event: "user_added", iat });
    expect(await verify(tokenOf(issued(T - 360)))).toEqual({ accepted: issued(T - 360) });
    expect(await verify(tokenOf(issued(T - 361)))).toEqual({
      error: "AuthySignatureError",
      reason: "expired",
      message: "Webhook event token has no exp and was issued more than 300 s ago",
    });
    expect(await verify(tokenOf(issued(T - 180)), { maxAgeSeconds: 120 })).toEqual({ accepted: issued(T - 180) });
    expect(await verify(tokenOf(issued(T - 181)), { maxAgeSeconds: 120 })).toEqual({
      error: "AuthySignatureError",
      reason: "expired",
      message: "Webhook event token has no exp and was issued more than 120 s ago",
    });
    expect(await verify(tokenOf(issued(T + 60)))).toEqual({ accepted: issued(T + 60) });
    expect(await verify(tokenOf(issued(T + 61)))).toEqual({
      error: "AuthySignatureError",
      reason: "not-yet-valid",
      message: "Webhook event token has no exp and was issued in the future",
    });
  });

  it("nbf: accepted from nbf - tolerance, inclusive", async () => {
    expect(await verify(tokenOf({ ...CLAIMS, nbf: T + 60 }))).toEqual({ accepted: { ...CLAIMS, nbf: T + 60 } });
    expect(await verify(tokenOf({ ...CLAIMS, nbf: T + 61 }))).toEqual({
      error: "AuthySignatureError",
      reason: "not-yet-valid",
      message: "Webhook event token is not valid yet",
    });
  });
});
