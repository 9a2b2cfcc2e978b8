/**
 * The package as a consumer gets it: built, packed, checked by attw and publint, loaded as ESM and as CJS.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeAuthySignature } from "../src/index.js";
import { root, spec } from "./helpers/spec.js";
import {
  CJS_CONSUMER,
  ESM_CONSUMER,
  consumerLockfile,
  consumerPackageJson,
  dependencyTree,
  execFileAsync,
  NODE_TYPED_CONSUMER,
  scratchEnv,
  TYPED_CONSUMER,
  writeTsProject,
} from "./helpers/tarball.js";

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

  it("npm run example: examples/quickstart.ts (the README's Quick start) type-checks and runs its real flow against the local server", async () => {
    await execFileAsync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "examples", "--noEmit"], { cwd: root });
    const { startAuthyServer } = await import("../server/src/index.js");
    const server = await startAuthyServer({ memory: true, port: 0, log: () => {} });
    try {
      const { stdout } = await execFileAsync("npm", ["run", "example"], {
        cwd: root,
        env: { ...scratchEnv(), SERVER_PORT: new URL(server.url).port },
      });
      // dist/ is fresh (built above), so nothing is rebuilt: the banner npm prints, then the example's four lines.
      const lines = stdout.replace(/^\n?(> .*\n)+\n/, "").split("\n");
      const code = /is: ([0-9]{7})$/.exec(lines[1] ?? "")?.[1];
      expect(lines).toEqual([
        "registered authy_id 1000",
        `the SMS says: Your Authy Local verification code is: ${code}`,
        "Token is valid.",
        "used again: 60019 Token is invalid. Token was used recently",
        "",
      ]);
      // The code it verified is the one the server sent (and recorded as used).
      const [sms] = (await server.dev.listMessages({ authy_id: 1000, channel: "sms" })).messages;
      expect(sms!.code).toBe(code);
    } finally {
      await server.close();
    }
  }, 90_000);

  it("npm pack ships exactly the expected files (chunk hashes normalised), and every relative link of its markdown resolves in it", () => {
    const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--loglevel=error"], { cwd: root, env: scratchEnv(), encoding: "utf8" })) as {
      files: { path: string }[];
    }[];
    const files = packed[0]!.files.map((f) => f.path);
    const normalised = files.map((f) => f.replace(/-[A-Z0-9]{8}\.js$/, "-[hash].js")).sort();
    // One declaration file per module of src/ and generated/, in both flavours: derived from the tree, so that a new
    // module ships its types without editing this list; everything else is listed by name.
    const modules = ["src", "generated"].flatMap((dir) =>
      readdirSync(path.join(root, dir))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => `${dir}/${f.replace(/\.d\.ts$|\.ts$/, "")}`),
    );
    const declarations = modules.flatMap((m) => [`dist/types/${m}.d.ts`, `dist/types-cjs/${m}.d.cts`]);
    expect(normalised).toEqual(
      [
        "LICENSE",
        "README.md",
        "package.json",
        "dist/cjs/index.cjs",
        "dist/cjs/schema.cjs",
        "dist/esm/callback-verification-[hash].js",
        "dist/esm/chunk-[hash].js",
        "dist/esm/engine-[hash].js",
        "dist/esm/failure-[hash].js",
        "dist/esm/index.js",
        "dist/esm/package.json",
        "dist/esm/request-signing-[hash].js",
        "dist/esm/schema.js",
        "dist/esm/xml-[hash].js",
        "docs/callbacks.md",
        "docs/errors.md",
        "docs/local-server.md",
        "docs/migrating.md",
        "docs/quickstart.md",
        "docs/reliability.md",
        "docs/security.md",
        "docs/xml-format.md",
        "generated/openapi.json",
        ...declarations,
      ].sort(),
    );
    expect(readFileSync(path.join(root, "LICENSE"), "utf8")).toMatch(/^MIT License\n/);
    // Relative links work from an installed copy (and stay inside it); absolute ones are left to their owners.
    const broken: string[] = [];
    for (const doc of files.filter((f) => f.endsWith(".md"))) {
      const text = readFileSync(path.join(root, doc), "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!) || target!.startsWith("#")) continue;
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(doc), target!.split("#")[0]!));
        if (!files.includes(resolved)) broken.push(`${doc}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  }, 60_000);

  describe("the packed tarball, installed into a project outside the repository", () => {
    // Made in beforeAll, not while collecting: a filtered run that skips these tests leaves nothing behind.
    let scratch: string | undefined;
    let project: string;
    let server: Server;
    let baseUrl: string;
    let installed: string[];
    afterAll(async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    const tokenValid = spec.components.examples.TokenValid.value;
    const tokenValidXml = spec.components.examples.TokenValidXml.value as string;
    const userNotFound = { message: "User not found.", success: false, errors: { message: "User not found." }, error_code: "60026" };

    beforeAll(async () => {
      scratch = mkdtempSync(path.join(tmpdir(), "authy-tarball-"));
      project = path.join(scratch, "consumer");
      const env = scratchEnv();
      const { stdout } = await execFileAsync("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: root, env });
      const tarball = path.join(scratch, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
      mkdirSync(project);
      // The tarball plus @types/node (for the Node-typed consumer), at the repository's locked versions: with this
      // lockfile `npm install --offline` takes every package from the cache `npm ci` filled; nothing reaches the network.
      writeFileSync(path.join(project, "package.json"), consumerPackageJson(root, tarball, ["@types/node"]));
      writeFileSync(path.join(project, "package-lock.json"), consumerLockfile(root, tarball, ["@types/node"]));
      await execFileAsync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], { cwd: project, env });
      installed = dependencyTree(project, "authy-openapi");
      writeFileSync(path.join(project, "consumer.cjs"), CJS_CONSUMER);
      writeFileSync(path.join(project, "consumer.mjs"), ESM_CONSUMER);

      server = createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
        if (url === "/protected/json/verify/0123456/290907") {
          res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(tokenValid));
        } else if (url === "/protected/xml/verify/0123456/290907") {
          res.writeHead(200, { "content-type": "application/xml; charset=utf-8" }).end(tokenValidXml);
        } else {
          res.writeHead(404, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(userNotFound));
        }
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }, 120_000);

    it("installs the package and its runtime dependencies: 11 packages in all", () => {
      expect(installed).toEqual(expect.arrayContaining(["authy-openapi", "fast-xml-parser", "openapi-fetch"]));
      expect(installed).toHaveLength(11);
    });

    it.each(["consumer.cjs", "consumer.mjs"])(
      "%s (require / import): a JSON and an XML call, readable errors, a callback signature, the ./schema subpath",
      async (program) => {
        const nonce = "1767225600";
        const signed = { apiKey: "callback-api-key", url: "https://example.com/authy/callback", nonce, params: { uuid: "c5b7", status: "approved", authy_id: 290907 } };
        const signature = await computeAuthySignature({ key: signed.apiKey, method: "POST", ...signed });
        const forged = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
        const { stdout } = await execFileAsync(process.execPath, [program, baseUrl, JSON.stringify({ ...signed, signature, forged })], {
          cwd: project,
          env: scratchEnv(),
        });
        expect(JSON.parse(stdout)).toEqual({
          json: tokenValid,
          xml: tokenValid,
          error: { logged: "AuthyApiError: User not found.", name: "AuthyApiError", guard: true, framesNamed: true },
          signature: true,
          forged: false,
          schemaExports: [],
        });
      },
      30_000,
    );

    it("type-checks consumers with the repository's tsc: no @types/node (nodenext and bundler), and with @types/node", async () => {
      const tsc = path.join(root, "node_modules/typescript/bin/tsc");
      const portable = { types: [], lib: ["es2022", "dom"] };
      const projects = [
        writeTsProject(path.join(project, "ts-nodenext"), { ...portable, module: "nodenext", moduleResolution: "nodenext" }, {
          "esm-consumer.mts": TYPED_CONSUMER,
          "cjs-consumer.cts": TYPED_CONSUMER,
        }),
        writeTsProject(path.join(project, "ts-bundler"), { ...portable, module: "esnext", moduleResolution: "bundler" }, {
          "consumer.ts": TYPED_CONSUMER,
        }),
        writeTsProject(path.join(project, "ts-node-types"), { types: ["node"], lib: ["es2022"], module: "nodenext", moduleResolution: "nodenext" }, {
          "consumer.mts": NODE_TYPED_CONSUMER,
        }),
      ];
      const results = await Promise.all(
        projects.map((dir) =>
          execFileAsync(process.execPath, [tsc, "-p", dir, "--pretty", "false"], { cwd: project, env: scratchEnv() }).then(
            () => `${path.basename(dir)}: ok`,
            (error: { stdout?: string }) => `${path.basename(dir)}: ${error.stdout ?? String(error)}`,
          ),
        ),
      );
      expect(results).toEqual(["ts-nodenext: ok", "ts-bundler: ok", "ts-node-types: ok"]);
    }, 60_000);
  });
});
