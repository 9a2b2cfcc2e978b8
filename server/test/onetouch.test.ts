/**
 * OneTouch approval requests through the project's client (JSON and XML) and the raw wire (the encodings old SDKs
 * use), expiry on the development clock, the recorded 60049, the development endpoints, and the approve page in
 * Chromium (open it, click, and the state and the callback follow).
 */
import { createServer, type Server } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, isLocalUrl, launchChromium } from "../../test/helpers/chromium.js";
import { authyError, PHONE, useTestServer } from "./helpers/server.js";
import { expectDeclared } from "./helpers/spec.js";

const t = useTestServer();

async function newUser(): Promise<number> {
  return (await t.client().createUser({ user: { email: "ada@example.com", ...PHONE } })).user.id;
}

async function clockNow(): Promise<Date> {
  return new Date((await t.dev("GET", "/__dev/clock")).body.now);
}

const apiTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

function raw(path: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
  return fetch(`${t.server.url}${path}`, { ...init, headers: { "x-authy-api-key": t.server.apiKey, ...(init.headers as Record<string, string>) } }).then(
    async (res) => ({ status: res.status, text: await res.text() }),
  );
}

describe("approval requests through the client", () => {
  for (const format of ["json", "xml"] as const) {
    it(`${format}: create, then read it back pending with every field; approve; read it approved`, async () => {
      const client = t.client(format);
      const authyId = await newUser();
      const before = await clockNow();
      const created = await client.createApprovalRequest({
        authy_id: authyId,
        message: "Log in to Example?",
        details: { username: "ada", location: "London" },
        hidden_details: { ip: "10.0.0.1" },
        logos: [{ res: "default", url: "https://example.com/a.png" }],
        seconds_to_expire: 300,
      });
      expect(created).toEqual({ approval_request: { uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) }, success: true });
      const uuid = created.approval_request.uuid;
      const read = await client.getApprovalRequest({ uuid });
      const createdAt = Date.parse(read.approval_request.created_at!);
      expect(createdAt).toBeGreaterThanOrEqual(Date.parse(apiTime(before)));
      expect(read).toEqual({
        approval_request: {
          _app_name: "Authy Local",
          _app_serial_id: t.server.appId,
          _authy_id: authyId,
          _id: expect.stringMatching(/^[0-9a-f]{24}$/),
          _user_email: "ada@example.com",
          app_id: expect.stringMatching(/^[0-9a-f]{24}$/),
          created_at: read.approval_request.created_at,
          notified: false,
          processed_at: null,
          seconds_to_expire: 300,
          status: "pending",
          updated_at: read.approval_request.created_at,
          user_id: expect.stringMatching(/^[0-9a-f]{24}$/),
          uuid,
        },
        success: true,
      });
      await t.advance(30);
      const decided = await t.dev("POST", `/__dev/approval_requests/${uuid}/approve`, {});
      expect(decided.body.approval_request).toMatchObject({ uuid, status: "approved", details: { username: "ada", location: "London" }, hidden_details: { ip: "10.0.0.1" } });
      const approved = (await client.getApprovalRequest({ uuid })).approval_request;
      expect([approved.status, approved.processed_at, approved.updated_at]).toEqual(["approved", decided.body.approval_request.processed_at.replace(/\.\d{3}Z$/, "Z"), approved.processed_at]);
      expect(Date.parse(approved.processed_at!) - createdAt).toBeGreaterThanOrEqual(30_000);
    });
  }

  it("expires when the development clock passes seconds_to_expire; processed_at is the expiry; then it cannot be decided", async () => {
    const client = t.client();
    const authyId = await newUser();
    const { uuid } = (await client.createApprovalRequest({ authy_id: authyId, message: "Pay 10 EUR?", seconds_to_expire: 60 })).approval_request;
    const createdAt = Date.parse((await t.dev("GET", `/__dev/approval_requests/${uuid}`)).body.created_at);
    await t.advance(59);
    expect((await client.getApprovalRequest({ uuid })).approval_request.status).toBe("pending");
    await t.advance(1);
    const expired = (await client.getApprovalRequest({ uuid })).approval_request;
    expect([expired.status, expired.processed_at]).toEqual(["expired", apiTime(new Date(createdAt + 60_000))]);
    expect(await t.dev("POST", `/__dev/approval_requests/${uuid}/approve`, {})).toEqual({
      status: 409,
      body: { error: `approval request ${uuid} is expired, not pending` },
    });
  });

  it("seconds_to_expire 0 never expires; absent or null (authy-python) is the documented 86400", async () => {
    const client = t.client();
    const authyId = await newUser();
    const never = (await client.createApprovalRequest({ authy_id: authyId, message: "Never", seconds_to_expire: 0 })).approval_request.uuid;
    const absent = (await client.createApprovalRequest({ authy_id: authyId, message: "Default" })).approval_request.uuid;
    const asNull = await raw(`/onetouch/json/users/${authyId}/approval_requests`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "Python", seconds_to_expire: null, logos: [], details: {}, hidden_details: {} }),
    });
    expect(asNull.status).toBe(200);
    const python = JSON.parse(asNull.text).approval_request.uuid as string;
    expect((await client.getApprovalRequest({ uuid: absent })).approval_request.seconds_to_expire).toBe(86_400);
    expect((await t.dev("GET", `/__dev/approval_requests/${python}`)).body).toMatchObject({ seconds_to_expire: 86_400, details: {}, hidden_details: {}, logos: [] });
    await t.advance(86_400);
    expect((await client.getApprovalRequest({ uuid: absent })).approval_request.status).toBe("expired");
    await t.advance(10 * 365 * 86_400);
    expect((await client.getApprovalRequest({ uuid: never })).approval_request).toMatchObject({ status: "pending", seconds_to_expire: 0, processed_at: null });
    expect((await t.dev("GET", `/__dev/approval_requests/${never}`)).body.expires_at).toBeNull();
  });

  it("errors: unknown user 60026, a missing or too long message 60004, an unknown or malformed uuid 404 60049 with empty errors (JSON and XML)", async () => {
    const client = t.client();
    expect(await authyError(client.createApprovalRequest({ authy_id: 999_999, message: "Hi" }))).toMatchObject({ status: 404, code: 60026 });
    const authyId = await newUser();
    const post = (body: unknown) =>
      raw(`/onetouch/json/users/${authyId}/approval_requests`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const missing = await post({});
    expect([missing.status, JSON.parse(missing.text)]).toEqual([
      400,
      { message: "Invalid parameter: message - Parameter is required", success: false, errors: { message: "Invalid parameter: message - Parameter is required" }, error_code: "60004" },
    ]);
    expectDeclared("createApprovalRequest", 400, JSON.parse(missing.text));
    expect((await post({ message: "x".repeat(201) })).status).toBe(400);
    // Found by the fuzzer: a lifetime beyond 32 bits of seconds (68 years) is refused, not a 500.
    expect(JSON.parse((await post({ message: "Hi", seconds_to_expire: 2_147_483_648 })).text)).toMatchObject({
      error_code: "60004",
      message: "Invalid parameter: seconds_to_expire - must be at most 2147483647 (0 never expires)",
    });
    expectDeclared("createApprovalRequest", 404, (await authyError(client.createApprovalRequest({ authy_id: 999_999, message: "Hi" }))).body);
    const unknown = "3f05a350-4b2c-0136-f779-12c0c2bf9eaa";
    expect(await authyError(client.getApprovalRequest({ uuid: unknown }))).toEqual({
      status: 404,
      code: 60049,
      body: { message: `Approval request not found: ${unknown}`, success: false, errors: {}, error_code: "60049" },
    });
    // authy-php asked for `1231`, authy-java for a uuid with a non-hex letter: the recorded answer is 60049.
    for (const uuid of ["1231", "3f05a350-4b2c-0136-f779-12c0c2bf9easd"]) {
      expect(await raw(`/onetouch/json/approval_requests/${uuid}`)).toEqual({
        status: 404,
        text: JSON.stringify({ message: `Approval request not found: ${uuid}`, success: false, errors: {}, error_code: "60049" }),
      });
    }
    expectDeclared("getApprovalRequest", 404, JSON.parse((await raw("/onetouch/json/approval_requests/1231")).text));
    const xml = await raw("/onetouch/xml/approval_requests/1231");
    expect(xml.status).toBe(404);
    expect(xml.text).toContain("<error-code>60049</error-code>");
    expect(await authyError(t.client("xml").getApprovalRequest({ uuid: unknown }))).toMatchObject({ status: 404, code: 60049 });
  });

  it("accepts the old SDKs' encodings: a Rails form body (authy-ruby, node-authy's indexed logos) and the query string (authy-php)", async () => {
    const authyId = await newUser();
    const form = new URLSearchParams([
      ["message", "Ruby form"],
      ["details[Username]", "ada"],
      ["hidden_details[ip]", "10.0.0.1"],
      ["logos[][res]", "default"],
      ["logos[][url]", "https://example.com/a.png"],
      ["logos[][res]", "low"],
      ["logos[][url]", "https://example.com/b.png"],
      ["seconds_to_expire", "120"],
    ]);
    const php = new URLSearchParams([
      ["message", "PHP query"],
      ["details[Username]", "ada"],
      ["seconds_to_expire", "120"],
    ]);
    const answers = [
      await raw(`/onetouch/json/users/${authyId}/approval_requests`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() }),
      await raw(`/onetouch/json/users/${authyId}/approval_requests?${php}`, { method: "POST" }),
    ];
    const [ruby, fromPhp] = await Promise.all(
      answers.map(async ({ status, text }) => {
        expect(status).toBe(200);
        return (await t.dev("GET", `/__dev/approval_requests/${JSON.parse(text).approval_request.uuid}`)).body;
      }),
    );
    expect(ruby).toMatchObject({
      message: "Ruby form",
      details: { Username: "ada" },
      hidden_details: { ip: "10.0.0.1" },
      logos: [
        { res: "default", url: "https://example.com/a.png" },
        { res: "low", url: "https://example.com/b.png" },
      ],
      seconds_to_expire: 120,
    });
    expect(fromPhp).toMatchObject({ message: "PHP query", details: { Username: "ada" }, seconds_to_expire: 120, logos: [] });
  });
});

