// The README's Quick start: register a user and check a token against the local mock of the Authy API that
// `npm start` (or `npm run mock`) runs. Run it with `npm run example`.
import { createAuthyClient } from "authy-openapi";

const authy = createAuthyClient({ apiKey: "any-key", baseUrl: `http://127.0.0.1:${process.env.MOCK_PORT ?? 4010}` });
const { user } = await authy.createUser({ user: { email: "new_user@example.com", cellphone: "405-342-5699", country_code: 1 } });
console.log(`registered authy_id ${user.id}`);
const verification = await authy.verifyToken({ token: "0123456", authy_id: user.id });
console.log(verification.message); // "Token is valid."
