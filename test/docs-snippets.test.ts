// The code in the README and the guides compiles against the package: every ```ts block of README.md and
// docs/*.md is type-checked as its own module, with "authy-openapi" mapped to src/index.ts and
// "authy-openapi-server" to server/src/index.ts. Also checks that the
// errors guide's table lists exactly the spec's error codes.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

const root = fileURLToPath(new URL("../", import.meta.url));

interface Snippet {
  file: string; // relative to the repository root
  index: number; // 0-based index among the file's ts blocks
  line: number; // 1-based line of the block's first code line in the markdown file
  code: string;
}

/** Every ```ts / ```typescript block of a markdown text. */
function extractTsBlocks(file: string, markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(\w+)?/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.trim().startsWith(fence!)) body.push(lines[j++]!.slice(indent!.length));
    if (lang === "ts" || lang === "typescript") {
      snippets.push({ file, index: snippets.length, line: i + 2, code: body.join("\n") });
    }
    i = j;
  }
  return snippets;
}

function markdownFiles(): string[] {
  const docs = readdirSync(path.join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`);
  return ["README.md", ...docs];
}

function collectSnippets(): Snippet[] {
  return markdownFiles().flatMap((file) => extractTsBlocks(file, readFileSync(path.join(root, file), "utf8")));
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Type-checks snippets, each as its own module, in one program. Returns one message per failing snippet. */
function typeCheck(snippets: Snippet[]): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), "authy-snippets-"));
  tempDirs.push(dir);
  const fileFor = new Map<string, Snippet>();
  for (const s of snippets) {
    const name = path.join(dir, `${s.file.replace(/[^\w]/g, "_")}.${s.index}.ts`);
    // `export {}` makes a block without imports a module too (top-level await, no shared globals).
    writeFileSync(name, `${s.code}\nexport {};\n`);
    fileFor.set(name, s);
  }
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: ["node"],
    typeRoots: [path.join(root, "node_modules", "@types")],
    strict: true,
    noUncheckedIndexedAccess: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
    resolveJsonModule: true,
    baseUrl: dir,
    paths: {
      "authy-openapi": [path.join(root, "src", "index.ts")],
      "authy-openapi/schema": [path.join(root, "generated", "schema.d.ts")],
      "authy-openapi-server": [path.join(root, "server", "src", "index.ts")],
      // The local server guide's vitest globalSetup example.
      vitest: [path.join(root, "node_modules", "vitest", "dist", "index.d.ts")],
      "vitest/node": [path.join(root, "node_modules", "vitest", "dist", "node.d.ts")],
    },
  };
  writeFileSync(path.join(dir, "tsconfig.json"), `${JSON.stringify({ compilerOptions: { paths: options.paths } }, null, 2)}\n`);
  const program = ts.createProgram([...fileFor.keys()], options);
  const failures = new Map<Snippet, string[]>();
  const global = program.getOptionsDiagnostics().concat(program.getGlobalDiagnostics());
  if (global.length) return [ts.formatDiagnostics(global, formatHost(dir))];
  for (const [name, snippet] of fileFor) {
    const sourceFile = program.getSourceFile(name)!;
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    if (diagnostics.length === 0) continue;
    failures.set(
      snippet,
      diagnostics.map((d) => {
        const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
        if (!d.file || d.start === undefined) return `TS${d.code}: ${text}`;
        const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
        const where = d.file.fileName === name ? `${snippet.file}:${snippet.line + line}:${character + 1}` : d.file.fileName;
        return `${where} TS${d.code}: ${text}`;
      }),
    );
  }
  return [...failures].map(
    ([s, messages]) => `${s.file} ts block #${s.index + 1} (line ${s.line}):\n  ${messages.join("\n  ")}`,
  );
}

function formatHost(dir: string): ts.FormatDiagnosticsHost {
  return { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" };
}

describe("code in README.md and docs/*.md", () => {
  it("has ts blocks to check in the README and every guide with code", () => {
    const snippets = collectSnippets();
    const files = new Set(snippets.map((s) => s.file));
    for (const file of ["README.md", "docs/quickstart.md", "docs/errors.md", "docs/migrating.md", "docs/local-server.md"]) {
      expect(files, `${file} has ts blocks`).toContain(file);
    }
  });

  it("type-checks every ts block against the package", () => {
    const failures = typeCheck(collectSnippets());
    expect(failures, failures.join("\n\n")).toEqual([]);
  }, 60_000);

  it("fails a block with a type error, naming the file, the block and the diagnostic", () => {
    const broken = extractTsBlocks(
      "docs/broken.md",
      [
        "# Broken",
        "",
        "```ts",
        'import { createAuthyClient } from "authy-openapi";',
        'const authy = createAuthyClient({ apiKey: "k" });',
        'await authy.verifyToken({ token: "0123456", authyId: 1 });',
        "```",
      ].join("\n"),
    );
    const failures = typeCheck(broken);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^docs\/broken\.md ts block #1 \(line 4\):/);
    expect(failures[0]).toMatch(/docs\/broken\.md:6:\d+ TS\d+: .*authyId/);
  }, 60_000);
});

describe("docs/errors.md", () => {
  it("lists exactly the error codes of the spec, with their status and meaning", () => {
    const schema = parseYaml(readFileSync(path.join(root, "openapi/components/schemas/ErrorCode.yaml"), "utf8"));
    const codes = schema["x-authy-error-codes"] as Record<string, { status: number | null; message: string }>;
    const expected = Object.entries(codes).map(([code, { status, message }]) => [code, status === null ? "" : String(status), message]);
    const markdown = readFileSync(path.join(root, "docs/errors.md"), "utf8");
    const rows = markdown
      .split("\n")
      .map((line) => /^\|\s*(6\d{4})\s*\|\s*(\d*)\s*\|\s*(.*?)\s*\|\s*$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2], m[3]!.replace(/\\\|/g, "|")]);
    expect(rows).toEqual(expected);
  });
});
