/**
 * One "server" process for the OneTouch race test: the store on the shared PostgreSQL, the delivery queue with the
 * OneTouch callback sender, and the decision rule, driven by the test over IPC (the HTTP and dev endpoints of
 * part 3 drive the same functions). Messages: { decide: { uuids, decision } } → outcome kinds in order;
 * { queue: true } starts delivering; { stop: true } stops the queue, closes the store and exits.
 */
import { decideApprovalRequest, ONETOUCH_CALLBACK_KIND } from "../../src/domain/onetouch.js";
import { applicationNow } from "../../src/domain/clock.js";
import { oneTouchCallbackSender } from "../../src/delivery/onetouch-callback.js";
import { DeliveryQueue } from "../../src/delivery/queue.js";
import { AuthyStore } from "../../src/store/authy-store.js";

const store = await AuthyStore.openPostgres(process.argv[2]!);
const appId = Number(process.argv[3]);
const log: string[] = [];
const queue = new DeliveryQueue({ store, senders: { [ONETOUCH_CALLBACK_KIND]: oneTouchCallbackSender(store) }, log: (line) => log.push(line), pollMs: 100 });

process.on("message", async (message: { decide?: { uuids: string[]; decision: "approved" | "denied" }; queue?: true; stop?: true }) => {
  if (message.decide) {
    const app = (await store.appById(appId))!;
    const now = applicationNow(Number(app.clock_offset_seconds));
    const outcomes = await Promise.all(message.decide.uuids.map((uuid) => decideApprovalRequest(store, app, uuid, message.decide!.decision, now)));
    process.send!({ outcomes: outcomes.map((o) => o.kind) });
  } else if (message.queue) {
    queue.start();
    process.send!({ started: true });
  } else if (message.stop) {
    await queue.stop();
    await store.close();
    process.send!({ stopped: true, log });
    process.exit(0);
  }
});
process.send!({ ready: true });
