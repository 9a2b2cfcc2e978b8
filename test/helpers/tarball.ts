/**
 * Helpers of the tarball test (test/package.test.ts): the consumer programs and projects it installs the packed
 * package into, outside the repository; and the environment for npm run from a test (also the README commands test).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

export const execFileAsync = promisify(execFile);

/**
 * The environment for npm and node run inside a scratch project: without the `npm_*` variables an enclosing
 * `npm test` sets (npm_config_local_prefix and friends would point npm back at the repository).
 */
export function scratchEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== "INIT_CWD" && name !== "NODE_OPTIONS"),
  );
}

/** What a consumer program does with the package: the same in its CommonJS and ESM forms. */
const CONSUMER_BODY = `
async function run(pkg, schema, inspect) {
  const [baseUrl, signed] = [process.argv[2], JSON.parse(process.argv[3])];
  const { createAuthyClient, isAuthyApiError, verifyCallbackSignature } = pkg;
  const json = createAuthyClient({ apiKey: "consumer-key", baseUrl, retry: false });
  const xml = createAuthyClient({ apiKey: "consumer-key", baseUrl, format: "xml", retry: false });
  const out = {};
  out.json = await json.verifyToken({ token: "0123456", authy_id: 290907 });
  out.xml = await xml.verifyToken({ token: "0123456", authy_id: 290907 });
  try {
    await json.getUserStatus({ authy_id: 404 });
  } catch (error) {
    out.error = {
      logged: inspect(error).split("\\n")[0],
      name: error.constructor.name,
      guard: isAuthyApiError(error),
      framesNamed: /\\bat (?:\\w+\\.)?decodeResponse \\(/.test(error.stack),
    };
  }
  const callback = { apiKey: signed.apiKey, method: "POST", url: signed.url, params: signed.params, nonce: signed.nonce, now: new Date(Number(signed.nonce) * 1000) };
  out.signature = await verifyCallbackSignature({ ...callback, signature: signed.signature });
  out.forged = await verifyCallbackSignature({ ...callback, signature: signed.forged });
  out.schemaExports = Object.keys(schema).filter((k) => k !== "default" && k !== "__esModule");
  console.log(JSON.stringify(out));
}
`;

export const CJS_CONSUMER = `"use strict";
const { inspect } = require("node:util");
const pkg = require("authy-openapi");
const schema = require("authy-openapi/schema");
${CONSUMER_BODY}
run(pkg, schema, inspect);
`;

export const ESM_CONSUMER = `import { inspect } from "node:util";
import * as pkg from "authy-openapi";
import * as schema from "authy-openapi/schema";
${CONSUMER_BODY}
await run(pkg, schema, inspect);
`;

/** Typed use of the package: compiles as ESM and as CommonJS (no top-level await). */
export const TYPED_CONSUMER = `import {
  createAuthyClient,
  isAuthyApiError,
  verifyCallbackRequest,
  verifyCallbackSignature,
  type AuthyClient,
} from "authy-openapi";
import type { components, paths } from "authy-openapi/schema";

const authy: AuthyClient = createAuthyClient({ apiKey: "consumer-key", baseUrl: "http://127.0.0.1:4010" });

export async function check(request: Request): Promise<string> {
  const result = await authy.verifyToken({ token: "0123456", authy_id: 290907 });
  const message: string = result.message;
  const { data, status } = await authy.withResponse.getUserStatus({ authy_id: 290907 });
  const registered: boolean = data.status.registered;
  // @ts-expect-error authy_id is a number
  await authy.getUserStatus({ authy_id: "290907" });
  const verified: boolean = await verifyCallbackSignature({ apiKey: "k", method: "POST", url: "https://example.com/cb", params: {}, nonce: "1", signature: "x" });
  const fromRequest: boolean = await verifyCallbackRequest(request, { apiKey: "k" });
  try {
    await authy.deleteUser({ authy_id: 290907 });
  } catch (error) {
    if (isAuthyApiError(error)) return \`\${error.status} \${error.errorCode ?? "-"}\`;
  }
  return \`\${message} \${status} \${registered} \${verified} \${fromRequest}\`;
}

export const route: keyof paths = "/protected/{format}/verify/{token}/{authy_id}";
export type VerifyResult = components["schemas"]["VerifyTokenResponse"];
`;

