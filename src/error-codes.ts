import { AUTHY_ERROR_CODES } from "../generated/error-codes.js";

export { AUTHY_ERROR_CODES };

/** The documented meaning of an Authy error code, or undefined for a code this package does not know. */
export function describeAuthyErrorCode(code: number | string | undefined): string | undefined {
  if (code === undefined) return undefined;
  return AUTHY_ERROR_CODES[Number(code)]?.message;
}
