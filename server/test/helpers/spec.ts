import { expect } from "vitest";
import spec from "../../../generated/openapi.json" with { type: "json" };

type Json = Record<string, any>;

function deref(node: Json): Json {
  let current = node;
  while (current && typeof current.$ref === "string") {
    current = current.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((acc: Json, key: string) => acc[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec as Json);
  }
  return current;
}

function operation(operationId: string): Json {
  for (const item of Object.values((spec as Json).paths as Json)) {
    for (const op of Object.values(item as Json)) if ((op as Json).operationId === operationId) return op as Json;
  }
  throw new Error(`no operation ${operationId}`);
}

/**
 * The server may answer only what the spec declares: the status must be a response of the operation, and an error's
 * code must be the code of one of that response's examples.
 */
export function expectDeclared(operationId: string, status: number, body: { error_code?: string } | undefined): void {
  const response = operation(operationId).responses[String(status)];
  expect(response, `${operationId} does not declare ${status}`).toBeDefined();
  if (status === 200) return;
  const examples = Object.values(deref(response).content["application/json"].examples as Json).map((e) => deref(e as Json).value?.error_code);
  expect(examples, `${operationId} ${status} has no example with error_code ${body?.error_code}`).toContain(body?.error_code);
}
