/**
 * DO NOT EDIT: generated from openapi/operator/ by `npm run generate` (scripts/generate.mjs).
 * See server/generated/README.md.
 */

import type { OperationTable, Schema } from "../../src/runtime-types.js";

const rApprovalRequestStatus: Schema = { type: "object", required: ["uuid","authy_id","message","details","status","created_at","expires_at","processed_at"], properties: { "uuid": { type: "string" }, "authy_id": { type: "integer" }, "message": { type: "string" }, "details": { type: "object", additionalProperties: { type: "string" } }, "status": { type: "string" }, "created_at": { type: "string" }, "expires_at": { type: ["string","null"] }, "processed_at": { type: ["string","null"] } } };
const rDelivery: Schema = { type: "object", required: ["id","kind","subject","url","method","status","attempts","last_status","last_error","next_attempt_at","created_at","delivered_at"], properties: { "id": { type: "integer" }, "kind": { type: "string" }, "subject": { type: ["string","null"] }, "url": { type: "string" }, "method": { type: "string" }, "status": { type: "string" }, "attempts": { type: "integer" }, "last_status": { type: ["integer","null"] }, "last_error": { type: ["string","null"] }, "next_attempt_at": { type: "string" }, "created_at": { type: "string" }, "delivered_at": { type: ["string","null"] } } };
const rMessageStatus: Schema = { type: "object", required: ["id","kind","channel","authy_id","to","created_at","delivery"], properties: { "id": { type: "integer" }, "kind": { type: "string" }, "channel": { type: "string" }, "authy_id": { type: ["integer","null"] }, "to": { type: "string" }, "created_at": { type: "string" }, "delivery": { oneOf: [rDelivery, { type: "null" }] } } };
const rDeliveryList: Schema = { type: "object", required: ["deliveries"], properties: { "deliveries": { type: "array", items: rDelivery } } };

/** Every request operation of the spec: how to call it and how to check its input and its 200 body. */
export const operatorOperationTable = {
  createApprovalDecision: {
    method: "POST",
    path: "/operator/v1/approval_requests/{uuid}/decision",
    format: false,
    retrySafe: false,
    auth: "apiKey",
    body: "application/json",
    fields: [
      { name: "uuid", in: "path", schema: { type: "string", pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" }, required: true },
      { name: "status", in: "body", schema: { type: "string", enum: ["approved","denied"] }, required: true },
    ],
    result: rApprovalRequestStatus,
  },
  createDeliveryAttempt: {
    method: "POST",
    path: "/operator/v1/deliveries/{delivery_id}/attempts",
    format: false,
    retrySafe: false,
    auth: "apiKey",
    fields: [
      { name: "delivery_id", in: "path", schema: { type: "integer", minimum: 1 }, required: true },
    ],
    result: rDelivery,
  },
  getApprovalRequest: {
    method: "GET",
    path: "/operator/v1/approval_requests/{uuid}",
    format: false,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "uuid", in: "path", schema: { type: "string", pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" }, required: true },
    ],
    result: rApprovalRequestStatus,
  },
  getMessage: {
    method: "GET",
    path: "/operator/v1/messages/{message_id}",
    format: false,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "message_id", in: "path", schema: { type: "integer", minimum: 1 }, required: true },
    ],
    result: rMessageStatus,
  },
  listDeliveries: {
    method: "GET",
    path: "/operator/v1/deliveries",
    format: false,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "status", in: "query", schema: { type: "string", enum: ["pending","delivered","failed"] } },
      { name: "kind", in: "query", schema: { type: "string", enum: ["onetouch_callback","operator_message","operator_approval_request","webhook_event"] } },
      { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 1000 } },
    ],
    result: rDeliveryList,
  },
} as const satisfies OperationTable;
