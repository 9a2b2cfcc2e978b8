/**
 * DO NOT EDIT: generated from openapi/dev/ by `npm run generate` (scripts/generate.mjs).
 * See server/generated/README.md.
 */

import type { OperationTable, Schema } from "../../src/runtime-types.js";

const rDevClock: Schema = { type: "object", required: ["now","offset_seconds"], properties: { "now": { type: "string" }, "offset_seconds": { type: "integer" } } };
const rDevApprovalRequest: Schema = { type: "object", required: ["uuid","authy_id","message","details","hidden_details","logos","seconds_to_expire","status","created_at","expires_at","processed_at","notified"], properties: { "uuid": { type: "string" }, "authy_id": { type: "integer" }, "message": { type: "string" }, "details": { type: "object", additionalProperties: { type: "string" } }, "hidden_details": { type: "object", additionalProperties: { type: "string" } }, "logos": { type: "array", items: { type: "object", required: ["res","url"], properties: { "res": { type: "string" }, "url": { type: "string" } } } }, "seconds_to_expire": { type: "integer" }, "status": { type: "string" }, "created_at": { type: "string" }, "expires_at": { type: ["string","null"] }, "processed_at": { type: ["string","null"] }, "notified": { type: "boolean" } } };
const rDevCallback: Schema = { type: "object", required: ["id","uuid","url","method","status","attempts","last_error","next_attempt_at"], properties: { "id": { type: "integer" }, "uuid": { type: "string" }, "url": { type: "string" }, "method": { type: "string" }, "status": { type: "string" }, "attempts": { type: "integer" }, "last_error": { type: ["string","null"] }, "next_attempt_at": { type: ["string","null"] } } };
const rDevApp: Schema = { type: "object", required: ["app_id","name","api_key","token_length","onetouch_callback_url","onetouch_callback_method","onetouch_device_public_key"], properties: { "app_id": { type: "integer" }, "name": { type: "string" }, "api_key": { type: "string" }, "token_length": { type: "integer" }, "onetouch_callback_url": { type: ["string","null"] }, "onetouch_callback_method": { type: "string" }, "onetouch_device_public_key": { type: "string" } } };
const rDevActivity: Schema = { type: "object", required: ["type","data","user_ip","created_at"], properties: { "type": { type: "string" }, "data": {  }, "user_ip": { type: ["string","null"] }, "created_at": { type: "string" } } };
const rDevUser: Schema = { type: "object", required: ["authy_id","country_code","phone_number","e164","emails","app_installed","registered","created_at","updated_at","removed_at","activities"], properties: { "authy_id": { type: "integer" }, "country_code": { type: "integer" }, "phone_number": { type: "string" }, "e164": { type: "string" }, "emails": { type: "array", items: { type: "string" } }, "app_installed": { type: "boolean" }, "registered": { type: "boolean" }, "created_at": { type: "string" }, "updated_at": { type: "string" }, "removed_at": { type: ["string","null"] }, "activities": { type: "array", items: rDevActivity }, "totp_secret": { type: "string" }, "otpauth_uri": { type: "string" } } };
const rDevDelivery: Schema = { type: "object", required: ["id","kind","subject","url","method","status","attempts","max_attempts","last_status","last_error","next_attempt_at","in_progress","created_at","delivered_at"], properties: { "id": { type: "integer" }, "kind": { type: "string" }, "subject": { type: ["string","null"] }, "url": { type: "string" }, "method": { type: "string" }, "status": { type: "string" }, "attempts": { type: "integer" }, "max_attempts": { type: "integer" }, "last_status": { type: ["integer","null"] }, "last_error": { type: ["string","null"] }, "next_attempt_at": { type: ["string","null"] }, "in_progress": { type: "boolean" }, "created_at": { type: "string" }, "delivered_at": { type: ["string","null"] } } };
const sDevChannel: Schema = { type: "string", enum: ["sms","call","email"] };
const rDevChannel: Schema = { type: "string" };
const rDevMessage: Schema = { type: "object", required: ["id","kind","channel","authy_id","to","code","text","created_at"], properties: { "id": { type: "integer" }, "kind": { type: "string" }, "channel": rDevChannel, "authy_id": { type: ["integer","null"] }, "to": { type: "string" }, "code": { type: ["string","null"] }, "text": { type: "string" }, "created_at": { type: "string" } } };
const rDevMessageList: Schema = { type: "object", required: ["messages"], properties: { "messages": { type: "array", items: rDevMessage } } };
const rDevReset: Schema = { type: "object", required: ["reset"], properties: { "reset": { type: "boolean" } } };

