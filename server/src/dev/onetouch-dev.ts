import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { components } from "../../generated/dev-schema.js";
import type { DeliveryQueue } from "../delivery/queue.js";
import { callbackUrlProblem, ONETOUCH_CALLBACK_METHODS } from "../domain/callback-settings.js";
import { decideApprovalRequest, ONETOUCH_CALLBACK_KIND, simulatedDeviceKey } from "../domain/onetouch.js";
import type { ApprovalRequestRow, ApprovalStatus } from "../store/approval-requests.js";
import type { AppRow, AuthyStore } from "../store/authy-store.js";
import type { DeliveryRow } from "../store/deliveries.js";
import { DevError, jsonBody } from "./dev-api.js";

type DevSchemas = components["schemas"];

/**
 * The OneTouch part of the development API: the application's callback settings, the approval requests (a page
 * where a person approves or denies, and JSON endpoints for tests), and the outbound delivery queue (OneTouch
 * callbacks, and every kind of delivery).
 */

/** An HTML answer of the development API (its pages): never cached, never sniffed, its own CSP. */
export class HtmlPage {
  constructor(
    readonly html: string,
    readonly csp: string,
  ) {}

  write(res: ServerResponse, headOnly = false): void {
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-length": Buffer.byteLength(this.html),
      "cache-control": "no-store",
      "content-security-policy": this.csp,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    });
    res.end(headOnly ? undefined : this.html);
  }
}

// Only this page's own script and style; logos from anywhere (the app shows the URLs it was given); calls to itself.
const approvalPageCsp = (nonce: string): string =>
  `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src http: https: data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'`;

export async function appSettingsView(app: AppRow) {
  return {
    onetouch_callback_url: app.onetouch_callback_url,
    onetouch_callback_method: app.onetouch_callback_method,
    onetouch_device_public_key: (await simulatedDeviceKey()).publicKeyPem,
  };
}

/** `PUT /__dev/app`: `{ onetouch_callback_url: string | null, onetouch_callback_method: "POST" | "GET" }`, each optional. */
export async function updateAppSettings(store: AuthyStore, app: AppRow, body: Record<string, unknown>): Promise<AppRow> {
  const settings: { url?: string | null; method?: "POST" | "GET" } = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === "onetouch_callback_url") {
      if (value !== null && typeof value !== "string") throw new DevError(400, "onetouch_callback_url must be a URL or null");
      const problem = typeof value === "string" ? callbackUrlProblem(value) : undefined;
      if (problem) throw new DevError(400, `onetouch_callback_url ${problem}`);
      settings.url = value;
    } else if (name === "onetouch_callback_method") {
      if (typeof value !== "string" || !ONETOUCH_CALLBACK_METHODS.includes(value)) throw new DevError(400, "onetouch_callback_method must be POST or GET");
      settings.method = value as "POST" | "GET";
    } else {
      throw new DevError(400, `${name} cannot be changed (onetouch_callback_url, onetouch_callback_method)`);
    }
  }
  return store.setOneTouchCallback(app.app_id, settings);
}

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

export function approvalRequestView(row: ApprovalRequestRow): DevSchemas["DevApprovalRequest"] {
  return {
    uuid: row.uuid,
    authy_id: row.authy_id,
    message: row.message,
    details: row.details ?? {},
    hidden_details: row.hidden_details ?? {},
    logos: row.logos ?? [],
    seconds_to_expire: row.seconds_to_expire,
    status: row.status,
    created_at: row.created_at.toISOString(),
    expires_at: iso(row.expires_at),
    processed_at: iso(row.processed_at),
    notified: row.notified,
  };
}

/** A OneTouch callback delivery (kind ONETOUCH_CALLBACK_KIND), whose subject is always its approval request's uuid. */
export function callbackView(row: DeliveryRow): DevSchemas["DevCallback"] {
  return {
    id: row.id,
    uuid: row.subject!,
    url: row.url,
    method: row.method,
    status: row.status,
    attempts: row.attempts,
    last_error: row.last_error,
    next_attempt_at: row.status === "pending" ? row.next_attempt_at.toISOString() : null,
  };
}

