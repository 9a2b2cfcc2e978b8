/**
 * DO NOT EDIT: generated from openapi/ by `npm run generate` (scripts/generate.mjs).
 * See generated/README.md.
 */

import type { OperationId } from "./operations.js";

/** Every operationId, so the client can create its methods without loading the runtime table. */
export const operationIds: readonly OperationId[] = [
  "checkPhoneVerification",
  "createApplication",
  "createApprovalRequest",
  "createSdkRegistration",
  "createSmsFeedback",
  "createUser",
  "createWebhook",
  "deleteSdkDevice",
  "deleteUser",
  "deleteUserLegacy",
  "deleteWebhook",
  "generateAuthenticatorQrCode",
  "getApplicationAssets",
  "getApplicationDetails",
  "getApplicationStats",
  "getApprovalRequest",
  "getDashboardApplication",
  "getPhoneInfo",
  "getPhoneVerificationStatus",
  "getRegistrationStatus",
  "getReportingDateHistogram",
  "getUiSettings",
  "getUserPhoneNumber",
  "getUserStatus",
  "listApplicationUsers",
  "listReportingEvents",
  "listWebhooks",
  "registerUserActivity",
  "removeUser",
  "sendEmailToken",
  "sendSmsToken",
  "sendVoiceToken",
  "startPhoneVerification",
  "updateApplicationAssets",
  "updateDashboardApplication",
  "updateUiSettings",
  "updateUserEmail",
  "verifyToken"
];
