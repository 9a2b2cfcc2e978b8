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
export type { AuthyHooks, AuthyRequestInfo, AuthyResponseInfo, AuthyRetryInfo, RetryPolicy } from "./retry-policy.js";
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
export { decodeAuthyXml } from "./xml-lazy.js";
export { paginateReportingEvents } from "./paginate.js";
export { flattenRailsParams, unflattenRailsParams, MAX_RAILS_DEPTH, type RailsParamsInput, type RailsValue } from "./rails-params.js";
export {
  authySigningString,
  CALLBACK_MAX_FUTURE_SECONDS,
  canonicalizeAuthyParams,
  computeAuthySignature,
  createMemoryNonceStore,
  DEFAULT_CALLBACK_MAX_AGE_SECONDS,
  DEFAULT_CALLBACK_MAX_BYTES,
  parseOneTouchCallback,
  type AuthySigningInput,
  type MemoryNonceStore,
  type MemoryNonceStoreOptions,
  type OneTouchCallback,
  type OneTouchCallbackQuery,
  type SeenNonce,
} from "./signature.js";
export type {
  CallbackRequestOptions,
  CallbackVerificationPolicy,
  NodeCallbackRequest,
  NodeCallbackRequestOptions,
  VerifyCallbackOptions,
} from "./callback-verification.js";
export {
  DEFAULT_WEBHOOK_CLOCK_TOLERANCE_SECONDS,
  DEFAULT_WEBHOOK_MAX_AGE_SECONDS,
  MAX_WEBHOOK_EVENT_TOKEN_LENGTH,
  verifyWebhookEvent,
  type VerifyWebhookEventOptions,
  type WebhookEventClaims,
} from "./webhook-event.js";
export { verifyCallbackRequest, verifyCallbackSignature, verifyNodeCallbackRequest } from "./verifiers.js";
