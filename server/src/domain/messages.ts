import type { MessageRow, NewMessage } from "../store/authy-store.js";
import type { DomainContext } from "./context.js";

/**
 * Nothing is delivered in development: a "sent" message is printed as one console line (channel, recipient, code)
 * and kept for `GET /__dev/messages`.
 */
export async function sendMessage(ctx: DomainContext, message: NewMessage): Promise<MessageRow> {
  const stored = await ctx.store.addMessage(ctx.app.app_id, message, ctx.now);
  const who = message.authyId === null ? "" : ` (authy_id ${message.authyId})`;
  const what = message.code === null ? message.body : `code ${message.code}`;
  ctx.log(`[${message.channel}] ${message.kind} to ${message.recipient}${who}: ${what}`);
  return stored;
}
