import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeAuthyXml } from "../src/xml-lazy.js";
import { deref, examplesOf, root, spec, specOperations, validateAgainst, webhookOperations } from "./helpers/spec.js";

function lint(args: string[]) {
  const result = spawnSync(path.join(root, "node_modules/.bin/redocly"), ["lint", ...args, "--format", "json"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  // One JSON report per API of redocly.yaml (the Authy spec and the development API's), printed one after another.
  const text = result.stdout.slice(result.stdout.indexOf("{"));
  const reports = JSON.parse(`[${text.replace(/\}\s*\{(?=\s*"totals")/g, "},{")}]`) as Array<{ totals: Record<string, number>; problems: unknown[] }>;
  const totals: Record<string, number> = {};
  for (const r of reports) for (const [name, n] of Object.entries(r.totals)) totals[name] = (totals[name] ?? 0) + n;
  return { status: result.status, report: { totals, problems: reports.flatMap((r) => r.problems) } };
}

describe("redocly lint", () => {
  it("the project's own rules catch a bad operationId and a missing retry-safety flag", () => {
    const broken = structuredClone(spec);
    broken.paths["/protected/{format}/users/new"].post.operationId = "users_new";
    delete broken.paths["/protected/{format}/users/{authy_id}/status"].get["x-authy-retry-safe"];
    const dir = mkdtempSync(path.join(tmpdir(), "authy-lint-"));
    try {
      writeFileSync(path.join(dir, "spec.json"), JSON.stringify(broken));
      const { status, report } = lint([path.join(dir, "spec.json"), "--config", path.join(root, "redocly.yaml")]);
      expect(report.problems.map((p: any) => [p.ruleId, p.location[0].pointer])).toEqual([
        ["rule/operationId-verb-noun", "#/paths/~1protected~1{format}~1users~1new/post/operationId"],
        ["rule/retry-safety-declared", "#/paths/~1protected~1{format}~1users~1{authy_id}~1status/get"],
      ]);
      expect(status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Both apis of redocly.yaml: the Authy spec and the local server's development API (openapi/dev/), same rules.
  it.each(["authy", "dev"])("reports 0 errors and 0 warnings for the %s api", (api) => {
    const { status, report } = lint([api]);
    const problems = report.problems.map((p: any) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(status).toBe(0);
  });
});

describe("operations", () => {
  it("covers the 38 request operations of the reference (36 plus two legacy delete spellings)", () => {
    expect(specOperations.length).toBe(38);
    expect(new Set(specOperations.map((o) => o.id)).size).toBe(38);
  });

  it("describes the OneTouch callback (GET and POST) and webhook event deliveries as webhooks", () => {
    expect(webhookOperations.map((o) => `${o.path} ${o.method}`).sort()).toEqual([
      "oneTouchCallback GET",
      "oneTouchCallback POST",
      "webhookEvent POST",
    ]);
    for (const method of ["get", "post"]) {
      const headers = deref(spec.webhooks.oneTouchCallback)[method].parameters.map(deref).filter((p: any) => p.in === "header");
      expect(headers.map((h: any) => [h.name, h.required])).toEqual([
        ["X-Authy-Signature", true],
        ["X-Authy-Signature-Nonce", true],
      ]);
    }
  });

  it.each(specOperations.map((o) => [o.id, o] as const))("%s has a tag, summary, description and retry safety", (_, o) => {
    expect(o.op.tags).toHaveLength(1);
    expect(spec.tags.map((t: any) => t.name)).toContain(o.op.tags[0]);
    expect(o.op.summary.length).toBeGreaterThan(5);
    expect(o.op.description.length).toBeGreaterThan(40);
    expect(typeof o.op["x-authy-retry-safe"]).toBe("boolean");
    if (o.method !== "GET") expect(o.op["x-authy-retry-safe"]).toBe(false);
  });

  it("marks reads safe to repeat and anything that sends, consumes or changes unsafe", () => {
    const safety = Object.fromEntries(specOperations.map((o) => [o.id, o.op["x-authy-retry-safe"]]));
    for (const read of ["getUserStatus", "getApplicationDetails", "getApplicationStats", "getApprovalRequest", "getPhoneInfo"]) {
      expect(safety[read], read).toBe(true);
    }
    for (const write of ["sendSmsToken", "sendVoiceToken", "sendEmailToken", "verifyToken", "checkPhoneVerification"]) {
      expect(safety[write], write).toBe(false);
    }
  });

  it("marks what Twilio deprecated, with dates", () => {
    const deprecated = specOperations.filter((o) => o.op.deprecated).map((o) => o.id).sort();
    expect(deprecated).toEqual(
      [
        "checkPhoneVerification",
        "createSmsFeedback",
        "deleteUser",
        "deleteUserLegacy",
        "getPhoneVerificationStatus",
        "sendSmsToken",
        "sendVoiceToken",
        "startPhoneVerification",
      ].sort(),
    );
    for (const id of ["sendSmsToken", "sendVoiceToken"]) {
      const o = specOperations.find((x) => x.id === id)!;
      expect(o.op.description).toMatch(/2022-11-01/);
      expect(o.op.description).toMatch(/2023-05-01/);
    }
  });

  it("uses the {format} segment exactly where the API has it, and offers XML there", () => {
    for (const o of specOperations) {
      const hasFormat = o.path.includes("{format}");
      expect(o.parameters.some((p) => p.in === "path" && p.name === "format"), o.id).toBe(hasFormat);
      for (const [status, response] of Object.entries(o.op.responses)) {
        const types = Object.keys(deref<any>(response).content ?? {});
        expect(types, `${o.id} ${status}`).toContain("application/json");
        expect(types.includes("application/xml"), `${o.id} ${status} xml`).toBe(hasFormat);
      }
    }
  });

  it("sends the API key in the X-Authy-API-Key header, signs the Webhooks and Dashboard APIs", () => {
    expect(spec.security).toEqual([{ ApiKeyAuth: [] }, { LegacyApiKeyQuery: [] }]);
    expect(spec.components.securitySchemes.ApiKeyAuth).toMatchObject({ type: "apiKey", in: "header", name: "X-Authy-API-Key" });
    for (const o of specOperations.filter((x) => x.path.startsWith("/dashboard/"))) {
      const expected = o.id === "createApplication" ? [] : [{ SignatureAuth: [], SignatureNonceAuth: [] }];
      expect(o.op.security, o.id).toEqual(expected);
    }
    const feedback = specOperations.find((x) => x.id === "createSmsFeedback")!;
    expect(feedback.op.security).toEqual([]);
    expect(feedback.parameters.find((p) => p.name === "api_key")).toMatchObject({ in: "path", "x-authy-credential": "apiKey" });
  });
});

const HOSTILE_SEGMENTS = ["", "a/b", "..", "1.2", "a?b", "a#b", "a%2Fb", "%", "a b", " 1", "1\n", "\t"];

describe("path parameters", () => {
  const pathParams = specOperations.flatMap((o) =>
    o.parameters.filter((p) => p.in === "path" && p.name !== "format").map((p) => [`${o.id} ${p.name}`, p] as const),
  );
  it.each(pathParams)("%s rejects every value that could change the endpoint", (_, p) => {
    for (const value of HOSTILE_SEGMENTS) {
      expect(validateAgainst(p.schema, value), JSON.stringify(value)).not.toEqual([]);
    }
    expect(p.example, "has an example").toBeDefined();
    expect(validateAgainst(p.schema, p.example)).toEqual([]);
  });

  it("keeps overlapping path templates apart by their parameter patterns", () => {
    const literalFits = (param: any, literal: string) =>
      param.schema.type === "integer"
        ? /^\d+$/.test(literal) && validateAgainst(param.schema, Number(literal)).length === 0
        : validateAgainst(param.schema, literal).length === 0;
    const overlapping: string[] = [];
    for (const [i, a] of specOperations.entries()) {
      for (const b of specOperations.slice(i + 1)) {
        const sa = a.path.split("/");
        const sb = b.path.split("/");
        if (a.path === b.path || sa.length !== sb.length) continue;
        const disjoint = sa.some((x, k) => {
          const y = sb[k]!;
          const px = a.parameters.find((p) => p.in === "path" && `{${p.name}}` === x);
          const py = b.parameters.find((p) => p.in === "path" && `{${p.name}}` === y);
          if (!px && !py) return x !== y;
          if (px && py) return false;
          return px ? !literalFits(px, y) : !literalFits(py, x);
        });
        if (!disjoint) overlapping.push(`${a.path} ~ ${b.path}`);
      }
    }
    expect(overlapping).toEqual([]);
  });
});

describe("examples", () => {
  const responses = specOperations.flatMap((o) =>
    Object.entries(o.op.responses).map(([status, r]) => [`${o.id} ${status}`, o, status, deref<any>(r)] as const),
  );

  it("every operation has a 200 response", () => {
    for (const o of specOperations) expect(o.op.responses["200"], o.id).toBeDefined();
  });

  it.each(responses)("%s: named JSON examples valid against the schema", (_, o, status, response) => {
    const media = response.content["application/json"];
    const examples = examplesOf(media);
    expect(Object.keys(examples).length, "at least one named example").toBeGreaterThan(0);
    for (const [name, value] of Object.entries(examples)) {
      expect(validateAgainst(media.schema, value), name).toEqual([]);
      if (status !== "200") {
        // Authy codes run from 60000 to 60133 (the ErrorCode table, checked next, holds the exact list).
        expect((value as any).error_code, `${name} carries an error_code`).toMatch(/^60[01]\d\d$/);
        const known = spec.components.schemas.ErrorCode["x-authy-error-codes"][(value as any).error_code];
        expect(known, `${name}: error code is in the ErrorCode table`).toBeDefined();
      }
    }
    expect(JSON.stringify(examples)).not.toMatch(/"string"/);
  });

  it.each(responses.filter(([, o]) => o.path.includes("{format}")))(
    "%s: XML examples twin the JSON ones and decode to exactly them",
    async (_, _o, _status, response) => {
      const json = examplesOf(response.content["application/json"]);
      const xml = examplesOf(response.content["application/xml"]);
      expect(Object.keys(xml)).toEqual(Object.keys(json));
      for (const [name, text] of Object.entries(xml)) {
        expect(typeof text).toBe("string");
        expect(text as string).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<(hash|errors)>/);
        const decoded = await decodeAuthyXml(text as string);
        expect(decoded, name).toEqual(json[name]);
        expect(validateAgainst(response.content["application/xml"].schema, decoded), name).toEqual([]);
      }
    },
  );

  it.each(specOperations.filter((o) => o.op.requestBody).map((o) => [o.id, o] as const))(
    "%s: request body examples validate",
    (_, o) => {
      for (const [type, media] of Object.entries<any>(deref<any>(o.op.requestBody).content)) {
        for (const [name, value] of Object.entries(examplesOf(media))) {
          expect(validateAgainst(media.schema, value), `${type} ${name}`).toEqual([]);
        }
      }
    },
  );
});
