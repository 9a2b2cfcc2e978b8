/**
 * Signing the client's Webhooks and Dashboard API requests, loaded by the first signed call (most applications make
 * none), so a plain call does not load it.
 *
 * Its static imports (src/signature.ts and what that imports) are also reached from the engine (src/redact.ts shares
 * signature.ts's UTF-8 encoder): modules reached from different sets of entries would be split into more chunks,
 * one more file for every call to load.
 */
import type { BuiltRequest } from "./engine.js";
import type { OperationSpec } from "./runtime-types.js";
import { computeAuthySignature } from "./signature.js";

/** Adds `X-Authy-Signature` and its nonce to a Webhooks or Dashboard API request. */
export async function signRequest(op: OperationSpec, request: BuiltRequest, baseUrl: string, signingKey: string): Promise<void> {
  const nowMs = Date.now();
  const nonce = `${Math.floor(nowMs / 1000)}.${String(nowMs % 1000).padStart(3, "0")}${String(Math.floor(Math.random() * 1000)).padStart(3, "0")}`;
  const url = baseUrl + op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(request.path[name])));
  const signed = op.method === "GET" || op.method === "DELETE" ? request.query : request.fields;
  const params = Object.fromEntries(
    Object.entries((signed ?? {}) as Record<string, unknown>).filter(([, v]) => !(v instanceof Blob)),
  );
  request.headers["X-Authy-Signature-Nonce"] = nonce;
  request.headers["X-Authy-Signature"] = await computeAuthySignature({ key: signingKey, nonce, method: op.method, url, params });
}