/** Every request operation of the spec: how to call it and how to check its input and its 200 body. */
export const devOperationTable = {
  advanceClock: {
    method: "POST",
    path: "/__dev/clock",
    format: false,
    retrySafe: false,
    auth: "none",
    body: "application/json",
    fields: [
      { name: "advance_seconds", in: "body", schema: { type: "integer", minimum: -3153600000, maximum: 3153600000 }, required: true },
    ],
    result: rDevClock,
  },
  approveApprovalRequest: {
    method: "POST",
    path: "/__dev/approval_requests/{uuid}/approve",
    format: false,
    retrySafe: false,
    auth: "none",
    body: "application/json",
    fields: [
      { name: "uuid", in: "path", schema: { type: "string" }, required: true },
    ],
    result: { type: "object", required: ["approval_request","callback"], properties: { "approval_request": rDevApprovalRequest, "callback": { oneOf: [rDevCallback, { type: "null" }] } } },
  },
  denyApprovalRequest: {
    method: "POST",
    path: "/__dev/approval_requests/{uuid}/deny",
    format: false,
    retrySafe: false,
    auth: "none",
    body: "application/json",
    fields: [
      { name: "uuid", in: "path", schema: { type: "string" }, required: true },
    ],
    result: { type: "object", required: ["approval_request","callback"], properties: { "approval_request": rDevApprovalRequest, "callback": { oneOf: [rDevCallback, { type: "null" }] } } },
  },
  getApp: {
    method: "GET",
    path: "/__dev/app",
    format: false,
    retrySafe: true,
    auth: "none",
    fields: [

    ],
    result: rDevApp,
  },
  getApprovalRequest: {
    method: "GET",
    path: "/__dev/approval_requests/{uuid}",
    format: false,
    retrySafe: true,
    auth: "none",
    fields: [
      { name: "uuid", in: "path", schema: { type: "string" }, required: true },
    ],
    result: rDevApprovalRequest,
  },
  getClock: {
    method: "GET",
    path: "/__dev/clock",
    format: false,
    retrySafe: true,
    auth: "none",
    fields: [

    ],
    result: rDevClock,
  },
  getUser: {
    method: "GET",
    path: "/__dev/users/{authy_id}",
    format: false,
    retrySafe: true,
    auth: "none",
    fields: [
      { name: "authy_id", in: "path", schema: { type: "integer", minimum: 1, maximum: 999999999999999 }, required: true },
    ],
    result: rDevUser,
  },
  listApprovalRequests: {
    method: "GET",
    path: "/__dev/approval_requests",
    format: false,
    retrySafe: true,
    auth: "none",
    fields: [
      { name: "status", in: "query", schema: { type: "string", enum: ["pending","approved","denied","expired"] } },
      { name: "limit", in: "query", schema: { type: "integer", minimum: 1 } },
    ],
    result: { type: "object", required: ["approval_requests"], properties: { "approval_requests": { type: "array", items: rDevApprovalRequest } } },
  },
  listCallbacks: {
    method: "GET",
    path: "/__dev/callbacks",
    format: false,
    retrySafe: true,
    auth: "none",
    fields: [
      { name: "limit", in: "query", schema: { type: "integer", minimum: 1 } },
    ],
    result: { type: "object", required: ["callbacks"], properties: { "callbacks": { type: "array", items: rDevCallback } } },
  },
  listDeliveries: {
    method: "GET",
    path: "/__dev/deliveries",
    format: false,
    retrySafe: true,
    auth: "none",
    fields: [
      { name: "kind", in: "query", schema: { type: "string" } },
      { name: "limit", in: "query", schema: { type: "integer", minimum: 1 } },
    ],
    result: { type: "object", required: ["deliveries"], properties: { "deliveries": { type: "array", items: rDevDelivery } } },
  },
  listMessages: {
    method: "GET",
    path: "/__dev/messages",
    format: false,
    retrySafe: true,
    auth: "none",
    fields: [
      { name: "authy_id", in: "query", schema: { type: "integer", minimum: 1, maximum: 999999999999999 } },
      { name: "to", in: "query", schema: { type: "string", minLength: 1, maxLength: 320 } },
      { name: "channel", in: "query", schema: sDevChannel },
      { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 999999999999999 } },
    ],
    result: rDevMessageList,
  },
  resetState: {
    method: "POST",
    path: "/__dev/reset",
    format: false,
    retrySafe: true,
    auth: "none",
    body: "application/json",
    fields: [

    ],
    result: rDevReset,
  },
  sendCallback: {
    method: "POST",
    path: "/__dev/callbacks/{id}/retry",
    format: false,
    retrySafe: false,
    auth: "none",
    body: "application/json",
    fields: [
      { name: "id", in: "path", schema: { type: "integer", minimum: 1 }, required: true },
    ],
    result: rDevCallback,
  },
  updateApp: {
    method: "PUT",
    path: "/__dev/app",
    format: false,
    retrySafe: true,
    auth: "none",
    body: "application/json",
    fields: [
      { name: "onetouch_callback_url", in: "body", schema: { type: ["string","null"], format: "uri", maxLength: 2048 } },
      { name: "onetouch_callback_method", in: "body", schema: { type: "string", enum: ["POST","GET"] } },
    ],
    result: rDevApp,
  },
  updateUser: {
    method: "PATCH",
    path: "/__dev/users/{authy_id}",
    format: false,
    retrySafe: true,
    auth: "none",
    body: "application/json",
    fields: [
      { name: "authy_id", in: "path", schema: { type: "integer", minimum: 1, maximum: 999999999999999 }, required: true },
      { name: "app_installed", in: "body", schema: { type: "boolean" } },
      { name: "registered", in: "body", schema: { type: "boolean" } },
    ],
    result: rDevUser,
  },
} as const satisfies OperationTable;
