// The package's OneTouch callback verifiers. Their implementation (src/callback-verification.ts) is loaded on first
// use: most users never verify a callback, and importing the package should not parse it. Once loaded, a call
// starts synchronously, as a plain async function would (verifyCallbackRequest clones the body before the caller's
// next statement runs).
import type * as CallbackVerification from "./callback-verification.js";
import type {
  CallbackRequestOptions,
  NodeCallbackRequest,
  NodeCallbackRequestOptions,
  VerifyCallbackOptions,
} from "./callback-verification.js";

let callbackVerification: typeof CallbackVerification | undefined;
let callbackVerificationLoading: Promise<typeof CallbackVerification> | undefined;
const loadCallbackVerification = () =>
  (callbackVerificationLoading ??= import("./callback-verification.js").then((module) => (callbackVerification = module)));

/**
 * Whether a OneTouch callback is authentic, fresh and (with `seenNonce`) not a replay. Resolves to `false` for
 * anything not authentic or malformed — a missing or non-string header, invalid base64, a signature of the wrong
 * length, a nonce that is not Unix seconds (`1512923419` or `1427849783.886085`), older than `maxAgeSeconds` or
 * more than 60 s in the future, parameters that are not an object, nested deeper than 32, larger than `maxBytes`
 * or with a repeated key. The comparison is constant-time (`crypto.subtle.verify`).
 *
 * @throws AuthyValidationError only for the caller's mistakes: no `apiKey`, an invalid `now`, `maxAgeSeconds`,
 *   `maxBytes` or `seenNonce`. An error thrown by `seenNonce` propagates.
 */
export async function verifyCallbackSignature(options: VerifyCallbackOptions): Promise<boolean> {
  return (callbackVerification ?? (await loadCallbackVerification())).verifyCallbackSignature(options);
}

/**
 * Verifies a OneTouch callback arriving as a Fetch API `Request` (Deno, Bun, Cloudflare Workers, Next.js route
 * handlers, Hono…): headers read case-insensitively, the query of a GET or the JSON body of a POST (read from a
 * clone, so the handler can still read `request.json()`), the URL from `request.url` unless `publicUrl` or
 * `trustProxy` says otherwise. Resolves to `false` for anything not authentic, as {@link verifyCallbackSignature}.
 * @throws AuthyValidationError for the caller's mistakes (no `apiKey`, an invalid `publicUrl`, a body already read).
 */
export function verifyCallbackRequest(request: Request, options: CallbackRequestOptions): Promise<boolean> {
  return callbackVerification
    ? callbackVerification.verifyCallbackRequest(request, options)
    : loadCallbackVerification().then((module) => module.verifyCallbackRequest(request, options));
}

/**
 * Verifies a OneTouch callback arriving as a Node `IncomingMessage` whose body a framework already parsed
 * (Express with `express.json()`, Fastify, Koa with a body parser). Structural: any object with `method`, `url`
 * (or `originalUrl`), `headers` and `body` works. The public URL is `protocol://Host-header/path` (protocol option,
 * default https), rebuilt from `X-Forwarded-Proto`/`X-Forwarded-Host` only with `trustProxy`, or `publicUrl`.
 * A POST whose `body` is `undefined` (no body parser installed) resolves to `false`.
 * @throws AuthyValidationError for the caller's mistakes (no `apiKey`, an invalid `publicUrl` or `protocol`).
 */
export async function verifyNodeCallbackRequest(req: NodeCallbackRequest, options: NodeCallbackRequestOptions): Promise<boolean> {
  return (callbackVerification ?? (await loadCallbackVerification())).verifyNodeCallbackRequest(req, options);
}
