export {
  createAuthyClient,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type AuthyClient,
  type AuthyClientOptions,
  type AuthyMethodsWithResponse,
  type AuthyResponse,
  type CallOptions,
} from "./client.js";
export type { OperationId, OperationInputs, OperationResults } from "../generated/operations.js";
export type { AuthyHooks, AuthyRequestInfo, AuthyResponseInfo, AuthyRetryInfo, RetryPolicy } from "./transport.js";
export {
  AuthyApiError,
  AuthyError,
  AuthyNetworkError,
  AuthyResponseError,
  AuthySignatureError,
  AuthyTimeoutError,
  AuthyValidationError,
  isAuthyApiError,
  isAuthyError,
  isAuthyNetworkError,
  isAuthyResponseError,
  isAuthySignatureError,
  isAuthyTimeoutError,
  isAuthyValidationError,
  type AuthyErrorKind,
} from "./errors.js";
export { AUTHY_ERROR_CODES, describeAuthyErrorCode } from "./error-codes.js";
export { decodeAuthyXml } from "./xml.js";
export { paginateReportingEvents } from "./paginate.js";
