// Edges of the engine (issue 14): what counts as an input object, unknown and missing parameters, and how each
// response status and body shape is answered. Each test pins the error class, field and message exactly.
import { describe, expect, it } from "vitest";
import { buildRequest, operations } from "../src/engine.js";
import { AuthyApiError, AuthyResponseError, AuthyValidationError, createAuthyClient } from "../src/index.js";
import { spyFetch, type CannedResponse } from "./helpers/spy-fetch.js";

const KEY = "live-key-7f3c9a1e5b2d4e6f8a0c1b3d5e7f9a2c";
const TOKEN = "1234567";

function clientAnswering(canned: CannedResponse, format: "json" | "xml" = "json") {
  const spy = spyFetch(() => canned);
  return { spy, client: createAuthyClient({ apiKey: KEY, fetch: spy.fetch, retry: false, format }) };
}

describe("input must be a plain object", () => {
  // A function whose prototype is Object.prototype passes every test but `typeof`: it is still not an input.
  const objectLikeFunction = Object.setPrototypeOf(() => undefined, Object.prototype);
  it.each([
    ["null", null],
    ["a string", "1234567"],
    ["a number", 7],
    ["an array", [TOKEN, 1]],
    ["a Map", new Map([["token", TOKEN]])],
    ["a Date", new Date(0)],
    ["a function with Object.prototype", objectLikeFunction],
  ])("%s is refused before anything is sent", async (_, input) => {
    const { spy, client } = clientAnswering({ body: "{}" });
    const error = await client.verifyToken(input as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthyValidationError);
    expect(error).toMatchObject({ field: "input", message: "input: must be an object" });
    expect(spy.requests).toHaveLength(0);
  });

  it("an object without a prototype is an input like any other", async () => {
    const { spy, client } = clientAnswering({ body: '{"message":"Token is valid.","token":"is valid","success":"true"}' });
    const input = Object.assign(Object.create(null), { token: TOKEN, authy_id: 1 });
    expect(await client.verifyToken(input)).toEqual({ message: "Token is valid.", token: "is valid", success: "true" });
    expect(spy.requests.map((request) => request.url)).toEqual([`https://api.authy.com/protected/json/verify/${TOKEN}/1?force=true`]);
  });
});

describe("parameters", () => {
  it("an unknown parameter is refused by name", async () => {
    const { spy, client } = clientAnswering({ body: "{}" });
    const error = await client.verifyToken({ token: TOKEN, authy_id: 1, tokn: TOKEN } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthyValidationError);
    expect(error).toMatchObject({ field: "tokn", message: "tokn: is not a parameter of verifyToken" });
    expect(spy.requests).toHaveLength(0);
  });

  it("an unknown name whose value is undefined counts as absent", async () => {
    const { spy, client } = clientAnswering({ body: '{"message":"Token is valid.","token":"is valid"}' });
    await client.verifyToken({ token: TOKEN, authy_id: 1, tokn: undefined } as never);
    expect(spy.requests.map((request) => request.url)).toEqual([`https://api.authy.com/protected/json/verify/${TOKEN}/1?force=true`]);
  });

  it("a missing required parameter is named", async () => {
    const { spy, client } = clientAnswering({ body: "{}" });
    const error = await client.verifyToken({ authy_id: 1 } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthyValidationError);
    expect(error).toMatchObject({ field: "token", message: "token: is required" });
    expect(spy.requests).toHaveLength(0);
  });

  // The client refuses a signed call without an access key before the engine runs; the engine's own check is what
  // stops a credential the runtime table needs from going out as `undefined`.
  it("the engine refuses a credential the operation needs and the client lacks", () => {
    const attempt = () => buildRequest("listWebhooks", operations.listWebhooks, {}, { apiKey: KEY, appApiKey: KEY }, []);
    expect(attempt).toThrow(AuthyValidationError);
    expect(attempt).toThrow("accessKey: is required by listWebhooks; pass it to createAuthyClient");
  });
});

describe("a 200 body", () => {
  it.each([
    ["empty", ""],
    ["blank", " \r\n\t"],
  ])("that is %s is an AuthyResponseError with an empty excerpt", async (_, body) => {
    const { client } = clientAnswering({ body });
    const error = await client.getApplicationDetails().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthyResponseError);
    expect(error).toMatchObject({ message: "Empty response body (HTTP 200)", status: 200, excerpt: "" });
  });

  it.each([
    ["an array", " [1]"],
    ["an object", '{"app":{}}'],
  ])("that is JSON (%s) where XML was asked is refused before the XML decoder runs", async (_, body) => {
    const { client } = clientAnswering({ body, headers: { "content-type": "application/xml" } }, "xml");
    const error = await client.getApplicationDetails().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthyResponseError);
    expect(error).toMatchObject({ message: "JSON received where XML was asked (HTTP 200)", status: 200, excerpt: body });
  });

  it("of the wrong type at its root is named `body`", async () => {
    const { client } = clientAnswering({ body: "[]" });
    const error = await client.getApplicationDetails().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthyResponseError);
    expect(error).toMatchObject({
      message: "getApplicationDetails: response is not the documented shape: body must be object, got array",
      status: 200,
      excerpt: "[]",
    });
  });

  it("missing a nested required field names its dotted path", async () => {
    const body = '{"app":{"app_id":1,"name":"Demo","sms_enabled":true}}';
    const { client } = clientAnswering({ body });
    const error = await client.getApplicationDetails().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthyResponseError);
    expect(error).toMatchObject({
      message: "getApplicationDetails: response is not the documented shape: app.plan is required",
      excerpt: body,
    });
  });
});

describe("statuses other than 200", () => {
  it.each([[201], [299]])("%d is an AuthyResponseError: Authy answers 200 on success", async (status) => {
    const { client } = clientAnswering({ status, body: '{"message":"Created","success":true}' });
    const error = await client.getApplicationDetails().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthyResponseError);
    expect(error).toMatchObject({
      message: `Unexpected HTTP ${status}: Authy answers 200 on success`,
      status,
      excerpt: '{"message":"Created","success":true}',
    });
  });

  it.each([[300], [399]])("%d is a refused redirect", async (status) => {
    const { spy, client } = clientAnswering({ status, body: "" });
    const error = await client.getApplicationDetails().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthyResponseError);
    expect(error).toMatchObject({
      message: `Redirect (HTTP ${status}) not followed: the API key is never sent to another URL`,
      status,
    });
    expect(spy.requests).toHaveLength(1);
  });

  it("400 is an AuthyApiError", async () => {
    const { client } = clientAnswering({ status: 400, body: '{"message":"Invalid token","success":false,"error_code":"60020"}' });
    const error = await client.getApplicationDetails().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthyApiError);
    expect(error).toMatchObject({ status: 400, errorCode: 60020, message: "Invalid token" });
  });
});
