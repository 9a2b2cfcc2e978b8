import { createAuthyClient } from "../dist/esm/index.js";
import createClient from "openapi-fetch";
const body = JSON.stringify({ message: "Token is valid.", token: "is valid", success: "true", device: { id: null, os_type: "sms", registration_date: 1500648405, registration_method: null, registration_country: null, registration_region: null, registration_city: null, country: null, region: null, city: null, ip: null, last_account_recovery_at: 1494631010, last_sync_date: null } });
const fetchImpl = async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } });
const authy = createAuthyClient({ apiKey: "k", fetch: fetchImpl, ...JSON.parse(process.argv[2] ?? "{}") });
const raw = createClient({ baseUrl: "https://api.authy.com", fetch: fetchImpl, headers: { "X-Authy-API-Key": "k" } });
async function bench(name, fn, n = 20000) {
  for (let i = 0; i < 2000; i++) await fn();
  const t = process.cpuUsage(); const s = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const c = process.cpuUsage(t);
  console.log(name, ((performance.now() - s) * 1000 / n).toFixed(1), "µs/call", ((c.user + c.system) / n).toFixed(1), "cpu µs");
}
for (let r = 0; r < 2; r++) {
await bench("openapi-fetch", () => raw.GET("/protected/{format}/verify/{token}/{authy_id}", { params: { path: { format: "json", token: "0123456", authy_id: 1 }, query: { force: true } } }));
await bench("authy        ", () => authy.verifyToken({ token: "0123456", authy_id: 1 }));
}
