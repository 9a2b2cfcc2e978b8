import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export const root = fileURLToPath(new URL("../../", import.meta.url));
export const spec = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8"));

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch"] as const;

export interface SpecOperation {
  id: string;
  method: string;
  path: string;
  op: Record<string, any>;
  parameters: Record<string, any>[];
}

export function deref<T = any>(node: any): T {
  while (node && typeof node === "object" && "$ref" in node) {
    node = node.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((acc: any, part: string) => acc?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  }
  return node;
}

/** Every request operation of the bundled spec (not the outbound webhooks). */
export const specOperations: SpecOperation[] = Object.entries(spec.paths as Record<string, any>).flatMap(
  ([path, item]) =>
    HTTP_METHODS.filter((m) => item[m]).map((method) => ({
      id: item[method].operationId as string,
      method: method.toUpperCase(),
      path,
      op: item[method],
      parameters: [...(item.parameters ?? []), ...(item[method].parameters ?? [])].map(deref),
    })),
);

/** The outbound operations under `webhooks`. */
export const webhookOperations: SpecOperation[] = Object.entries((spec.webhooks ?? {}) as Record<string, any>).flatMap(
  ([name, item]) =>
    HTTP_METHODS.filter((m) => deref(item)[m]).map((method) => ({
      id: deref(item)[method].operationId as string,
      method: method.toUpperCase(),
      path: name,
      op: deref(item)[method],
      parameters: [...(deref(item).parameters ?? []), ...(deref(item)[method].parameters ?? [])].map(deref),
    })),
);

const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ strict: false, allErrors: true });
(addFormats as unknown as typeof addFormats.default)(ajv);
ajv.addSchema({ ...spec, $id: "spec.json" });

/** Validates a value against a schema of the spec (a `$ref` or an inline schema). Returns Ajv's errors. */
export function validateAgainst(schema: any, value: unknown): string[] {
  const validate = ajv.compile({ $ref: schema.$ref ? `spec.json${schema.$ref}` : undefined, ...(schema.$ref ? {} : rewriteRefs(schema)) });
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message}`);
}

function rewriteRefs(node: any): any {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, k === "$ref" && typeof v === "string" ? `spec.json${v}` : rewriteRefs(v)]),
    );
  }
  return node;
}

/** Named examples of a media type, dereferenced: `{ name: value }`. */
export function examplesOf(media: any): Record<string, unknown> {
  return Object.fromEntries(Object.entries(media?.examples ?? {}).map(([name, ex]) => [name, deref<any>(ex).value]));
}
