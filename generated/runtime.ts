/**
 * DO NOT EDIT: generated from openapi/ by `npm run generate` (scripts/generate.mjs).
 * See generated/README.md.
 */

import type { OperationTable, Schema } from "../src/runtime-types.js";

const sCountryCode: Schema = { type: ["integer","string"], pattern: "^[0-9]{1,4}$", minimum: 1, maximum: 9999 };
const sPhoneNumber: Schema = { type: "string", pattern: "^[0-9][0-9 .()-]{2,19}$", minLength: 3, maxLength: 20 };
const sverification_code: Schema = { type: "string", pattern: "^[0-9]{4,10}$" };
const rCheckPhoneVerificationResponse: Schema = { type: "object", properties: { "message": { type: "string" }, "success": { type: "boolean" } } };
const sEmail: Schema = { type: "string", format: "email", maxLength: 254 };
const rDashboardApplication: Schema = { type: "object", properties: { "app_id": { type: "integer" }, "name": { type: "string" } } };
const rDashboardApplicationResponse: Schema = { type: "object", properties: { "application": rDashboardApplication, "message": { type: "string" }, "success": { type: "boolean" } } };
const sAuthyId: Schema = { type: "integer", minimum: 1, maximum: 9007199254740991 };
const sApprovalRequestMessage: Schema = { type: "string", minLength: 1, maxLength: 200 };
const sApprovalRequestDetails: Schema = { type: "object", additionalProperties: { type: "string", maxLength: 200 } };
const sLogo: Schema = { type: "object", required: ["res","url"], properties: { "res": { type: "string", enum: ["default","low","med","high"] }, "url": { type: "string", format: "uri", maxLength: 500 } } };
const sApprovalRequestSecondsToExpire: Schema = { type: ["integer","null"], minimum: 0 };
const rHexUuid: Schema = { type: "string" };
const rApprovalRequestUuid: Schema = rHexUuid;
const rApprovalRequestCreateResponse: Schema = { type: "object", required: ["approval_request"], properties: { "approval_request": { type: "object", required: ["uuid"], properties: { "uuid": rApprovalRequestUuid } }, "success": { type: "boolean" } } };
const rSdkRegistrationResponse: Schema = { type: "object", required: ["registration_token"], properties: { "registration_token": { type: "string" } } };
const sApiKey: Schema = { type: "string", pattern: "^[A-Za-z0-9_-]{1,128}$" };
const rSmsFeedbackResponse: Schema = { type: "object", properties: { "account_sid": { type: "string" }, "message_sid": { type: "string" }, "outcome": { type: "string" }, "date_created": { type: "string" }, "date_updated": { type: "string" }, "uri": { type: "string" }, "success": { type: "boolean" } } };
const rAuthyId: Schema = { type: "integer" };
const rCreateUserResponse: Schema = { type: "object", required: ["user"], properties: { "message": { type: "string" }, "user": { type: "object", required: ["id"], properties: { "id": rAuthyId } }, "success": { type: "boolean" } } };
const sWebhookEventName: Schema = { type: "string", enum: ["account_recovery_approved","account_recovery_canceled","account_recovery_started","custom_message_not_allowed","device_registration_completed","one_touch_request_responded","phone_change_canceled","phone_change_pin_sent","phone_change_requested","phone_verification_code_is_invalid","phone_verification_code_is_valid","phone_verification_failed","phone_verification_not_found","phone_verification_started","suspended_account","token_invalid","token_verified","too_many_code_verifications","too_many_phone_verifications","totp_token_sent","user_added","user_phone_changed","user_removed"] };
const sAccessKey: Schema = { type: "string", pattern: "^[A-Za-z0-9_-]{1,128}$" };
const rWebhook: Schema = { type: "object", required: ["id"], properties: { "id": { type: "string" }, "name": { type: "string" }, "account_sid": { type: "string" }, "service_id": { type: "string" }, "url": { type: "string" }, "signing_key": { type: "string" }, "events": { type: "array", items: { type: "string" } } } };
const rCreateWebhookResponse: Schema = { type: "object", required: ["webhook"], properties: { "webhook": rWebhook, "message": { type: "string" }, "success": { type: "boolean" } } };
const rDeleteSdkDeviceResponse: Schema = { type: "object", properties: { "message": { type: "string" }, "success": { type: "boolean" } } };
const sUserIp: Schema = { type: "string", pattern: "^[0-9A-Fa-f.:]+$", minLength: 2, maxLength: 45 };
const rUserChangeResponse: Schema = { type: "object", properties: { "message": { type: "string" }, "success": { type: "boolean" } } };
const rDeleteWebhookResponse: Schema = { type: "object", properties: { "message": { type: "string" }, "success": { type: "boolean" } } };
const rQrCodeResponse: Schema = { type: "object", required: ["qr_code"], properties: { "qr_code": { type: "string" }, "success": { type: "boolean" } } };
const rApplicationAssets: Schema = { type: "object", properties: { "main_logo": { type: ["string","null"] }, "sidebar_logo": { type: ["string","null"] } } };
const rApplicationAssetsResponse: Schema = { type: "object", properties: { "assets": rApplicationAssets, "message": { type: "string" }, "success": { type: "boolean" } } };
const rApplicationDetailsResponse: Schema = { type: "object", required: ["app"], properties: { "app": { type: "object", required: ["app_id","name","plan","sms_enabled"], properties: { "name": { type: "string" }, "plan": { type: "string" }, "sms_enabled": { type: "boolean" }, "phone_calls_enabled": { type: "boolean" }, "app_id": { type: "integer" }, "onetouch_enabled": { type: "boolean" } } }, "message": { type: "string" }, "success": { type: "boolean" } } };
const rApplicationStatsItem: Schema = { type: "object", required: ["api_calls_count","auths_count","calls_count","month","sms_count","users_count","year"], properties: { "api_calls_count": { type: "integer" }, "auths_count": { type: "integer" }, "calls_count": { type: "integer" }, "month": { type: "string" }, "sms_count": { type: "integer" }, "users_count": { type: "integer" }, "year": { type: "integer" } } };
const rApplicationStatsResponse: Schema = { type: "object", required: ["stats"], properties: { "app_id": { type: "integer" }, "count": { type: "integer" }, "message": { type: "string" }, "stats": { type: "array", items: rApplicationStatsItem }, "success": { type: "boolean" }, "total_users": { type: "integer" } } };
const sHexUuid: Schema = { type: "string", pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" };
const sApprovalRequestUuid: Schema = sHexUuid;
const rApprovalRequest: Schema = { type: "object", properties: { "_app_name": { type: "string" }, "_app_serial_id": { type: "integer" }, "_authy_id": { type: ["integer","string"] }, "_id": { type: "string" }, "_user_email": { type: "string" }, "app_id": { type: "string" }, "created_at": { type: "string" }, "notified": { type: "boolean" }, "processed_at": { type: ["string","null"] }, "seconds_to_expire": { type: "integer" }, "status": { type: "string" }, "updated_at": { type: "string" }, "user_id": { type: "string" }, "uuid": rApprovalRequestUuid } };
const rApprovalRequestStatusResponse: Schema = { type: "object", required: ["approval_request"], properties: { "approval_request": rApprovalRequest, "success": { type: "boolean" } } };
const rPhoneInfoResponse: Schema = { type: "object", required: ["type"], properties: { "message": { type: "string" }, "type": { type: "string" }, "provider": { type: ["string","null"] }, "ported": { type: "boolean" }, "success": { type: "boolean" } } };
const sPhoneVerificationUuid: Schema = sHexUuid;
const rPhoneVerificationStatusResponse: Schema = { type: "object", required: ["status"], properties: { "message": { type: "string" }, "status": { type: "string" }, "seconds_to_expire": { type: "integer" }, "success": { type: "boolean" } } };
const rRegistrationStatusResponse: Schema = { type: "object", required: ["registration"], properties: { "success": { type: "boolean" }, "registration": { type: "object", required: ["authy_id"], properties: { "authy_id": rAuthyId } } } };
const sReportingComparison: Schema = { type: "object", properties: { "eq": { type: "string" }, "gt": { type: "string" }, "gte": { type: "string" }, "lt": { type: "string" }, "lte": { type: "string" } } };
const sReportingFilter: Schema = { type: "object", additionalProperties: sReportingComparison };
const rReportingDateHistogramResponse: Schema = { type: "object" };
const rHexColor: Schema = { type: "string" };
const rUiSettings: Schema = { type: "object", properties: { "background_color": rHexColor } };
const rUiSettingsResponse: Schema = { type: "object", properties: { "ui_settings": rUiSettings, "message": { type: "string" }, "success": { type: "boolean" } } };
const rUserPhoneNumberResponse: Schema = { type: "object", required: ["phone_number","country_code"], properties: { "phone_number": { type: "string" }, "country_code": { type: "string" }, "e164": { type: "string" }, "updated_at": { type: "string" } } };
const rDetailedDevice: Schema = { type: "object", properties: { "device_type": { type: "string" }, "os_type": { type: "string" }, "registration_device_id": { type: ["integer","null"] }, "registration_method": { type: ["string","null"] }, "device_id": { type: "integer" }, "last_sync_date": { type: "integer" }, "creation_date": { type: "integer" } } };
const rUserStatusResponse: Schema = { type: "object", required: ["status"], properties: { "status": { type: "object", required: ["confirmed","registered"], properties: { "authy_id": rAuthyId, "confirmed": { type: "boolean" }, "registered": { type: "boolean" }, "country_code": { type: "integer" }, "phone_number": { type: "string" }, "email": { type: ["string","null"] }, "devices": { type: "array", items: { type: "string" } }, "has_hard_token": { type: "boolean" }, "account_disabled": { type: "boolean" }, "detailed_devices": { type: "array", items: rDetailedDevice }, "deleted_devices": { type: "array", items: rDetailedDevice } } }, "message": { type: "string" }, "success": { type: "boolean" } } };
const rDashboardUser: Schema = { type: "object", properties: { "authy_id": rAuthyId } };
const rApplicationUsersResponse: Schema = { type: "object", properties: { "users": { type: "array", items: rDashboardUser }, "message": { type: "string" }, "success": { type: "boolean" } } };
const rReportingEvent: Schema = { type: "object", required: ["event","time"], properties: { "event": { type: "string" }, "time": { type: "string" }, "request_id": { type: "string" }, "objects": { type: "object", additionalProperties: { type: "object" } } } };
const rReportingEventsResponse: Schema = { type: "object", required: ["events"], properties: { "events": { type: "array", items: rReportingEvent } } };
const rListWebhooksResponse: Schema = { type: "object", required: ["webhooks"], properties: { "webhooks": { type: "array", items: rWebhook }, "message": { type: "string" }, "success": { type: "boolean" } } };
const sActivityType: Schema = { type: "string", enum: ["password_reset","banned","unbanned","cookie_login"] };
const rEmail: Schema = { type: "string" };
const rSendEmailTokenResponse: Schema = { type: "object", properties: { "success": { type: "boolean" }, "message": { type: "string" }, "email": rEmail, "email_id": { type: "string" } } };
const sWireBoolean: Schema = { type: ["boolean","string"], enum: [true,false,"true","false","True","False","1","0"] };
const sActionName: Schema = { type: "string", minLength: 1, maxLength: 255 };
const sActionMessage: Schema = { type: "string", minLength: 1, maxLength: 255 };
const sLocale: Schema = { type: "string", pattern: "^[A-Za-z]{2,3}(-[A-Za-z]{2})?$", maxLength: 6 };
const rSendTokenResponse: Schema = { type: "object", properties: { "message": { type: "string" }, "cellphone": { type: "string" }, "ignored": { type: "boolean" }, "device": { type: ["string","null"] }, "success": { type: "boolean" } } };
const rPhoneVerificationUuid: Schema = rHexUuid;
const rStartPhoneVerificationResponse: Schema = { type: "object", required: ["uuid"], properties: { "carrier": { type: ["string","null"] }, "is_cellphone": { type: "boolean" }, "is_ported": { type: "boolean" }, "message": { type: "string" }, "seconds_to_expire": { type: "integer" }, "uuid": { anyOf: [rPhoneVerificationUuid, { type: "null" }] }, "sms_id": { type: "string" }, "success": { type: "boolean" } } };
const sHexColor: Schema = { type: "string", pattern: "^#[0-9A-Fa-f]{6}$" };
const rDevice: Schema = { type: "object", properties: { "id": { type: ["integer","null"] }, "os_type": { type: "string" }, "registration_date": { type: ["integer","null"] }, "registration_method": { type: ["string","null"] }, "registration_country": { type: ["string","null"] }, "registration_region": { type: ["string","null"] }, "registration_city": { type: ["string","null"] }, "registration_ip": { type: ["string","null"] }, "country": { type: ["string","null"] }, "region": { type: ["string","null"] }, "city": { type: ["string","null"] }, "ip": { type: ["string","null"] }, "last_account_recovery_at": { type: ["integer","null"] }, "last_sync_date": { type: ["integer","null"] }, "enabled_unlock_methods": { type: "array", items: { type: "string" } }, "last_unlock_method_used": { type: "string" }, "last_unlock_date": { type: "integer" }, "multidevice_enabled": { type: "boolean" }, "multidevice_updated_at": { type: "integer" } } };
const rVerifyTokenResponse: Schema = { type: "object", required: ["token","message"], properties: { "message": { type: "string" }, "token": { type: "string" }, "success": { type: "string" }, "device": rDevice } };

/** Every request operation of the spec: how to call it and how to check its input and its 200 body. */
export const operationTable = {
  checkPhoneVerification: {
    method: "GET",
    path: "/protected/{format}/phones/verification/check",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    fields: [
      { name: "country_code", in: "query", schema: sCountryCode, required: true },
      { name: "phone_number", in: "query", schema: sPhoneNumber, required: true },
      { name: "verification_code", in: "query", schema: sverification_code, required: true, secret: true },
    ],
    result: rCheckPhoneVerificationResponse,
  },
  createApplication: {
    method: "POST",
    path: "/dashboard/json/applications",
    format: false,
    retrySafe: false,
    auth: "none",
    body: "application/json",
    fields: [
      { name: "name", in: "body", schema: { type: "string", minLength: 1, maxLength: 255 }, required: true },
      { name: "phone_number", in: "body", schema: sPhoneNumber, required: true },
      { name: "country_code", in: "body", schema: sCountryCode, required: true },
      { name: "email", in: "body", schema: sEmail, required: true },
      { name: "integration_api_key", in: "body", schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,128}$" }, required: true, secret: true },
    ],
    result: rDashboardApplicationResponse,
  },
  createApprovalRequest: {
    method: "POST",
    path: "/onetouch/{format}/users/{authy_id}/approval_requests",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    body: "application/json",
    fields: [
      { name: "authy_id", in: "path", schema: sAuthyId, required: true },
      { name: "message", in: "body", schema: sApprovalRequestMessage, required: true },
      { name: "details", in: "body", schema: sApprovalRequestDetails },
      { name: "hidden_details", in: "body", schema: sApprovalRequestDetails },
      { name: "logos", in: "body", schema: { type: "array", items: sLogo } },
      { name: "seconds_to_expire", in: "body", schema: sApprovalRequestSecondsToExpire },
    ],
    result: rApprovalRequestCreateResponse,
  },
  createSdkRegistration: {
    method: "POST",
    path: "/protected/{format}/sdk/registrations",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    body: "application/json",
    fields: [
      { name: "authy_id", in: "body", schema: sAuthyId, required: true },
    ],
    result: rSdkRegistrationResponse,
  },
  createSmsFeedback: {
    method: "POST",
    path: "/2010-04-01/Accounts/{api_key}/SMS/Messages/{sms_id}/Feedback",
    format: false,
    retrySafe: false,
    auth: "none",
    body: "application/x-www-form-urlencoded",
    fields: [
      { name: "api_key", in: "path", schema: sApiKey, required: true, credential: "apiKey" },
      { name: "sms_id", in: "path", schema: { type: "string", pattern: "^[^/.?#%\\s]{1,64}$" }, required: true },
      { name: "Outcome", in: "body", schema: { type: "string", enum: ["received","not-received"] }, required: true },
    ],
    result: rSmsFeedbackResponse,
  },
  createUser: {
    method: "POST",
    path: "/protected/{format}/users/new",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    body: "application/json",
    fields: [
      { name: "user", in: "body", schema: { type: "object", required: ["email","cellphone","country_code"], properties: { "email": sEmail, "cellphone": sPhoneNumber, "country_code": sCountryCode } }, required: true },
      { name: "send_install_link_via_sms", in: "body", schema: { type: "boolean" } },
    ],
    result: rCreateUserResponse,
  },
  createWebhook: {
    method: "POST",
    path: "/dashboard/json/application/webhooks",
    format: false,
    retrySafe: false,
    auth: "signed",
    body: "application/json",
    fields: [
      { name: "url", in: "body", schema: { type: "string", format: "uri", maxLength: 2048 }, required: true },
      { name: "name", in: "body", schema: { type: "string", minLength: 1, maxLength: 255 }, required: true },
      { name: "events", in: "body", schema: { type: "array", minItems: 1, uniqueItems: true, items: sWebhookEventName }, required: true },
      { name: "app_api_key", in: "body", schema: sApiKey, required: true, credential: "appApiKey" },
      { name: "access_key", in: "body", schema: sAccessKey, required: true, credential: "accessKey" },
    ],
    result: rCreateWebhookResponse,
  },
  deleteSdkDevice: {
    method: "DELETE",
    path: "/protected/{format}/sdk/devices/{device_id}",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    fields: [
      { name: "device_id", in: "path", schema: { type: "integer", minimum: 1, maximum: 9007199254740991 }, required: true },
    ],
    result: rDeleteSdkDeviceResponse,
  },
  deleteUser: {
    method: "POST",
    path: "/protected/{format}/users/{authy_id}/delete",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    body: "application/json",
    fields: [
      { name: "authy_id", in: "path", schema: sAuthyId, required: true },
      { name: "user_ip", in: "body", schema: sUserIp },
    ],
    result: rUserChangeResponse,
  },
  deleteUserLegacy: {
    method: "POST",
    path: "/protected/{format}/users/delete/{authy_id}",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    body: "application/json",
    fields: [
      { name: "authy_id", in: "path", schema: sAuthyId, required: true },
      { name: "user_ip", in: "body", schema: sUserIp },
    ],
    result: rUserChangeResponse,
  },
  deleteWebhook: {
    method: "DELETE",
    path: "/dashboard/json/application/webhooks/{webhook_id}",
    format: false,
    retrySafe: false,
    auth: "signed",
    fields: [
      { name: "webhook_id", in: "path", schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" }, required: true },
      { name: "app_api_key", in: "query", schema: sApiKey, credential: "appApiKey" },
      { name: "access_key", in: "query", schema: sAccessKey, credential: "accessKey" },
    ],
    result: rDeleteWebhookResponse,
  },
  generateAuthenticatorQrCode: {
    method: "POST",
    path: "/protected/{format}/users/{authy_id}/secret",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    body: "application/json",
    fields: [
      { name: "authy_id", in: "path", schema: sAuthyId, required: true },
      { name: "qr_size", in: "body", schema: { type: "integer", minimum: 1 } },
      { name: "label", in: "body", schema: { type: "string", minLength: 1 } },
    ],
    result: rQrCodeResponse,
  },
  getApplicationAssets: {
    method: "GET",
    path: "/dashboard/json/application/assets",
    format: false,
    retrySafe: true,
    auth: "signed",
    fields: [
      { name: "app_api_key", in: "query", schema: sApiKey, required: true, credential: "appApiKey" },
      { name: "access_key", in: "query", schema: sAccessKey, required: true, credential: "accessKey" },
    ],
    result: rApplicationAssetsResponse,
  },
  getApplicationDetails: {
    method: "GET",
    path: "/protected/{format}/app/details",
    format: true,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "user_ip", in: "query", schema: sUserIp },
    ],
    result: rApplicationDetailsResponse,
  },
  getApplicationStats: {
    method: "GET",
    path: "/protected/{format}/app/stats",
    format: true,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "user_ip", in: "query", schema: sUserIp },
    ],
    result: rApplicationStatsResponse,
  },
  getApprovalRequest: {
    method: "GET",
    path: "/onetouch/{format}/approval_requests/{uuid}",
    format: true,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "uuid", in: "path", schema: sApprovalRequestUuid, required: true },
    ],
    result: rApprovalRequestStatusResponse,
  },
  getDashboardApplication: {
    method: "GET",
    path: "/dashboard/json/application/details",
    format: false,
    retrySafe: true,
    auth: "signed",
    fields: [
      { name: "app_api_key", in: "query", schema: sApiKey, required: true, credential: "appApiKey" },
      { name: "access_key", in: "query", schema: sAccessKey, required: true, credential: "accessKey" },
    ],
    result: rDashboardApplicationResponse,
  },
  getPhoneInfo: {
    method: "GET",
    path: "/protected/{format}/phones/info",
    format: true,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "country_code", in: "query", schema: sCountryCode, required: true },
      { name: "phone_number", in: "query", schema: sPhoneNumber, required: true },
      { name: "user_ip", in: "query", schema: sUserIp },
    ],
    result: rPhoneInfoResponse,
  },
  getPhoneVerificationStatus: {
    method: "GET",
    path: "/protected/{format}/phones/verification/status",
    format: true,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "uuid", in: "query", schema: sPhoneVerificationUuid },
      { name: "country_code", in: "query", schema: sCountryCode },
      { name: "phone_number", in: "query", schema: sPhoneNumber },
    ],
    result: rPhoneVerificationStatusResponse,
  },
  getRegistrationStatus: {
    method: "GET",
    path: "/protected/{format}/registrations/status",
    format: true,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "custom_user_id", in: "query", schema: { type: "string", minLength: 1, maxLength: 255 }, required: true },
    ],
    result: rRegistrationStatusResponse,
  },
  getReportingDateHistogram: {
    method: "GET",
    path: "/protected/json/reporting/date_histogram",
    format: false,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "report", in: "query", schema: { type: "object", additionalProperties: sReportingFilter }, deepObject: true },
      { name: "scope", in: "query", schema: sReportingFilter, deepObject: true },
      { name: "interval", in: "query", schema: { type: "string", enum: ["minute","hour","day"] } },
      { name: "page", in: "query", schema: { type: "integer", minimum: 1 } },
    ],
    result: rReportingDateHistogramResponse,
  },
  getUiSettings: {
    method: "GET",
    path: "/dashboard/json/application/ui_settings",
    format: false,
    retrySafe: true,
    auth: "signed",
    fields: [
      { name: "app_api_key", in: "query", schema: sApiKey, required: true, credential: "appApiKey" },
      { name: "access_key", in: "query", schema: sAccessKey, required: true, credential: "accessKey" },
    ],
    result: rUiSettingsResponse,
  },
  getUserPhoneNumber: {
    method: "GET",
    path: "/protected/json/users/{authy_id}/phone_number",
    format: false,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "authy_id", in: "path", schema: sAuthyId, required: true },
    ],
    result: rUserPhoneNumberResponse,
  },
  getUserStatus: {
    method: "GET",
    path: "/protected/{format}/users/{authy_id}/status",
    format: true,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "authy_id", in: "path", schema: sAuthyId, required: true },
      { name: "user_ip", in: "query", schema: sUserIp },
    ],
    result: rUserStatusResponse,
  },
  listApplicationUsers: {
    method: "GET",
    path: "/dashboard/json/application/users",
    format: false,
    retrySafe: true,
    auth: "signed",
    fields: [
      { name: "app_api_key", in: "query", schema: sApiKey, required: true, credential: "appApiKey" },
      { name: "access_key", in: "query", schema: sAccessKey, required: true, credential: "accessKey" },
    ],
    result: rApplicationUsersResponse,
  },
  listReportingEvents: {
    method: "GET",
    path: "/protected/json/reporting/events",
    format: false,
    retrySafe: true,
    auth: "apiKey",
    fields: [
      { name: "query", in: "query", schema: sReportingFilter, deepObject: true },
      { name: "page", in: "query", schema: { type: "integer", minimum: 1 } },
      { name: "per_page", in: "query", schema: { type: "integer", minimum: 1, maximum: 100 } },
    ],
    result: rReportingEventsResponse,
  },
  listWebhooks: {
    method: "GET",
    path: "/dashboard/json/application/webhooks",
    format: false,
    retrySafe: true,
    auth: "signed",
    fields: [
      { name: "app_api_key", in: "query", schema: sApiKey, credential: "appApiKey" },
      { name: "access_key", in: "query", schema: sAccessKey, credential: "accessKey" },
    ],
    result: rListWebhooksResponse,
  },
  registerUserActivity: {
    method: "POST",
    path: "/protected/{format}/users/{authy_id}/register_activity",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    body: "application/json",
    fields: [
      { name: "authy_id", in: "path", schema: sAuthyId, required: true },
      { name: "type", in: "body", schema: sActivityType, required: true },
      { name: "data", in: "body", schema: { type: "object", additionalProperties: { type: "string" } } },
      { name: "user_ip", in: "body", schema: sUserIp },
    ],
    result: rUserChangeResponse,
  },
  removeUser: {
    method: "POST",
    path: "/protected/{format}/users/{authy_id}/remove",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    body: "application/json",
    fields: [
      { name: "authy_id", in: "path", schema: sAuthyId, required: true },
      { name: "user_ip", in: "body", schema: sUserIp },
    ],
    result: rUserChangeResponse,
  },
  sendEmailToken: {
    method: "POST",
    path: "/protected/{format}/email/{authy_id}",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    body: "application/json",
    fields: [
      { name: "authy_id", in: "path", schema: sAuthyId, required: true },
      { name: "force", in: "body", schema: { type: "boolean" } },
    ],
    result: rSendEmailTokenResponse,
  },
  sendSmsToken: {
    method: "GET",
    path: "/protected/{format}/sms/{authy_id}",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    fields: [
      { name: "authy_id", in: "path", schema: sAuthyId, required: true },
      { name: "force", in: "query", schema: sWireBoolean },
      { name: "action", in: "query", schema: sActionName },
      { name: "action_message", in: "query", schema: sActionMessage },
      { name: "locale", in: "query", schema: sLocale },
    ],
    result: rSendTokenResponse,
  },
  sendVoiceToken: {
    method: "GET",
    path: "/protected/{format}/call/{authy_id}",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    fields: [
      { name: "authy_id", in: "path", schema: sAuthyId, required: true },
      { name: "force", in: "query", schema: sWireBoolean },
      { name: "action", in: "query", schema: sActionName },
      { name: "action_message", in: "query", schema: sActionMessage },
      { name: "locale", in: "query", schema: sLocale },
    ],
    result: rSendTokenResponse,
  },
  startPhoneVerification: {
    method: "POST",
    path: "/protected/{format}/phones/verification/start",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    body: "application/json",
    fields: [
      { name: "via", in: "body", schema: { type: "string", enum: ["sms","call"] }, required: true },
      { name: "country_code", in: "body", schema: sCountryCode, required: true },
      { name: "phone_number", in: "body", schema: sPhoneNumber, required: true },
      { name: "locale", in: "body", schema: sLocale },
      { name: "code_length", in: "body", schema: { type: ["integer","string"], pattern: "^([4-9]|10)$", minimum: 4, maximum: 10 } },
      { name: "custom_code", in: "body", schema: { type: ["integer","string"], pattern: "^[0-9]{4,10}$", minimum: 1000, maximum: 9999999999 }, secret: true },
      { name: "custom_message", in: "body", schema: { type: "string" } },
    ],
    result: rStartPhoneVerificationResponse,
  },
  updateApplicationAssets: {
    method: "POST",
    path: "/dashboard/json/application/assets/update",
    format: false,
    retrySafe: false,
    auth: "signed",
    body: "multipart/form-data",
    fields: [
      { name: "main_logo", in: "body", schema: { type: "string", contentMediaType: "image/png" } },
      { name: "sidebar_logo", in: "body", schema: { type: "string", contentMediaType: "image/png" } },
      { name: "app_api_key", in: "body", schema: sApiKey, required: true, credential: "appApiKey" },
      { name: "access_key", in: "body", schema: sAccessKey, required: true, credential: "accessKey" },
    ],
    result: rApplicationAssetsResponse,
  },
  updateDashboardApplication: {
    method: "POST",
    path: "/dashboard/json/application/update",
    format: false,
    retrySafe: false,
    auth: "signed",
    body: "application/json",
    fields: [
      { name: "name", in: "body", schema: { type: "string", minLength: 1, maxLength: 255 } },
      { name: "app_api_key", in: "body", schema: sApiKey, required: true, credential: "appApiKey" },
      { name: "access_key", in: "body", schema: sAccessKey, required: true, credential: "accessKey" },
    ],
    result: rDashboardApplicationResponse,
  },
  updateUiSettings: {
    method: "POST",
    path: "/dashboard/json/application/ui_settings/update",
    format: false,
    retrySafe: false,
    auth: "signed",
    body: "application/json",
    fields: [
      { name: "background_color", in: "body", schema: sHexColor },
      { name: "app_api_key", in: "body", schema: sApiKey, required: true, credential: "appApiKey" },
      { name: "access_key", in: "body", schema: sAccessKey, required: true, credential: "accessKey" },
    ],
    result: rUiSettingsResponse,
  },
  updateUserEmail: {
    method: "POST",
    path: "/protected/{format}/users/{authy_id}/update",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    body: "application/json",
    fields: [
      { name: "authy_id", in: "path", schema: sAuthyId, required: true },
      { name: "email", in: "body", schema: sEmail, required: true },
    ],
    result: rUserChangeResponse,
  },
  verifyToken: {
    method: "GET",
    path: "/protected/{format}/verify/{token}/{authy_id}",
    format: true,
    retrySafe: false,
    auth: "apiKey",
    fields: [
      { name: "token", in: "path", schema: { type: "string", pattern: "^[0-9]{6,16}$" }, required: true, secret: true },
      { name: "authy_id", in: "path", schema: sAuthyId, required: true },
      { name: "force", in: "query", schema: sWireBoolean, clientDefault: true },
      { name: "action", in: "query", schema: sActionName },
      { name: "action_message", in: "query", schema: sActionMessage },
    ],
    result: rVerifyTokenResponse,
  },
} as const satisfies OperationTable;
