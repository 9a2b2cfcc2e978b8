/**
 * The conformance harness's registry: for every operation the server implements (`IMPLEMENTED_OPERATIONS`, the one
 * list, in server/src/http/operations.ts) and every development API operation (the document openapi/dev/), a
 * scenario that drives it through `prism proxy` with inputs it creates itself (real users, real numbers, real
 * codes), and the statuses it must see. server/test/coverage.test.ts fails when an implemented operation has no
 * scenario here; server/test/conformance-proxy.test.ts runs them; server/test/fuzz.test.ts fuzzes the same list.
 *
 * A later part adds its operations by adding entries to SCENARIOS and DEV_SCENARIOS.
 */
import { expect } from "vitest";
import type { AuthyClient } from "../../../src/index.js";
import { DevApiError, type DevClient, type DevOperationId } from "../../src/index.js";
import { signJwt } from "../../src/domain/jwt.js";
import { IMPLEMENTED_OPERATIONS } from "../../src/http/operations.js";
import type { OperationId } from "../../src/http/routes.js";

export { IMPLEMENTED_OPERATIONS };

export interface ScenarioContext {
  format: "json" | "xml";
  /** The project's client, through Prism's proxy, in `format`. */
  client: AuthyClient;
  /** The same with a key the server does not know. */
  wrongKeyClient: AuthyClient;
  /** The development API, directly (setup only: reading codes, flags). */
  dev: DevClient;
  /** A new user registered through the proxy with a fresh `+1 201-555-01xx` number; its `authy_id`. */
  newUser(): Promise<number>;
  /** The last code sent to a user (read through the development API, as a test suite would). */
  lastCode(authyId: number): Promise<string>;
  /**
   * A client for the signed Dashboard and Webhooks APIs through the proxy, with the application's keys
   * (`GET /__dev/app`), any of them replaced.
   */
  signedClient(keys?: { apiKey?: string; signingKey?: string; accessKey?: string }): Promise<AuthyClient>;
}

/** A scenario returns the statuses its calls got, in order; the test compares them with `expected`. */
export interface Scenario {
  expected: number[];
  run(c: ScenarioContext, status: (call: Promise<unknown>) => Promise<number>): Promise<number[]>;
}

export interface DevSetup {
  newUser(): Promise<number>;
  /** A pending approval request of a new user (created through the Authy API, directly); its uuid. */
  newApprovalRequest(): Promise<string>;
}

export interface DevScenario {
  expected: number[];
  run(dev: DevClient, setup: DevSetup, status: (call: Promise<unknown>) => Promise<number>): Promise<number[]>;
}

/** The HTTP status a client call ended with (200 for a result). */
export async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    const e = error as { name?: string; status?: number };
    if ((e.name === "AuthyApiError" || e instanceof DevApiError) && typeof e.status === "number") return e.status;
    throw error;
  }
}

const UNKNOWN_USER = 987654;

/** An operation on one user: a new user (200), then an unknown one (404 60026). */
function forUser(call: (c: ScenarioContext, authy_id: number) => Promise<unknown>): Scenario {
  return {
    expected: [200, 404],
    run: async (c, s) => [await s(call(c, await c.newUser())), await s(call(c, UNKNOWN_USER))],
  };
}

/** The code of the newest message to a number (phone verification sends to numbers, not users). */
async function codeSentTo(c: ScenarioContext, e164: string): Promise<string> {
  return (await c.dev.listMessages({ to: e164, limit: 1 })).messages[0]!.code!;
}

/** A registration QR code's token, as the customer's backend makes it (HS256 under the API key). */
async function registrationToken(c: ScenarioContext, customUserId: string): Promise<string> {
  const app = await c.dev.getApp();
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ iss: app.name, iat: now, exp: now + 300, context: { custom_user_id: customUserId, authy_app_id: app.app_id } }, app.api_key);
}


