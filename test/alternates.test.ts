/**
 * What the spec accepts from other clients (x-authy-alternate: a body api_key, string values in OneTouch JSON, an
 * empty QR label) never loosens what this client sends: it keeps rejecting those inputs before sending, and sends
 * the key in the header only.
 */
import { describe, expect, it } from "vitest";
import { AuthyValidationError, createAuthyClient } from "../src/index.js";
import { deref, specOperations } from "./helpers/spec.js";
import { spyFetch } from "./helpers/spy-fetch.js";

const KEY = "test-api-key-0123456789";

function client() {
  const spy = spyFetch(() => ({ status: 200, body: '{"approval_request":{"uuid":"8d031630-d15b-0134-b0a8-0a77bbe8093e"},"uuid":"8d031630-d15b-0134-b0a8-0a77bbe8093e","qr_code":"https://example.com/qr.png"}' }));
  return { authy: createAuthyClient({ apiKey: KEY, fetch: spy.fetch, retry: false }) as any, requests: spy.requests };
}

describe("alternates the spec accepts are not the client's input", () => {
  it.each([
    ["createApprovalRequest", { authy_id: 1, message: "m", details: "My Message Details" }, "details"],
    ["createApprovalRequest", { authy_id: 1, message: "m", seconds_to_expire: "300" }, "seconds_to_expire"],
    ["startPhoneVerification", { via: "sms", country_code: 1, phone_number: "201-555-0123", api_key: KEY }, "api_key"],
    ["generateAuthenticatorQrCode", { authy_id: 1, label: "" }, "label"],
  ] as const)("%s rejects %j before sending", async (id, input, field) => {
    const { authy, requests } = client();
    const error = await authy[id](input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthyValidationError);
    expect((error as AuthyValidationError).field).toBe(field);
    expect(requests).toHaveLength(0);
  });

  it("sends the key in the X-Authy-API-Key header, never in the body or the query", async () => {
    const { authy, requests } = client();
    await authy.startPhoneVerification({ via: "sms", country_code: 1, phone_number: "201-555-0123" });
    await authy.createApprovalRequest({ authy_id: 1, message: "m", details: { Account: "jdoe" }, seconds_to_expire: 300 });
    expect(requests.map((r) => r.headers["x-authy-api-key"])).toEqual([KEY, KEY]);
    for (const r of requests) {
      expect(r.body).not.toContain(KEY);
      expect(new URL(r.url).search).toBe("");
    }
    expect(JSON.parse(requests[1]!.body)).toEqual({ message: "m", details: { Account: "jdoe" }, seconds_to_expire: 300 });
  });
});

describe("the body api_key (go-authy, authy-sdk-backend, the Node quickstart)", () => {
  const bodyKeyOps = specOperations.filter((o) =>
    Object.values<any>(deref<any>(o.op.requestBody)?.content ?? {}).some((media) => {
      const schema = deref<any>(media.schema);
      const props = { ...schema.properties, ...Object.assign({}, ...(schema.allOf ?? []).map((s: any) => deref<any>(s).properties)) };
      return props.api_key !== undefined;
    }),
  );

  it("is declared exactly on the POSTs those clients make, always as a deprecated credential alternate", () => {
    expect(bodyKeyOps.map((o) => o.id).sort()).toEqual(["createApprovalRequest", "createSdkRegistration", "createUser", "startPhoneVerification"]);
    const bodyApiKey = deref<any>({ $ref: "#/components/schemas/BodyApiKey" });
    expect(bodyApiKey).toMatchObject({ "x-authy-credential": "apiKey", "x-authy-alternate": true });
  });

  it("and only those operations accept a request without the header or query key (the empty requirement)", () => {
    const anonymous = specOperations.filter((o) => (o.op.security ?? []).some((req: object) => Object.keys(req).length === 0));
    expect(anonymous.map((o) => o.id).sort()).toEqual(bodyKeyOps.map((o) => o.id).sort());
    for (const o of anonymous) expect(o.op.security.slice(0, 2), o.id).toEqual([{ ApiKeyAuth: [] }, { LegacyApiKeyQuery: [] }]);
  });
});
