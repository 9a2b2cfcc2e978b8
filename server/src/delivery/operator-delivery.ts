import { computeAuthySignature } from "../../../src/signature.js";
import { applicationNow } from "../domain/clock.js";
import type { DomainContext } from "../domain/context.js";
import type { AuthyStore } from "../store/authy-store.js";
import { MAX_DELIVERY_ATTEMPTS, type DeliverySender } from "./queue.js";

/**
 * Delivery to the operator's endpoint (`--deliver-url`): every SMS, voice and email message and every approval
 * request is handed over as a JSON POST, signed like an Authy callback (`X-Authy-Signature` and
 * `X-Authy-Signature-Nonce`, the project's one canonicaliser) under `--deliver-signing-key`, so the operator checks it
 * with `verifyCallbackRequest(request, { apiKey: <deliver signing key> })` and sends it through a provider of their
 * choice. The queue row names only what to deliver (a message id, an approval request uuid): the body is built at
 * each attempt from the store, where the code stays sealed, never copied into the queue in clear.
 */
export const OPERATOR_MESSAGE_KIND = "operator_message";
export const OPERATOR_APPROVAL_REQUEST_KIND = "operator_approval_request";

export interface OperatorDeliverySettings {
  url: string;
  signingKey: string;
}

const USER_AGENT = "authy-openapi-server (operator delivery)";

/** Queues one delivery to the operator's endpoint, when one is configured. */
export async function queueOperatorDelivery(ctx: DomainContext, kind: typeof OPERATOR_MESSAGE_KIND | typeof OPERATOR_APPROVAL_REQUEST_KIND, subject: string): Promise<void> {
  const target = ctx.settings.deliver;
  if (!target) return;
  await ctx.store.deliveries.enqueue({
    appId: ctx.app.app_id,
    kind,
    subject,
    url: target.url,
    method: "POST",
    payload: kind === OPERATOR_MESSAGE_KIND ? { message_id: Number(subject) } : { uuid: subject },
    maxAttempts: MAX_DELIVERY_ATTEMPTS,
    now: ctx.now,
  });
}

/** The body of an operator delivery (what `webhooks` in the operator API document describes). */
async function operatorBody(store: AuthyStore, kind: string, appId: number, subject: string, now: Date): Promise<Record<string, unknown>> {
  if (kind === OPERATOR_MESSAGE_KIND) {
    const message = await store.messageById(appId, Number(subject));
    if (!message) throw new Error(`message ${subject} no longer exists`);
    return {
      type: "message",
      message: {
        id: Number(message.id),
        kind: message.kind,
        channel: message.channel,
        authy_id: message.authy_id === null ? null : Number(message.authy_id),
        to: message.recipient,
        code: message.code,
        text: message.body,
        created_at: message.created_at.toISOString(),
      },
    };
  }
  const request = await store.approvalRequests.get(appId, subject, now);
  if (!request) throw new Error(`approval request ${subject} no longer exists`);
  const user = await store.user(appId, request.authy_id, now);
  return {
    type: "approval_request",
    approval_request: {
      uuid: request.uuid,
      authy_id: Number(request.authy_id),
      email: user?.emails[0] ?? null,
      phone: user?.e164 ?? null,
      message: request.message,
      details: request.details ?? {},
      hidden_details: request.hidden_details ?? {},
      logos: request.logos ?? [],
      status: request.status,
      seconds_to_expire: request.seconds_to_expire,
      created_at: request.created_at.toISOString(),
      expires_at: request.expires_at === null ? null : request.expires_at.toISOString(),
    },
  };
}

export function operatorDeliverySender(store: AuthyStore, settings: OperatorDeliverySettings): DeliverySender {
  return {
    async build(delivery, app) {
      const params = await operatorBody(store, delivery.kind, delivery.app_id, delivery.subject!, applicationNow(Number(app.clock_offset_seconds)));
      // The nonce is real time (what the receiver checks against its own clock), never the development clock.
      const nonce = String(Math.floor(Date.now() / 1000));
      const signature = await computeAuthySignature({ key: settings.signingKey, nonce, method: "POST", url: delivery.url, params });
      return {
        url: delivery.url,
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": USER_AGENT, "x-authy-signature": signature, "x-authy-signature-nonce": nonce },
        body: JSON.stringify(params),
      };
    },
  };
}
