import type { OperationInputs, OperationResults } from "../../../generated/operations.js";
import { getApplicationDetails, getApplicationStats } from "../domain/application.js";
import { generateAuthenticatorQrCode } from "../domain/authenticator.js";
import type { DomainContext } from "../domain/context.js";
import { createApprovalRequest, getApprovalRequest } from "../domain/onetouch.js";
import { sendEmailToken, sendPhoneToken, verifyToken } from "../domain/tokens.js";
import { createUser, getUserPhoneNumber, getUserStatus, registerUserActivity, removeUser, updateUserEmail } from "../domain/users.js";
import type { OperationId } from "./routes.js";

type Handler<K extends OperationId> = (ctx: DomainContext, input: OperationInputs[K]) => Promise<OperationResults[K]> | OperationResults[K];

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
  createApprovalRequest,
  getApprovalRequest,
};

export const IMPLEMENTED_OPERATIONS = Object.keys(HANDLERS) as OperationId[];
