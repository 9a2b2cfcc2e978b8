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

export interface DevScenario {
  expected: number[];
  run(dev: DevClient, setup: { newUser(): Promise<number> }, status: (call: Promise<unknown>) => Promise<number>): Promise<number[]>;
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
  getUserStatus: {
    expected: [200, 404],
    async run(c, s) {
      const id = await c.newUser();
      return [await s(c.client.getUserStatus({ authy_id: id })), await s(c.client.getUserStatus({ authy_id: UNKNOWN_USER }))];
    },
  },
  removeUser: {
    expected: [200, 404],
    async run(c, s) {
      const id = await c.newUser();
      return [await s(c.client.removeUser({ authy_id: id, user_ip: "203.0.113.9" })), await s(c.client.removeUser({ authy_id: UNKNOWN_USER }))];
    },
  },
  deleteUser: {
    expected: [200, 404],
    async run(c, s) {
      const id = await c.newUser();
      return [await s(c.client.deleteUser({ authy_id: id })), await s(c.client.deleteUser({ authy_id: UNKNOWN_USER }))];
    },
  },
  deleteUserLegacy: {
    expected: [200, 404],
    async run(c, s) {
      const id = await c.newUser();
      return [await s(c.client.deleteUserLegacy({ authy_id: id })), await s(c.client.deleteUserLegacy({ authy_id: UNKNOWN_USER }))];
    },
  },
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
  getUserPhoneNumber: {
    expected: [200, 404],
    async run(c, s) {
      const id = await c.newUser();
      return [await s(c.client.getUserPhoneNumber({ authy_id: id })), await s(c.client.getUserPhoneNumber({ authy_id: UNKNOWN_USER }))];
    },
  },
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
  sendEmailToken: {
    expected: [200, 404],
    async run(c, s) {
      const id = await c.newUser();
      return [await s(c.client.sendEmailToken({ authy_id: id })), await s(c.client.sendEmailToken({ authy_id: UNKNOWN_USER }))];
    },
  },
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
};

/** The operationId of a request path, for checking that a scenario reached its operation. */
export type AnyOperationId = OperationId | DevOperationId;

/** Asserts the scenario statuses (a helper so that every caller reports the same way). */
export function expectStatuses(id: string, format: string, got: number[], expected: number[]): void {
  expect(got, `${id} (${format}) statuses`).toEqual(expected);
}
