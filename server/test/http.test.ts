import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { decodeAuthyXml } from "../../src/index.js";
import { expectDeclared } from "./helpers/spec.js";
import { E164, useTestServer } from "./helpers/server.js";

const t = useTestServer();

interface Raw {
  status: number;
  text: string;
  type: string | null;
}

/** A raw request through node:http (fetch refuses a GET with a body, which node-authy sends). */
function call(method: string, path: string, init: { body?: string; type?: string; key?: string | null; headers?: Record<string, string> } = {}): Promise<Raw> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key !== null) headers["x-authy-api-key"] = init.key ?? t.server.apiKey;
  if (init.type) headers["content-type"] = init.type;
  if (init.body !== undefined) headers["content-length"] = String(Buffer.byteLength(init.body));
  return new Promise((resolve, reject) => {
    const req = request(`${t.server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString("utf8"), type: res.headers["content-type"] ?? null }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

async function decoded(raw: Raw): Promise<any> {
  return raw.type?.startsWith("application/xml") ? decodeAuthyXml(raw.text) : JSON.parse(raw.text);
}

async function newUser(email = "wire@example.com", cellphone = "201-555-0123"): Promise<number> {
  const raw = await call("POST", "/protected/json/users/new", { type: "application/json", body: JSON.stringify({ user: { email, cellphone, country_code: 1 } }) });
  return JSON.parse(raw.text).user.id;
}

describe("the wire as real clients use it", () => {
  it("answers compact JSON: authy-python finds \"token\":\"is valid\" verbatim", async () => {
    const id = await newUser();
    await call("GET", `/protected/json/sms/${id}?force=true`);
    const code = (await t.dev("GET", `/__dev/messages?authy_id=${id}&limit=1`)).body.messages[0].code;
    const raw = await call("GET", `/protected/json/verify/${code}/${id}?force=true`);
    expect(raw.status).toBe(200);
    expect(raw.type).toBe("application/json; charset=utf-8");
    expect(raw.text.startsWith('{"message":"Token is valid.","token":"is valid","success":"true","device":{"id":null,"os_type":"sms",')).toBe(true);
  });

  it("takes a Rails form body, every parameter in a POST's query string (authy-php), a GET's body (node-authy) and an XML body (old authy-java)", async () => {
    const form = await call("POST", "/protected/json/users/new", {
      type: "application/x-www-form-urlencoded",
      body: "user%5Bemail%5D=form%40example.com&user%5Bcellphone%5D=201-555-0123&user%5Bcountry_code%5D=1&send_install_link_via_sms=false",
    });
    expect(form.text).toBe('{"message":"User created successfully.","user":{"id":1000},"success":true}'.replace("1000", String(JSON.parse(form.text).user.id)));
    const id = JSON.parse(form.text).user.id;
    const query = await call("POST", `/protected/json/users/new?user[email]=query%40example.com&user[cellphone]=2015550123&user[country_code]=1`);
    expect(JSON.parse(query.text).user.id).toBe(id);
    const xml = await call("POST", "/protected/xml/users/new", {
      type: "application/xml",
      body: '<?xml version="1.0" encoding="UTF-8"?><user><cellphone>201-555-0123</cellphone><country_code>1</country_code><email>xml@example.com</email></user>',
    });
    expect(await decoded(xml)).toEqual({ message: "User created successfully.", user: { id }, success: true });
    // node-authy: the key in the query string, a GET's parameters in a form body.
    const sms = await call("GET", `/protected/json/sms/${id}?api_key=${t.server.apiKey}`, { key: null, type: "application/x-www-form-urlencoded", body: "force=true" });
    expect(JSON.parse(sms.text)).toEqual({ success: true, message: "SMS token was sent", cellphone: "+1-XXX-XXX-XX23" });
    const emails = (await t.dev("GET", `/__dev/users/${id}`)).body.emails;
    expect(emails).toEqual(["xml@example.com", "query@example.com", "form@example.com"]);
    // send_install_link_via_sms=false: no install link for this user.
    expect((await t.dev("GET", `/__dev/messages?to=${encodeURIComponent("+1 (201) 555-0123")}`)).body.messages.map((m: any) => m.kind)).toEqual(["token"]);
  });
});

describe.each(["json", "xml"] as const)("errors the spec declares (%s)", (format) => {
  const p = (path: string) => `/protected/${format}${path}`;

  it("60001 for a missing or wrong key, before anything else is looked at", async () => {
    for (const key of [null, "wrongkey"]) {
      const raw = await call("GET", p("/users/tony/status"), { key });
      expect(raw.status).toBe(401);
      expect(await decoded(raw)).toEqual({ message: "Invalid API key", success: false, errors: { message: "Invalid API key" }, error_code: "60001" });
      expectDeclared("getUserStatus", raw.status, await decoded(raw));
    }
    if (format === "xml") {
      expect((await call("GET", p("/app/details"), { key: null })).text).toBe(
        '<?xml version="1.0" encoding="UTF-8"?>\n<errors>\n  <message>Invalid API key</message>\n  <success type="boolean">false</success>\n  <errors>\n    <message>Invalid API key</message>\n  </errors>\n  <error-code>60001</error-code>\n</errors>\n',
      );
    }
  });

  it("an authy_id that is no id (tony, 0) is 404 60026, as recorded", async () => {
    for (const id of ["tony", "0", "-1", "1.5"]) {
      const raw = await call("GET", p(`/users/${id}/status`));
      expect(raw.status).toBe(404);
      expect(await decoded(raw)).toEqual({ message: "User not found.", success: false, errors: { message: "User not found." }, error_code: "60026" });
      expectDeclared("getUserStatus", 404, await decoded(raw));
    }
    const sms = await call("GET", p("/sms/tony"));
    expect(sms.status).toBe(404);
    expectDeclared("sendSmsToken", 404, await decoded(sms));
  });

  it("60027 lists each invalid field of the user; 60033 for a number that is not valid in its country", async () => {
    const invalid = await call("POST", p("/users/new"), { type: "application/json", body: JSON.stringify({ user: { email: "not-an-email", cellphone: "201-555-0123" } }) });
    expect(invalid.status).toBe(400);
    expect(await decoded(invalid)).toEqual({
      message: "User was not valid",
      success: false,
      errors: { message: "User was not valid", email: "is invalid", country_code: "can't be blank" },
      email: "is invalid",
      country_code: "can't be blank",
      error_code: "60027",
    });
    expectDeclared("createUser", 400, await decoded(invalid));
    const missing = await call("POST", p("/users/new"), { type: "application/json", body: "{}" });
    expect((await decoded(missing)).errors).toEqual({ message: "User was not valid", email: "can't be blank", cellphone: "can't be blank", country_code: "can't be blank" });
    const phone = await call("POST", p("/users/new"), { type: "application/json", body: JSON.stringify({ user: { email: "a@example.com", cellphone: "123-456-7890", country_code: 1 } }) });
    expect(phone.status).toBe(400);
    expect(await decoded(phone)).toEqual({ message: "Phone number is invalid", success: false, errors: { message: "Phone number is invalid" }, error_code: "60033" });
    expectDeclared("createUser", 400, await decoded(phone));
  });

  it("60004 names the parameter: missing, malformed, an unreadable or oversized body", async () => {
    const id = await newUser();
    const missing = await call("POST", p(`/users/${id}/register_activity`), { type: "application/json", body: "{}" });
    expect(missing.status).toBe(400);
    const missingBody = await decoded(missing);
    expect(missingBody).toEqual({
      message: "Invalid parameter: type - Parameter is required",
      success: false,
      errors: { message: "Invalid parameter: type - Parameter is required" },
      error_code: "60004",
    });
    expectDeclared("registerUserActivity", 400, missingBody);
    const cases: Array<[string, string, Raw, string]> = [
      ["sendSmsToken", "GET", await call("GET", p(`/sms/${id}?force=maybe`)), 'Invalid parameter: force - must be one of true, false, "true", "false", "True", "False", "1", "0"'],
      ["verifyToken", "GET", await call("GET", p(`/verify/1234567/${id}?action=${"x".repeat(256)}`)), "Invalid parameter: action - must be at most 255 characters"],
      ["getUserStatus", "GET", await call("GET", p(`/users/${id}/status?user_ip=nope`)), "Invalid parameter: user_ip - must match ^[0-9A-Fa-f.:]+$"],
      ["updateUserEmail", "POST", await call("POST", p(`/users/${id}/update`), { type: "application/json", body: "{not json" }), "Invalid parameter: body - is not valid JSON"],
      ["updateUserEmail", "POST", await call("POST", p(`/users/${id}/update`), { type: "application/x-www-form-urlencoded", body: "email=a@b.co&email[x]=1" }), "Invalid parameter: email[x] - conflicts with another parameter"],
      ["generateAuthenticatorQrCode", "POST", await call("POST", p(`/users/${id}/secret`), { type: "application/json", body: JSON.stringify({ qr_size: 0 }) }), "Invalid parameter: qr_size - must be >= 1"],
      ["updateUserEmail", "POST", await call("POST", p(`/users/${id}/update`), { type: "application/json", body: JSON.stringify({ email: "x".repeat(1024 * 1024) }) }), "Invalid parameter: body - the request body is larger than 1048576 bytes"],
    ];
    for (const [operationId, , raw, message] of cases) {
      const body = await decoded(raw);
      expect({ status: raw.status, message: body.message, code: body.error_code }).toEqual({ status: 400, message, code: "60004" });
      expectDeclared(operationId, 400, body);
      expect(raw.text).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it("a token of the wrong form is 401 60020 even without force", async () => {
    const id = await newUser();
    for (const token of ["12345", "abcdefg", "1".repeat(17)]) {
      const raw = await call("GET", p(`/verify/${token}/${id}`));
      expect(raw.status).toBe(401);
      const body = await decoded(raw);
      expect(body).toEqual({ message: "Token is invalid", token: "is invalid", success: false, errors: { message: "Token is invalid" }, error_code: "60020" });
      expectDeclared("verifyToken", 401, body);
    }
  });

  it("every 200 of the server's operations is declared and matches the spec's schema for it", async () => {
    const id = await newUser();
    for (const [operationId, method, path] of [
      ["getApplicationDetails", "GET", "/app/details"],
      ["getApplicationStats", "GET", "/app/stats"],
      ["getUserStatus", "GET", `/users/${id}/status`],
      ["sendSmsToken", "GET", `/sms/${id}`],
    ] as const) {
      const raw = await call(method, p(path));
      expect(raw.status).toBe(200);
      expectDeclared(operationId, 200, await decoded(raw));
    }
  });
});

describe("outside the operations", () => {
  it("an unknown path or method is a 404 Authy error body, never a framework page", async () => {
    for (const [method, path] of [["GET", "/"], ["GET", "/protected/html/app/details"], ["DELETE", "/protected/json/app/details"], ["GET", "/protected/json/phones/lookup"]]) {
      const raw = await call(method!, path!);
      expect(raw.status).toBe(404);
      expect(JSON.parse(raw.text)).toEqual({ message: "Not found", success: false, errors: { message: "Not found" }, error_code: "60000" });
    }
  });

  it("the phone number export reads only its path (no parameter can fail it)", async () => {
    const id = await newUser();
    const raw = await call("GET", `/protected/json/users/${id}/phone_number?user_ip=nope`, { type: "application/json", body: "{broken" });
    expect(raw.status).toBe(200);
    expect(JSON.parse(raw.text)).toMatchObject({ phone_number: "201-555-0123", e164: E164 });
  });
});
