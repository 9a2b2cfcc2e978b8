/**
 * The development page (`GET /__dev/`): the messages the server "sent" with their codes, the users and the clock,
 * refreshed every second from the development API itself (no reload, no framework). Every value is written with
 * `textContent` (message texts carry what API callers sent, e.g. `action_message`); the script and style run only
 * under this response's nonce, and the page may talk to its own origin only.
 */
const SCRIPT = `
const $ = (id) => document.getElementById(id);
const cell = (row, text, className) => {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? "" : String(text);
  if (className) td.className = className;
  return td;
};
const time = (iso) => new Date(iso).toISOString().replace("T", " ").replace(/\\.\\d+Z$/, " UTC");
async function get(path) {
  const response = await fetch(path, { headers: { accept: "application/json" }, cache: "no-store" });
  if (!response.ok) throw new Error(path + " answered " + response.status);
  return response.json();
}
function fill(id, rows, render) {
  const body = $(id);
  const next = document.createElement("tbody");
  next.id = id;
  for (const item of rows) render(next.insertRow(), item);
  body.replaceWith(next);
}
async function refresh() {
  try {
    const [messages, state, clock, app, approvals] = await Promise.all([
      get("/__dev/messages?limit=50"), get("/__dev/export"), get("/__dev/clock"), get("/__dev/app"),
      get("/__dev/approval_requests?status=pending"),
    ]);
    $("app").textContent = app.name + " (app " + app.app_id + ", codes of " + app.token_length + " digits)";
    $("clock").textContent = time(clock.now) + (clock.offset_seconds ? " (moved " + clock.offset_seconds + " s)" : "");
    fill("messages", messages.messages, (row, m) => {
      row.dataset.id = m.id;
      cell(row, time(m.created_at));
      cell(row, m.channel);
      cell(row, m.kind);
      cell(row, m.to);
      cell(row, m.authy_id);
      cell(row, m.code, "code");
      cell(row, m.text, "text");
    });
    fill("users", state.users, (row, u) => {
      cell(row, u.authy_id);
      cell(row, "+" + u.country_code + " " + u.phone_number);
      cell(row, u.emails.join(", "));
      cell(row, [u.app_installed ? "app" : "", u.registered ? "registered" : "", u.removed_at ? "removal pending" : ""].filter(Boolean).join(", "));
      cell(row, u.totp_secret ? "yes" : "");
    });
    fill("approvals", approvals.approval_requests, (row, a) => {
      cell(row, time(a.created_at));
      cell(row, a.authy_id);
      const link = document.createElement("a");
      link.href = "/__dev/approval_requests/" + encodeURIComponent(a.uuid);
      link.textContent = a.message;
      row.insertCell().append(link);
      cell(row, a.expires_at ? time(a.expires_at) : "never");
    });
    $("status").textContent = "live: " + messages.messages.length + " messages, " + state.users.length + " users";
    $("status").className = "";
  } catch (error) {
    $("status").textContent = "not connected (" + error.message + "), retrying";
    $("status").className = "error";
  }
}
refresh();
setInterval(refresh, 1000);
`;

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d2330; }
h1 { font-size: 1.3rem; margin: 0 0 .2rem; } h2 { font-size: 1.05rem; margin: 1.5rem 0 .4rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #e3e6ee; vertical-align: top; }
th { font-weight: 600; background: #f5f6fa; } .code { font: 600 1.05rem ui-monospace, monospace; letter-spacing: .05em; }
.text { color: #555; } #status { color: #2a7a2a; } #status.error { color: #b00020; } .muted { color: #667; }
`;

export function devPageHtml(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Authy local server</title>
<link rel="icon" href="data:,">
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<h1>Authy local server</h1>
<p class="muted"><span id="app"></span> · clock <span id="clock"></span> · <span id="status">connecting…</span></p>
<p class="muted">Codes are never delivered: each message the server "sent" is listed here (and in <code>GET /__dev/messages</code>).</p>
<h2>Messages (newest first)</h2>
<table><thead><tr><th>sent</th><th>channel</th><th>kind</th><th>to</th><th>authy_id</th><th>code</th><th>text</th></tr></thead><tbody id="messages"></tbody></table>
<h2>Pending approval requests (OneTouch: open one to approve or deny it)</h2>
<table><thead><tr><th>created</th><th>authy_id</th><th>message</th><th>expires</th></tr></thead><tbody id="approvals"></tbody></table>
<h2>Users</h2>
<table><thead><tr><th>authy_id</th><th>phone</th><th>emails</th><th>state</th><th>authenticator</th></tr></thead><tbody id="users"></tbody></table>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}

/** Nothing but the page's own nonce-marked script and style, and calls to its own origin. */
export const devPageCsp = (nonce: string): string =>
  `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
