import { execFile } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const serverDir = fileURLToPath(new URL("..", import.meta.url));
const outdir = join(serverDir, `.bundle-test-${process.pid}`);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("the published package (npm pack -w server runs this bundle at prepack)", () => {
  it("bundles the shared code, keeps only the server's dependencies external, and runs without tsx", async () => {
    await run(process.execPath, [join(serverDir, "scripts/bundle.mjs"), "--outdir", outdir]);
    const files = readdirSync(outdir);
    expect(files).toEqual(expect.arrayContaining(["cli.mjs", "index.mjs"]));
    const code = files.map((file) => readFileSync(join(outdir, file), "utf8")).join("\n");
    const imported = new Set([...code.matchAll(/(?:^|[\s;])(?:import|export)[^"';]*?from\s*"([^"]+)"|import\("([^"]+)"\)/gm)].map((m) => m[1] ?? m[2]));
    const external = [...imported].filter((name) => !name!.startsWith("./") && !name!.startsWith("node:"));
    const dependencies = Object.keys(JSON.parse(readFileSync(join(serverDir, "package.json"), "utf8")).dependencies);
    expect(external.sort()).toEqual(["@electric-sql/pglite", "libphonenumber-js/max", "pg", "qrcode"]);
    for (const name of external) expect(dependencies.some((dep) => name === dep || name!.startsWith(`${dep}/`)), name).toBe(true);
    const probe = `const { startAuthyServer } = await import(${JSON.stringify(join(outdir, "index.mjs"))});
      const s = await startAuthyServer({ memory: true, port: 0, log: () => {} });
      const r = await fetch(s.url + "/protected/xml/app/details", { headers: { "x-authy-api-key": s.apiKey } });
      console.log(r.status, (await r.text()).split("\\n")[1]);
      await s.close();`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", probe], { env: { PATH: process.env.PATH ?? "" } });
    expect(stdout).toBe("200 <hash>\n");
    const version = await run(process.execPath, ["--input-type=module", "-e", `const { main } = await import(${JSON.stringify(join(outdir, "cli.mjs"))}); await main(["--version"]);`]);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(join(serverDir, "package.json"), "utf8")).version}\n`);
  }, 60_000);
});
