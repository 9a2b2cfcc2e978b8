import type { MessageRow, NewMessage } from "../store/authy-store.js";
import { OPERATOR_MESSAGE_KIND, queueOperatorDelivery } from "../delivery/operator-delivery.js";
import type { DomainContext } from "./context.js";

/**
 * Nothing is delivered in development: a "sent" message is printed as one console line (channel, recipient, code)
 * and kept for `GET /__dev/messages`. In production the line says only what was sent and its id: never the code,
 * the text or the recipient (logs travel further than the database).
 */
export async function sendMessage(ctx: DomainContext, message: NewMessage): Promise<MessageRow> {
  const stored = await ctx.store.addMessage(ctx.app.app_id, message, ctx.now);
  await queueOperatorDelivery(ctx, OPERATOR_MESSAGE_KIND, String(stored.id));
  if (ctx.settings.production) {
    ctx.log(JSON.stringify({ level: "info", msg: "message", message_id: Number(stored.id), kind: message.kind, channel: message.channel }));
    return stored;
  }
  const who = message.authyId === null ? "" : ` (authy_id ${message.authyId})`;
  const what = message.code === null ? message.body : `code ${message.code}`;
  ctx.log(`[${message.channel}] ${message.kind} to ${message.recipient}${who}: ${what}`);
  return stored;
}
