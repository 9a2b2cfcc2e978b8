/**
 * The requests the other official SDKs and Twilio's samples build (test/fixtures/source-evidence.ts), replayed
 * through the Prism mock byte for byte: every accepted row validates with zero request violations and a 200 from
 * the operation the row names; every row the spec deliberately rejects is rejected.
 */
import { describe, expect, it } from "vitest";
import { sourceEvidence, type RequestRow } from "../test/fixtures/source-evidence.js";
import { specOperations } from "../test/helpers/spec.js";
import { requestViolations } from "./prism.js";
import { sendRaw } from "./raw-request.js";

const requests = sourceEvidence.filter((r): r is RequestRow => r.kind === "request");
const label = (r: RequestRow) => `${r.source} ${r.call} (${r.file})`;
const accepted = requests.filter((r) => r.accepted);
const rejected = requests.filter((r) => !r.accepted);

/** Which operation Prism matched, from the 200 example it answered with (each operation's first example). */
function operationPattern(operationId: string): RegExp {
  const o = specOperations.find((x) => x.id === operationId);
  if (!o) throw new Error(`unknown operation ${operationId}`);
  const pattern = o.path.replace(/\{[^}]+\}/g, "[^/]+");
  return new RegExp(`^${pattern}$`);
}

describe("the fixture table", () => {
  it("names a source, a file and a known operation on every row, and the path matches that operation", () => {
    for (const r of requests) {
      expect(r.source, label(r)).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(r.file, label(r)).not.toBe("");
      expect(operationPattern(r.operationId).test(r.url.split("?")[0]!), label(r)).toBe(true);
      if (!r.accepted) expect(r.note, `${label(r)} needs the reason it is rejected`).toBeTruthy();
    }
  });
});

describe.concurrent("every request of the second-source SDKs and samples validates", () => {
  it.each(accepted.map((r) => [label(r), r] as const))("%s", async (_, row) => {
    const { status, text, violations } = await sendRaw(row);
    expect(requestViolations(violations), `${row.method} ${row.url}\n${row.body ?? ""}`).toEqual([]);
    expect(status, text).toBe(200);
  });
});

describe.concurrent("what the spec deliberately rejects stays rejected", () => {
  it.each(rejected.map((r) => [label(r), r] as const))("%s", async (_, row) => {
    const { status, violations } = await sendRaw(row);
    expect([400, 401, 415, 422], `${row.note}`).toContain(status);
    if (status !== 401) expect(requestViolations(violations).length).toBeGreaterThan(0);
  });
});
