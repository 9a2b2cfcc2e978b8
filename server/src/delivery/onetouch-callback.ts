import { encodeRailsParams } from "../../../src/encode.js";
import { computeAuthySignature } from "../../../src/signature.js";
import type { AuthyStore } from "../store/authy-store.js";
import type { DeliverySender } from "./queue.js";

const USER_AGENT = "authy-openapi-server (OneTouch callback)";

/**
 * OneTouch callbacks as Authy sends them: POST with the JSON body, or GET with the same data as Rails bracket query
 * parameters (`approval_request[logos][][res]=…`, each logo's members together, nulls as empty values), signed with
 * the project's one signature code under the application's API key. Every attempt is signed afresh: the nonce is
 * the real Unix time of that attempt (what a receiver checks against its own clock), never the development clock.
 */
export function oneTouchCallbackSender(store: AuthyStore): DeliverySender {
  return {
    async build(delivery, app) {
      const nonce = String(Math.floor(Date.now() / 1000));
      const params = delivery.payload as Record<string, unknown>;
      const headers: Record<string, string> = { "x-authy-signature-nonce": nonce, "user-agent": USER_AGENT };
      if (delivery.method === "GET") {
        const query = encodeRailsParams(params);
        headers["x-authy-signature"] = await computeAuthySignature({ key: app.api_key, nonce, method: "GET", url: delivery.url, params: new URLSearchParams(query) });
        return { url: `${delivery.url}?${query}`, method: "GET", headers };
      }
      headers["x-authy-signature"] = await computeAuthySignature({ key: app.api_key, nonce, method: "POST", url: delivery.url, params });
      headers["content-type"] = "application/json";
      return { url: delivery.url, method: "POST", headers, body: JSON.stringify(params) };
    },
    async delivered(delivery) {
      if (delivery.subject !== null) await store.approvalRequests.markNotified(delivery.app_id, delivery.subject);
    },
  };
}
