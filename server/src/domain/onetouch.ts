import { createHash, generateKeyPair, randomBytes, randomUUID, sign, type KeyObject } from "node:crypto";
import { OPERATOR_APPROVAL_REQUEST_KIND, queueOperatorDelivery } from "../delivery/operator-delivery.js";
import type { components } from "../../../generated/schema.js";
import type { OperationInputs, OperationResults } from "../../../generated/operations.js";
import { canonicalizeAuthyParams } from "../../../src/signature.js";
import { MAX_DELIVERY_ATTEMPTS } from "../delivery/queue.js";
import type { AppRow, AuthyStore } from "../store/authy-store.js";
import type { ApprovalRequestRow } from "../store/approval-requests.js";
import type { DeliveryRow, NewDelivery } from "../store/deliveries.js";
import { unixSeconds } from "./clock.js";
import type { DomainContext } from "./context.js";
import { approvalRequestNotFound, AuthyFailure } from "./failures.js";
import { findUser, SIMULATED_APP_DEVICE } from "./users.js";

/**
 * OneTouch approval requests. Every user registered through the API can receive one (this server simulates the
 * user's Authy app: a person decides on `GET /__dev/approval_requests/{uuid}`, a test through
 * `POST /__dev/approval_requests/{uuid}/approve|deny`); that makes nobody an app user for any other rule.
 * Times are the application's clock: a request expires when that clock passes `seconds_to_expire` (0 = never).
 */

/** The documented default lifetime (old OneTouch docs), used when `seconds_to_expire` is absent or null. */
export const DEFAULT_SECONDS_TO_EXPIRE = 86_400;
export const ONETOUCH_CALLBACK_KIND = "onetouch_callback";
/** The longest lifetime stored (a 32-bit signed integer of seconds, 68 years); 0 already means "never". */
export const MAX_SECONDS_TO_EXPIRE = 2_147_483_647;

type OneTouchCallback = components["schemas"]["OneTouchCallback"];

/** `2017-02-10T01:09:52Z`: the API's timestamps carry whole seconds. */
export const apiTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, "Z");

/** A stable 24-hex-digit id (the API shows MongoDB-style ids for apps and users) derived from what it names. */
const objectId = (what: string): string => createHash("sha256").update(what).digest("hex").slice(0, 24);
export const appObjectId = (appId: number): string => objectId(`app:${appId}`);
const userObjectId = (appId: number, authyId: number): string => objectId(`user:${appId}:${authyId}`);

