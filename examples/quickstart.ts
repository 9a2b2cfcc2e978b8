// The README's Quick start: a real flow against the local Authy server that `npm start` (or `npm run server`) runs
// on 127.0.0.1:$SERVER_PORT (default 4011): register a user, send an SMS code, read it through the development API,
// verify it, and see it refused when used again. Run it with `npm run example`.
import { createAuthyClient, isAuthyApiError } from "authy-openapi";
import { createDevClient } from "authy-openapi-server";

const baseUrl = `http://127.0.0.1:${process.env.SERVER_PORT ?? 4011}`;
const dev = createDevClient({ baseUrl }); // the server's development API: its key, the messages it "sent"
const { api_key } = await dev.getApp();
const authy = createAuthyClient({ apiKey: api_key, baseUrl });

const { user } = await authy.createUser({ user: { email: "new_user@example.com", cellphone: "201-555-0123", country_code: 1 } });
console.log(`registered authy_id ${user.id}`);
await authy.sendSmsToken({ authy_id: user.id });
const [sms] = (await dev.listMessages({ authy_id: user.id, channel: "sms", limit: 1 })).messages;
console.log(`the SMS says: ${sms!.text}`);

const verification = await authy.verifyToken({ token: sms!.code!, authy_id: user.id, force: true });
console.log(verification.message); // "Token is valid."
try {
  await authy.verifyToken({ token: sms!.code!, authy_id: user.id, force: true });
} catch (error) {
  if (!isAuthyApiError(error)) throw error;
  console.log(`used again: ${error.errorCode} ${error.message}`); // 60019 Token is invalid. Token was used recently
}