/** By operationId; server/test/coverage.test.ts requires one for every implemented operation. */
export const SCENARIOS: { [K in OperationId]?: Scenario } = {
  createUser: {
    expected: [200, 200, 400, 401],
    async run(c, s) {
      const user = { email: "ada@example.com", cellphone: "201-555-0150", country_code: 1 };
      return [
        await s(c.client.createUser({ user })),
        await s(c.client.createUser({ user: { ...user, email: "ada.other@example.com" } })), // same number, same id
        await s(c.client.createUser({ user: { email: "bad@example.com", cellphone: "123-456-7890", country_code: 1 } })), // 60033
        await s(c.wrongKeyClient.createUser({ user })),
      ];
    },
  },
  getUserStatus: forUser((c, authy_id) => c.client.getUserStatus({ authy_id })),
  removeUser: forUser((c, authy_id) => c.client.removeUser({ authy_id, user_ip: "203.0.113.9" })),
  deleteUser: forUser((c, authy_id) => c.client.deleteUser({ authy_id })),
  deleteUserLegacy: forUser((c, authy_id) => c.client.deleteUserLegacy({ authy_id })),
  updateUserEmail: {
    expected: [200, 404],
    async run(c, s) {
      const id = await c.newUser();
      return [
        await s(c.client.updateUserEmail({ authy_id: id, email: "new.address@example.com" })),
        await s(c.client.updateUserEmail({ authy_id: UNKNOWN_USER, email: "x@example.com" })),
      ];
    },
  },
  registerUserActivity: {
    expected: [200, 404],
    async run(c, s) {
      const id = await c.newUser();
      return [
        await s(c.client.registerUserActivity({ authy_id: id, type: "password_reset", data: { reason: "forgot it" }, user_ip: "203.0.113.9" })),
        await s(c.client.registerUserActivity({ authy_id: UNKNOWN_USER, type: "banned" })),
      ];
    },
  },
  getUserPhoneNumber: forUser((c, authy_id) => c.client.getUserPhoneNumber({ authy_id })),
  sendSmsToken: {
    expected: [200, 200, 200, 404],
    async run(c, s) {
      const id = await c.newUser();
      const sent = await s(c.client.sendSmsToken({ authy_id: id, action: "login", action_message: "Log in to Example" }));
      await c.dev.updateUser({ authy_id: id, app_installed: true });
      // With the Authy app: "ignored" without force, sent with it.
      return [sent, await s(c.client.sendSmsToken({ authy_id: id })), await s(c.client.sendSmsToken({ authy_id: id, force: true })), await s(c.client.sendSmsToken({ authy_id: UNKNOWN_USER }))];
    },
  },
  sendVoiceToken: {
    expected: [200, 200, 200, 404],
    async run(c, s) {
      const id = await c.newUser();
      const sent = await s(c.client.sendVoiceToken({ authy_id: id, locale: "es" }));
      await c.dev.updateUser({ authy_id: id, app_installed: true });
      return [sent, await s(c.client.sendVoiceToken({ authy_id: id })), await s(c.client.sendVoiceToken({ authy_id: id, force: true })), await s(c.client.sendVoiceToken({ authy_id: UNKNOWN_USER }))];
    },
  },
  sendEmailToken: forUser((c, authy_id) => c.client.sendEmailToken({ authy_id })),
  verifyToken: {
    expected: [200, 401, 401, 404],
    async run(c, s) {
      const id = await c.newUser();
      await c.client.sendSmsToken({ authy_id: id });
      const code = await c.lastCode(id);
      const wrong = code === "0000000" ? "1111111" : "0000000";
      return [
        await s(c.client.verifyToken({ authy_id: id, token: code, force: true })),
        await s(c.client.verifyToken({ authy_id: id, token: code, force: true })), // 60019: used
        await s(c.client.verifyToken({ authy_id: id, token: wrong, force: true })), // 60020
        await s(c.client.verifyToken({ authy_id: UNKNOWN_USER, token: code, force: true })),
      ];
    },
  },
  generateAuthenticatorQrCode: {
    expected: [200, 200, 404],
    async run(c, s) {
      const id = await c.newUser();
      return [
        await s(c.client.generateAuthenticatorQrCode({ authy_id: id, label: "Example (ada)" })),
        await s(c.client.generateAuthenticatorQrCode({ authy_id: id, qr_size: 120 })),
        await s(c.client.generateAuthenticatorQrCode({ authy_id: UNKNOWN_USER })),
      ];
    },
  },
  getApplicationDetails: {
    expected: [200, 401],
    async run(c, s) {
      return [await s(c.client.getApplicationDetails()), await s(c.wrongKeyClient.getApplicationDetails())];
    },
  },
  getApplicationStats: {
    expected: [200, 401],
    async run(c, s) {
      await c.newUser();
      return [await s(c.client.getApplicationStats()), await s(c.wrongKeyClient.getApplicationStats())];
    },
  },
  createApprovalRequest: {
    expected: [200, 200, 404, 401],
    async run(c, s) {
      const id = await c.newUser();
      return [
        await s(
          c.client.createApprovalRequest({
            authy_id: id,
            message: "Log in to Example?",
            details: { username: "ada", location: "London" },
            hidden_details: { ip: "203.0.113.9" },
            logos: [{ res: "default", url: "https://example.com/logo.png" }],
            seconds_to_expire: 120,
          }),
        ),
        await s(c.client.createApprovalRequest({ authy_id: id, message: "Never expires", seconds_to_expire: 0 })),
        await s(c.client.createApprovalRequest({ authy_id: UNKNOWN_USER, message: "Nobody" })),
        await s(c.wrongKeyClient.createApprovalRequest({ authy_id: id, message: "Wrong key" })),
      ];
    },
  },
  getApprovalRequest: {
    expected: [200, 200, 200, 404, 401],
    async run(c, s) {
      const id = await c.newUser();
      const pending = (await c.client.createApprovalRequest({ authy_id: id, message: "Pending", seconds_to_expire: 60 })).approval_request.uuid;
      const approved = (await c.client.createApprovalRequest({ authy_id: id, message: "Approved" })).approval_request.uuid;
      await c.dev.approveApprovalRequest({ uuid: approved });
      const first = await s(c.client.getApprovalRequest({ uuid: pending }));
      await c.dev.advanceClock({ advance_seconds: 61 }); // expired, processed_at set
      return [
        first,
        await s(c.client.getApprovalRequest({ uuid: pending })),
        await s(c.client.getApprovalRequest({ uuid: approved })),
        await s(c.client.getApprovalRequest({ uuid: "3f05a350-4b2c-0136-f779-12c0c2bf9eaa" })),
        await s(c.wrongKeyClient.getApprovalRequest({ uuid: pending })),
      ];
    },
  },
  startPhoneVerification: {
    expected: [200, 200, 400, 403, 401],
    async run(c, s) {
      const phone = { country_code: 1, phone_number: "201-555-0160" };
      return [
        await s(c.client.startPhoneVerification({ via: "sms", ...phone, locale: "en", code_length: 6 })),
        await s(c.client.startPhoneVerification({ via: "call", ...phone })),
        await s(c.client.startPhoneVerification({ via: "sms", country_code: 1, phone_number: "123-456-7890" })), // 60033
        await s(c.client.startPhoneVerification({ via: "sms", country_code: 44, phone_number: "20 7946 0123" })), // 60082 landline
        await s(c.wrongKeyClient.startPhoneVerification({ via: "sms", ...phone })),
      ];
    },
  },
  checkPhoneVerification: {
    expected: [401, 200, 404, 400],
    async run(c, s) {
      const phone = { country_code: 1, phone_number: "201-555-0161" };
      await c.client.startPhoneVerification({ via: "sms", ...phone });
      const code = await codeSentTo(c, "+12015550161");
      return [
        await s(c.client.checkPhoneVerification({ ...phone, verification_code: code === "0000" ? "1111" : "0000" })), // 60022
        await s(c.client.checkPhoneVerification({ ...phone, verification_code: code })),
        await s(c.client.checkPhoneVerification({ ...phone, verification_code: code })), // 60023: nothing pending
        await s(c.client.checkPhoneVerification({ country_code: 1, phone_number: "123-456-7890", verification_code: code })),
      ];
    },
  },
  getPhoneVerificationStatus: {
    expected: [200, 200, 400, 404],
    async run(c, s) {
      const started = await c.client.startPhoneVerification({ via: "sms", country_code: 1, phone_number: "201-555-0162" });
      return [
        await s(c.client.getPhoneVerificationStatus({ uuid: started.uuid! })),
        await s(c.client.getPhoneVerificationStatus({ country_code: 1, phone_number: "201-555-0162" })),
        await s(c.client.getPhoneVerificationStatus({})), // 60042
        await s(c.client.getPhoneVerificationStatus({ uuid: "00000000-0000-4000-8000-000000000000" })), // 60023
      ];
    },
  },
  getPhoneInfo: {
    expected: [200, 200, 400, 401],
    async run(c, s) {
      return [
        await s(c.client.getPhoneInfo({ country_code: 44, phone_number: "7400 123456", user_ip: "203.0.113.9" })),
        await s(c.client.getPhoneInfo({ country_code: 1, phone_number: "201-555-0123" })),
        await s(c.client.getPhoneInfo({ country_code: 1, phone_number: "123-456-7890" })),
        await s(c.wrongKeyClient.getPhoneInfo({ country_code: 1, phone_number: "201-555-0123" })),
      ];
    },
  },
  listReportingEvents: {
    expected: [200, 200, 400, 401],
    async run(c, s) {
      await c.newUser();
      return [
        await s(c.client.listReportingEvents({ query: { event: { eq: "user_added" }, time: { gte: "2020-01-01T00:00:00Z" } }, page: 1, per_page: 10 })),
        await s(c.client.listReportingEvents({ page: 50 })),
        await s(c.client.listReportingEvents({ query: { time: { gte: "yesterday" } } })),
        await s(c.wrongKeyClient.listReportingEvents({})),
      ];
    },
  },
  getReportingDateHistogram: {
    expected: [200, 200, 401],
    async run(c, s) {
      await c.newUser();
      return [
        await s(c.client.getReportingDateHistogram({ report: { added: { event: { eq: "user_added" } } }, scope: { time: { gte: "2020-01-01T00:00:00Z" } }, interval: "hour", page: 1 })),
        await s(c.client.getReportingDateHistogram({})),
        await s(c.wrongKeyClient.getReportingDateHistogram({})),
      ];
    },
  },
  getRegistrationStatus: {
    expected: [404, 200, 401],
    async run(c, s) {
      const before = await s(c.client.getRegistrationStatus({ custom_user_id: `customer-${c.format}` }));
      await c.dev.createRegistration({ token: await registrationToken(c, `customer-${c.format}`) });
      return [before, await s(c.client.getRegistrationStatus({ custom_user_id: `customer-${c.format}` })), await s(c.wrongKeyClient.getRegistrationStatus({ custom_user_id: "x" }))];
    },
  },
  createSdkRegistration: {
    expected: [200, 404],
    async run(c, s) {
      const id = await c.newUser();
      return [await s(c.client.createSdkRegistration({ authy_id: id })), await s(c.client.createSdkRegistration({ authy_id: UNKNOWN_USER }))];
    },
  },
  deleteSdkDevice: {
    expected: [200, 404],
    async run(c, s) {
      const id = await c.newUser();
      const { registration_token: token } = await c.client.createSdkRegistration({ authy_id: id });
      const device = (await c.dev.createRegistration({ registration_token: token })) as { device_id: number };
      return [await s(c.client.deleteSdkDevice({ device_id: device.device_id })), await s(c.client.deleteSdkDevice({ device_id: device.device_id }))];
    },
  },
  createSmsFeedback: {
    expected: [200, 200, 400, 401],
    async run(c, s) {
      const started = await c.client.startPhoneVerification({ via: "sms", country_code: 1, phone_number: "201-555-0163", custom_code: "4321" });
      return [
        await s(c.client.createSmsFeedback({ sms_id: started.sms_id!, Outcome: "received" })),
        await s(c.client.createSmsFeedback({ sms_id: started.sms_id!, Outcome: "not-received" })),
        await s(c.client.createSmsFeedback({ sms_id: "SMunknown", Outcome: "received" })), // 60032
        await s(c.wrongKeyClient.createSmsFeedback({ sms_id: started.sms_id!, Outcome: "received" })),
      ];
    },
  },
  getDashboardApplication: {
    expected: [200, 400, 404, 401],
    async run(c, s) {
      return [
        await s((await c.signedClient()).getDashboardApplication({})),
        await s((await c.signedClient({ apiKey: "NotTheKey0123456789abcdefABCDEF" })).getDashboardApplication({})), // 60073
        await s((await c.signedClient({ accessKey: "NotTheAccessKey0123456789abcdef" })).getDashboardApplication({})), // 60072
        await s((await c.signedClient({ signingKey: "NotTheSigningKey" })).getDashboardApplication({})), // 60087
      ];
    },
  },
  updateDashboardApplication: {
    expected: [200, 200, 401],
    async run(c, s) {
      const client = await c.signedClient();
      return [
        await s(client.updateDashboardApplication({ name: "Renamed App" })),
        await s(client.updateDashboardApplication({ name: "Authy Local" })),
        await s((await c.signedClient({ signingKey: "NotTheSigningKey" })).updateDashboardApplication({ name: "x" })),
      ];
    },
  },
  getUiSettings: {
    expected: [200, 404],
    async run(c, s) {
      return [await s((await c.signedClient()).getUiSettings({})), await s((await c.signedClient({ accessKey: "NotTheAccessKey0123456789abcdef" })).getUiSettings({}))];
    },
  },
  updateUiSettings: {
    expected: [200, 401],
    async run(c, s) {
      return [
        await s((await c.signedClient()).updateUiSettings({ background_color: "#1a2b3c" })),
        await s((await c.signedClient({ signingKey: "NotTheSigningKey" })).updateUiSettings({ background_color: "#1a2b3c" })),
      ];
    },
  },
  getApplicationAssets: {
    expected: [200, 400],
    async run(c, s) {
      return [await s((await c.signedClient()).getApplicationAssets({})), await s((await c.signedClient({ apiKey: "NotTheKey0123456789abcdefABCDEF" })).getApplicationAssets({}))];
    },
  },
  updateApplicationAssets: {
    expected: [200, 400],
    async run(c, s) {
      const client = await c.signedClient();
      return [
        // Prism's proxy forwards a multipart body as UTF-8 text, which breaks any PNG (0x89 is not UTF-8): the upload
        // of real logos is tested directly (dashboard-webhooks.test.ts); through the proxy, a call without files.
        await s(client.updateApplicationAssets({})),
        await s(client.updateApplicationAssets({ main_logo: new Blob(["GIF89a"], { type: "image/png" }) })), // 60070: not a PNG
      ];
    },
  },
  listApplicationUsers: {
    expected: [200, 401],
    async run(c, s) {
      await c.newUser();
      return [await s((await c.signedClient()).listApplicationUsers({})), await s((await c.signedClient({ signingKey: "NotTheSigningKey" })).listApplicationUsers({}))];
    },
  },
  createWebhook: {
    expected: [200, 401],
    async run(c, s) {
      const hook = { url: "http://127.0.0.1:9/webhook", name: "conformance", events: ["user_added" as const] };
      return [await s((await c.signedClient()).createWebhook(hook)), await s((await c.signedClient({ signingKey: "NotTheSigningKey" })).createWebhook(hook))];
    },
  },
  listWebhooks: {
    expected: [200, 404],
    async run(c, s) {
      await (await c.signedClient()).createWebhook({ url: "http://127.0.0.1:9/webhook", name: "listed", events: ["token_verified"] });
      return [await s((await c.signedClient()).listWebhooks({})), await s((await c.signedClient({ accessKey: "NotTheAccessKey0123456789abcdef" })).listWebhooks({}))];
    },
  },
  deleteWebhook: {
    expected: [200, 404],
    async run(c, s) {
      const client = await c.signedClient();
      const { webhook } = await client.createWebhook({ url: "http://127.0.0.1:9/webhook", name: "deleted", events: ["user_removed"] });
      return [await s(client.deleteWebhook({ webhook_id: webhook.id })), await s(client.deleteWebhook({ webhook_id: webhook.id }))]; // then 60100
    },
  },
  createApplication: {
    expected: [200, 400, 400],
    async run(c, s) {
      const app = await c.dev.getApp();
      const fields = { name: `Created ${c.format}`, country_code: 1, phone_number: "201-555-0164", email: "owner@example.com" };
      return [
        await s(c.client.createApplication({ ...fields, integration_api_key: app.api_key })),
        await s(c.client.createApplication({ ...fields, integration_api_key: "NotTheKey0123456789abcdefABCDEF" })), // 60073
        await s(c.client.createApplication({ ...fields, phone_number: "123-456-7890", integration_api_key: app.api_key })), // 60070
      ];
    },
  },
};

