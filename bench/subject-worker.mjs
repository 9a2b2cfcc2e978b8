// One benchmarked subject in its own process (forked by bench/run.mjs and bench/ablate.mjs), so that no subject's garbage, JIT state or
// loaded libraries weigh on another's numbers. Messages from the parent: { c, n } runs n requests over c workers,
// operations round-robin, and answers { latencies, wall, cpuUs, errors }; { exit: true } ends the process.
// Exits as well when the parent goes away (IPC channel closed).
import { makeSubject } from "./subjects.mjs";

const [name, base, moduleUrl] = process.argv.slice(2);
const ops = await makeSubject(name, base, moduleUrl);
for (const op of ops) await op(); // each call works once (throws otherwise, and the parent sees the exit)

async function batch(n, concurrency) {
  const latencies = new Array(n);
  let next = 0;
  let errors = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const op = ops[i % ops.length];
        const s = performance.now();
        try {
          await op();
        } catch {
          errors++;
        }
        latencies[i] = performance.now() - s;
      }
    }),
  );
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { latencies, wall, cpuUs: (cpu.user + cpu.system) / n, errors };
}

process.on("message", async (message) => {
  if (message.exit) process.exit(0);
  process.send(await batch(message.n, message.c));
});
process.on("disconnect", () => process.exit(0));
process.send({ ready: true });
