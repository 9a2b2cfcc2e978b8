import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { authyError, PHONE, useTestServer } from "./helpers/server.js";

const t = useTestServer();

describe("fault injection", () => {
  it("forces a declared error with the spec's example body, for the next N calls, in JSON and XML", async () => {
    const id = (await t.client().createUser({ user: { email: "ada@example.com", ...PHONE } })).user.id;
    const set = await t.dev("PUT", "/__dev/faults", { operation: "sendSmsToken", status: 404, times: 2 });
    expect(set).toEqual({
      status: 200,
      body: { faults: [{ operation: "sendSmsToken", status: 404, error_code: "60026", latency_ms: 0, drop_connection: false, remaining: 2 }] },
    });
    const json = await authyError(t.client().sendSmsToken({ authy_id: id }));
    expect(json).toMatchObject({ status: 404, code: 60026 });
    expect(json.body).toEqual({ message: "User not found.", success: false, errors: { message: "User not found." }, error_code: "60026" });
    const xml = await fetch(`${t.server.url}/protected/xml/sms/${id}`, { headers: { "X-Authy-API-Key": t.server.apiKey } });
    expect(xml.status).toBe(404);
    expect(xml.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(await xml.text()).toContain("<error-code>60026</error-code>");
    // Two calls used it up: the third is served normally.
    expect(await t.client().sendSmsToken({ authy_id: id })).toMatchObject({ success: true });
    expect((await t.dev("GET", "/__dev/faults")).body).toEqual({ faults: [] });
  });

  it("chooses the example by error_code; refuses a status the spec does not declare for the operation", async () => {
    await t.dev("PUT", "/__dev/faults", { operation: "startPhoneVerification", status: 503, error_code: "60060" });
    const suspended = await authyError(t.client().startPhoneVerification({ via: "sms", country_code: 1, phone_number: "201-555-0123" }));
    expect(suspended).toMatchObject({ status: 503, code: 60060 });
    // Until cleared: still there.
    expect(await authyError(t.client().startPhoneVerification({ via: "sms", country_code: 1, phone_number: "201-555-0123" }))).toMatchObject({ status: 503 });
    expect((await t.dev("DELETE", "/__dev/faults?operation=startPhoneVerification", {})).body).toEqual({ faults: [] });
    expect(await t.client().startPhoneVerification({ via: "sms", country_code: 1, phone_number: "201-555-0123" })).toMatchObject({ success: true });

    const undeclared = await t.dev("PUT", "/__dev/faults", { operation: "getApplicationDetails", status: 503 });
    expect(undeclared.status).toBe(400);
    expect(undeclared.body.error).toMatch(/^status must be an error status the spec declares for getApplicationDetails: /);
    expect((await t.dev("PUT", "/__dev/faults", { operation: "startPhoneVerification", status: 403, error_code: "60001" })).status).toBe(400);
    expect((await t.dev("PUT", "/__dev/faults", { operation: "noSuchOperation", status: 400 })).status).toBe(400);
    expect((await t.dev("PUT", "/__dev/faults", { operation: "getUserStatus" })).status).toBe(400);
    expect((await t.dev("PUT", "/__dev/faults", { operation: "getUserStatus", status: 404, drop_connection: true })).status).toBe(400);
  });

  it("adds latency and drops connections; reset clears every fault", async () => {
    await t.dev("PUT", "/__dev/faults", { operation: "getApplicationDetails", latency_ms: 300, times: 1 });
    const started = performance.now();
    expect(await t.client().getApplicationDetails({})).toMatchObject({ success: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);

    await t.dev("PUT", "/__dev/faults", { operation: "getApplicationStats", drop_connection: true });
    const dropped = await new Promise<string>((resolve) => {
      const req = request(`${t.server.url}/protected/json/app/stats`, { headers: { "X-Authy-API-Key": t.server.apiKey } }, (res) => resolve(`answered ${res.statusCode}`));
      req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.end();
    });
    expect(dropped).toBe("ECONNRESET");
    expect((await t.dev("GET", "/__dev/faults")).body.faults).toHaveLength(1);
    await t.dev("POST", "/__dev/reset", {});
    expect((await t.dev("GET", "/__dev/faults")).body).toEqual({ faults: [] });
    expect(await t.client().getApplicationStats({})).toMatchObject({ success: true });
  });
});
