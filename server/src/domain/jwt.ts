import { createHmac } from "node:crypto";

const base64Url = (bytes: Buffer | string): string => Buffer.from(bytes).toString("base64url");

/** A compact HS256 JWT (RFC 7519) of `claims` under `key` (UTF-8): what webhook events are delivered as. */
export function signJwt(claims: Record<string, unknown>, key: string): string {
  const head = `${base64Url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64Url(JSON.stringify(claims))}`;
  return `${head}.${createHmac("sha256", key).update(head).digest("base64url")}`;
}
