import type { components } from "../../../generated/schema.js";

type ErrorBody = components["schemas"]["Error"];

/**
 * The Authy errors the server answers, with the status and wording the spec's examples record for each. A domain
 * rule throws an {@link AuthyFailure}; the HTTP layer writes its body (JSON or XML).
 */
const CATALOG = {
  60001: { status: 401, message: "Invalid API key" },
  // The error-code table's wording (the reference records the code, the status and "DoS protection").
  60003: { status: 429, message: "Too many requests (DoS protection)" },
  60004: { status: 400, message: "Invalid parameter" },
  60019: { status: 401, message: "Token is invalid. Token was used recently", token: "is invalid" },
  60020: { status: 401, message: "Token is invalid", token: "is invalid" },
  60026: { status: 404, message: "User not found." },
  60027: { status: 400, message: "User was not valid" },
  60022: { status: 401, message: "Verification code is incorrect" },
  60023: { status: 404, message: "No pending verifications found." },
  60032: { status: 400, message: "SMS was not found" },
  60033: { status: 400, message: "Phone number is invalid" },
  60042: { status: 400, message: "Either uuid or country_code and phone number are required" },
  60070: { status: 400, message: "Application was not valid" },
  60071: { status: 404, message: "Access key not found" },
  60072: { status: 404, message: "Invalid access key" },
  60073: { status: 400, message: "Invalid application API key" },
  60082: { status: 403, message: "Can not send SMS to landline phone numbers" },
  60087: { status: 401, message: "Invalid signature" },
  60092: { status: 404, message: "Device not found" },
  60100: { status: 404, message: "Webhook not found" },
  // authy-java's fixture: the uuid in the message, `errors` an empty object.
  60049: { status: 404, message: "Approval request not found", emptyErrors: true },
} as const satisfies Record<number, { status: number; message: string; token?: string; emptyErrors?: true }>;

export type AuthyErrorCode = keyof typeof CATALOG;

export class AuthyFailure extends Error {
  constructor(
    readonly code: AuthyErrorCode,
    /** Replaces the catalog's message (60004 names the parameter). */
    readonly detail?: string,
    /** Field errors (60027): repeated inside `errors` and at the top level, as the API does. */
    readonly fields?: Readonly<Record<string, string>>,
    /** 60003: seconds until a retry can succeed (the `Retry-After` header). */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail ?? CATALOG[code].message);
    this.name = "AuthyFailure";
  }

  get status(): number {
    return CATALOG[this.code].status;
  }

  /** The error envelope, members in the order the real API writes them. */
  body(): ErrorBody {
    const entry: { message: string; token?: string; emptyErrors?: true } = CATALOG[this.code];
    const message = this.detail ?? entry.message;
    const fields = this.fields ?? {};
    return {
      message,
      ...(entry.token === undefined ? {} : { token: entry.token }),
      success: false,
      errors: entry.emptyErrors ? {} : { message, ...fields },
      ...fields,
      error_code: String(this.code),
    } as ErrorBody;
  }
}

export const userNotFound = (): AuthyFailure => new AuthyFailure(60026);

/** 60049 as recorded: `Approval request not found: <uuid>` (also for a uuid of the wrong form). */
export const approvalRequestNotFound = (uuid: unknown): AuthyFailure => new AuthyFailure(60049, `Approval request not found: ${String(uuid)}`);
