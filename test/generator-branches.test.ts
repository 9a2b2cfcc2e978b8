/**
 * The generator's less common branches, each on a small hand-made spec with the exact output expected: what the
 * real spec and test/fixtures/generator-mini/ do not reach (a query parameter named `format`, `$ref`s with JSON
 * pointer escapes, boolean schemas, markers read through a `$ref`, a required parameter with a client default, a
 * spec without security, error codes out of order, alternates, pages, credential patterns) and the specs it refuses.
 * Each test was checked by hand to fail with the mutants of scripts/generate.mjs docs/mutation-testing.md names.
 */
import { describe, expect, it } from "vitest";
import { renderGenerated } from "../scripts/generate.mjs";

/** The least a spec needs to render: the two webhook schemas and an error-code table are always rendered. */
function minimalSpec(paths: Record<string, unknown>, schemas: Record<string, unknown> = {}): any {
  return {
    openapi: "3.1.0",
    security: [{ ApiKeyAuth: [] }],
    paths,
    components: {
      schemas: {
        ErrorCode: { "x-authy-error-codes": { "60001": { status: 401, message: "Invalid API key" } } },
        OneTouchCallback: { type: "object" },
        WebhookEventClaims: { type: "object" },
        ...schemas,
      },
    },
  };
}

const okResponse = { "200": { content: { "application/json": { schema: { type: "object" } } } } };

function operation(operationId: string, rest: Record<string, unknown> = {}) {
  return { operationId, summary: `Summary of ${operationId}`, "x-authy-retry-safe": true, responses: okResponse, ...rest };
}

function jsonBody(schema: unknown) {
  return { content: { "application/json": { "x-authy-canonical": true, schema } } };
}

/** runtime.ts after its banner and import line: the schema constants, then the operation table. */
function runtimeBody(spec: unknown): string {
  const text = renderGenerated(spec)["runtime.ts"]!;
  const importLine = 'import type { OperationTable, Schema } from "../src/runtime-types.js";\n';
  return text.slice(text.indexOf(importLine) + importLine.length);
}

/** The lines of operations.ts that name the operation (its input type, result type and method). */
function operationLines(spec: unknown, id: string): string[] {
  return renderGenerated(spec)["operations.ts"]!.split("\n").filter((line) => line.includes(`  ${id}`));
}

/** The message the generator refuses a spec with, or "rendered". */
function refusal(spec: unknown): string {
  try {
    renderGenerated(spec);
    return "rendered";
  } catch (error) {
    return (error as Error).message;
  }
}

const TABLE_DOC = "/** Every request operation of the spec: how to call it and how to check its input and its 200 body. */";

