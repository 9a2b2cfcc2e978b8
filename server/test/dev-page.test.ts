/**
 * The development page in Debian's Chromium: open /__dev/, trigger an SMS through the project's client, and see its
 * code appear without a reload; values are shown as text (a hostile action message stays text), nothing on the
 * page breaks its Content-Security-Policy, and nothing leaves the server's origin.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium, SKIP_REASON } from "../../test/helpers/chromium.js";
import { PHONE, useTestServer } from "./helpers/server.js";

const t = useTestServer();
let browser: Browser;
beforeAll(async () => {
  if (hasChromium) browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe("the development page", () => {
  it.skipIf(!hasChromium)(`shows a code sent through the client without a reload, as text, under its CSP${hasChromium ? "" : ` (SKIPPED: ${SKIP_REASON})`}`, async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const origins = new Set<string>();
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("request", (request) => origins.add(new URL(request.url()).origin));
    let navigations = 0;
    page.on("framenavigated", () => navigations++);
    try {
      const response = await page.goto(`${t.server.url}/__dev/`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()["content-security-policy"]).toMatch(/^default-src 'none'; script-src 'nonce-/);
      await page.getByText("live: 0 messages, 0 users").waitFor({ timeout: 10_000 });

      const client = t.client();
      const id = (await client.createUser({ user: { email: "page@example.com", ...PHONE } })).user.id;
      const hostile = `<img src=x onerror="document.title='pwned'">`;
      await client.sendSmsToken({ authy_id: id, action: "login", action_message: hostile });
      const code = await t.lastCode(id);
      expect(code).toMatch(/^[0-9]{7}$/);

      const row = page.locator("#messages tr").first();
      await row.locator("td.code", { hasText: code }).waitFor({ timeout: 10_000 });
      expect(await row.locator("td").allInnerTexts()).toEqual([
        expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/),
        "sms",
        "token",
        "+12015550123",
        String(id),
        code,
        `Your Authy Local verification code is: ${code} (${hostile})`,
      ]);
      await page.locator("#users tr", { hasText: "page@example.com" }).waitFor({ timeout: 10_000 });
      expect(await page.locator("#users tr").first().locator("td").allInnerTexts()).toEqual([String(id), "+1 2015550123", "page@example.com", "", ""]);
      // The clock moves live too.
      await t.advance(3600);
      await page.getByText("(moved 3600 s)").waitFor({ timeout: 10_000 });

      expect(await page.title()).toBe("Authy local server");
      expect(await page.locator("#messages img").count()).toBe(0);
      expect(navigations).toBe(1); // no reload
      expect(problems).toEqual([]);
      expect([...origins]).toEqual([t.server.url]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
