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
};

/** Asserts the scenario statuses (a helper so that every caller reports the same way). */
export function expectStatuses(id: string, format: string, got: number[], expected: number[]): void {
  expect(got, `${id} (${format}) statuses`).toEqual(expected);
}