export function deliveryView(row: DeliveryRow): DevSchemas["DevDelivery"] {
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    url: row.url,
    method: row.method,
    status: row.status,
    attempts: row.attempts,
    max_attempts: row.max_attempts,
    last_status: row.last_status,
    last_error: row.last_error,
    next_attempt_at: row.status === "pending" ? row.next_attempt_at.toISOString() : null,
    // Leases are real time: true while an attempt is being made.
    in_progress: row.lease_expires_at !== null && row.lease_expires_at.getTime() > Date.now(),
    created_at: row.created_at.toISOString(),
    delivered_at: iso(row.delivered_at),
  };
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const STATUSES: readonly ApprovalStatus[] = ["pending", "approved", "denied", "expired"];

function limitParam(text: string | null): number {
  if (text === null || text === "") return 50;
  if (!/^[0-9]{1,6}$/.test(text) || Number(text) < 1) throw new DevError(400, "limit must be a positive integer");
  return Math.min(Number(text), 1000);
}

function deliveryId(text: string): number {
  if (!/^[0-9]{1,15}$/.test(text) || Number(text) < 1) throw new DevError(404, `no callback ${text}`);
  return Number(text);
}

interface OneTouchDevRequest {
  store: AuthyStore;
  deliveries: DeliveryQueue;
  app: AppRow;
  now: Date;
  req: IncomingMessage;
  method: string;
  /** The path without trailing slashes. */
  path: string;
  search: URLSearchParams;
}

