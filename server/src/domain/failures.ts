import { AUTHY_ERROR_CODES } from "../../../generated/error-codes.js";
import type { components } from "../../../generated/schema.js";

type ErrorBody = components["schemas"]["Error"];

/**
 * The Authy errors the server answers. Status and message come from the spec's error-code table
 * (generated/error-codes.ts); an entry here adds only what a recording shows beyond it. A domain rule throws an
 * {@link AuthyFailure}; the HTTP layer writes its body (JSON or XML).
 */
const CATALOG = {
  60001: {},
  60003: {},
  60004: {},
  60019: { token: "is invalid" },
  60020: { token: "is invalid" },
  // The recorded wording (authy-ruby and authy-java fixtures) ends with a full stop.
  60026: { message: "User not found." },
  60027: {},
  60022: {},
  // The phone verification v1 docs' wording, which the spec's examples record.
  60023: { message: "No pending verifications found." },
  60032: {},
  60033: {},
  60042: {},
  60070: {},
  60071: {},
  60072: {},
  60073: {},
  60082: {},
  60087: {},
  60092: {},
  60100: {},
  // authy-java's fixture: the uuid in the message, `errors` an empty object.
  60049: { emptyErrors: true },
} as const satisfies Record<number, { message?: string; token?: string; emptyErrors?: true }>;

type CatalogEntry = { message?: string; token?: string; emptyErrors?: true };

/** The table's status and message for a code, with the recorded wording where it differs. */
function describe(code: AuthyErrorCode): { status: number; message: string; entry: CatalogEntry } {
  const entry: CatalogEntry = CATALOG[code];
  const known = AUTHY_ERROR_CODES[code]!;
  return { status: known.status!, message: entry.message ?? known.message, entry };
}

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
    super(detail ?? describe(code).message);
    this.name = "AuthyFailure";
  }

  get status(): number {
    return describe(this.code).status;
  }

  /** The error envelope, members in the order the real API writes them. */
  body(): ErrorBody {
    const { message: tableMessage, entry } = describe(this.code);
    const message = this.detail ?? tableMessage;
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
