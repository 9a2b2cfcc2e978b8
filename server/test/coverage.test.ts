/**
 * Every operation the server implements (IMPLEMENTED_OPERATIONS, server/src/http/operations.ts: the one list) is
 * held to the spec: it has a prism-proxy scenario (server/test/helpers/conformance.ts; the proxy and fuzz tests
 * iterate the same list, so a scenario is all a new operation needs), and every development API operation of
 * openapi/dev/ has one too. An operation that lands without joining these runs fails here, by name.
 */
import { describe, expect, it } from "vitest";
import { operationTable } from "../../generated/runtime.js";
import { devOperationTable } from "../generated/dev-runtime.js";
import { HANDLERS } from "../src/http/operations.js";
import { DEV_SCENARIOS, IMPLEMENTED_OPERATIONS, SCENARIOS } from "./helpers/conformance.js";

describe("conformance coverage", () => {
  it("IMPLEMENTED_OPERATIONS is exactly the operations the server routes, each an operation of the spec", () => {
    expect([...IMPLEMENTED_OPERATIONS].sort()).toEqual(Object.keys(HANDLERS).sort());
    for (const id of IMPLEMENTED_OPERATIONS) expect(Object.keys(operationTable), id).toContain(id);
  });

  it("the server implements all 38 operations of the spec", () => {
    expect(Object.keys(operationTable)).toHaveLength(38);
    expect([...IMPLEMENTED_OPERATIONS].sort()).toEqual(Object.keys(operationTable).sort());
  });

  it("every implemented operation has a prism-proxy scenario, and every scenario an implemented operation", () => {
    const missing = IMPLEMENTED_OPERATIONS.filter((id) => !SCENARIOS[id]);
    expect(missing, "add a scenario to server/test/helpers/conformance.ts SCENARIOS").toEqual([]);
    expect(Object.keys(SCENARIOS).filter((id) => !(IMPLEMENTED_OPERATIONS as readonly string[]).includes(id))).toEqual([]);
  });

  it("every development API operation of openapi/dev/ has a prism-proxy scenario", () => {
    expect(Object.keys(DEV_SCENARIOS).sort()).toEqual(Object.keys(devOperationTable).sort());
  });

  it("every scenario expects at least one success (200) and, where the operation can fail, a failure", () => {
    for (const [id, scenario] of Object.entries(SCENARIOS)) expect(scenario!.expected, id).toContain(200);
    for (const [id, scenario] of Object.entries(DEV_SCENARIOS)) expect(scenario.expected, id).toContain(200);
  });
});
