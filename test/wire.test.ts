/**
 * The exact wire requests of the core operations, written out by hand from the Authy documentation (method, URL
 * with query, headers, body string): not computed by the client's own code.
 */
import { describe, expect, it } from "vitest";
import { createAuthyClient } from "../src/index.js";
import { spyFetch } from "./helpers/spy-fetch.js";

const KEY = "d57d919d11e6b221c9bf6f7c882028f9";
const UA = "authy-openapi/0.1.0";
const JSON_GET = { accept: "application/json", "user-agent": UA, "x-authy-api-key": KEY };
const JSON_POST = { ...JSON_GET, "content-type": "application/json" };
const OK = { status: 200, body: '{"success":true}' };

function clientWith(format: "json" | "xml" = "json") {
  const spy = spyFetch(() => OK);
  const client = createAuthyClient({ apiKey: KEY, fetch: spy.fetch, format, retry: false });
  return { client, requests: spy.requests };
}

describe("wire requests of the core operations", () => {
  it("createUser", async () => {
    const { client, requests } = clientWith();
    await client
      .createUser({ user: { email: "new_user@example.com", cellphone: "405-342-5699", country_code: 1 } })
      .catch(() => undefined);
    expect(requests).toEqual([
      {
        method: "POST",
        url: "https://api.authy.com/protected/json/users/new",
        headers: JSON_POST,
        body: '{"user":{"email":"new_user@example.com","cellphone":"405-342-5699","country_code":1}}',
      },
    ]);
  });

  it("removeUser (no body when no parameter is given)", async () => {
    const { client, requests } = clientWith();
    await client.removeUser({ authy_id: 1234 }).catch(() => undefined);
    expect(requests).toEqual([
      { method: "POST", url: "https://api.authy.com/protected/json/users/1234/remove", headers: JSON_GET, body: "" },
    ]);
  });

  it("removeUser with user_ip", async () => {
    const { client, requests } = clientWith();
    await client.removeUser({ authy_id: 1234, user_ip: "203.0.113.42" }).catch(() => undefined);
    expect(requests).toEqual([
      {
        method: "POST",
        url: "https://api.authy.com/protected/json/users/1234/remove",
        headers: JSON_POST,
        body: '{"user_ip":"203.0.113.42"}',
      },
    ]);
  });

  it("getUserStatus", async () => {
    const { client, requests } = clientWith();
    await client.getUserStatus({ authy_id: 1234, user_ip: "203.0.113.42" }).catch(() => undefined);
    expect(requests).toEqual([
      {
        method: "GET",
        url: "https://api.authy.com/protected/json/users/1234/status?user_ip=203.0.113.42",
        headers: JSON_GET,
        body: "",
      },
    ]);
  });

  it("sendSmsToken", async () => {
    const { client, requests } = clientWith();
    await client.sendSmsToken({ authy_id: 1234, force: true, action: "login", action_message: "Log in to Example" }).catch(() => undefined);
    expect(requests).toEqual([
      {
        method: "GET",
        url: "https://api.authy.com/protected/json/sms/1234?force=true&action=login&action_message=Log+in+to+Example",
        headers: JSON_GET,
        body: "",
      },
    ]);
  });

  it("sendVoiceToken", async () => {
    const { client, requests } = clientWith();
    await client.sendVoiceToken({ authy_id: 1234, locale: "es" }).catch(() => undefined);
    expect(requests).toEqual([
      { method: "GET", url: "https://api.authy.com/protected/json/call/1234?locale=es", headers: JSON_GET, body: "" },
    ]);
  });

  it("verifyToken sends force=true by default, token first", async () => {
    const { client, requests } = clientWith();
    await client.verifyToken({ token: "0123456", authy_id: 1234 }).catch(() => undefined);
    expect(requests).toEqual([
      { method: "GET", url: "https://api.authy.com/protected/json/verify/0123456/1234?force=true", headers: JSON_GET, body: "" },
    ]);
  });

  it("verifyToken with force: false", async () => {
    const { client, requests } = clientWith();
    await client.verifyToken({ token: "0123456", authy_id: 1234, force: false }).catch(() => undefined);
    expect(requests.map((r) => r.url)).toEqual(["https://api.authy.com/protected/json/verify/0123456/1234?force=false"]);
  });

  it("createApprovalRequest", async () => {
    const { client, requests } = clientWith();
    await client
      .createApprovalRequest({
        authy_id: 1234,
        message: "Login requested for a CapTrade Bank account.",
        details: { username: "Bill Smith", location: "California, USA" },
        hidden_details: { ip_address: "10.10.3.203" },
        logos: [{ res: "default", url: "https://example.com/logo.png" }],
        seconds_to_expire: 120,
      })
      .catch(() => undefined);
    expect(requests).toEqual([
      {
        method: "POST",
        url: "https://api.authy.com/onetouch/json/users/1234/approval_requests",
        headers: JSON_POST,
        body:
          '{"message":"Login requested for a CapTrade Bank account.","details":{"username":"Bill Smith","location":"California, USA"},' +
          '"hidden_details":{"ip_address":"10.10.3.203"},"logos":[{"res":"default","url":"https://example.com/logo.png"}],"seconds_to_expire":120}',
      },
    ]);
  });

  it("getApprovalRequest", async () => {
    const { client, requests } = clientWith();
    await client.getApprovalRequest({ uuid: "8d031630-d15b-0134-b0a8-0a77bbe8093e" }).catch(() => undefined);
    expect(requests).toEqual([
      {
        method: "GET",
        url: "https://api.authy.com/onetouch/json/approval_requests/8d031630-d15b-0134-b0a8-0a77bbe8093e",
        headers: JSON_GET,
        body: "",
      },
    ]);
  });

  it("startPhoneVerification", async () => {
    const { client, requests } = clientWith();
    await client
      .startPhoneVerification({ via: "sms", country_code: 1, phone_number: "201-555-0123", locale: "en", code_length: 6 })
      .catch(() => undefined);
    expect(requests).toEqual([
      {
        method: "POST",
        url: "https://api.authy.com/protected/json/phones/verification/start",
        headers: JSON_POST,
        body: '{"via":"sms","country_code":1,"phone_number":"201-555-0123","locale":"en","code_length":6}',
      },
    ]);
  });

  it("checkPhoneVerification", async () => {
    const { client, requests } = clientWith();
    await client
      .checkPhoneVerification({ country_code: 1, phone_number: "201-555-0123", verification_code: "1234" })
      .catch(() => undefined);
    expect(requests).toEqual([
      {
        method: "GET",
        url: "https://api.authy.com/protected/json/phones/verification/check?country_code=1&phone_number=201-555-0123&verification_code=1234",
        headers: JSON_GET,
        body: "",
      },
    ]);
  });

  it("XML: the xml path segment and Accept header", async () => {
    const { client, requests } = clientWith("xml");
    await client.verifyToken({ token: "0123456", authy_id: 1234 }).catch(() => undefined);
    await client.getUserStatus({ authy_id: 1234 }).catch(() => undefined);
    await client.listReportingEvents({ page: 2 }).catch(() => undefined);
    expect(requests.map((r) => [r.method, r.url, r.headers.accept])).toEqual([
      ["GET", "https://api.authy.com/protected/xml/verify/0123456/1234?force=true", "application/xml"],
      ["GET", "https://api.authy.com/protected/xml/users/1234/status", "application/xml"],
      // Reporting has no {format} segment: always JSON.
      ["GET", "https://api.authy.com/protected/json/reporting/events?page=2", "application/json"],
    ]);
  });
});