describe("generator branches the real spec does not reach", () => {
  it("a query parameter named format is an ordinary field; only the path parameter is the {format} segment", () => {
    const spec = minimalSpec({
      "/things": {
        get: operation("listThings", {
          parameters: [{ name: "format", in: "query", schema: { type: "string", enum: ["short", "long"] } }],
        }),
      },
    });
    expect(runtimeBody(spec)).toBe(`


${TABLE_DOC}
export const operationTable = {
  listThings: {
    method: "GET",
    path: "/things",
    format: false,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "format", in: "query", schema: { type: "string", enum: ["short","long"] } },
    ],
    result: { type: "object" },
  },
} as const satisfies OperationTable;
`);
  });

  it("a $ref into paths/ (~1 for /) and into a property whose name has ~ (~0) resolves", () => {
    const spec = minimalSpec(
      {
        "/users/{id}": {
          get: operation("getUser", { parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }] }),
        },
        "/users/{id}/devices": {
          get: operation("listDevices", {
            parameters: [
              { $ref: "#/paths/~1users~1{id}/get/parameters/0" },
              { name: "limit", in: "query", schema: { $ref: "#/components/schemas/Limits/properties/max~0count" } },
            ],
          }),
        },
      },
      { Limits: { type: "object", properties: { "max~count": { type: "integer", maximum: 50 } } } },
    );
    expect(runtimeBody(spec)).toBe(`
const smax_0count: Schema = { type: "integer", maximum: 50 };

${TABLE_DOC}
export const operationTable = {
  getUser: {
    method: "GET",
    path: "/users/{id}",
    format: false,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "id", in: "path", schema: { type: "integer" }, required: true },
    ],
    result: { type: "object" },
  },
  listDevices: {
    method: "GET",
    path: "/users/{id}/devices",
    format: false,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "id", in: "path", schema: { type: "integer" }, required: true },
      { name: "limit", in: "query", schema: smax_0count },
    ],
    result: { type: "object" },
  },
} as const satisfies OperationTable;
`);
  });

  it("a component named with . and - becomes a constant named with _ (input and result alike)", () => {
    const spec = minimalSpec(
      {
        "/things": {
          get: operation("listThings", {
            parameters: [{ name: "since", in: "query", schema: { $ref: "#/components/schemas/Thing.v2-beta" } }],
            responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Thing.v2-beta" } } } } },
          }),
        },
      },
      { "Thing.v2-beta": { type: "string", pattern: "^t" } },
    );
    expect(runtimeBody(spec)).toBe(`
const sThing_v2_beta: Schema = { type: "string", pattern: "^t" };
const rThing_v2_beta: Schema = { type: "string" };

${TABLE_DOC}
export const operationTable = {
  listThings: {
    method: "GET",
    path: "/things",
    format: false,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "since", in: "query", schema: sThing_v2_beta },
    ],
    result: rThing_v2_beta,
  },
} as const satisfies OperationTable;
`);
  });

  it("boolean schemas: a body member `true`, items `true` kept, additionalProperties `true` dropped (the default); no `required` makes every member optional", () => {
    const spec = minimalSpec({
      "/things": {
        post: operation("createThing", {
          requestBody: jsonBody({
            type: "object",
            properties: {
              anything: true,
              list: { type: "array", items: true },
              map: { type: "object", additionalProperties: true },
            },
          }),
        }),
      },
    });
    expect(runtimeBody(spec)).toBe(`


${TABLE_DOC}
export const operationTable = {
  createThing: {
    method: "POST",
    path: "/things",
    format: false,
    retrySafe: true,
    auth: "apiKey",
    body: "application/json",
    fields: [
      { name: "anything", in: "body", schema: true },
      { name: "list", in: "body", schema: { type: "array", items: true } },
      { name: "map", in: "body", schema: { type: "object" } },
    ],
    result: { type: "object" },
  },
} as const satisfies OperationTable;
`);
    expect(operationLines(spec, "createThing")).toEqual([
      `  createThing: Simplify<NonNullable<operations["createThing"]["requestBody"]>["content"]["application/json"]>;`,
      `  createThing: operations["createThing"]["responses"][200]["content"]["application/json"];`,
      `  createThing(input?: OperationInputs["createThing"], options?: CallOptions): Promise<OperationResults["createThing"]>;`,
    ]);
  });

  it("a required query parameter with a client default stays optional for the caller, and so does the input", () => {
    const spec = minimalSpec({
      "/things": {
        get: operation("listThings", {
          parameters: [
            { name: "force", in: "query", required: true, "x-authy-client-default": false, schema: { type: "boolean" } },
            { name: "limit", in: "query", schema: { type: "integer" } },
          ],
        }),
      },
    });
    expect(operationLines(spec, "listThings")).toEqual([
      `  listThings: Simplify<Pick<NonNullable<operations["listThings"]["parameters"]["query"]>, "force" | "limit">>;`,
      `  listThings: operations["listThings"]["responses"][200]["content"]["application/json"];`,
      `  listThings(input?: OperationInputs["listThings"], options?: CallOptions): Promise<OperationResults["listThings"]>;`,
    ]);
    expect(runtimeBody(spec)).toContain(
      `      { name: "force", in: "query", schema: { type: "boolean" }, required: true, clientDefault: false },\n` +
        `      { name: "limit", in: "query", schema: { type: "integer" } },\n`,
    );
  });

  it("body members marked credential on the component they $ref, and secret beside a $ref", () => {
    const spec = minimalSpec(
      {
        "/things": {
          post: operation("createThing", {
            requestBody: jsonBody({
              type: "object",
              required: ["key"],
              properties: {
                key: { $ref: "#/components/schemas/ApiKey" },
                pin: { $ref: "#/components/schemas/Pin", "x-authy-secret": true },
              },
            }),
          }),
        },
      },
      {
        ApiKey: { type: "string", pattern: "^[a-z]{8}$", "x-authy-credential": "apiKey" },
        Pin: { type: "string", pattern: "^[0-9]{4}$" },
      },
    );
    const files = renderGenerated(spec);
    expect(runtimeBody(spec)).toBe(`
const sApiKey: Schema = { type: "string", pattern: "^[a-z]{8}$" };
const sPin: Schema = { type: "string", pattern: "^[0-9]{4}$" };

${TABLE_DOC}
export const operationTable = {
  createThing: {
    method: "POST",
    path: "/things",
    format: false,
    retrySafe: true,
    auth: "apiKey",
    body: "application/json",
    fields: [
      { name: "key", in: "body", schema: sApiKey, required: true, credential: "apiKey" },
      { name: "pin", in: "body", schema: sPin, secret: true },
    ],
    result: { type: "object" },
  },
} as const satisfies OperationTable;
`);
    expect(files["credential-patterns.ts"]).toContain(`export const credentialPatterns = {\n  apiKey: /^[a-z]{8}$/,\n} as const;\n`);
    expect(operationLines(spec, "createThing")[0]).toBe(
      `  createThing: Simplify<Omit<NonNullable<operations["createThing"]["requestBody"]>["content"]["application/json"], "key">>;`,
    );
  });

  it("a spec without security anywhere: operations are unauthenticated", () => {
    const spec = minimalSpec({ "/things": { get: operation("listThings") } });
    delete spec.security;
    expect(runtimeBody(spec)).toContain(`    auth: "none",\n`);
  });

  it("the deprecation note is the description's line that says so, without surrounding spaces or a CR", () => {
    const spec = minimalSpec({
      "/things": {
        get: operation("listThings", {
          deprecated: true,
          description: "Lists things.\r\n   Deprecated: use listWidgets.  \r\nPaged.",
        }),
      },
    });
    expect(renderGenerated(spec)["operations.ts"]).toContain(
      `   * \`GET /things\` (safe to retry)\n   * @deprecated Deprecated: use listWidgets.\n   */\n`,
    );
  });

  it("error codes are listed in numeric order, whatever order the spec gives", () => {
    const spec = minimalSpec({ "/things": { get: operation("listThings") } });
    // JavaScript enumerates integer keys below 2^32 - 1 in ascending order by itself; larger ones keep the spec's
    // order, so only they show whether the generator sorts.
    spec.components.schemas.ErrorCode["x-authy-error-codes"] = {
      "60010": { status: 400, message: "Ten" },
      "4294967297": { status: null, message: "Large, listed first" },
      "60002": { status: 401, message: "Two" },
      "4294967296": { status: 500, message: "Large, listed second" },
    };
    expect(renderGenerated(spec)["error-codes.ts"]).toContain(`> = {
  60002: { status: 401, message: "Two" },
  60010: { status: 400, message: "Ten" },
  4294967296: { status: 500, message: "Large, listed second" },
  4294967297: { status: undefined, message: "Large, listed first" },
};
`);
  });
});

