// Every command the README shows in its Quick start and its Scripts table is run by a test: here, in a scratch copy
// of the repository (so that nothing the commands write touches the working tree), in the smoke form the README names
// for the long ones; or, for those that need their own harness, by the test named below. A command added to the
// README without a test fails this file.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root, spec } from "./helpers/spec.js";
import { scratchEnv } from "./helpers/tarball.js";

const execFileAsync = promisify(execFile);
const readme = readFileSync(path.join(root, "README.md"), "utf8");

/** The commands of the Quick start's sh block, and of the Scripts table (first column and the smoke forms). */
function readmeCommands(): string[] {
  const quickStart = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1]!;
  const fromQuickStart = quickStart
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter(Boolean);
  const table = /## Scripts\n([\s\S]*?)\n\n/.exec(readme)![1]!;
  const fromTable = table
    .split("\n")
    .filter((row) => row.startsWith("| `"))
    .flatMap((row) => [...row.matchAll(/`((?:[A-Z_]+=\S+ )*npm (?:run )?[\w:-]+(?: -- \S+)?)`/g)].map((m) => m[1]!));
  return [...new Set([...fromQuickStart, ...fromTable])].sort();
}

/** Commands run by another test (its file names the command in a test title) or by CI itself. */
const RUN_ELSEWHERE: Record<string, string> = {
  "npm ci": ".ci/run", // CI's first step on a clean clone; running it here would replace node_modules under the run
  "npm test": ".ci/run",
  "npm start": "test/start.test.ts",
  "npm run mock": "test/start.test.ts",
  "npm run example": "test/package.test.ts",
  "npm run server": "server/test/npm-run-server.test.ts",
  "npm run setup:old-sdks": ".ci/run",
};
/** Long commands run here only in the smoke form the README names next to them. */
const BY_SMOKE_FORM: Record<string, string> = {
  "npm run test:unit": "npm run test:unit -- test/error-reasons.test.ts",
  "npm run test:contract": "npm run test:contract -- contract-tests/sdk-shapes.test.ts",
  "npm run fuzz": "FUZZ_RUNS=20 npm run fuzz",
  "npm run bench": "BENCH_SMOKE=1 npm run bench",
  "npm run bench:ablate": "ABLATE_ROUNDS=1 ABLATE_REQUESTS=64 npm run bench:ablate",
};

let scratch: string;
let copy: string;

/** Runs a README command verbatim (leading VAR=value assignments become environment) in the scratch copy. */
async function run(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const words = command.split(" ");
  const env: NodeJS.ProcessEnv = { ...scratchEnv(), FORCE_COLOR: "0", NO_COLOR: "1" };
  while (/^[A-Z_]+=/.test(words[0]!)) {
    const [name, value] = words.shift()!.split("=") as [string, string];
    env[name] = value;
  }
  expect(words[0]).toBe("npm");
  return execFileAsync("npm", words.slice(1), { cwd: copy, env, maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? "", stderr: error.stderr ?? "" }),
  );
}

