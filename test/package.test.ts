/**
 * The package as a consumer gets it: built, packed, checked by attw and publint, loaded as ESM and as CJS.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { root } from "./helpers/spec.js";

const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

describe("the published package", () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root, stdio: "pipe" });
  }, 120_000);

  it("attw --pack finds no problem (node16 and bundler resolution: the package needs Node >= 20)", () => {
    const result = spawnSync(bin("attw"), ["--pack", ".", "--profile", "node16", "--format", "json"], { cwd: root, encoding: "utf8" });
    const report = JSON.parse(result.stdout);
    const problems = report.analysis.problems.filter((p: { resolutionKind?: string }) => p.resolutionKind !== "node10");
    expect(problems).toEqual([]);
    expect(result.status).toBe(0);
  }, 120_000);

  it("publint reports nothing", () => {
    const result = spawnSync(bin("publint"), [], { cwd: root, encoding: "utf8" });
    expect(result.stdout).toContain("All good!");
    expect(result.status).toBe(0);
  }, 60_000);

  it("importing the ESM build loads two files of this package and nothing else (import cost is mostly per file)", () => {
    const dist = path.join(root, "dist/esm");
    const staticImports = (file: string) =>
      [...readFileSync(path.join(dist, file), "utf8").matchAll(/(?:^|[;}])\s*import\s*(?:[^"';]*?from\s*)?"([^"]+)"/g)].map((m) => m[1]!);
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const specifier of staticImports(file)) visit(specifier.startsWith("./") ? specifier.slice(2) : specifier);
    };
    visit("index.js");
    const files = [...loaded];
    expect(files.filter((f) => !f.endsWith(".js"))).toEqual([]); // no bare package (openapi-fetch) at import time
    expect(files).toHaveLength(2);
    expect(files.map((f) => f.replace(/-[A-Z0-9]{8}\.js$/, ".js")).sort()).toEqual(["chunk.js", "index.js"]);
  });

  it("the bench's import probe loads the built package by name and makes a first call", () => {
    const spec = JSON.parse(readFileSync(path.join(root, "generated/openapi.json"), "utf8"));
    const body = JSON.stringify(spec.components.examples.TokenValid.value);
    for (const kind of ["import", "require", "first-call"]) {
      const out = execFileSync(process.execPath, [path.join(root, "scripts/import-probe.mjs"), kind, "authy-openapi", root, body], {
        cwd: root,
        encoding: "utf8",
      });
      const [wall, cpu] = out.trim().split(" ").map(Number);
      expect(wall).toBeGreaterThan(0);
      expect(cpu).toBeGreaterThan(0);
    }
  }, 60_000);

  it("depends at run time on openapi-fetch and fast-xml-parser only", async () => {
    const pkg = (await import("../package.json", { with: { type: "json" } })).default;
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["fast-xml-parser", "openapi-fetch"]);
  });

  it("ESM and CJS builds export the same API, and the error guards work across the two copies", async () => {
    const esm = await import(pathToFileURL(path.join(root, "dist/esm/index.js")).href);
    const cjs = createRequire(import.meta.url)(path.join(root, "dist/cjs/index.cjs"));
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
    const fromEsm = new esm.AuthyApiError({ status: 404, errorCode: 60026, message: "User not found.", errors: {}, retryable: false, requestId: undefined, body: {} });
    const fromCjs = new cjs.AuthyValidationError("authy_id", "must be >= 1");
    expect(fromEsm instanceof cjs.AuthyApiError).toBe(false);
    expect(cjs.isAuthyApiError(fromEsm)).toBe(true);
    expect(cjs.isAuthyError(fromEsm)).toBe(true);
    expect(esm.isAuthyValidationError(fromCjs)).toBe(true);
    expect(esm.isAuthyApiError(fromCjs)).toBe(false);
    expect(esm.isAuthyApiError({ name: "AuthyApiError" })).toBe(false);
  });
});
