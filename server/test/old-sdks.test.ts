import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadOldSdks, OLD_SDKS_DIR } from "./helpers/old-sdks.js";

describe("the old SDKs' folder", () => {
  it("without its node_modules the tests fail with the command to run", () => {
    const empty = mkdtempSync(join(tmpdir(), "old-sdks-"));
    try {
      expect(() => loadOldSdks(empty)).toThrow(
        new Error(`The old SDK authy@1.4.0 is not installed in ${join(empty, "node_modules")}: run \`npm run setup:old-sdks\``),
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("holds authy-client@1.1.4 and authy@1.4.0, unchanged, as installed from its lockfile", () => {
    const { authy, AuthyClient } = loadOldSdks(OLD_SDKS_DIR);
    expect([typeof authy, typeof AuthyClient, typeof AuthyClient.prototype.verifyToken, typeof authy("k").verify]).toEqual([
      "function",
      "function",
      "function",
      "function",
    ]);
  });

  it("has its own exact pins and lockfile, and the root install stays free of them", () => {
    const read = (path: string) => JSON.parse(readFileSync(path, "utf8")) as { dependencies?: object; packages: Record<string, { version?: string }> };
    const own = read(join(OLD_SDKS_DIR, "package-lock.json"));
    const root = read(join(OLD_SDKS_DIR, "../../../package-lock.json"));
    expect([
      read(join(OLD_SDKS_DIR, "package.json")).dependencies,
      own.packages["node_modules/authy"]?.version,
      own.packages["node_modules/authy-client"]?.version,
      Object.keys(root.packages).filter((path) => /(^|\/)node_modules\/authy(-client)?$/.test(path)),
    ]).toEqual([{ authy: "1.4.0", "authy-client": "1.1.4" }, "1.4.0", "1.1.4", []]);
  });
});
