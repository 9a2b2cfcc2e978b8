/**
 * The generator, in-process: rendering the committed bundle gives exactly the committed generated/ files (so any
 * change to what scripts/generate.mjs writes shows here, and its mutants are killed), and a spec that breaks one
 * of its rules is refused with a message naming the operation.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderGenerated } from "../scripts/generate.mjs";
import { root } from "./helpers/spec.js";

const bundled = JSON.parse(readFileSync(path.join(root, "generated/openapi.json"), "utf8"));

// Rendered inside each test, never while collecting: a mutation tool activates its mutant only around tests.
describe("scripts/generate.mjs", () => {
  it("renders the six files it owns (schema.d.ts is openapi-typescript's)", () => {
    expect(Object.keys(renderGenerated(structuredClone(bundled))).sort()).toEqual([
      "credential-patterns.ts", "error-codes.ts", "operation-ids.ts", "operations.ts", "runtime.ts", "webhook-schemas.ts",
    ]);
  });

  it.each(["credential-patterns.ts", "error-codes.ts", "operation-ids.ts", "operations.ts", "runtime.ts", "webhook-schemas.ts"])(
    "generated/%s is byte-identical to a fresh rendering of the committed bundle",
    (name) => {
      expect(renderGenerated(structuredClone(bundled))[name]).toBe(readFileSync(path.join(root, "generated", name), "utf8"));
    },
  );

  it("renders the same twice (no state carried between runs)", () => {
    expect(renderGenerated(structuredClone(bundled))).toEqual(renderGenerated(structuredClone(bundled)));
  });
});

describe("specs the generator refuses", () => {
  const opAt = (doc: any, urlPath: string, method: string) => doc.paths[urlPath][method];
  const refusal = (edit: (doc: any) => void): string => {
    const doc = structuredClone(bundled);
    edit(doc);
    try {
      renderGenerated(doc);
      return "rendered";
    } catch (error) {
      return (error as Error).message;
    }
  };

  it("an operation without x-authy-retry-safe", () => {
    expect(refusal((d) => delete opAt(d, "/protected/{format}/users/{authy_id}/status", "get")["x-authy-retry-safe"])).toBe(
      "getUserStatus: x-authy-retry-safe missing",
    );
  });

  it("an operation without a 200 application/json response", () => {
    expect(refusal((d) => delete opAt(d, "/protected/{format}/users/{authy_id}/status", "get").responses["200"])).toBe(
      "getUserStatus: no 200 application/json response",
    );
  });

  it("a request body without exactly one x-authy-canonical media type", () => {
    const message = refusal((d) => {
      const op = opAt(d, "/protected/{format}/users/new", "post");
      const body = op.requestBody.$ref ? d.components.requestBodies[op.requestBody.$ref.split("/").pop()] : op.requestBody;
      for (const media of Object.values<any>(body.content)) delete media["x-authy-canonical"];
    });
    expect(message).toBe("createUser: the request body needs exactly one media type with x-authy-canonical");
  });

  it("x-authy-client-required naming an unknown parameter", () => {
    expect(refusal((d) => (opAt(d, "/protected/{format}/users/{authy_id}/status", "get")["x-authy-client-required"] = ["nope"]))).toBe(
      "getUserStatus: x-authy-client-required names unknown nope",
    );
  });

  it("a parameter in two canonical places", () => {
    const message = refusal((d) => {
      const op = opAt(d, "/protected/{format}/users/{authy_id}/status", "get");
      op.parameters = [...(op.parameters ?? []), { name: "authy_id", in: "query", schema: { type: "integer" } }];
    });
    expect(message).toBe("getUserStatus: parameter authy_id appears in two canonical places");
  });

  it("a recursive schema and an unresolved $ref", () => {
    expect(
      refusal((d) => {
        d.components.schemas.Loop = { type: "object", properties: { next: { $ref: "#/components/schemas/Loop" } } };
        opAt(d, "/protected/{format}/users/{authy_id}/status", "get").parameters.push({ name: "loop", in: "query", schema: { $ref: "#/components/schemas/Loop" } });
      }),
    ).toBe("recursive schema #/components/schemas/Loop is not supported");
    expect(
      refusal((d) => opAt(d, "/protected/{format}/users/{authy_id}/status", "get").parameters.push({ $ref: "#/components/parameters/Nope" })),
    ).toBe("unresolved $ref #/components/parameters/Nope");
    expect(
      refusal((d) => opAt(d, "/protected/{format}/users/{authy_id}/status", "get").parameters.push({ $ref: "#/components/nothing/Nope" })),
    ).toBe("unresolved $ref #/components/nothing/Nope");
  });
});

/**
 * A hand-made spec that uses what the real one does not (PUT, PATCH and DELETE; a header parameter, an alternate
 * spelling, deepObject, a client default, a client-required query; a binary body member, a credential, a secret
 * component; allOf, anyOf, oneOf, const, patternProperties, additionalProperties true/false/schema, exclusive
 * bounds, a boolean schema; signed and unauthenticated operations; deprecation notes). The expected files in
 * test/fixtures/generator-mini/ were read and checked line by line; a change to them is a change of output.
 */
describe("every feature of the generator, on a hand-made spec", () => {
  const dir = path.join(root, "test/fixtures/generator-mini");
  const mini = () => JSON.parse(readFileSync(path.join(dir, "spec.json"), "utf8"));

  it.each(["credential-patterns.ts", "error-codes.ts", "operation-ids.ts", "operations.ts", "runtime.ts", "webhook-schemas.ts"])("%s", (name) => {
    expect(renderGenerated(mini())[name]).toBe(readFileSync(path.join(dir, `${name}.txt`), "utf8"));
  });
});
