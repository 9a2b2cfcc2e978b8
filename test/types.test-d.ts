import { describe, expectTypeOf, it } from "vitest";
import type { components, operations } from "../generated/schema.js";
import { createAuthyClient, type AuthyClient, type AuthyResponse, type OperationInputs } from "../src/index.js";

declare const authy: AuthyClient;

describe("method inputs come from the spec", () => {
  it("verifyToken takes the path and query parameters by their spec names", () => {
    expectTypeOf<OperationInputs["verifyToken"]>().toEqualTypeOf<{
      token: string;
      authy_id: number;
      force?: operations["verifyToken"]["parameters"]["query"] extends infer Q ? (Q extends { force?: infer F } ? F : never) : never;
      action?: string;
      action_message?: string;
    }>();
    authy.verifyToken({ token: "0123456", authy_id: 1 });
    // @ts-expect-error authy_id is a number
    authy.verifyToken({ token: "0123456", authy_id: "1" });
    // @ts-expect-error token is required
    authy.verifyToken({ authy_id: 1 });
    // @ts-expect-error unknown parameter
    authy.verifyToken({ token: "0123456", authy_id: 1, tokn: "x" });
  });

  it("createUser takes the natural nested body", () => {
    authy.createUser({ user: { email: "a@example.com", cellphone: "405-342-5699", country_code: 1 } });
    // @ts-expect-error bracket keys are the form encoding, not the client's input
    authy.createUser({ "user[email]": "a@example.com" });
    // @ts-expect-error cellphone is required
    authy.createUser({ user: { email: "a@example.com", country_code: 1 } });
  });

  it("createApprovalRequest takes details and logos as objects", () => {
    authy.createApprovalRequest({
      authy_id: 1,
      message: "Login requested",
      details: { Account: "jdoe" },
      logos: [{ res: "default", url: "https://example.com/logo.png" }],
    });
    // @ts-expect-error logo resolution is an enum
    authy.createApprovalRequest({ authy_id: 1, message: "m", logos: [{ res: "huge", url: "https://example.com/l.png" }] });
  });

  it("the spec's alternates (what other clients send) never widen the client's input", () => {
    expectTypeOf<OperationInputs["createApprovalRequest"]["details"]>().toEqualTypeOf<
      components["schemas"]["ApprovalRequestDetails"] | undefined
    >();
    expectTypeOf<OperationInputs["createApprovalRequest"]["seconds_to_expire"]>().toEqualTypeOf<number | null | undefined>();
    // @ts-expect-error details as a plain string is the C# quickstart's alternate, not the client's input
    authy.createApprovalRequest({ authy_id: 1, message: "m", details: "My Message Details" });
    // @ts-expect-error seconds_to_expire as a string likewise
    authy.createApprovalRequest({ authy_id: 1, message: "m", seconds_to_expire: "300" });
    // @ts-expect-error the body api_key (go-authy, the Node quickstart) is never the caller's to give
    authy.startPhoneVerification({ via: "sms", country_code: 1, phone_number: "201-555-0123", api_key: "k" });
  });

  it("never asks the caller for credentials the client fills in", () => {
    expectTypeOf<OperationInputs["listWebhooks"]>().toEqualTypeOf<{}>();
    // @ts-expect-error app_api_key comes from the client options
    authy.createWebhook({ url: "https://example.com/hook", name: "n", events: ["user_added"], app_api_key: "k" });
    expectTypeOf<OperationInputs["createSmsFeedback"]>().not.toHaveProperty("api_key");
  });

  it("requires what the API requires even where the spec must declare it optional", () => {
    // @ts-expect-error verification_code is required by the API (x-authy-client-required)
    authy.checkPhoneVerification({ country_code: 1, phone_number: "201-555-0123" });
  });

  it("operations without required parameters take an optional input", () => {
    authy.getApplicationDetails();
    authy.getApplicationDetails({ user_ip: "203.0.113.42" });
  });
});

describe("results come from the spec", () => {
  it("verifyToken resolves to the documented body, success being the string \"true\" when present", () => {
    type Result = Awaited<ReturnType<AuthyClient["verifyToken"]>>;
    expectTypeOf<Result>().toEqualTypeOf<operations["verifyToken"]["responses"][200]["content"]["application/json"]>();
    // Only the verdict is required (openapi/README.md, required-ness policy); success is optional.
    expectTypeOf<Result["success"]>().toEqualTypeOf<"true" | undefined>();
    expectTypeOf<Result["token"]>().toEqualTypeOf<"is valid">();
  });

  it("withResponse wraps the same result", () => {
    expectTypeOf(authy.withResponse.getUserStatus).returns.resolves.toEqualTypeOf<
      AuthyResponse<components["schemas"]["UserStatusResponse"]>
    >();
  });

  it("raw is openapi-fetch typed by the generated paths", () => {
    authy.raw.GET("/protected/{format}/users/{authy_id}/status", { params: { path: { format: "json", authy_id: 1 } } });
    // @ts-expect-error not a path of the spec
    authy.raw.GET("/protected/{format}/nope", {});
  });

  it("createAuthyClient requires an API key", () => {
    // @ts-expect-error apiKey is required
    createAuthyClient({});
  });
});
