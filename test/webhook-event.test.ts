import { generateKeyPairSync, sign as rsaSign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AuthySignatureError, AuthyValidationError } from "../src/errors.js";
import { verifyWebhookEvent } from "../src/webhook-event.js";
import { b64url, signJwt, webhookToken } from "./helpers/webhook-token.js";

const KEY = "WSK_3a1c9f0e8b7d4c2a";
const NOW = new Date("2024-03-01T12:00:00Z");
const T = NOW.getTime() / 1000;

const segment = (value: unknown): string => b64url(JSON.stringify(value));

/** An HMAC-signed token built independently with node:crypto. */
const hmacToken = (header: unknown, payload: string, key = KEY, hash = "sha256"): string => signJwt(segment(header), b64url(payload), key, hash);
const token = (claims: unknown, header: unknown = { alg: "HS256", typ: "JWT" }, key = KEY): string => webhookToken(claims, key, header);

const claims = {
  iat: T - 10,
  exp: T + 300,
  event: "one_touch_request_responded",
  objects: { approval_request: { uuid: "4a725520-bff5-0135-eb01-0e5d90336a8c", status: "approved" } },
};

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AuthySignatureError);
    return (error as AuthySignatureError).reason;
  }
  throw new Error("expected a rejection");
}

describe("verifyWebhookEvent", () => {
  it("resolves to the claims of a valid HS256 token", async () => {
    await expect(verifyWebhookEvent(token(claims), KEY, { now: NOW })).resolves.toEqual(claims);
    // The smallest token accepted: without exp it needs a recent iat (test/attack-verification.test.ts).
    await expect(verifyWebhookEvent(token({ event: "user_added", iat: T - 10 }, { alg: "HS256" }), KEY, { now: NOW })).resolves.toEqual({
      event: "user_added",
      iat: T - 10,
    });
  });

  it("rejects alg none (unsigned and signed), HS384, HS512, RS256, missing or lower-case alg: algorithm", async () => {
    const unsigned = `${segment({ alg: "none", typ: "JWT" })}.${segment(claims)}.`;
    expect(await reason(verifyWebhookEvent(unsigned, KEY, { now: NOW }))).toBe("algorithm");
    expect(await reason(verifyWebhookEvent(token(claims, { alg: "none" }), KEY, { now: NOW }))).toBe("algorithm");
    expect(await reason(verifyWebhookEvent(hmacToken({ alg: "HS384" }, JSON.stringify(claims), KEY, "sha384"), KEY, { now: NOW }))).toBe(
      "algorithm",
    );
    expect(await reason(verifyWebhookEvent(hmacToken({ alg: "HS512" }, JSON.stringify(claims), KEY, "sha512"), KEY, { now: NOW }))).toBe(
      "algorithm",
    );
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const rsInput = `${segment({ alg: "RS256", typ: "JWT" })}.${segment(claims)}`;
    const rs256 = `${rsInput}.${rsaSign("sha256", Buffer.from(rsInput), privateKey).toString("base64url")}`;
    expect(await reason(verifyWebhookEvent(rs256, KEY, { now: NOW }))).toBe("algorithm");
    expect(await reason(verifyWebhookEvent(token(claims, { typ: "JWT" }), KEY, { now: NOW }))).toBe("algorithm");
    expect(await reason(verifyWebhookEvent(token(claims, { alg: "hs256" }), KEY, { now: NOW }))).toBe("algorithm");
    expect(await reason(verifyWebhookEvent(token(claims, { alg: ["HS256"] }), KEY, { now: NOW }))).toBe("algorithm");
  });

  it("rejects a header with crit: algorithm", async () => {
    expect(await reason(verifyWebhookEvent(token(claims, { alg: "HS256", crit: ["b64"], b64: false }), KEY, { now: NOW }))).toBe(
      "algorithm",
    );
  });

  it("rejects a wrong key, a tampered payload, a truncated or empty signature: signature", async () => {
    expect(await reason(verifyWebhookEvent(token(claims, undefined, "WSK_other"), KEY, { now: NOW }))).toBe("signature");
    const [h, , s] = token(claims).split(".");
    const tampered = `${h}.${segment({ ...claims, event: "user_removed" })}.${s}`;
    expect(await reason(verifyWebhookEvent(tampered, KEY, { now: NOW }))).toBe("signature");
    const good = token(claims);
    expect(await reason(verifyWebhookEvent(good.slice(0, -3), KEY, { now: NOW }))).toBe("signature");
    expect(await reason(verifyWebhookEvent(`${good.slice(0, good.lastIndexOf("."))}.`, KEY, { now: NOW }))).toBe("malformed");
  });

  it("exp: expired beyond the tolerance (default 60 s), accepted inside it", async () => {
    const expired = token({ ...claims, exp: T - 61 });
    expect(await reason(verifyWebhookEvent(expired, KEY, { now: NOW }))).toBe("expired");
    await expect(verifyWebhookEvent(token({ ...claims, exp: T - 59 }), KEY, { now: NOW })).resolves.toMatchObject({ exp: T - 59 });
    expect(await reason(verifyWebhookEvent(token({ ...claims, exp: T - 1 }), KEY, { now: NOW, clockToleranceSeconds: 0 }))).toBe(
      "expired",
    );
  });

  it("nbf in the future: not-yet-valid", async () => {
    expect(await reason(verifyWebhookEvent(token({ ...claims, nbf: T + 120 }), KEY, { now: NOW }))).toBe("not-yet-valid");
    await expect(verifyWebhookEvent(token({ ...claims, nbf: T + 30 }), KEY, { now: NOW })).resolves.toMatchObject({ nbf: T + 30 });
  });

  it("malformed input: wrong segment count, garbage base64, non-JSON, non-object claims, huge, not a string", async () => {
    const good = token(claims);
    const [h, p, s] = good.split(".") as [string, string, string];
    const cases: string[] = [
      `${h}.${p}`, // 2 segments
      `${good}.${s}`, // 4 segments
      "",
      "...",
      `@@@.${p}.${s}`, // garbage header
      `${h}.${p}!.${s}`, // garbage payload
      `${h}.${p}.${s}=`, // padding is not base64url
      `${h}.${p}.${s.slice(0, -1)}+`, // base64 alphabet, not base64url
      `${b64url("not json")}.${p}.${s}`,
      `${segment([1, 2])}.${p}.${s}`, // header not an object
      hmacToken({ alg: "HS256" }, "not json"), // correctly signed, payload not JSON
      hmacToken({ alg: "HS256" }, "[1,2,3]"), // claims an array
      hmacToken({ alg: "HS256" }, "42"), // claims a number
      hmacToken({ alg: "HS256" }, "null"),
      token({ ...claims, exp: "tomorrow" }), // exp not a number
      token({ ...claims, blob: "x".repeat(70_000) }), // > 64 kB
    ];
    for (const bad of cases) expect(await reason(verifyWebhookEvent(bad, KEY, { now: NOW }))).toBe("malformed");
    expect(await reason(verifyWebhookEvent(42 as unknown as string, KEY, { now: NOW }))).toBe("malformed");
    expect(await reason(verifyWebhookEvent(`${good}${".".repeat(100_000)}`, KEY, { now: NOW }))).toBe("malformed");
  });

  it("rejects non-canonical base64url (non-zero trailing bits): malformed", async () => {
    const good = token(claims);
    const [h, p, s] = good.split(".") as [string, string, string];
    // 32-byte HMAC = 43 chars; the last one carries 2 unused bits
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(s.at(-1) as string);
    const sibling = `${s.slice(0, -1)}${alphabet[last | 1]}`;
    expect(Buffer.from(sibling, "base64url").equals(Buffer.from(s, "base64url"))).toBe(true);
    expect(await reason(verifyWebhookEvent(`${h}.${p}.${sibling}`, KEY, { now: NOW }))).toBe("malformed");
  });

  it("caller mistakes throw AuthyValidationError", async () => {
    await expect(verifyWebhookEvent(token(claims), "")).rejects.toThrow(AuthyValidationError);
    await expect(verifyWebhookEvent(token(claims), KEY, { now: new Date("nope") })).rejects.toThrow(AuthyValidationError);
    await expect(verifyWebhookEvent(token(claims), KEY, { clockToleranceSeconds: -5 })).rejects.toThrow(AuthyValidationError);
  });
});