/** The answer of a OneTouch development endpoint, or undefined when the path is none of them. */
export async function routeOneTouchDev(r: OneTouchDevRequest): Promise<[number, unknown] | HtmlPage | undefined> {
  const { store, app, now, method, path } = r;
  if (path === "/__dev/approval_requests" && method === "GET") {
    const status = r.search.get("status") || undefined;
    if (status !== undefined && !STATUSES.includes(status as ApprovalStatus)) throw new DevError(400, "status must be pending, approved, denied or expired");
    const rows = await store.approvalRequests.list(app.app_id, now, { status: status as ApprovalStatus | undefined, limit: limitParam(r.search.get("limit")) });
    return [200, { approval_requests: rows.map(approvalRequestView) }];
  }
  const one = /^\/__dev\/approval_requests\/([^/]+)(?:\/(approve|deny))?$/.exec(path);
  if (one) {
    const uuid = decodeURIComponent(one[1]!);
    const action = one[2];
    if (action === undefined && method === "GET") {
      const row = UUID.test(uuid) ? await store.approvalRequests.get(app.app_id, uuid, now) : undefined;
      if (!row) throw new DevError(404, `no approval request ${uuid}`);
      const accept = String(r.req.headers.accept ?? "");
      if (accept.includes("text/html")) return approvalPage(app, row);
      return [200, approvalRequestView(row)];
    }
    if (action !== undefined && method === "POST") {
      await jsonBody(r.req);
      if (!UUID.test(uuid)) throw new DevError(404, `no approval request ${uuid}`);
      const outcome = await decideApprovalRequest(store, app, uuid, action === "approve" ? "approved" : "denied", now);
      if (outcome.kind === "not-found") throw new DevError(404, `no approval request ${uuid}`);
      if (outcome.kind === "not-pending") throw new DevError(409, `approval request ${uuid} is ${outcome.row.status}, not pending`);
      if (outcome.delivery) r.deliveries.kick();
      return [200, { approval_request: approvalRequestView(outcome.row), callback: outcome.delivery ? callbackView(outcome.delivery) : null }];
    }
  }
  if (path === "/__dev/callbacks" && method === "GET") {
    const rows = await store.deliveries.list(app.app_id, { kind: ONETOUCH_CALLBACK_KIND, limit: limitParam(r.search.get("limit")) });
    return [200, { callbacks: rows.map(callbackView) }];
  }
  const retry = /^\/__dev\/callbacks\/([^/]+)\/retry$/.exec(path);
  if (retry && method === "POST") {
    await jsonBody(r.req);
    const id = deliveryId(retry[1]!);
    const existing = await store.deliveries.get(app.app_id, id);
    if (!existing || existing.kind !== ONETOUCH_CALLBACK_KIND) throw new DevError(404, `no callback ${id}`);
    const result = await r.deliveries.retryNow(app.app_id, id);
    if (result === undefined) throw new DevError(404, `no callback ${id}`);
    if (result === "delivered") throw new DevError(409, `callback ${id} was delivered: it is never sent again`);
    if (result === "busy") throw new DevError(409, `callback ${id} has an attempt in progress`);
    return [200, callbackView(result)];
  }
  if (path === "/__dev/deliveries" && method === "GET") {
    const kind = r.search.get("kind") || undefined;
    const rows = await store.deliveries.list(app.app_id, { kind, limit: limitParam(r.search.get("limit")) });
    return [200, { deliveries: rows.map(deliveryView) }];
  }
  return undefined;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The logo an app on a typical phone would show: the high-resolution one, else the next best. */
function bestLogo(row: ApprovalRequestRow): { res: string; url: string } | undefined {
  const logos = row.logos ?? [];
  for (const res of ["high", "med", "default", "low"]) {
    const logo = logos.find((l) => l.res === res);
    if (logo) return logo;
  }
  return undefined;
}

/** The request as the user's Authy app shows it (message, visible details, logo), with Approve and Deny. */
function approvalPage(app: AppRow, row: ApprovalRequestRow): HtmlPage {
  const nonce = randomBytes(16).toString("base64");
  const logo = bestLogo(row);
  const details = Object.entries(row.details ?? {})
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join("");
  const expires = row.expires_at === null ? "never expires" : `expires ${escapeHtml(row.expires_at.toISOString())}`;
  const pending = row.status === "pending";
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Approval request · ${escapeHtml(app.name)}</title>
<style nonce="${nonce}">
body { font: 16px/1.4 system-ui, sans-serif; margin: 0; background: #f4f4f6; color: #222; }
main { max-width: 28rem; margin: 2rem auto; background: #fff; border-radius: 12px; padding: 1.5rem; box-shadow: 0 1px 4px #0002; }
.app { color: #666; margin: 0 0 .5rem; } img { max-width: 100%; max-height: 6rem; display: block; margin: 0 auto 1rem; }
h1 { font-size: 1.3rem; margin: 0 0 1rem; } dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; }
dt { color: #666; } dd { margin: 0; word-break: break-word; } .buttons { display: flex; gap: 1rem; margin-top: 1.5rem; }
button { flex: 1; font-size: 1rem; padding: .75rem; border: 0; border-radius: 8px; cursor: pointer; color: #fff; }
#approve { background: #1a7f37; } #deny { background: #c62828; } button:disabled { opacity: .4; cursor: default; }
</style>
</head>
<body>
<main data-uuid="${escapeHtml(row.uuid)}">
<p class="app">${escapeHtml(app.name)}</p>
${logo ? `<img id="logo" src="${escapeHtml(logo.url)}" alt="${escapeHtml(app.name)} logo">` : ""}
<h1 id="message">${escapeHtml(row.message)}</h1>
${details === "" ? "" : `<dl id="details">${details}</dl>`}
<p>Status: <strong id="status">${row.status}</strong> · <span id="expires">${expires}</span></p>
<p>Callback: <span id="callback">${app.onetouch_callback_url === null ? "none configured" : "—"}</span></p>
<div class="buttons">
<button id="approve" type="button"${pending ? "" : " disabled"}>Approve</button>
<button id="deny" type="button"${pending ? "" : " disabled"}>Deny</button>
</div>
<p id="error" role="alert"></p>
</main>
<script nonce="${nonce}">
const uuid = document.querySelector("main").dataset.uuid;
const buttons = [document.getElementById("approve"), document.getElementById("deny")];
async function followCallback(id) {
  for (;;) {
    const answer = await fetch("/__dev/callbacks");
    const callback = (await answer.json()).callbacks.find((c) => c.id === id);
    if (!callback) return;
    document.getElementById("callback").textContent = callback.status + " (" + callback.attempts + " attempt" + (callback.attempts === 1 ? "" : "s") + (callback.last_error ? ", " + callback.last_error : "") + ")";
    if (callback.status !== "pending") return;
    await new Promise((done) => setTimeout(done, 500));
  }
}
async function decide(action) {
  buttons.forEach((b) => (b.disabled = true));
  const answer = await fetch("/__dev/approval_requests/" + uuid + "/" + action, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  const body = await answer.json();
  if (!answer.ok) {
    document.getElementById("error").textContent = body.error;
    return;
  }
  document.getElementById("status").textContent = body.approval_request.status;
  if (body.callback) followCallback(body.callback.id);
}
document.getElementById("approve").addEventListener("click", () => decide("approve"));
document.getElementById("deny").addEventListener("click", () => decide("deny"));
</script>
</body>
</html>
`;
  return new HtmlPage(html, approvalPageCsp(nonce));
}