const report = () => JSON.parse(readFileSync(path.join(copy, "vitest-results.json"), "utf8")) as { numPassedTests: number; numFailedTests: number; numTotalTests: number };
const same = (file: string) => readFileSync(path.join(copy, file), "utf8") === readFileSync(path.join(root, file), "utf8");

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), "authy-readme-"));
  copy = path.join(scratch, "authy-openapi");
  // The repository as a clone has it (tracked and new files, nothing ignored), sharing the installed node_modules.
  const { stdout } = await execFileAsync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  for (const file of stdout.split("\0").filter(Boolean)) {
    if (!existsSync(path.join(root, file))) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(copy, file));
  }
  symlinkSync(path.join(root, "node_modules"), path.join(copy, "node_modules"), "dir");
}, 60_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("README commands", () => {
  it("every command of the Quick start and the Scripts table is run by a test", () => {
    const here = ["npm run lint:spec", "npm run bundle", "npm run generate", "npm run build", "npm run docs", "npm run contract:proxy"];
    expect(readmeCommands()).toEqual([...Object.keys(RUN_ELSEWHERE), ...here, ...Object.keys(BY_SMOKE_FORM), ...Object.values(BY_SMOKE_FORM)].sort());
    for (const [command, file] of Object.entries(RUN_ELSEWHERE)) {
      const text = readFileSync(path.join(root, file), "utf8");
      expect(text, `${file} runs ${command}`).toContain(file === ".ci/run" ? `\n${command}` : `"${command}`);
    }
  });

  it("the Quick start's code is examples/quickstart.ts, less its header comment", () => {
    const block = /## Quick start[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    const example = readFileSync(path.join(root, "examples/quickstart.ts"), "utf8").replace(/^(\/\/.*\n)+/, "");
    expect(block).toBe(example);
  });

  // Two lanes at a time (the machine has two cores); the spec is bundled and generated before either starts.
  describe.concurrent("run in a scratch copy of the repository", { timeout: 240_000 }, () => {
    beforeAll(async () => {
      for (const command of ["npm run bundle", "npm run generate"]) {
        const result = await run(command);
        expect(result.code, `${command}:\n${result.stderr}`).toBe(0);
      }
      // Both regenerate byte-identical files.
      for (const file of ["openapi.json", "schema.d.ts", "operations.ts", "runtime.ts", "error-codes.ts", "operation-ids.ts"]) {
        expect(same(`generated/${file}`), `generated/${file} regenerated identically`).toBe(true);
      }
    }, 120_000);

    it("npm run build, then BENCH_SMOKE=1 npm run bench and the ablation smoke run", async () => {
      const build = await run("npm run build");
      expect(build.code, build.stderr).toBe(0);
      expect(build.stdout).toContain("built dist/esm, dist/cjs, dist/types, dist/types-cjs");
      const bench = await run(BY_SMOKE_FORM["npm run bench"]!);
      expect(bench.code, bench.stderr).toBe(0);
      expect(bench.stdout).toContain("### What keeping names costs");
      expect(bench.stdout).toMatch(/- Import under 10 ms: [\d.]+ ms/);
      expect(same("bench/RESULTS.md"), "a smoke run writes nothing").toBe(true);
      const ablate = await run(BY_SMOKE_FORM["npm run bench:ablate"]!);
      expect(ablate.code, ablate.stderr).toBe(0);
      expect(ablate.stdout).toMatch(/^\| client as is \| 1 \|/m);
    });

    it("npm run lint:spec, docs, contract:proxy (unconfigured), the test tiers on one file each, the fuzz smoke run", async () => {
      const lint = await run("npm run lint:spec");
      expect(lint.code, lint.stderr).toBe(0);
      expect(lint.stdout + lint.stderr).toContain("Your API descriptions are valid."); // the Authy spec and the dev API
      const docs = await run("npm run docs");
      expect(docs.code, docs.stderr).toBe(0);
      expect(readFileSync(path.join(copy, "build/docs/index.html"), "utf8")).toContain(`<title>${spec.info.title}</title>`);
      const proxy = await run("npm run contract:proxy");
      expect(proxy.code).toBe(2);
      expect(proxy.stderr).toContain("contract:proxy did nothing: AUTHY_API_URL and AUTHY_API_KEY are not set.");
      for (const tier of ["npm run test:unit", "npm run test:contract"]) {
        const result = await run(BY_SMOKE_FORM[tier]!);
        expect(result.code, result.stdout + result.stderr).toBe(0);
        expect(report().numFailedTests).toBe(0);
        expect(report().numPassedTests).toBe(report().numTotalTests);
        expect(report().numTotalTests).toBeGreaterThan(0);
      }
      const fuzz = await run(BY_SMOKE_FORM["npm run fuzz"]!);
      expect(fuzz.code, fuzz.stdout + fuzz.stderr).toBe(0);
      expect(fuzz.stdout).toContain("fuzz-input: FUZZ_RUNS=20,");
      expect(report().numFailedTests).toBe(0);
    });
  });
});
