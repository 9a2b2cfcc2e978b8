import { deref, examplesOf, specOperations } from "./spec.js";

function exampleOfSchema(schema: any): unknown {
  const s = deref<any>(schema);
  if (s.example !== undefined) return s.example;
  if (s.examples?.[0] !== undefined) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum[0];
  if (s.type === "object" || s.properties) {
    const out: Record<string, unknown> = {};
    for (const name of s.required ?? []) out[name] = exampleOfSchema(s.properties[name]);
    return out;
  }
  throw new Error(`no example for schema ${JSON.stringify(s).slice(0, 200)}`);
}

/**
 * A valid input for a client method, taken from the spec's own examples: each required path and query parameter's
 * `example`, and the canonical request body's first named example (or its required properties' examples).
 */
export function sampleInput(operationId: string): Record<string, unknown> {
  const o = specOperations.find((x) => x.id === operationId);
  if (!o) throw new Error(`unknown operation ${operationId}`);
  const input: Record<string, unknown> = {};
  const clientRequired: string[] = o.op["x-authy-client-required"] ?? [];
  for (const p of o.parameters) {
    if (p.in === "header" || p.name === "format" || p["x-authy-alternate"] || p["x-authy-credential"]) continue;
    if (p.required || clientRequired.includes(p.name)) input[p.name] = p.example ?? exampleOfSchema(p.schema);
  }
  const body = deref<any>(o.op.requestBody);
  if (body && !body["x-authy-alternate"]) {
    const [, media] = Object.entries<any>(body.content).find(([, m]) => m["x-authy-canonical"])!;
    const named = Object.values(examplesOf(media))[0] as Record<string, unknown> | undefined;
    const value = (named ?? exampleOfSchema(media.schema)) as Record<string, unknown>;
    const schema = deref<any>(media.schema);
    for (const [name, v] of Object.entries(value)) {
      const prop = schema.properties?.[name];
      if (prop?.["x-authy-credential"] ?? deref<any>(prop)?.["x-authy-credential"]) continue;
      input[name] = v;
    }
    for (const [name, prop] of Object.entries<any>(schema.properties ?? {})) {
      const resolved = deref<any>(prop);
      if (resolved.contentMediaType && (schema.required ?? []).includes(name)) {
        input[name] = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: resolved.contentMediaType });
      }
    }
  }
  return input;
}
