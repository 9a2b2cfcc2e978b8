// The rendered docs (npm run docs) in real headless Chromium: every operation of the bundled spec is in the
// navigation, an operation shows its parameters and a response example, the guides are linked, and no request
// leaves the page. Skipped, with the command that installs it, where Debian's chromium is missing.
//
// AUTHY_DOCS_SPEC=<bundled spec> runs it against another bundled spec (a partial one while paths are being written).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, isLocalUrl, launchChromium, SKIP_REASON } from "./helpers/chromium.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const specPath = path.resolve(root, process.env.AUTHY_DOCS_SPEC ?? "generated/openapi.json");
const docsDir = path.join(root, "build", "docs");
const indexUrl = pathToFileURL(path.join(docsDir, "index.html")).href;
const METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];
/** The guides the issue asks for, each matched by the label the page links it with. */
const REQUIRED_GUIDES = [/quickstart/i, /xml/i, /error/i, /callback/i, /migrat/i];

type Json = Record<string, any>;

function loadSpec(): Json {
  return JSON.parse(readFileSync(specPath, "utf8"));
}

function deref(spec: Json, node: any): any {
  while (node && typeof node === "object" && typeof node.$ref === "string") {
    node = node.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((acc: any, part: string) => acc?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  }
  return node;
}

interface Op {
  id: string;
  summary: string;
  tags: string[];
  parameters: Json[];
  op: Json;
}

/** Every request operation (paths) and every outbound one (webhooks) of the spec. */
function operationsOf(spec: Json): Op[] {
  const items = [...Object.values(spec.paths ?? {}), ...Object.values(spec.webhooks ?? {})].map((i) => deref(spec, i));
  return items.flatMap((item: Json) =>
    METHODS.filter((m) => item[m]).map((m) => ({
      id: item[m].operationId,
      summary: item[m].summary,
      tags: item[m].tags ?? [],
      parameters: [...(item.parameters ?? []), ...(item[m].parameters ?? [])].map((p: Json) => deref(spec, p)),
      op: item[m],
    })),
  );
}

/** A string value of the first example of the operation's 200 JSON response (`"Token is valid."`). */
function firstExampleString(spec: Json, op: Op): string {
  const media = deref(spec, op.op.responses?.["200"])?.content?.["application/json"];
  const first = media?.example ?? deref(spec, Object.values(media?.examples ?? {})[0])?.value;
  const strings: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string" && v.length >= 4) strings.push(v);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(first);
  const preferred = typeof first?.message === "string" ? first.message : strings[0];
  if (!preferred) throw new Error(`${op.id}: its 200 JSON response has no example with a string value`);
  return preferred;
}

interface RequestLog {
  local: string[];
  blocked: string[];
  external: string[];
}

/** Records every request a page makes: local (file:, data:, blob:), blocked by the CSP, or external. */
function watchRequests(page: Page): RequestLog {
  const log: RequestLog = { local: [], blocked: [], external: [] };
  page.on("request", (request) => {
    if (isLocalUrl(request.url())) log.local.push(request.url().slice(0, 80));
  });
  page.on("requestfailed", (request) => {
    if (isLocalUrl(request.url())) return;
    const reason = request.failure()?.errorText ?? "";
    if (/csp|BLOCKED_BY_CSP/i.test(reason)) log.blocked.push(`${request.method()} ${request.url()} (${reason})`);
  });
  page.on("requestfinished", (request) => {
    if (!isLocalUrl(request.url())) log.external.push(`${request.method()} ${request.url()}`);
  });
  return log;
}

describe("rendered API docs (build/docs)", () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!hasChromium) return;
    // Reuses build/docs when it was built from exactly these inputs, otherwise builds it.
    const build = spawnSync(process.execPath, ["scripts/docs.mjs", "--if-stale", "--spec", specPath], {
      cwd: root,
      encoding: "utf8",
    });
    if (build.status !== 0) throw new Error(`npm run docs failed:\n${build.stdout}\n${build.stderr}`);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it.skipIf(!hasChromium)(
    `shows every operation, an operation's parameters and example, links the guides, and makes no external request${hasChromium ? "" : ` (SKIPPED: ${SKIP_REASON})`}`,
    async () => {
      const spec = loadSpec();
      const ops = operationsOf(spec);
      expect(ops.length).toBeGreaterThan(0);
      // Redoc lists an operation under each of its tags (an untagged one once).
      const expectedEntries = ops.reduce((n, op) => n + Math.max(1, op.tags.length), 0);

      const context = await browser!.newContext({ viewport: { width: 1400, height: 1000 } });
      // A safety net behind the CSP: anything not local that still gets this far is recorded and aborted.
      const escaped: string[] = [];
      await context.route(
        (url) => !isLocalUrl(url.href),
        (route) => {
          escaped.push(`${route.request().method()} ${route.request().url()}`);
          return route.abort("blockedbyclient");
        },
      );
      const page = await context.newPage();
      const requests = watchRequests(page);
      const pageErrors: string[] = [];
      page.on("pageerror", (error) => pageErrors.push(error.message));

      await page.goto(indexUrl);
      expect(await page.title()).toBe(spec.info.title);
      const menu = page.locator('[data-component-name="Menu/Menu"]').first();
      await menu.waitFor({ state: "visible" });
      // Hydrated: the Redoc bundle ran and took over the prerendered markup (before that, clicks do nothing).
      await page.waitForFunction(() =>
        Object.keys((globalThis as any).document.getElementById("redoc") ?? {}).some((k) => k.startsWith("__reactContainer")),
      );

      // Open each group of the navigation in turn (Redoc renders a group's entries only while it is open, and
      // opening one may close another) and collect the operation entries it lists.
      const groups = await menu.evaluate((ul) =>
        [...ul.children]
          .filter((item) => item.querySelector(":scope > div") !== null)
          .map((item) => item.querySelector(":scope > a")!.getAttribute("href")!),
      );
      const seen = new Map<string, string>(); // href -> label
      const groupOf = new Map<string, string>(); // entry href -> group href
      const entriesOf = (href: string) =>
        menu.evaluate((ul, groupHref) => {
          const item = [...ul.children].find((i) => i.querySelector(":scope > a")?.getAttribute("href") === groupHref);
          const links = [...(item?.querySelectorAll(":scope > div a[href]") ?? [])].filter((a) =>
            a.querySelector('[data-component-name="Tags/HttpTag"]'),
          );
          return links.map((a) => [a.getAttribute("href") ?? "", (a as unknown as { innerText: string }).innerText.split("\n")[0]!.trim()] as const);
        }, href);
      for (const href of groups) {
        const link = menu.locator(`a[href="${href}"]`).first();
        await expect
          .poll(
            async () => {
              if ((await entriesOf(href)).length === 0) await link.click();
              return (await entriesOf(href)).length;
            },
            { timeout: 10_000, interval: 300 },
          )
          .toBeGreaterThan(0);
        for (const [entryHref, label] of await entriesOf(href)) {
          seen.set(entryHref, label);
          groupOf.set(entryHref, href);
        }
      }
      expect(seen.size, `operation entries in the navigation: ${[...seen.keys()].join(", ")}`).toBe(expectedEntries);
      const labels = [...seen.values()];
      for (const op of ops) expect(labels, `navigation lists "${op.summary}" (${op.id})`).toContain(op.summary);

      // Open one operation: its parameter names and a response example value from the spec are shown.
      const chosen = ops.find((o) => o.id === "verifyToken") ?? ops.find((o) => o.parameters.length > 0) ?? ops[0]!;
      const parameterNames = chosen.parameters.filter((p) => p.in !== "header").map((p) => p.name as string);
      const exampleValue = firstExampleString(spec, chosen);
      const chosenHref = [...seen.keys()].find((href) => href.endsWith(`/${chosen.id.toLowerCase()}`))!;
      const entry = menu.locator(`a[href="${chosenHref}"]`).first();
      await expect
        .poll(
          async () => {
            if (!(await entry.isVisible())) await menu.locator(`a[href="${groupOf.get(chosenHref)}"]`).first().click();
            return entry.isVisible();
          },
          { timeout: 10_000, interval: 300 },
        )
        .toBe(true);
      await entry.click();
      const section = page.locator(`[id$="/${chosen.id.toLowerCase()}"]`).first();
      await section.waitFor({ state: "visible" });
      await expect.poll(() => page.url()).toContain(`/${chosen.id.toLowerCase()}`);
      const sectionText = await section.innerText();
      for (const name of parameterNames) expect(sectionText, `parameter ${name} of ${chosen.id}`).toContain(name);
      // The response samples sit in the operation's right-hand panel, beside (not inside) its description.
      const operationPanel = section.locator("xpath=..");
      await expect.poll(() => operationPanel.innerText(), { timeout: 5_000 }).toContain(exampleValue);
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(docsDir, "screenshot.png") });

      // The guides: linked from the page, each link resolves to a built page, and the pages render.
      const guideLinks = await page
        .locator("nav.authy-guides a")
        .evaluateAll((links) => links.map((a) => ({ label: a.textContent ?? "", href: a.getAttribute("href") ?? "" })));
      for (const pattern of REQUIRED_GUIDES) {
        expect(guideLinks.map((l) => l.label), `a guide link matching ${pattern}`).toEqual(
          expect.arrayContaining([expect.stringMatching(pattern)]),
        );
      }
      for (const link of guideLinks) {
        expect(link.href, `${link.label} links to a local page`).toMatch(/^[\w.-]+\.html(#.*)?$/);
        expect(existsSync(path.join(docsDir, link.href.replace(/#.*/, ""))), `${link.label} -> ${link.href}`).toBe(true);
      }
      // The two reference pages (Redoc): the Authy API here, the local server's development API below.
      for (const link of guideLinks.filter((l) => l.href !== "index.html" && l.href !== "dev-api.html")) {
        await page.goto(new URL(link.href, indexUrl).href);
        await expect.poll(() => page.locator("main h1").count(), { timeout: 2_000 }).toBeGreaterThan(0);
        // Links inside the guide to other built pages resolve too.
        const inner = await page
          .locator("main a[href]")
          .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
        for (const href of inner.filter((h) => /^[\w.-]+\.html(#.*)?$/.test(h))) {
          expect(existsSync(path.join(docsDir, href.replace(/#.*/, ""))), `${link.href} links ${href}`).toBe(true);
        }
      }
      // The development API of the local server, rendered beside the Authy reference (same template and navigation),
      // its document embedded whole.
      const devSpec = JSON.parse(readFileSync(path.join(root, "server/generated/dev-openapi.json"), "utf8")) as Json;
      await page.goto(new URL("dev-api.html", indexUrl).href);
      await expect.poll(() => page.locator("body").innerText(), { timeout: 10_000 }).toContain(devSpec.info.summary.replace(/`/g, ""));
      expect(await page.title()).toBe(devSpec.info.title);
      expect(await page.locator('nav.authy-guides a[aria-current="page"]').innerText()).toBe("Local server dev API");
      const devHtml = readFileSync(path.join(docsDir, "dev-api.html"), "utf8");
      for (const item of Object.values(devSpec.paths as Json)) {
        for (const op of Object.values(item as Json)) {
          if (typeof (op as Json).operationId === "string") expect(devHtml, (op as Json).operationId).toContain(JSON.stringify((op as Json).summary));
        }
      }
      await context.close();

      if (requests.blocked.length) console.info(`requests blocked by the CSP (${requests.blocked.length}):\n  ${requests.blocked.join("\n  ")}`);
      expect(escaped, "requests that got past the CSP (aborted by the test)").toEqual([]);
      expect(requests.external, "requests that reached the network").toEqual([]);
      expect(pageErrors, "uncaught errors in the page").toEqual([]);
    },
    45_000, // about 12 s on an idle machine; loading the 2.8 MB page takes longer while other suites run
  );
});
