import type { OperationInputs, OperationResults } from "../../../generated/operations.js";
import { getApplicationDetails, getApplicationStats } from "../domain/application.js";
import { generateAuthenticatorQrCode } from "../domain/authenticator.js";
import type { DomainContext } from "../domain/context.js";
import { sendEmailToken, sendPhoneToken, verifyToken } from "../domain/tokens.js";
import { createUser, getUserPhoneNumber, getUserStatus, registerUserActivity, removeUser, updateUserEmail } from "../domain/users.js";
import {
  createApplication,
  createWebhook,
  deleteWebhook,
  getApplicationAssets,
  getDashboardApplication,
  getUiSettings,
  listApplicationUsers,
  listWebhooks,
  updateApplicationAssets,
  updateDashboardApplication,
  updateUiSettings,
} from "../domain/dashboard.js";
import { checkPhoneVerification, getPhoneInfo, getPhoneVerificationStatus, startPhoneVerification } from "../domain/phone-verification.js";
import { createSdkRegistration, createSmsFeedback, deleteSdkDevice, getRegistrationStatus } from "../domain/registrations.js";
import { getReportingDateHistogram, listReportingEvents } from "../domain/reporting.js";
import type { RawRequest } from "./handler.js";
import type { OperationId } from "./routes.js";

type Handler<K extends OperationId> = (ctx: DomainContext, input: OperationInputs[K], raw: RawRequest) => Promise<OperationResults[K]> | OperationResults[K];

/** The operations this server implements, by operationId; the others are not routed yet (later parts). */
export const HANDLERS: { [K in OperationId]?: Handler<K> } = {
  createUser,
  getUserStatus,
  removeUser: (ctx, input) => removeUser(ctx, input.authy_id, "remove"),
  deleteUser: (ctx, input) => removeUser(ctx, input.authy_id, "delete"),
  deleteUserLegacy: (ctx, input) => removeUser(ctx, input.authy_id, "delete"),
  updateUserEmail,
  registerUserActivity,
  getUserPhoneNumber,
  sendSmsToken: (ctx, input) => sendPhoneToken(ctx, "sms", input),
  sendVoiceToken: (ctx, input) => sendPhoneToken(ctx, "call", input),
  sendEmailToken,
  verifyToken,
  generateAuthenticatorQrCode,
  getApplicationDetails,
  getApplicationStats,
  startPhoneVerification,
  checkPhoneVerification,
  getPhoneVerificationStatus,
  getPhoneInfo,
  listReportingEvents,
  getReportingDateHistogram,
  getRegistrationStatus,
  createSdkRegistration,
  deleteSdkDevice,
  createSmsFeedback,
  createWebhook,
  listWebhooks,
  deleteWebhook,
  getDashboardApplication,
  updateDashboardApplication: (ctx, input, raw) => updateDashboardApplication(ctx, input, { token_length: raw.params.token_length }),
  getUiSettings,
  updateUiSettings,
  getApplicationAssets,
  updateApplicationAssets: (ctx, _input, raw) => updateApplicationAssets(ctx, { main_logo: raw.files.main_logo, sidebar_logo: raw.files.sidebar_logo }),
  listApplicationUsers,
  createApplication,
};

export const IMPLEMENTED_OPERATIONS = Object.keys(HANDLERS) as OperationId[];
