import { signJwt } from "../domain/jwt.js";
import { reportingEvent } from "../domain/reporting.js";
import type { AuthyStore } from "../store/authy-store.js";
import { freshNonce } from "./onetouch-callback.js";
import type { DeliverySender } from "./queue.js";

const USER_AGENT = "authy-openapi-server (Webhooks API event)";
/** Lifetime of an event JWT from its attempt: within the package's verifier's default window. */
export const WEBHOOK_JWT_TTL_SECONDS = 300;

/**
 * Webhooks API event deliveries (reference §2.38): POST `{ "body": "<JWT>" }` to the webhook's URL, the JWT HS256
 * under the webhook's `signing_key`, its claims the event as reporting lists it plus `iat`, `exp` (5 minutes) and a
 * `jti`, made at each attempt from the real time (what the receiver checks against its own clock). A webhook deleted
 * before the attempt fails it.
 */
export function webhookEventSender(store: AuthyStore): DeliverySender {
  return {
    async build(delivery, app) {
      const { webhook_id: webhookId, event_id: eventId } = delivery.payload as { webhook_id: string; event_id: number };
      const webhook = await store.dashboard.webhook(app.app_id, webhookId);
      if (!webhook) throw new Error(`the webhook ${webhookId} was deleted`);
      const row = await store.reporting.event(app.app_id, Number(eventId));
      const event = row && reportingEvent({ app }, row);
      if (!event) throw new Error(`the event ${eventId} is gone (the state was reset)`);
      const iat = Math.floor(Date.now() / 1000);
      const jwt = signJwt({ ...event, iat, exp: iat + WEBHOOK_JWT_TTL_SECONDS, jti: freshNonce() }, webhook.signing_key);
      return { url: webhook.url, method: "POST", headers: { "content-type": "application/json", "user-agent": USER_AGENT }, body: JSON.stringify({ body: jwt }) };
    },
  };
}