/** The typed consumer plus what a Node program adds: a node:http callback handler. */
export const NODE_TYPED_CONSUMER = `${TYPED_CONSUMER}
import { createServer } from "node:http";
import { verifyNodeCallbackRequest } from "authy-openapi";

export const server = createServer(async (req, res) => {
  const ok: boolean = await verifyNodeCallbackRequest(req, { apiKey: "k" });
  res.writeHead(ok ? 200 : 401).end();
});
`;

/** The installed dependency tree of package `name` in `project` (Node resolution), `name` included. */
export function dependencyTree(project: string, name: string): string[] {
  const seen = new Set<string>();
  const visit = (dep: string, fromDir: string) => {
    let dir = fromDir;
    while (!existsSync(path.join(dir, "node_modules", dep, "package.json"))) {
      if (dir === project) throw new Error(`${dep} is not installed (required from ${fromDir})`);
      dir = path.dirname(dir);
    }
    const pkgDir = path.join(dir, "node_modules", dep);
    if (seen.has(pkgDir)) return;
    seen.add(pkgDir);
    const pkg = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    for (const next of Object.keys(pkg.dependencies ?? {})) visit(next, pkgDir);
  };
  visit(name, project);
  return [...seen].map((dir) => path.relative(path.join(project, "node_modules"), dir)).sort();
}

/** Writes a tsconfig (and the consumer files it checks) into `dir`. */
export function writeTsProject(dir: string, compilerOptions: Record<string, unknown>, files: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const config = {
    compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: "es2022", ...compilerOptions },
    files: Object.keys(files),
  };
  writeFileSync(path.join(dir, "tsconfig.json"), `${JSON.stringify(config, null, 2)}\n`);
  return dir;
}

interface LockEntry {
  version: string;
  integrity?: string;
  license?: string;
  dependencies?: Record<string, string>;
  dev?: boolean;
  [key: string]: unknown;
}

function consumerDependencies(packages: Record<string, LockEntry>, name: string, spec: string, extra: string[]): Record<string, string> {
  return { [name]: spec, ...Object.fromEntries(extra.map((n) => [n, packages[`node_modules/${n}`]!.version])) };
}

/** The package.json matching {@link consumerLockfile}. */
export function consumerPackageJson(repoRoot: string, tarball: string, extra: string[] = []): string {
  const lock = JSON.parse(readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const name = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { name: string }).name;
  const dependencies = consumerDependencies(lock.packages, name, `file:${tarball}`, extra);
  return `${JSON.stringify({ name: "consumer", private: true, dependencies }, null, 2)}\n`;
}

/**
 * A package-lock.json for a scratch project that depends on the packed tarball and on `extra` (names the
 * repository also depends on), each dependency at the version and integrity of the repository's lockfile. With
 * it, `npm install --offline` takes every tarball from the cache `npm ci` filled: it needs no registry metadata,
 * which `npm ci` with this lockfile never fetched.
 */
export function consumerLockfile(repoRoot: string, tarball: string, extra: string[] = []): string {
  const lock = JSON.parse(readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { name: string; version: string; license: string; dependencies: Record<string, string> };
  const packages: Record<string, unknown> = {};
  /** Node's resolution inside the lockfile: `name` as required from the package at lock path `from`. */
  const resolve = (name: string, from: string): string => {
    for (let dir = from; ; dir = dir.includes("/node_modules/") ? dir.slice(0, dir.lastIndexOf("/node_modules/")) : "") {
      const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
      if (lock.packages[candidate]) return candidate;
      if (!dir) throw new Error(`package-lock.json has no ${name} reachable from ${from || "the root"}`);
    }
  };
  const add = (name: string, from: string) => {
    const at = resolve(name, from);
    if (packages[at]) return;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = lock.packages[at]!;
    packages[at] = entry;
    for (const dep of Object.keys(entry.dependencies ?? {})) add(dep, at);
  };
  for (const name of [...Object.keys(pkg.dependencies), ...extra]) add(name, "");
  const spec = `file:${tarball}`;
  return `${JSON.stringify(
    {
      name: "consumer",
      lockfileVersion: 3,
      requires: true,
      packages: {
        "": { name: "consumer", dependencies: consumerDependencies(lock.packages, pkg.name, spec, extra) },
        [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: spec, license: pkg.license, dependencies: pkg.dependencies },
        ...packages,
      },
    },
    null,
    2,
  )}\n`;
}
