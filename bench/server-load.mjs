// The load generator of the server benchmark (bench/server-run.mjs), in its own process so that its CPU is measured
// apart from the servers'. It plays the realistic mix as flows, each a user's sequence: create the user, send an SMS
// code, verify it, ask for the user's status (plus, where the server has OneTouch, create an approval request and read
// it). Real servers: the code is read back through GET /__dev/messages (one more request per flow, not counted in
// the mix, timed apart). Prism: the same API requests with a well-formed token (its canned answer does not check it).
// Messages: { closed: { subject, concurrency, flows } } runs `concurrency` flows at a time (closed loop);
// { open: { subject, flowsPerSecond, seconds } } starts flows on a fixed schedule (open loop, latency measured from
// each request's own send). Answers { latencies, wall, cpuUs, requests, errors, devReads }.
import { performance } from "node:perf_hooks";

const KEY = process.argv[2];
// Each load process numbers its phones from its own offset: 201-XXX-XXXX, exchanges 200–999, all valid NANP numbers.
let phoneSeq = Number(process.argv[3] ?? 0);
const nextPhone = () => {
  const n = phoneSeq++;
  const exchange = 200 + (Math.floor(n / 10_000) % 800);
  return `201-${exchange}-${String(n % 10_000).padStart(4, "0")}`;
};

async function request(base, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { "x-authy-api-key": KEY, accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** One user's flow on one server (bases spread over instances by the caller). Pushes each API request's latency. */
async function flow(subject, base, out) {
  let ok = true;
  const timed = async (method, path, body) => {
    const t = performance.now();
    const answer = await request(base, method, path, body);
    out.latencies.push(performance.now() - t);
    out.requests++;
    if (answer.status !== 200) {
      out.errors++;
      ok = false;
      if (out.errors <= 3) process.stderr.write(`[load] ${subject.name} ${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}\n`);
    }
    return answer.body;
  };
  const created = await timed("POST", "/protected/json/users/new", {
    user: { email: `bench${phoneSeq}@example.com`, cellphone: nextPhone(), country_code: 1 },
    send_install_link_via_sms: false,
  });
  if (!ok) return;
  const id = created.user.id;
  await timed("GET", `/protected/json/sms/${id}?force=true`);
  let token = "0000000";
  if (!subject.prism) {
    const t = performance.now();
    const messages = await request(base, "GET", `/__dev/messages?authy_id=${id}&channel=sms&limit=1`);
    out.devMs += performance.now() - t;
    out.devReads++;
    token = messages.body?.messages?.[0]?.code ?? token;
  }
  await timed("GET", `/protected/json/verify/${token}/${id}?force=true`);
  await timed("GET", `/protected/json/users/${id}/status`);
  if (subject.onetouch) {
    const approval = await timed("POST", `/onetouch/json/users/${id}/approval_requests`, { message: "Log in to Bench", seconds_to_expire: 120 });
    const uuid = approval?.approval_request?.uuid;
    if (uuid) await timed("GET", `/onetouch/json/approval_requests/${uuid}`);
  }
}

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function closed({ subject, concurrency, flows }) {
  const out = { latencies: [], requests: 0, errors: 0, devReads: 0, devMs: 0 };
  let next = 0;
  let turn = 0;
  const cpu0 = cpuUs();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < flows) await flow(subject, subject.urls[turn++ % subject.urls.length], out);
    }),
  );
  return { ...out, wall: performance.now() - t0, cpuUs: cpuUs() - cpu0 };
}

async function open({ subject, flowsPerSecond, seconds }) {
  const out = { latencies: [], requests: 0, errors: 0, devReads: 0, devMs: 0 };
  const total = Math.round(flowsPerSecond * seconds);
  const cpu0 = cpuUs();
  const t0 = performance.now();
  const running = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / flowsPerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    running.push(flow(subject, subject.urls[i % subject.urls.length], out));
  }
  await Promise.all(running);
  return { ...out, wall: performance.now() - t0, cpuUs: cpuUs() - cpu0 };
}

process.on("message", async (message) => {
  if (message.exit) process.exit(0);
  const result = message.closed ? await closed(message.closed) : await open(message.open);
  process.send(result);
});
process.send({ ready: true });
