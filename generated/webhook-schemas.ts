/**
 * DO NOT EDIT: generated from openapi/ by `npm run generate` (scripts/generate.mjs).
 * See generated/README.md.
 */

import type { Schema } from "../src/runtime-types.js";

const sAuthyId: Schema = { type: "integer", minimum: 1, maximum: 9007199254740991 };
const sLogo: Schema = { type: "object", required: ["res","url"], properties: { "res": { type: "string", enum: ["default","low","med","high"] }, "url": { type: "string", format: "uri", maxLength: 500 } } };
const sDevice: Schema = { type: "object", properties: { "id": { type: ["integer","null"] }, "os_type": { type: "string" }, "registration_date": { type: ["integer","null"] }, "registration_method": { type: ["string","null"] }, "registration_country": { type: ["string","null"] }, "registration_region": { type: ["string","null"] }, "registration_city": { type: ["string","null"] }, "registration_ip": { type: ["string","null"] }, "country": { type: ["string","null"] }, "region": { type: ["string","null"] }, "city": { type: ["string","null"] }, "ip": { type: ["string","null"] }, "last_account_recovery_at": { type: ["integer","null"] }, "last_sync_date": { type: ["integer","null"] }, "enabled_unlock_methods": { type: "array", items: { type: "string" } }, "last_unlock_method_used": { type: "string" }, "last_unlock_date": { type: "integer" }, "multidevice_enabled": { type: "boolean" }, "multidevice_updated_at": { type: "integer" } } };
const sOneTouchCallback: Schema = { type: "object", required: ["authy_id","callback_action","uuid","status","approval_request"], properties: { "authy_id": sAuthyId, "device_uuid": { type: ["integer","string"] }, "callback_action": { type: "string" }, "uuid": { type: "string" }, "status": { type: "string", enum: ["approved","denied"] }, "approval_request": { type: "object", required: ["transaction"], properties: { "transaction": { type: "object", properties: { "details": { type: ["object","null"], additionalProperties: { type: "string" } }, "device_details": { type: "object" }, "device_geolocation": { type: "string" }, "device_signing_time": { type: "integer" }, "encrypted": { type: "boolean" }, "flagged": { type: "boolean" }, "hidden_details": { type: ["object","null"], additionalProperties: { type: "string" } }, "message": { type: "string" }, "reason": { type: "string" }, "requester_details": { type: ["object","null"] }, "status": { type: "string", enum: ["approved","denied"] }, "uuid": { type: "string" }, "created_at_time": { type: "integer" }, "customer_uuid": { type: "integer" } } }, "expiration_timestamp": { type: "integer" }, "logos": { type: ["array","null"], items: sLogo }, "app_id": { type: "string" } } }, "signature": { type: "string" }, "device": { required: ["id","os_type","registration_date","registration_method","registration_country","registration_region","registration_city","country","region","city","ip","last_account_recovery_at","last_sync_date"], allOf: [sDevice] } } };
const sWebhookEventClaims: Schema = { type: "object", properties: { "event": { type: "string" }, "time": { type: "string", format: "date-time" }, "request_id": { type: "string" }, "objects": { type: "object", additionalProperties: { type: "object" } }, "iat": { type: "integer" } } };

/** The OneTouch callback payload (webhooks.oneTouchCallback). */
export const oneTouchCallbackSchema: Schema = sOneTouchCallback;

/** The claims of a Webhooks API event JWT (webhooks.webhookEvent). */
export const webhookEventClaimsSchema: Schema = sWebhookEventClaims;
