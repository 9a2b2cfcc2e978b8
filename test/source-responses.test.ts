/**
 * The bodies the other SDKs' recordings and tests hold (test/fixtures/source-evidence.ts), JSON and XML, decoded by
 * the client: every accepted 200 resolves to exactly the value the body stands for and is valid against the
 * operation's schema; every error becomes an AuthyApiError whose decoded body is valid against its error schema;
 * what the spec deliberately rejects is rejected.
 */
import { describe, expect, it } from "vitest";
import { AuthyApiError, AuthyResponseError, createAuthyClient } from "../src/index.js";
import { sourceEvidence, type ResponseRow } from "./fixtures/source-evidence.js";
import { sampleInput } from "./helpers/sample-input.js";
import { deref, specOperations, validateAgainst } from "./helpers/spec.js";
import { spyFetch } from "./helpers/spy-fetch.js";

const responses = sourceEvidence.filter((r): r is ResponseRow => r.kind === "response");
const label = (r: ResponseRow) => `${r.source} ${r.call} ${r.format} ${r.status} (${r.file})`;

/** The schema the spec declares for an operation's response: the status's own, else the shared Error envelope. */
function schemaOf(operationId: string, status: number): unknown {
  const o = specOperations.find((x) => x.id === operationId);
  if (!o) throw new Error(`unknown operation ${operationId}`);
  const response = o.op.responses[String(status)];
  if (!response) return { $ref: "#/components/schemas/Error" };
  return deref<any>(response).content["application/json"].schema;
}

/** The value a body stands for: the JSON parsed, or the hand-written twin of an XML document. */
function expectedOf(row: ResponseRow): unknown {
  if (row.format === "json") return JSON.parse(row.body);
  if (row.decoded === undefined) throw new Error(`${label(row)}: an XML row needs its decoded twin`);
  return row.decoded;
}

async function call(row: ResponseRow) {
  const { fetch } = spyFetch(() => ({
    status: row.status,
    body: row.body,
    headers: { "content-type": row.format === "xml" ? "application/xml" : "application/json" },
  }));
  const client = createAuthyClient({ apiKey: "test-api-key-0123456789", format: row.format, fetch, retry: false });
  return (client as any)[row.operationId](sampleInput(row.operationId)) as Promise<unknown>;
}

describe("the fixture table", () => {
  it("names a source, a file and a known operation on every response row; rejected rows say why", () => {
    for (const r of responses) {
      expect(r.source, label(r)).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(specOperations.some((o) => o.id === r.operationId), label(r)).toBe(true);
      if (!r.accepted) expect([r.note ? "noted" : "", r.client], label(r)).toEqual(["noted", expect.stringMatching(/^(rejects|decodes)$/)]);
    }
  });
});

describe("recorded and test bodies of the second-source SDKs decode and match the spec", () => {
  const accepted = responses.filter((r) => r.accepted);
  it.each(accepted.filter((r) => r.status === 200).map((r) => [label(r), r] as const))("%s", async (_, row) => {
    const value = await call(row);
    expect(value).toEqual(expectedOf(row));
    expect(validateAgainst(schemaOf(row.operationId, 200), value)).toEqual([]);
  });

  it.each(accepted.filter((r) => r.status !== 200).map((r) => [label(r), r] as const))("%s", async (_, row) => {
    const error = await call(row).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthyApiError);
    const expected = expectedOf(row) as { error_code?: string; message?: string; errors?: { message?: string } };
    expect(error).toMatchObject({
      status: row.status,
      errorCode: expected.error_code === undefined ? undefined : Number(expected.error_code),
      message: expected.message ?? expected.errors?.message,
    });
    expect((error as AuthyApiError).body).toEqual(expected);
    expect(validateAgainst(schemaOf(row.operationId, row.status), (error as AuthyApiError).body)).toEqual([]);
  });
});

describe("bodies the spec deliberately rejects", () => {
  it.each(responses.filter((r) => !r.accepted).map((r) => [label(r), r] as const))("%s", async (_, row) => {
    expect(validateAgainst(schemaOf(row.operationId, row.status), JSON.parse(row.body))).not.toEqual([]);
    if (row.client === "rejects") await expect(call(row)).rejects.toBeInstanceOf(AuthyResponseError);
    else await expect(call(row)).resolves.toEqual(JSON.parse(row.body));
  });
});
