/**
 * Contract fuzzing: valid inputs for every method, generated from the spec (test/helpers/arbitraries.ts), sent
 * by the client to the Prism mock of generated/openapi.json. Prism must find no request violation: no entry of
 * its `sl-violations` header with `location[0] === "request"`, and no 422 "UNPROCESSABLE_ENTITY".
 *
 * Runs: PRISM_FUZZ_RUNS per method (default 20: each run is an HTTP round trip to Prism; `npm run fuzz` raises
 * it with FUZZ_RUNS, capped at 200 per method). Prism's URL comes from the contract project's globalSetup via
 * `inject("prismUrl")`.
 */
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { operationTable } from "../generated/runtime.js";
import { createAuthyClient } from "../src/client.js";
import { AuthyValidationError } from "../src/errors.js";
import type { OperationSpec } from "../src/runtime-types.js";
import { validInput } from "../test/helpers/arbitraries.js";

declare module "vitest" {
  interface ProvidedContext {
    prismUrl: string;
  }
}

const RUNS = Number(process.env.PRISM_FUZZ_RUNS ?? (process.env.FUZZ_RUNS ? Math.min(200, Number(process.env.FUZZ_RUNS)) : 20)) || 20;
const API_KEY = "PRISMFUZZKEY0123456789abcdef";
const prismUrl = inject("prismUrl") as string | undefined;
const ops = Object.entries(operationTable as unknown as Record<string, OperationSpec>);

interface Violation {
  location?: string[];
  message?: string;
  severity?: string;
}

describe.skipIf(!prismUrl)(`Prism accepts every valid generated request (numRuns ${RUNS} per method)`, () => {
  it("control: the detector sees a request violation (sl-violations header or 422) when there is one", async () => {
    const bad = await fetch(`${prismUrl}/protected/json/phones/verification/start`, {
      method: "POST",
      headers: { "X-Authy-API-Key": API_KEY, "Content-Type": "application/json" },
      body: JSON.stringify({ via: "fax", country_code: 1, phone_number: "555 123 4567" }),
    });
    const header = JSON.parse(bad.headers.get("sl-violations") ?? "[]") as Violation[];
    expect(header.some((v) => v.location?.[0] === "request") || bad.status === 422).toBe(true);
    // An operation that declares no 400 (the phone number export): Prism answers its own 422.
    const undocumented = await fetch(`${prismUrl}/protected/json/users/abc/phone_number`, { headers: { "X-Authy-API-Key": API_KEY } });
    expect(undocumented.status).toBe(422);
  });

  describe.each(ops)("%s", (id, op) => {
    it(`no request violation (numRuns ${RUNS})`, async () => {
      const seen: Array<{ status: number; violations: Violation[]; url: string }> = [];
      const recording: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        const header = response.headers.get("sl-violations");
        seen.push({
          status: response.status,
          violations: header ? (JSON.parse(header) as Violation[]) : [],
          url: input instanceof Request ? input.url : String(input),
        });
        return response;
      };
      const clients = Object.fromEntries(
        (["json", "xml"] as const).map((format) => [
          format,
          createAuthyClient({
            apiKey: API_KEY,
            signingKey: "PRISMSIGNINGKEY0123456789",
            accessKey: "PRISMACCESSKEY0123456789",
            baseUrl: prismUrl!,
            format,
            retry: false,
            timeoutMs: 15_000, // Prism on a loaded 2-core machine can take seconds
            fetch: recording,
          }) as unknown as Record<string, (input: unknown) => Promise<unknown>>,
        ]),
      );
      await fc.assert(
        fc.asyncProperty(validInput(op), fc.constantFrom("json" as const, "xml" as const), async (input, format) => {
          seen.length = 0;
          // The mock's answer may be any documented response: only the request matters here.
          const error = await clients[format]![id]!(input).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error, "the client refused a generated valid input").not.toBeInstanceOf(AuthyValidationError);
          expect(seen.length, "one request").toBe(1);
          const [{ status, violations, url }] = seen as [(typeof seen)[0]];
          const requestViolations = violations.filter((v) => v.location?.[0] === "request");
          expect(requestViolations, `${url}: ${JSON.stringify(requestViolations)}`).toEqual([]);
          expect(status, url).not.toBe(422);
        }),
        { numRuns: RUNS },
      );
    }, 120_000);
  });
});
