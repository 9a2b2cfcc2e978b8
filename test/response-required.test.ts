/**
 * Required-ness of responses, pinned (openapi/README.md, "Required-ness in responses"):
 * - every `required` list of every schema a response uses, nested objects included, equals the hand-written table
 *   test/fixtures/response-required.json, and every required field there carries its evidence; loosening or
 *   tightening one is a reviewed change of that table;
 * - each operation's 200 with only its required fields decodes, and without any one of them is rejected.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AuthyResponseError, createAuthyClient } from "../src/index.js";
import { sampleInput } from "./helpers/sample-input.js";
import { deref, spec, specOperations, validateAgainst } from "./helpers/spec.js";
import { spyFetch } from "./helpers/spy-fetch.js";

interface PinnedSchema {
  required: Record<string, string[]>;
  evidence?: Record<string, string>;
  why?: string;
}
const pinned = JSON.parse(readFileSync(new URL("./fixtures/response-required.json", import.meta.url), "utf8")) as {
  schemas: Record<string, PinnedSchema>;
};

const isObjectSchema = (s: any) =>
  s.type === "object" || (Array.isArray(s.type) && s.type.includes("object")) || s.properties !== undefined || s.required !== undefined;

/**
 * The `required` list of every object node of every schema a response uses, by component and path inside it
 * (`status`, `stats[]`, `objects{}`); a component referenced from another is its own entry.
 */
function requiredListsOfResponses(): Record<string, Record<string, string[]>> {
  const found: Record<string, Record<string, string[]>> = {};
  const visit = (schema: any, component: string, path: string): void => {
    if (!schema || typeof schema !== "object") return;
    if (schema.$ref) {
      const name = String(schema.$ref).split("/").pop()!;
      if (!(name in found)) {
        found[name] = {};
        visit(deref(schema), name, "");
      }
      return;
    }
    if (isObjectSchema(schema)) found[component]![path] = [...(schema.required ?? [])];
    for (const [key, sub] of Object.entries<any>(schema.properties ?? {})) visit(sub, component, path ? `${path}.${key}` : key);
    if (schema.items) visit(schema.items, component, `${path}[]`);
    if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
      visit(schema.additionalProperties, component, `${path}{}`);
    }
    for (const key of ["allOf", "anyOf", "oneOf"]) for (const sub of schema[key] ?? []) visit(sub, component, path);
  };
  for (const o of specOperations) {
    for (const response of Object.values<any>(o.op.responses)) {
      for (const media of Object.values<any>(deref<any>(response).content ?? {})) {
        if (!media.schema.$ref) throw new Error(`${o.id}: a response schema must be a component, so the table can name it`);
        visit(media.schema, "", "");
      }
    }
  }
  // Scalar components (AuthyId, HexUuid...) have no required list to pin.
  return Object.fromEntries(Object.entries(found).filter(([, lists]) => Object.keys(lists).length > 0));
}

describe("every response schema's required lists equal the hand-written table", () => {
  const actual = requiredListsOfResponses();

  it("the same schemas, paths and lists, in both directions", () => {
    const table = Object.fromEntries(Object.entries(pinned.schemas).map(([name, s]) => [name, s.required]));
    expect(actual).toEqual(table);
  });

  it.each(Object.entries(pinned.schemas))("%s: each required field has its evidence, and no evidence is stale", (_, s) => {
    const fields = Object.entries(s.required).flatMap(([path, names]) => names.map((n) => (path ? `${path}.${n}` : n)));
    expect(Object.keys(s.evidence ?? {}).sort()).toEqual(fields.sort());
    for (const text of Object.values(s.evidence ?? {})) expect(text.length).toBeGreaterThan(20);
    if (fields.length === 0) expect(s.why, "a schema that requires nothing says why").toBeTruthy();
  });
});

/** A value of a schema using only its required members: the schema's example, else the simplest of its type. */
function minimalOf(schema: any): unknown {
  const s = deref<any>(schema);
  if (s.example !== undefined && !isObjectSchema(s) && s.type !== "array") return s.example;
  if (s.enum) return s.enum[0];
  if (s.anyOf ?? s.oneOf) return minimalOf((s.anyOf ?? s.oneOf)[0]);
  if (s.allOf) return Object.assign({}, ...s.allOf.map(minimalOf));
  if (isObjectSchema(s)) {
    return Object.fromEntries((s.required ?? []).map((name: string) => [name, minimalOf(s.properties?.[name] ?? {})]));
  }
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== "null") : s.type;
  if (type === "array") return [minimalOf(s.items ?? {})];
  if (type === "integer" || type === "number") return s.minimum ?? 1;
  if (type === "boolean") return true;
  const byFormat: Record<string, string> = { uri: "https://example.com/x", email: "user@example.com", "date-time": "2017-02-10T01:09:52Z" };
  return byFormat[s.format] ?? "x";
}

/** Every required member of a value built by minimalOf, as paths into it. */
function requiredPaths(schema: any, path: (string | number)[] = []): (string | number)[][] {
  const s = deref<any>(schema);
  if (s.anyOf ?? s.oneOf) return requiredPaths((s.anyOf ?? s.oneOf)[0], path);
  if (isObjectSchema(s)) {
    return (s.required ?? []).flatMap((name: string) => [[...path, name], ...requiredPaths(s.properties?.[name] ?? {}, [...path, name])]);
  }
  if (s.type === "array" && s.items) return requiredPaths(s.items, [...path, 0]);
  return [];
}

function without(value: unknown, path: (string | number)[]): unknown {
  const copy = structuredClone(value) as any;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  delete node[path.at(-1)!];
  return copy;
}

const credentials = { apiKey: "test-api-key-0123456789", signingKey: "test-signing-key", accessKey: "test-access-key" };

async function decode(operationId: string, body: unknown) {
  const { fetch } = spyFetch(() => ({ status: 200, body: JSON.stringify(body) }));
  const client = createAuthyClient({ ...credentials, fetch, retry: false });
  return (client as any)[operationId](sampleInput(operationId)) as Promise<unknown>;
}

describe("each operation's 200 with only its required fields", () => {
  const cases = specOperations.map((o) => {
    const schema = deref<any>(o.op.responses["200"]).content["application/json"].schema;
    return [o.id, schema] as const;
  });

  it.each(cases)("%s decodes, and is valid against the spec", async (id, schema) => {
    const body = minimalOf(schema);
    expect(validateAgainst(schema, body)).toEqual([]);
    await expect(decode(id, body)).resolves.toEqual(body);
  });

  it.each(cases)("%s is rejected without any one of them", async (id, schema) => {
    const body = minimalOf(schema);
    for (const path of requiredPaths(schema)) {
      const error = await decode(id, without(body, path)).catch((e: unknown) => e);
      expect(error, path.join(".")).toBeInstanceOf(AuthyResponseError);
      expect((error as Error).message, path.join(".")).toContain("is required");
    }
  });

  it("covers every operation of the spec", () => {
    expect(cases.map(([id]) => id).sort()).toEqual(Object.values(spec.paths as Record<string, any>).flatMap((item) =>
      ["get", "post", "put", "delete", "patch"].filter((m) => item[m]).map((m) => item[m].operationId as string),
    ).sort());
  });
});