describe("operations the generator refuses, with the operation's name", () => {
  it.each([
    ["no responses at all", undefined],
    ["a 200 without content", { "200": { description: "OK" } }],
    ["a 200 with XML only", { "200": { content: { "application/xml": { schema: { type: "object" } } } } }],
  ])("%s", (_case, responses) => {
    expect(refusal(minimalSpec({ "/things": { get: operation("listThings", { responses }) } }))).toBe(
      "listThings: no 200 application/json response",
    );
  });

  it("a parameter described by content instead of a schema", () => {
    const spec = minimalSpec({
      "/things": {
        get: operation("listThings", {
          parameters: [{ name: "api_key", in: "query", "x-authy-credential": "apiKey", content: { "text/plain": { schema: { type: "string" } } } }],
        }),
      },
    });
    expect(refusal(spec)).toBe("listThings: parameter api_key has no schema (content is not supported)");
  });
});

/** What other clients send (x-authy-alternate) is accepted on the wire but is never the client's input. */
describe("alternates and pages", () => {
  it("a page for people (x-authy-page) is no operation of the client", () => {
    const spec = minimalSpec({
      "/__dev/": {
        get: operation("getPage", {
          "x-authy-page": true,
          responses: { "200": { content: { "text/html": { schema: { type: "string" } } } } },
        }),
      },
      "/things": { get: operation("listThings") },
    });
    expect(renderGenerated(spec)["operation-ids.ts"]).toContain(`= [\n  "listThings"\n];\n`);
  });

  it("a member with alternate branches keeps its one component branch, in the table and the input type", () => {
    const spec = minimalSpec(
      {
        "/things": {
          post: operation("createThing", {
            requestBody: jsonBody({
              type: "object",
              required: ["phone", "key"],
              properties: {
                phone: { oneOf: [{ $ref: "#/components/schemas/Phone" }, { type: "integer", "x-authy-alternate": true }] },
                seconds: { anyOf: [{ $ref: "#/components/schemas/Seconds" }, { type: "string", "x-authy-alternate": true }] },
                key: { anyOf: [{ $ref: "#/components/schemas/ApiKey" }, { type: "integer", "x-authy-alternate": true }] },
                // Marked beside its $ref: the component itself is a canonical schema elsewhere.
                api_key: { $ref: "#/components/schemas/ApiKey", "x-authy-alternate": true },
                note: { type: "string" },
              },
            }),
          }),
        },
      },
      {
        Phone: { type: "string", pattern: "^[0-9]+$" },
        Seconds: { type: "integer", minimum: 1 },
        ApiKey: { type: "string", pattern: "^[a-z]{8}$", "x-authy-credential": "apiKey" },
      },
    );
    expect(runtimeBody(spec)).toBe(`
const sPhone: Schema = { type: "string", pattern: "^[0-9]+$" };
const sSeconds: Schema = { type: "integer", minimum: 1 };
const sApiKey: Schema = { type: "string", pattern: "^[a-z]{8}$" };

${TABLE_DOC}
export const operationTable = {
  createThing: {
    method: "POST",
    path: "/things",
    format: false,
    retrySafe: true,
    auth: "apiKey",
    body: "application/json",
    fields: [
      { name: "phone", in: "body", schema: sPhone, required: true },
      { name: "seconds", in: "body", schema: sSeconds },
      { name: "key", in: "body", schema: sApiKey, required: true, credential: "apiKey" },
      { name: "note", in: "body", schema: { type: "string" } },
    ],
    result: { type: "object" },
  },
} as const satisfies OperationTable;
`);
    expect(operationLines(spec, "createThing")).toEqual([
      `  createThing: Simplify<Omit<NonNullable<operations["createThing"]["requestBody"]>["content"]["application/json"], "phone" | "seconds" | "key" | "api_key"> & { phone: components["schemas"]["Phone"]; seconds?: components["schemas"]["Seconds"] }>;`,
      `  createThing: operations["createThing"]["responses"][200]["content"]["application/json"];`,
      `  createThing(input: OperationInputs["createThing"], options?: CallOptions): Promise<OperationResults["createThing"]>;`,
    ]);
  });

  const alternatesRefusal = (canonical: unknown[]): string => {
    const spec = minimalSpec(
      {
        "/things": {
          post: operation("createThing", {
            requestBody: jsonBody({ type: "object", properties: { phone: { anyOf: [...canonical, { type: "integer", "x-authy-alternate": true }] } } }),
          }),
        },
      },
      { Phone: { type: "string" }, Mobile: { type: "string" } },
    );
    spec["x-shared"] = { Phone: { type: "string" } };
    return refusal(spec);
  };

  it.each([
    ["two component branches", [{ $ref: "#/components/schemas/Phone" }, { $ref: "#/components/schemas/Mobile" }]],
    ["an inline branch", [{ type: "string" }]],
    ["a branch outside components/schemas", [{ $ref: "#/x-shared/Phone" }]],
  ])("alternate branches beside %s are refused", (_case, canonical) => {
    const branches = JSON.stringify([...canonical, { type: "integer", "x-authy-alternate": true }]);
    expect(alternatesRefusal(canonical)).toBe(`alternate branches need exactly one canonical component branch: {"anyOf":${branches}}`);
  });
});