describe("the development endpoints for OneTouch", () => {
  it("GET and PUT /__dev/app carry the callback settings; bad ones are refused; reset keeps them", async () => {
    const app = (await t.dev("GET", "/__dev/app")).body;
    expect(app).toMatchObject({ onetouch_callback_url: null, onetouch_callback_method: "POST", onetouch_device_public_key: expect.stringContaining("BEGIN PUBLIC KEY") });
    const put = await t.dev("PUT", "/__dev/app", { onetouch_callback_url: "http://127.0.0.1:9/cb", onetouch_callback_method: "GET" });
    expect(put).toEqual({ status: 200, body: { ...app, onetouch_callback_url: "http://127.0.0.1:9/cb", onetouch_callback_method: "GET" } });
    for (const [body, error] of [
      [{ onetouch_callback_url: "ftp://example.com/cb" }, "onetouch_callback_url must be an absolute http or https URL"],
      [{ onetouch_callback_url: "/cb" }, "onetouch_callback_url must be an absolute http or https URL"],
      [{ onetouch_callback_url: "https://example.com/cb?x=1" }, "onetouch_callback_url must not have a query string or fragment (the signature covers the URL without them)"],
      [{ onetouch_callback_url: "https://user:pw@example.com/cb" }, "onetouch_callback_url must not carry credentials"],
      [{ onetouch_callback_url: 42 }, "onetouch_callback_url must be a URL or null"],
      [{ onetouch_callback_method: "PUT" }, "onetouch_callback_method must be POST or GET"],
      [{ api_key: "x" }, "api_key cannot be changed (onetouch_callback_url, onetouch_callback_method)"],
    ] as const) {
      expect(await t.dev("PUT", "/__dev/app", body)).toEqual({ status: 400, body: { error } });
    }
    await t.dev("POST", "/__dev/reset", {});
    expect((await t.dev("GET", "/__dev/app")).body).toMatchObject({ onetouch_callback_url: "http://127.0.0.1:9/cb", onetouch_callback_method: "GET" });
    expect((await t.dev("PUT", "/__dev/app", { onetouch_callback_url: null, onetouch_callback_method: "POST" })).body).toMatchObject({ onetouch_callback_url: null });
  });

  it("lists requests newest first by status; approve and deny decide once; unknown ones are 404", async () => {
    const client = t.client();
    const authyId = await newUser();
    const first = (await client.createApprovalRequest({ authy_id: authyId, message: "First" })).approval_request.uuid;
    await t.advance(1);
    const second = (await client.createApprovalRequest({ authy_id: authyId, message: "Second" })).approval_request.uuid;
    const pending = await t.dev("GET", "/__dev/approval_requests?status=pending");
    expect(pending.body.approval_requests.map((r: { uuid: string }) => r.uuid)).toEqual([second, first]);
    expect((await t.dev("POST", `/__dev/approval_requests/${first}/deny`, {})).body.approval_request).toMatchObject({ status: "denied" });
    expect(await t.dev("POST", `/__dev/approval_requests/${first}/approve`, {})).toEqual({ status: 409, body: { error: `approval request ${first} is denied, not pending` } });
    expect((await t.dev("GET", "/__dev/approval_requests?status=pending")).body.approval_requests.map((r: { uuid: string }) => r.uuid)).toEqual([second]);
    expect((await t.dev("GET", "/__dev/approval_requests")).body.approval_requests).toHaveLength(2);
    const unknown = "3f05a350-4b2c-0136-f779-12c0c2bf9eaa";
    expect(await t.dev("POST", `/__dev/approval_requests/${unknown}/approve`, {})).toEqual({ status: 404, body: { error: `no approval request ${unknown}` } });
    expect((await t.dev("GET", `/__dev/approval_requests/not-a-uuid`)).status).toBe(404);
    expect(await t.dev("GET", "/__dev/approval_requests?status=maybe")).toEqual({ status: 400, body: { error: "status must be pending, approved, denied or expired" } });
    expect((await t.dev("POST", `/__dev/approval_requests/${second}/approve`, "x", { "content-type": "text/plain" })).status).toBe(415);
  });
});

