import { chromium } from "playwright-core";
const t0=Date.now(); const T=(m)=>console.log(Date.now()-t0, m);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-quic","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await page.goto("file:///work/main/build/docs/index.html"); T("goto");
await page.waitForFunction(() => Object.keys(document.getElementById("redoc") ?? {}).some((k) => k.startsWith("__reactContainer"))); T("hydrated");
const menu = page.locator('[data-component-name="Menu/Menu"]').first();
const collapsed = menu.locator('[data-component-name="Menu/MenuItem"]:has(> div[style*="display:none"], > div[style*="display: none"]) > a');
for (let r=0;r<30;r++){ const c=await collapsed.count(); T("collapsed "+c); if(!c)break; await collapsed.first().click(); T("clicked"); }
const entries = menu.locator('[data-component-name="Menu/MenuItem"]:has(> a [data-component-name="Tags/HttpTag"])');
T("entries " + await entries.count());
await menu.getByText("Verify a token", { exact: false }).first().click(); T("clicked op " + page.url());
await page.screenshot({ path: "/tmp/docsdev/s3.png" }); T("shot");
await browser.close();
