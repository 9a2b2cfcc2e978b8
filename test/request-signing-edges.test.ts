// Issue 14, the survivors of the mutation run over src/request-signing.ts: the nonce's exact text (seconds, then
// milliseconds and a random part, each zero-padded to three digits), the URL signed with every path parameter
// substituted and percent-encoded, which parameters a method signs (the query for GET and DELETE, the fields
// otherwise), and a Blob left out of the signature even when it carries own properties. The expected header is HMAC'd
// here with node:crypto over the signing string written out literally (§6.2 of the reference notes).
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { operationTable } from "../generated/runtime.js";
import type { BuiltRequest } from "../src/engine.js";
import { signRequest } from "../src/request-signing.js";

const SIGNING_KEY = "ASK_9f2e7c1b4a6d8e0f";
const BASE_URL = "https://api.authy.com";
const hmac = (data: string): string => createHmac("sha256", SIGNING_KEY).update(data, "utf8").digest("base64");

/** Fixes the clock at `nowMs` and Math.random at `random` for the nonce. */
function fixNonceSources(nowMs: number, random: number): void {
  vi.spyOn(Date, "now").mockReturnValue(nowMs);
  vi.spyOn(Math, "random").mockReturnValue(random);
}

const request = (parts: Partial<BuiltRequest>): BuiltRequest => ({
  path: {},
  query: undefined,
  fields: undefined,
  body: undefined,
  headers: {},
  ...parts,
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the nonce", () => {
  it("is seconds, a dot, then milliseconds and the random part each padded to three digits", async () => {
    fixNonceSources(1_700_000_000_005, 0.0071);
    const built = request({ fields: { name: "n" } });
    await signRequest(operationTable.createWebhook, built, BASE_URL, SIGNING_KEY);
    expect(built.headers["X-Authy-Signature-Nonce"]).toBe("1700000000.005007");
  });

  it("takes the random part as thousandths: 0.5 gives 500", async () => {
    fixNonceSources(1_700_000_000_123, 0.5);
    const built = request({ fields: { name: "n" } });
    await signRequest(operationTable.createWebhook, built, BASE_URL, SIGNING_KEY);
    expect(built.headers["X-Authy-Signature-Nonce"]).toBe("1700000000.123500");
  });
});

describe("the signature header", () => {
  it("DELETE signs the query (not the fields) and the URL with its path parameter encoded", async () => {
    fixNonceSources(1_700_000_000_005, 0.0071);
    const built = request({
      path: { webhook_id: "WH_a b/c" },
      query: { app_api_key: "key one", access_key: "AK_1" },
      fields: { ignored: "x" },
    });
    await signRequest(operationTable.deleteWebhook, built, BASE_URL, SIGNING_KEY);
    const signed =
      "1700000000.005007|DELETE|https://api.authy.com/dashboard/json/application/webhooks/WH_a%20b%2Fc|access_key=AK_1&app_api_key=key+one";
    expect(built.headers["X-Authy-Signature"]).toBe(hmac(signed));
  });

  it("POST signs the fields, leaving out a Blob even when it has own properties", async () => {
    fixNonceSources(1_700_000_000_005, 0.0071);
    const logo = Object.assign(new Blob(["png"]), { label: "logo" });
    const built = request({ query: { q: "not signed" }, fields: { name: "n", events: ["user_added"], logo } });
    await signRequest(operationTable.createWebhook, built, BASE_URL, SIGNING_KEY);
    const signed = "1700000000.005007|POST|https://api.authy.com/dashboard/json/application/webhooks|events%5B%5D=user_added&name=n";
    expect(built.headers["X-Authy-Signature"]).toBe(hmac(signed));
  });
});
