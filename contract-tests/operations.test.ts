/**
 * Every operation of the bundled spec, called with the real client against a Prism mock of that spec:
 * - each named 200 example, in JSON and (where the path has {format}) in XML: Prism reports no request violation,
 *   and the client decodes exactly the example's JSON value;
 * - each named example of each documented error status, in each format: an AuthyApiError with that status and
 *   error code, and again no request violation.
 * The operation list comes from generated/openapi.json, so a new operation is tested (or fails) automatically.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, inject, it } from "vitest";
import { operationTable } from "../generated/runtime.js";
import { AuthyApiError, createAuthyClient, type AuthyResponseInfo } from "../src/index.js";
import { sampleInput } from "../test/helpers/sample-input.js";
import { deref, examplesOf, specOperations } from "../test/helpers/spec.js";
import { isXmlBodyNotObject, pidAlive, requestViolations, responseViolations, type Violation } from "./prism.js";

type Format = "json" | "xml";

/** Credentials shaped like real ones (the spec's patterns), so that signed and path-key operations validate. */
export const CREDENTIALS = {
  apiKey: "7f3c9a1e5b2d4e6f8a0c1b3d5e7f9a2c",
  signingKey: "Kq8Zr3Tx6Wm1Np4Ls7Vb0Yc2Hd5Jf9Ga",
  accessKey: "Jx7kQ2mN9pLrT4vW8yZb3cFh6dGs1aEu",
};

interface Case {
  title: string;
  id: string;
  format: Format;
  status: number;
  example: string;
  /** The example as JSON: what the client must decode, in either format. */
  expected: any;
}

const formatsOf = (path: string): Format[] => (path.includes("{format}") ? ["json", "xml"] : ["json"]);

function casesOf(o: (typeof specOperations)[number]): Case[] {
  return formatsOf(o.path).flatMap((format) =>
    Object.entries<any>(o.op.responses).flatMap(([status, response]) => {
      const content = deref<any>(response).content ?? {};
      const json = examplesOf(content["application/json"]);
      return Object.entries(json).map(([example, expected]) => ({
        title: `${o.id} ${format} ${status} ${example}`,
        id: o.id,
        format,
        status: Number(status),
        example,
        expected,
      }));
    }),
  );
}

const cases = specOperations.flatMap(casesOf);
const successCases = cases.filter((c) => c.status === 200);
const errorCases = cases.filter((c) => c.status !== 200);
const specIds = specOperations.map((o) => o.id).sort();

/** Operation ids and formats whose calls passed, filled in by the tests, checked in afterAll. */
const passed = new Set<string>();
let attempted = 0;

function clientFor(format: Format, seen: Violation[][]) {
  return createAuthyClient({
    ...CREDENTIALS,
    baseUrl: inject("prismUrl"),
    format,
    retry: false,
    timeoutMs: 15_000,
    hooks: {
      onResponse(info: AuthyResponseInfo) {
        const raw = info.responseHeaders["sl-violations"];
        seen.push(raw ? (JSON.parse(raw) as Violation[]) : []);
      },
    },
  });
}

const prefer = (status: number, example: string) => ({ Prefer: `code=${status}, example=${example}` });

describe("the contract run", () => {
  it("runs against a live Prism child process started by the globalSetup", () => {
    const pid = inject("prismPid");
    expect(pid).toBeGreaterThan(0);
    expect(pidAlive(pid)).toBe(true);
    expect(pid).not.toBe(process.pid);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    expect(cmdline.some((arg) => arg.endsWith("@stoplight/prism-cli/dist/index.js"))).toBe(true);
    expect(cmdline).toContain("mock");
    expect(inject("prismUrl")).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("covers exactly the spec's operations, each with a named 200 example in every format it has", () => {
    expect([...new Set(cases.map((c) => c.id))].sort()).toEqual(specIds);
    expect(Object.keys(operationTable).sort()).toEqual(specIds);
    for (const o of specOperations) {
      const response = deref<any>(o.op.responses["200"]);
      const json = Object.keys(examplesOf(response?.content?.["application/json"]));
      expect(json.length, `${o.id}: named 200 examples`).toBeGreaterThan(0);
      if (formatsOf(o.path).includes("xml")) {
        // Prism serves XML examples by name; every JSON example needs its XML twin.
        expect(Object.keys(examplesOf(response.content["application/xml"])).sort(), `${o.id}: XML 200 examples`).toEqual(
          [...json].sort(),
        );
      }
    }
  });
});

describe.concurrent("each named 200 example, through the client against Prism", () => {
  it.each(successCases.map((c) => [c.title, c] as const))("%s", async (_, c) => {
    attempted++;
    const seen: Violation[][] = [];
    const client = clientFor(c.format, seen);
    const result = await (client.withResponse as any)[c.id](sampleInput(c.id), { headers: prefer(200, c.example) });
    expect(result.status).toBe(200);
    const violations: Violation[] = JSON.parse(result.headers.get("sl-violations") ?? "[]");
    expect(requestViolations(violations), "request violations").toEqual([]);
    // The example conforms to its schema: JSON responses carry no response violation either. XML responses always
    // carry one ("Response body must be object": Prism validates the XML string against the object schema).
    const unexpected = responseViolations(violations).filter((v) => !(c.format === "xml" && isXmlBodyNotObject(v)));
    expect(unexpected, "response violations").toEqual([]);
    if (c.format === "xml") {
      expect(result.headers.get("content-type")).toMatch(/application\/xml/);
      // Proof that the header is read at all: Prism's one known XML complaint is there.
      expect(violations.some(isXmlBodyNotObject), "the expected XML response violation").toBe(true);
    }
    expect(result.data).toStrictEqual(c.expected);
    expect(seen).toHaveLength(1);
    passed.add(`${c.id} ${c.format}`);
  });
});

describe.concurrent("each documented error example, through the client against Prism", () => {
  it.each(errorCases.map((c) => [c.title, c] as const))("%s", async (_, c) => {
    const seen: Violation[][] = [];
    const client = clientFor(c.format, seen);
    const error = await (client as any)[c.id](sampleInput(c.id), { headers: prefer(c.status, c.example) }).then(
      () => new Error("resolved, but an AuthyApiError was expected"),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthyApiError);
    expect(error).toMatchObject({
      status: c.status,
      errorCode: c.expected.error_code === undefined ? undefined : Number(c.expected.error_code),
      message: c.expected.message ?? c.expected.errors?.message,
    });
    expect(seen).toHaveLength(1);
    expect(requestViolations(seen[0]!), "request violations").toEqual([]);
  });
});

afterAll(() => {
  // Every operation, in every format it has, had at least one successful call. Not checked when a filter
  // (`-t`) ran only some of the cases.
  if (attempted < successCases.length) return;
  const expected = specOperations.flatMap((o) => formatsOf(o.path).map((f) => `${o.id} ${f}`)).sort();
  expect([...passed].sort()).toEqual(expected);
});