/** The simulated Authy app device of a user: its numeric id is the user's authy_id, its uuid derived from it. */
export function simulatedDeviceUuid(appId: number, authyId: number): string {
  const hex = createHash("sha256").update(`device:${appId}:${authyId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function createApprovalRequest(
  ctx: DomainContext,
  input: OperationInputs["createApprovalRequest"],
): Promise<OperationResults["createApprovalRequest"]> {
  const user = await findUser(ctx, input.authy_id);
  const secondsToExpire = input.seconds_to_expire ?? DEFAULT_SECONDS_TO_EXPIRE;
  if (secondsToExpire > MAX_SECONDS_TO_EXPIRE) {
    throw new AuthyFailure(60004, `Invalid parameter: seconds_to_expire - must be at most ${MAX_SECONDS_TO_EXPIRE} (0 never expires)`);
  }
  const nonEmpty = (value: Record<string, string> | undefined): Record<string, string> | null =>
    value !== undefined && Object.keys(value).length > 0 ? value : null;
  const row = await ctx.store.approvalRequests.create({
    appId: ctx.app.app_id,
    uuid: randomUUID(),
    internalId: randomBytes(12).toString("hex"),
    authyId: user.authy_id,
    message: input.message,
    details: nonEmpty(input.details),
    hiddenDetails: nonEmpty(input.hidden_details),
    logos: input.logos !== undefined && input.logos.length > 0 ? input.logos.map(({ res, url }) => ({ res, url })) : null,
    secondsToExpire,
    now: ctx.now,
  });
  await queueOperatorDelivery(ctx, OPERATOR_APPROVAL_REQUEST_KIND, row.uuid);
  if (!ctx.settings.production) ctx.log(`[onetouch] approval request ${row.uuid} for authy_id ${user.authy_id}: ${row.message}`);
  return { approval_request: { uuid: row.uuid }, success: true };
}

export async function getApprovalRequest(
  ctx: DomainContext,
  input: OperationInputs["getApprovalRequest"],
): Promise<OperationResults["getApprovalRequest"]> {
  const row = await ctx.store.approvalRequests.get(ctx.app.app_id, input.uuid, ctx.now);
  const user = row && (await ctx.store.user(ctx.app.app_id, row.authy_id, ctx.now));
  if (!row || !user) throw approvalRequestNotFound(input.uuid);
  return {
    approval_request: {
      _app_name: ctx.app.name,
      _app_serial_id: ctx.app.app_id,
      _authy_id: row.authy_id,
      _id: row.internal_id,
      _user_email: user.emails[0]!,
      app_id: appObjectId(ctx.app.app_id),
      created_at: apiTime(row.created_at),
      notified: row.notified,
      processed_at: row.processed_at === null ? null : apiTime(row.processed_at),
      seconds_to_expire: row.seconds_to_expire,
      status: row.status,
      updated_at: apiTime(row.updated_at),
      user_id: userObjectId(ctx.app.app_id, row.authy_id),
      uuid: row.uuid,
    },
    success: true,
  };
}

// The simulated device's RSA key (one per server process): the callback's `signature` member is a real RSA-SHA256
// signature of the transaction's canonical parameters, checkable with the public key `GET /__dev/app` shows.
let deviceKey: Promise<{ privateKey: KeyObject; publicKeyPem: string }> | undefined;

export function simulatedDeviceKey(): Promise<{ privateKey: KeyObject; publicKeyPem: string }> {
  deviceKey ??= new Promise((resolve, reject) =>
    generateKeyPair("rsa", { modulusLength: 2048 }, (error, publicKey, privateKey) =>
      error ? reject(error) : resolve({ privateKey, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() }),
    ),
  );
  return deviceKey;
}

/**
 * The callback body Authy sends for a decided request (the reference's captured callbacks, member for member), for
 * the simulated device. `device_uuid` is a UUID string, which every old SDK's verifier accepts.
 */
export async function oneTouchCallbackPayload(app: AppRow, row: ApprovalRequestRow, registeredAt: Date): Promise<OneTouchCallback> {
  const status = row.status as "approved" | "denied";
  const decidedAt = unixSeconds(row.processed_at ?? row.updated_at);
  const transaction = {
    details: row.details,
    device_details: {},
    device_geolocation: "",
    device_signing_time: decidedAt,
    encrypted: false,
    flagged: false,
    hidden_details: row.hidden_details,
    message: row.message,
    reason: "",
    requester_details: null,
    status,
    uuid: row.uuid,
    created_at_time: unixSeconds(row.created_at),
    customer_uuid: app.app_id,
  };
  const { privateKey } = await simulatedDeviceKey();
  const signature = sign("sha256", Buffer.from(canonicalizeAuthyParams(transaction)), privateKey).toString("base64");
  return {
    authy_id: row.authy_id,
    device_uuid: simulatedDeviceUuid(app.app_id, row.authy_id),
    callback_action: "approval_request_status",
    uuid: row.uuid,
    status,
    approval_request: {
      transaction,
      // 0 for a request that never expires.
      expiration_timestamp: row.expires_at === null ? 0 : unixSeconds(row.expires_at),
      logos: row.logos as OneTouchCallback["approval_request"]["logos"],
      app_id: appObjectId(app.app_id),
    },
    signature,
    device: {
      city: null,
      country: null,
      ip: null,
      region: null,
      registration_city: null,
      registration_country: null,
      registration_ip: null,
      registration_method: "sms",
      registration_region: null,
      os_type: SIMULATED_APP_DEVICE,
      last_account_recovery_at: null,
      id: row.authy_id,
      registration_date: unixSeconds(registeredAt),
      last_sync_date: decidedAt,
    } as OneTouchCallback["device"],
  };
}

/** The queued callback for a decision, to the URL and method configured now; undefined when no URL is set. */
export function oneTouchCallbackDelivery(app: AppRow, row: ApprovalRequestRow, payload: OneTouchCallback, maxAttempts: number): Omit<NewDelivery, "now"> | undefined {
  if (app.onetouch_callback_url === null) return undefined;
  return {
    appId: app.app_id,
    kind: ONETOUCH_CALLBACK_KIND,
    subject: row.uuid,
    url: app.onetouch_callback_url,
    method: app.onetouch_callback_method,
    payload,
    maxAttempts,
  };
}

export type DecisionOutcome =
  | { kind: "decided"; row: ApprovalRequestRow; delivery: DeliveryRow | undefined }
  | { kind: "not-pending"; row: ApprovalRequestRow }
  | { kind: "not-found" };

/**
 * The user's answer (the page's buttons, or a test): a pending request becomes approved or denied at `now` and its
 * callback is queued in the same transaction, to the URL and method configured at this moment.
 */
export async function decideApprovalRequest(
  store: AuthyStore,
  app: AppRow,
  uuid: string,
  decision: "approved" | "denied",
  now: Date,
): Promise<DecisionOutcome> {
  // Read before the decision's transaction: a query on another pooled connection while the transaction holds one
  // would deadlock a PostgreSQL pool under concurrent decisions (every connection held, each waiting for one more).
  const request = await store.approvalRequests.get(app.app_id, uuid, now);
  if (!request) return { kind: "not-found" };
  const user = await store.user(app.app_id, request.authy_id, now);
  const result = await store.approvalRequests.decide(app.app_id, uuid, decision, now, async (row) => {
    if (app.onetouch_callback_url === null) return undefined;
    const payload = await oneTouchCallbackPayload(app, row, user?.created_at ?? row.created_at);
    return oneTouchCallbackDelivery(app, row, payload, MAX_DELIVERY_ATTEMPTS);
  });
  if (!result) return { kind: "not-found" };
  if (!result.decided) return { kind: "not-pending", row: result.row };
  await store.recordEvent(app.app_id, "one_touch_request_responded", result.row.authy_id, now, {
    approval_request: { uuid: result.row.uuid, status: result.row.status, message: result.row.message },
  });
  return { kind: "decided", row: result.row, delivery: result.delivery };
}
