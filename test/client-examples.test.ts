import { describe, expect, it } from "vitest";
import { operationTable } from "../generated/runtime.js";
import { AuthyApiError, createAuthyClient } from "../src/index.js";
import { sampleInput } from "./helpers/sample-input.js";
import { deref, examplesOf, specOperations } from "./helpers/spec.js";
import { spyFetch } from "./helpers/spy-fetch.js";

const credentials = { apiKey: "test-api-key-0123456789", signingKey: "test-signing-key", accessKey: "test-access-key" };

describe("the client has one method per operation", () => {
  it("matches the bundled spec's operationIds exactly", () => {
    const client = createAuthyClient(credentials);
    const methodNames = Object.keys(client).filter((k) => typeof (client as any)[k] === "function").sort();
    expect(methodNames).toEqual(specOperations.map((o) => o.id).sort());
    expect(Object.keys(operationTable).sort()).toEqual(specOperations.map((o) => o.id).sort());
  });
});

type Case = [string, string, "json" | "xml", string, string, unknown, unknown];

/** Every example response of every operation, in each format the operation has. */
const cases: Case[] = specOperations.flatMap((o) =>
  (o.path.includes("{format}") ? (["json", "xml"] as const) : (["json"] as const)).flatMap((format) =>
    Object.entries<any>(o.op.responses).flatMap(([status, response]) => {
      const content = deref<any>(response).content;
      const json = examplesOf(content["application/json"]);
      const wire = format === "xml" ? examplesOf(content["application/xml"]) : json;
      return Object.keys(json).map(
        (name): Case => [`${o.id} ${format} ${status} ${name}`, o.id, format, status, name, wire[name], json[name]],
      );
    }),
  ),
);

describe("decodes every example response in every format", () => {
  it.each(cases)("%s", async (_, id, format, status, _name, wireBody, expected) => {
    const { fetch, requests } = spyFetch(() => ({
      status: Number(status),
      body: typeof wireBody === "string" ? wireBody : JSON.stringify(wireBody),
      headers: { "content-type": format === "xml" ? "application/xml" : "application/json" },
    }));
    const client = createAuthyClient({ ...credentials, format, fetch, retry: false });
    const call = (client as any)[id](sampleInput(id));
    if (status === "200") {
      await expect(call).resolves.toEqual(expected);
    } else {
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthyApiError);
      expect(error).toMatchObject({
        status: Number(status),
        errorCode: Number((expected as any).error_code),
        message: (expected as any).message ?? (expected as any).errors.message,
        errors: (expected as any).errors,
      });
    }
    expect(requests).toHaveLength(1);
    const hasFormat = operationTable[id as keyof typeof operationTable].format;
    expect(requests[0]!.headers.accept).toBe(format === "xml" ? "application/xml" : "application/json");
    if (hasFormat) expect(new URL(requests[0]!.url).pathname).toMatch(new RegExp(`^/[^/]+/${format}/|/${format}/`));
  });
});
