// Builds webhook event tokens (HS256 JWTs) for tests with node:crypto, independently of src/webhook-event.ts.
import { createHmac } from "node:crypto";

export const b64url = (data: string | Buffer): string => Buffer.from(data).toString("base64url");

/** A token over the header and payload segments exactly as given (so one can be made non-canonical), HMAC-signed. */
export const signJwt = (headerPart: string, payloadPart: string, key: string, hash = "sha256"): string =>
  `${headerPart}.${payloadPart}.${createHmac(hash, key).update(`${headerPart}.${payloadPart}`).digest("base64url")}`;

/** A webhook event token: the header and the claims written as JSON. */
export const webhookToken = (claims: unknown, key: string, header: unknown = { alg: "HS256", typ: "JWT" }): string =>
  signJwt(b64url(JSON.stringify(header)), b64url(JSON.stringify(claims)), key);