describe("state moves", () => {
  it("an import replaces the state: approval requests and queued callbacks of the old state are gone", async () => {
    await t.dev("PUT", "/__dev/app", { onetouch_callback_url: "http://127.0.0.1:9/authy/callback" });
    try {
      const { uuid } = (await t.client().createApprovalRequest({ authy_id: await newUser(), message: "Before" })).approval_request;
      await t.dev("POST", `/__dev/approval_requests/${uuid}/approve`, {});
      const exported = (await t.dev("GET", "/__dev/export")).body;
      expect((await t.dev("POST", "/__dev/import", exported)).status).toBe(200);
      expect((await t.dev("GET", "/__dev/approval_requests")).body).toEqual({ approval_requests: [] });
      expect((await t.dev("GET", "/__dev/deliveries")).body).toEqual({ deliveries: [] });
      expect(await authyError(t.client().getApprovalRequest({ uuid }))).toMatchObject({ status: 404, code: 60049 });
    } finally {
      await t.dev("PUT", "/__dev/app", { onetouch_callback_url: null });
    }
  });
});

describe("the approve page in Chromium", () => {
  let browser: Browser | undefined;
  let receiver: Server;
  const received: Array<{ method: string; url: string }> = [];
  let origin = "";

  beforeAll(async () => {
    // The customer's endpoint (any 2xx) and the logo's host, both on loopback.
    receiver = createServer((req, res) => {
      req.resume();
      if (req.url === "/logo.png") {
        res.writeHead(200, { "content-type": "image/svg+xml" }).end('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
        return;
      }
      received.push({ method: req.method!, url: req.url! });
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
    if (hasChromium) browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it.skipIf(!hasChromium)("shows the request as the app would, and Approve decides it; the callback follows on the page", async () => {
    await t.dev("PUT", "/__dev/app", { onetouch_callback_url: `${origin}/authy/callback`, onetouch_callback_method: "POST" });
    const authyId = await newUser();
    const { uuid } = (
      await t.client().createApprovalRequest({
        authy_id: authyId,
        message: "Log in from <Chrome> on Linux?",
        details: { username: "ada", location: "London" },
        hidden_details: { secret: "never shown" },
        logos: [{ res: "default", url: `${origin}/logo.png` }],
      })
    ).approval_request;
    const page = await browser!.newPage();
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    try {
      // The /__dev/ page lists it as pending, linked to its page.
      await page.goto(`${t.server.url}/__dev/`);
      await page.locator("#approvals a", { hasText: "Log in from <Chrome> on Linux?" }).click();
      await page.waitForURL(`${t.server.url}/__dev/approval_requests/${uuid}`);
      expect(await page.textContent("#message")).toBe("Log in from <Chrome> on Linux?");
      expect(await page.$$eval("#details dt, #details dd", (cells) => cells.map((cell) => cell.textContent))).toEqual(["username", "ada", "location", "London"]);
      expect(await page.content()).not.toContain("never shown");
      expect(await page.getAttribute("#logo", "src")).toBe(`${origin}/logo.png`);
      expect(await page.textContent("#status")).toBe("pending");
      await page.click("#approve");
      await page.locator("#callback", { hasText: /^delivered/ }).waitFor();
      expect(await page.textContent("#status")).toBe("approved");
      expect(await page.textContent("#callback")).toBe("delivered (1 attempt)");
      expect(await page.isDisabled("#deny")).toBe(true);
    } finally {
      await page.close();
    }
    expect((await t.client().getApprovalRequest({ uuid })).approval_request).toMatchObject({ status: "approved", notified: true });
    expect(received).toEqual([{ method: "POST", url: "/authy/callback" }]);
    expect(requested.filter((url) => !url.startsWith(t.server.url) && !url.startsWith(origin) && !isLocalUrl(url))).toEqual([]);
    // No longer pending: gone from the /__dev/ page's list.
    expect((await t.dev("GET", "/__dev/approval_requests?status=pending")).body.approval_requests).toEqual([]);
    const list = await browser!.newPage();
    try {
      await list.goto(`${t.server.url}/__dev/`);
      await list.locator("#status", { hasText: /^live/ }).waitFor();
      expect(await list.locator("#approvals tr").count()).toBe(0);
    } finally {
      await list.close();
    }
  });

  it.skipIf(!hasChromium)("a decided request shows its status with the buttons disabled", async () => {
    const authyId = await newUser();
    const { uuid } = (await t.client().createApprovalRequest({ authy_id: authyId, message: "Old" })).approval_request;
    await t.dev("POST", `/__dev/approval_requests/${uuid}/deny`, {});
    const page = await browser!.newPage();
    try {
      await page.goto(`${t.server.url}/__dev/approval_requests/${uuid}`);
      expect([await page.textContent("#status"), await page.isDisabled("#approve"), await page.isDisabled("#deny")]).toEqual(["denied", true, true]);
    } finally {
      await page.close();
    }
  });
});