describe("credential patterns", () => {
  const withCredential = (key: unknown, extraPaths: Record<string, unknown> = {}) =>
    minimalSpec({
      "/things": { post: operation("createThing", { requestBody: jsonBody({ type: "object", properties: { key } }) }) },
      ...extraPaths,
    });

  it("a / in a pattern is escaped in the regular expression literal", () => {
    const spec = withCredential({ type: "string", pattern: "^[a-z]+/[0-9]+$", "x-authy-credential": "apiKey" });
    expect(renderGenerated(spec)["credential-patterns.ts"]).toContain(`export const credentialPatterns = {\n  apiKey: /^[a-z]+\\/[0-9]+$/,\n} as const;\n`);
  });

  it("a credential without a pattern is refused", () => {
    expect(refusal(withCredential({ type: "string", "x-authy-credential": "apiKey" }))).toBe("createThing: credential key has no pattern");
  });

  it("one credential with two patterns is refused", () => {
    const spec = withCredential(
      { type: "string", pattern: "^[a-z]{8}$", "x-authy-credential": "apiKey" },
      {
        "/others": {
          get: operation("listOthers", {
            parameters: [{ name: "key", in: "query", "x-authy-credential": "appApiKey", schema: { type: "string", pattern: "^[a-z]{9}$" } }],
          }),
        },
      },
    );
    expect(refusal(spec)).toBe("listOthers: credential key has pattern ^[a-z]{9}$, elsewhere ^[a-z]{8}$: use one schema");
  });
});
