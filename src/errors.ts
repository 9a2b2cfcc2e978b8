/**
 * The errors this package throws. Every class carries a registry-wide brand, so the `is…` guards work across
 * copies of the package (the ESM and CJS builds, or two installed versions) where `instanceof` does not.
 */
const BRAND = Symbol.for("authy-openapi.error");

export type AuthyErrorKind =
  | "AuthyApiError"
  | "AuthyValidationError"
  | "AuthyResponseError"
  | "AuthyTimeoutError"
  | "AuthyNetworkError"
  | "AuthySignatureError";

/** Base class of every error thrown by this package. */
export abstract class AuthyError extends Error {
  abstract override readonly name: AuthyErrorKind;
  get [BRAND](): AuthyErrorKind {
    return this.name;
  }
}

function hasKind(value: unknown, kind: AuthyErrorKind): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === kind;
}

/** Fields of an Authy error body the client exposes (the spec's `Error` schema, decoded). */
export interface AuthyApiErrorInit {
  status: number;
  errorCode: number | undefined;
  message: string;
  errors: Record<string, string>;
  retryable: boolean;
  requestId: string | undefined;
  body: unknown;
}

/** The API answered with an error status (anything but 200). */
export class AuthyApiError extends AuthyError {
  override readonly name = "AuthyApiError" as const;
  /** HTTP status. */
  readonly status: number;
  /** The Authy `error_code` as a number (`60026`), when the body carried one. */
  readonly errorCode: number | undefined;
  /** The `errors` map of the body: `message` and per-field errors. */
  readonly errors: Record<string, string>;
  /** Whether repeating the same call later may succeed (429, 503, 5xx). */
  readonly retryable: boolean;
  /** The `X-Request-Id` response header, when present. */
  readonly requestId: string | undefined;
  /** The decoded error body. */
  readonly body: unknown;
  constructor(init: AuthyApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.errors = init.errors;
    this.retryable = init.retryable;
    this.requestId = init.requestId;
    this.body = init.body;
  }
}

/** The caller's input or options are invalid; nothing was sent. */
export class AuthyValidationError extends AuthyError {
  override readonly name = "AuthyValidationError" as const;
  /** The offending field, as a dotted path (`user.email`, `authy_id`, `baseUrl`). */
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

/** A response body that cannot be decoded, is too large, or is not the shape the spec promises. */
export class AuthyResponseError extends AuthyError {
  override readonly name = "AuthyResponseError" as const;
  /** HTTP status, when a response was received. */
  readonly status: number | undefined;
  /** The start of the body, with secrets redacted. */
  readonly excerpt: string;
  constructor(message: string, status: number | undefined, excerpt: string) {
    super(message);
    this.status = status;
    this.excerpt = excerpt;
  }
}

/** The request took longer than its timeout. */
export class AuthyTimeoutError extends AuthyError {
  override readonly name = "AuthyTimeoutError" as const;
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`Request timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The request could not be completed (refused, reset, DNS failure, aborted by the caller, redirected). */
export class AuthyNetworkError extends AuthyError {
  override readonly name = "AuthyNetworkError" as const;
  /** True when nothing reached the server (connection refused, DNS failure): safe to retry any operation. */
  readonly notSent: boolean;
  constructor(message: string, notSent: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.notSent = notSent;
  }
}

/** A signed message (webhook event JWT) was rejected. */
export class AuthySignatureError extends AuthyError {
  override readonly name = "AuthySignatureError" as const;
  readonly reason: "malformed" | "algorithm" | "signature" | "expired" | "not-yet-valid";
  constructor(reason: AuthySignatureError["reason"], message: string) {
    super(message);
    this.reason = reason;
  }
}

export const isAuthyError = (value: unknown): value is AuthyError =>
  typeof value === "object" && value !== null && typeof (value as Record<symbol, unknown>)[BRAND] === "string";
export const isAuthyApiError = (value: unknown): value is AuthyApiError => hasKind(value, "AuthyApiError");
export const isAuthyValidationError = (value: unknown): value is AuthyValidationError =>
  hasKind(value, "AuthyValidationError");
export const isAuthyResponseError = (value: unknown): value is AuthyResponseError => hasKind(value, "AuthyResponseError");
export const isAuthyTimeoutError = (value: unknown): value is AuthyTimeoutError => hasKind(value, "AuthyTimeoutError");
export const isAuthyNetworkError = (value: unknown): value is AuthyNetworkError => hasKind(value, "AuthyNetworkError");
export const isAuthySignatureError = (value: unknown): value is AuthySignatureError =>
  hasKind(value, "AuthySignatureError");
