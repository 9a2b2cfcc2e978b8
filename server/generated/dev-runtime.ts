/**
 * DO NOT EDIT: generated from openapi/dev/ by `npm run generate` (scripts/generate.mjs).
 * See server/generated/README.md.
 */

import type { OperationTable, Schema } from "../../src/runtime-types.js";

const rDevClock: Schema = { type: "object", required: ["now","offset_seconds"], properties: { "now": { type: "string" }, "offset_seconds": { type: "integer" } } };
const rDevApprovalRequest: Schema = { type: "object", required: ["uuid","authy_id","message","details","hidden_details","logos","seconds_to_expire","status","created_at","expires_at","processed_at","notified"], properties: { "uuid": { type: "string" }, "authy_id": { type: "integer" }, "message": { type: "string" }, "details": { type: "object", additionalProperties: { type: "string" } }, "hidden_details": { type: "object", additionalProperties: { type: "string" } }, "logos": { type: "array", items: { type: "object", required: ["res","url"], properties: { "res": { type: "string" }, "url": { type: "string" } } } }, "seconds_to_expire": { type: "integer" }, "status": { type: "string" }, "created_at": { type: "string" }, "expires_at": { type: ["string","null"] }, "processed_at": { type: ["string","null"] }, "notified": { type: "boolean" } } };
const rDevCallback: Schema = { type: "object", required: ["id","uuid","url","method","status","attempts","last_error","next_attempt_at"], properties: { "id": { type: "integer" }, "uuid": { type: "string" }, "url": { type: "string" }, "method": { type: "string" }, "status": { type: "string" }, "attempts": { type: "integer" }, "last_error": { type: ["string","null"] }, "next_attempt_at": { type: ["string","null"] } } };
const rDevFault: Schema = { type: "object", required: ["operation","status","error_code","latency_ms","drop_connection","remaining"], properties: { "operation": { type: "string" }, "status": { type: ["integer","null"] }, "error_code": { type: ["string","null"] }, "latency_ms": { type: "integer" }, "drop_connection": { type: "boolean" }, "remaining": { type: ["integer","null"] } } };
const rDevFaultList: Schema = { type: "object", required: ["faults"], properties: { "faults": { type: "array", items: rDevFault } } };
const rDevStateUser: Schema = { type: "object", required: ["authy_id","country_code","phone_number","emails"], properties: { "authy_id": { type: "integer" }, "country_code": { type: "integer" }, "phone_number": { type: "string" }, "emails": { type: "array", items: { type: "string" } }, "app_installed": { type: "boolean" }, "registered": { type: "boolean" }, "otp_secret": { type: "string" }, "otp_counter": { type: "integer" }, "totp_secret": { type: ["string","null"] }, "totp_label": { type: ["string","null"] }, "totp_last_step": { type: ["integer","null"] }, "created_at": { type: "string" }, "updated_at": { type: "string" }, "removed_at": { type: ["string","null"] } }, additionalProperties: false };
const rDevChannel: Schema = { type: "string" };
const rDevStateCode: Schema = { type: "object", required: ["authy_id","channel","counter","digits","created_at","expires_at"], properties: { "authy_id": { type: "integer" }, "channel": rDevChannel, "counter": { type: "integer" }, "digits": { type: "integer" }, "action": { type: ["string","null"] }, "action_message": { type: ["string","null"] }, "created_at": { type: "string" }, "expires_at": { type: "string" }, "used_at": { type: ["string","null"] } }, additionalProperties: false };
const rDevStateMessage: Schema = { type: "object", required: ["kind","channel","to","text","created_at"], properties: { "kind": { type: "string" }, "channel": { type: "string" }, "authy_id": { type: ["integer","null"] }, "to": { type: "string" }, "code": { type: ["string","null"] }, "text": { type: "string" }, "created_at": { type: "string" } }, additionalProperties: false };
const rDevStateActivity: Schema = { type: "object", required: ["authy_id","type","created_at"], properties: { "authy_id": { type: "integer" }, "type": { type: "string" }, "data": {  }, "user_ip": { type: ["string","null"] }, "created_at": { type: "string" } }, additionalProperties: false };
const rDevStateEvent: Schema = { type: "object", required: ["kind","created_at"], properties: { "kind": { type: "string" }, "authy_id": { type: ["integer","null"] }, "created_at": { type: "string" } }, additionalProperties: false };
const rDevStateApiCalls: Schema = { type: "object", required: ["month","count"], properties: { "month": { type: "string" }, "count": { type: "integer" } }, additionalProperties: false };
const rDevState: Schema = { type: "object", required: ["users"], properties: { "format": { type: "string" }, "clock_offset_seconds": { type: "integer" }, "users": { type: "array", items: rDevStateUser }, "codes": { type: "array", items: rDevStateCode }, "messages": { type: "array", items: rDevStateMessage }, "activities": { type: "array", items: rDevStateActivity }, "events": { type: "array", items: rDevStateEvent }, "api_calls": { type: "array", items: rDevStateApiCalls } }, additionalProperties: false };
const rDevApp: Schema = { type: "object", required: ["app_id","name","api_key","token_length","onetouch_callback_url","onetouch_callback_method","onetouch_device_public_key"], properties: { "app_id": { type: "integer" }, "name": { type: "string" }, "api_key": { type: "string" }, "token_length": { type: "integer" }, "onetouch_callback_url": { type: ["string","null"] }, "onetouch_callback_method": { type: "string" }, "onetouch_device_public_key": { type: "string" }, "signing_key": { type: ["string","null"] }, "access_key": { type: ["string","null"] } } };
const rDevActivity: Schema = { type: "object", required: ["type","data","user_ip","created_at"], properties: { "type": { type: "string" }, "data": {  }, "user_ip": { type: ["string","null"] }, "created_at": { type: "string" } } };
const rDevUser: Schema = { type: "object", required: ["authy_id","country_code","phone_number","e164","emails","app_installed","registered","created_at","updated_at","removed_at","activities"], properties: { "authy_id": { type: "integer" }, "country_code": { type: "integer" }, "phone_number": { type: "string" }, "e164": { type: "string" }, "emails": { type: "array", items: { type: "string" } }, "app_installed": { type: "boolean" }, "registered": { type: "boolean" }, "created_at": { type: "string" }, "updated_at": { type: "string" }, "removed_at": { type: ["string","null"] }, "activities": { type: "array", items: rDevActivity }, "totp_secret": { type: "string" }, "otpauth_uri": { type: "string" } } };
const sDevStateUser: Schema = { type: "object", required: ["authy_id","country_code","phone_number","emails"], properties: { "authy_id": { type: "integer", minimum: 1, maximum: 999999999999 }, "country_code": { type: "integer", minimum: 1, maximum: 999 }, "phone_number": { type: "string", minLength: 1, maxLength: 40 }, "emails": { type: "array", minItems: 1, maxItems: 100, items: { type: "string", minLength: 3, maxLength: 320 } }, "app_installed": { type: "boolean" }, "registered": { type: "boolean" }, "otp_secret": { type: "string", pattern: "^[0-9a-f]{40}$" }, "otp_counter": { type: "integer", minimum: 0 }, "totp_secret": { type: ["string","null"], pattern: "^[A-Z2-7]{16,128}$" }, "totp_label": { type: ["string","null"], maxLength: 1000 }, "totp_last_step": { type: ["integer","null"], minimum: 0 }, "created_at": { type: "string", format: "date-time" }, "updated_at": { type: "string", format: "date-time" }, "removed_at": { type: ["string","null"], format: "date-time" } }, additionalProperties: false };
const sDevChannel: Schema = { type: "string", enum: ["sms","call","email"] };
const sDevStateCode: Schema = { type: "object", required: ["authy_id","channel","counter","digits","created_at","expires_at"], properties: { "authy_id": { type: "integer", minimum: 1 }, "channel": sDevChannel, "counter": { type: "integer", minimum: 0 }, "digits": { type: "integer", minimum: 6, maximum: 10 }, "action": { type: ["string","null"] }, "action_message": { type: ["string","null"] }, "created_at": { type: "string", format: "date-time" }, "expires_at": { type: "string", format: "date-time" }, "used_at": { type: ["string","null"], format: "date-time" } }, additionalProperties: false };
const sDevStateMessage: Schema = { type: "object", required: ["kind","channel","to","text","created_at"], properties: { "kind": { type: "string", minLength: 1 }, "channel": { type: "string", minLength: 1 }, "authy_id": { type: ["integer","null"], minimum: 1 }, "to": { type: "string", minLength: 1 }, "code": { type: ["string","null"] }, "text": { type: "string" }, "created_at": { type: "string", format: "date-time" } }, additionalProperties: false };
const sDevStateActivity: Schema = { type: "object", required: ["authy_id","type","created_at"], properties: { "authy_id": { type: "integer", minimum: 1 }, "type": { type: "string", minLength: 1 }, "data": {  }, "user_ip": { type: ["string","null"] }, "created_at": { type: "string", format: "date-time" } }, additionalProperties: false };
const sDevStateEvent: Schema = { type: "object", required: ["kind","created_at"], properties: { "kind": { type: "string", minLength: 1 }, "authy_id": { type: ["integer","null"] }, "created_at": { type: "string", format: "date-time" } }, additionalProperties: false };
const sDevStateApiCalls: Schema = { type: "object", required: ["month","count"], properties: { "month": { type: "string", pattern: "^[0-9]{4}-[0-9]{2}$" }, "count": { type: "integer", minimum: 0 } }, additionalProperties: false };
const rDevImported: Schema = { type: "object", required: ["imported"], properties: { "imported": { type: "object", required: ["users","codes","messages","activities","events"], properties: { "users": { type: "integer" }, "codes": { type: "integer" }, "messages": { type: "integer" }, "activities": { type: "integer" }, "events": { type: "integer" } } } } };
const rDevAppSummary: Schema = { type: "object", required: ["app_id","name","api_key","signing_key","access_key"], properties: { "app_id": { type: "integer" }, "name": { type: "string" }, "api_key": { type: "string" }, "signing_key": { type: ["string","null"] }, "access_key": { type: ["string","null"] } } };
const rDevDelivery: Schema = { type: "object", required: ["id","kind","subject","url","method","status","attempts","max_attempts","last_status","last_error","next_attempt_at","in_progress","created_at","delivered_at"], properties: { "id": { type: "integer" }, "kind": { type: "string" }, "subject": { type: ["string","null"] }, "url": { type: "string" }, "method": { type: "string" }, "status": { type: "string" }, "attempts": { type: "integer" }, "max_attempts": { type: "integer" }, "last_status": { type: ["integer","null"] }, "last_error": { type: ["string","null"] }, "next_attempt_at": { type: ["string","null"] }, "in_progress": { type: "boolean" }, "created_at": { type: "string" }, "delivered_at": { type: ["string","null"] } } };
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
  createFault: {
    method: "PUT",
    path: "/__dev/faults",
    format: false,
    retrySafe: true,
    auth: "none",
    body: "application/json",
    fields: [
      { name: "operation", in: "body", schema: { type: "string", pattern: "^[A-Za-z]{1,64}$" }, required: true },
      { name: "status", in: "body", schema: { type: "integer", minimum: 400, maximum: 599 } },
      { name: "error_code", in: "body", schema: { type: "string", pattern: "^[0-9]{5}$" } },
      { name: "latency_ms", in: "body", schema: { type: "integer", minimum: 0, maximum: 120000 } },
      { name: "drop_connection", in: "body", schema: { type: "boolean" } },
      { name: "times", in: "body", schema: { type: "integer", minimum: 1, maximum: 1000000 } },
    ],
    result: rDevFaultList,
  },
  createRegistration: {
    method: "POST",
    path: "/__dev/registrations",
    format: false,
    retrySafe: false,
    auth: "none",
    body: "application/json",
    fields: [
      { name: "token", in: "body", schema: { type: "string", maxLength: 65536 } },
      { name: "registration_token", in: "body", schema: { type: "string", maxLength: 256 } },
      { name: "authy_id", in: "body", schema: { type: "integer", minimum: 1 } },
      { name: "country_code", in: "body", schema: { type: ["integer","string"] } },
      { name: "cellphone", in: "body", schema: { type: "string", maxLength: 32 } },
    ],
    result: { oneOf: [{ type: "object", required: ["custom_user_id","authy_id","created"], properties: { "custom_user_id": { type: "string" }, "authy_id": { type: "integer" }, "created": { type: "boolean" } } }, { type: "object", required: ["device_id","authy_id"], properties: { "device_id": { type: "integer" }, "authy_id": { type: "integer" } } }] },
  },
  deleteFaults: {
    method: "DELETE",
    path: "/__dev/faults",
    format: false,
    retrySafe: true,
    auth: "none",
    body: "application/json",
    fields: [
      { name: "operation", in: "body", schema: { type: "string", pattern: "^[A-Za-z]{1,64}$" } },
    ],
    result: rDevFaultList,
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
  exportState: {
    method: "GET",
    path: "/__dev/export",
    format: false,
    retrySafe: true,
    auth: "none",
    fields: [

    ],
    result: rDevState,
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
  importState: {
    method: "POST",
    path: "/__dev/import",
    format: false,
    retrySafe: true,
    auth: "none",
    body: "application/json",
    fields: [
      { name: "format", in: "body", schema: { type: "string", const: "authy-openapi-server/1" } },
      { name: "clock_offset_seconds", in: "body", schema: { type: "integer", minimum: -3153600000, maximum: 3153600000 } },
      { name: "users", in: "body", schema: { type: "array", maxItems: 100000, items: sDevStateUser }, required: true },
      { name: "codes", in: "body", schema: { type: "array", maxItems: 1000000, items: sDevStateCode } },
      { name: "messages", in: "body", schema: { type: "array", maxItems: 1000000, items: sDevStateMessage } },
      { name: "activities", in: "body", schema: { type: "array", maxItems: 1000000, items: sDevStateActivity } },
      { name: "events", in: "body", schema: { type: "array", maxItems: 1000000, items: sDevStateEvent } },
      { name: "api_calls", in: "body", schema: { type: "array", maxItems: 1200, items: sDevStateApiCalls } },
    ],
    result: rDevImported,
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
  listApps: {
    method: "GET",
    path: "/__dev/apps",
    format: false,
    retrySafe: true,
    auth: "none",
    fields: [

    ],
    result: { type: "object", required: ["apps"], properties: { "apps": { type: "array", items: rDevAppSummary } } },
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
  listFaults: {
    method: "GET",
    path: "/__dev/faults",
    format: false,
    retrySafe: true,
    auth: "none",
    fields: [

    ],
    result: rDevFaultList,
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
