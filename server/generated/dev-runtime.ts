/**
 * DO NOT EDIT: generated from openapi/dev/ by `npm run generate` (scripts/generate.mjs).
 * See server/generated/README.md.
 */

import type { OperationTable, Schema } from "../../src/runtime-types.js";

const rDevClock: Schema = { type: "object", required: ["now","offset_seconds"], properties: { "now": { type: "string" }, "offset_seconds": { type: "integer" } } };
const rDevApp: Schema = { type: "object", required: ["app_id","name","api_key","token_length"], properties: { "app_id": { type: "integer" }, "name": { type: "string" }, "api_key": { type: "string" }, "token_length": { type: "integer" } } };
const rDevActivity: Schema = { type: "object", required: ["type","data","user_ip","created_at"], properties: { "type": { type: "string" }, "data": {  }, "user_ip": { type: ["string","null"] }, "created_at": { type: "string" } } };
const rDevUser: Schema = { type: "object", required: ["authy_id","country_code","phone_number","e164","emails","app_installed","registered","created_at","updated_at","removed_at","activities"], properties: { "authy_id": { type: "integer" }, "country_code": { type: "integer" }, "phone_number": { type: "string" }, "e164": { type: "string" }, "emails": { type: "array", items: { type: "string" } }, "app_installed": { type: "boolean" }, "registered": { type: "boolean" }, "created_at": { type: "string" }, "updated_at": { type: "string" }, "removed_at": { type: ["string","null"] }, "activities": { type: "array", items: rDevActivity }, "totp_secret": { type: "string" }, "otpauth_uri": { type: "string" } } };
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