export const DEV_SCENARIOS: { [K in DevOperationId]: DevScenario } = {
  getApp: {
    expected: [200],
    run: async (dev, _, s) => [await s(dev.getApp())],
  },
  listMessages: {
    expected: [200, 200, 200],
    async run(dev, setup, s) {
      const id = await setup.newUser();
      return [await s(dev.listMessages()), await s(dev.listMessages({ authy_id: id, channel: "sms", limit: 5 })), await s(dev.listMessages({ to: "+1 201-555-0123" }))];
    },
  },
  getUser: {
    expected: [200, 404],
    async run(dev, setup, s) {
      const id = await setup.newUser();
      return [await s(dev.getUser({ authy_id: id })), await s(dev.getUser({ authy_id: UNKNOWN_USER }))];
    },
  },
  updateUser: {
    expected: [200, 404],
    async run(dev, setup, s) {
      const id = await setup.newUser();
      return [await s(dev.updateUser({ authy_id: id, app_installed: true, registered: true })), await s(dev.updateUser({ authy_id: UNKNOWN_USER, registered: true }))];
    },
  },
  getClock: {
    expected: [200],
    run: async (dev, _, s) => [await s(dev.getClock())],
  },
  advanceClock: {
    expected: [200, 200],
    run: async (dev, _, s) => [await s(dev.advanceClock({ advance_seconds: 3600 })), await s(dev.advanceClock({ advance_seconds: -3600 }))],
  },
  resetState: {
    expected: [200],
    run: async (dev, _, s) => [await s(dev.resetState())],
  },
  exportState: {
    expected: [200],
    async run(dev, setup, s) {
      await setup.newUser();
      return [await s(dev.exportState())];
    },
  },
  importState: {
    expected: [200, 200, 400],
    async run(dev, setup, s) {
      await setup.newUser();
      const exported = await dev.exportState();
      const seed = { users: [{ authy_id: 5000, country_code: 1, phone_number: "201-555-0142", emails: ["seed@example.com"] }] };
      return [
        await s(dev.importState(exported)),
        await s(dev.importState(seed)),
        await s(dev.importState({ users: [{ ...seed.users[0]!, phone_number: "123-456-7890" }] })),
      ];
    },
  },
  updateApp: {
    expected: [200, 200, 400],
    run: async (dev, _, s) => [
      await s(dev.updateApp({ onetouch_callback_url: "http://127.0.0.1:9/authy/callback", onetouch_callback_method: "GET" })),
      await s(dev.updateApp({ onetouch_callback_url: null, onetouch_callback_method: "POST" })),
      await s(dev.updateApp({ onetouch_callback_url: "http://127.0.0.1:9/authy/callback?x=1" })),
    ],
  },
  listApprovalRequests: {
    expected: [200, 200],
    async run(dev, setup, s) {
      await setup.newApprovalRequest();
      return [await s(dev.listApprovalRequests()), await s(dev.listApprovalRequests({ status: "pending", limit: 10 }))];
    },
  },
  getApprovalRequest: {
    expected: [200, 404],
    async run(dev, setup, s) {
      const uuid = await setup.newApprovalRequest();
      return [await s(dev.getApprovalRequest({ uuid })), await s(dev.getApprovalRequest({ uuid: "3f05a350-4b2c-0136-f779-12c0c2bf9eaa" }))];
    },
  },
  approveApprovalRequest: {
    expected: [200, 409, 404],
    async run(dev, setup, s) {
      const uuid = await setup.newApprovalRequest();
      return [
        await s(dev.approveApprovalRequest({ uuid })),
        await s(dev.approveApprovalRequest({ uuid })),
        await s(dev.approveApprovalRequest({ uuid: "3f05a350-4b2c-0136-f779-12c0c2bf9eaa" })),
      ];
    },
  },
  denyApprovalRequest: {
    expected: [200, 409],
    async run(dev, setup, s) {
      const uuid = await setup.newApprovalRequest();
      return [await s(dev.denyApprovalRequest({ uuid })), await s(dev.denyApprovalRequest({ uuid }))];
    },
  },
  listCallbacks: {
    expected: [200],
    run: async (dev, _, s) => [await s(dev.listCallbacks({ limit: 5 }))],
  },
  sendCallback: {
    // A callback to a closed loopback port: the retry is made (200, still pending), an unknown one is 404.
    expected: [200, 404],
    async run(dev, setup, s) {
      await dev.updateApp({ onetouch_callback_url: "http://127.0.0.1:9/authy/callback" });
      try {
        const decided = await dev.approveApprovalRequest({ uuid: await setup.newApprovalRequest() });
        return [await s(dev.sendCallback({ id: decided.callback!.id })), await s(dev.sendCallback({ id: 999_999 }))];
      } finally {
        await dev.updateApp({ onetouch_callback_url: null });
      }
    },
  },
  listDeliveries: {
    expected: [200],
    run: async (dev, _, s) => [await s(dev.listDeliveries({ kind: "onetouch_callback" }))],
  },
  listApps: {
    expected: [200],
    run: async (dev, _, s) => [await s(dev.listApps())],
  },
  createFault: {
    expected: [200, 200, 400],
    async run(dev, _, s) {
      const results = [
        await s(dev.createFault({ operation: "sendSmsToken", status: 404, times: 2 })),
        await s(dev.createFault({ operation: "getApplicationStats", latency_ms: 10, drop_connection: true })),
        await s(dev.createFault({ operation: "getApplicationDetails", status: 503 })), // not declared for it
      ];
      await dev.deleteFaults();
      return results;
    },
  },
  listFaults: {
    expected: [200],
    run: async (dev, _, s) => [await s(dev.listFaults())],
  },
  deleteFaults: {
    expected: [200, 200],
    async run(dev, _, s) {
      await dev.createFault({ operation: "verifyToken", status: 401, error_code: "60020" });
      return [await s(dev.deleteFaults({ operation: "verifyToken" })), await s(dev.deleteFaults())];
    },
  },
  createRegistration: {
    expected: [200, 200, 404, 400],
    async run(dev, setup, s) {
      const app = await dev.getApp();
      const now = Math.floor(Date.now() / 1000);
      const token = signJwt({ iat: now, exp: now + 300, context: { custom_user_id: "dev-scenario" } }, app.api_key);
      const id = await setup.newUser();
      return [
        await s(dev.createRegistration({ token })),
        await s(dev.createRegistration({ token, authy_id: id })), // already linked: the same user
        await s(dev.createRegistration({ registration_token: "0123456789abcdef" })),
        await s(dev.createRegistration({ token: "not.a.jwt" })),
      ];
    },
  },
};

/** Asserts the scenario statuses (a helper so that every caller reports the same way). */
export function expectStatuses(id: string, format: string, got: number[], expected: number[]): void {
  expect(got, `${id} (${format}) statuses`).toEqual(expected);
}
