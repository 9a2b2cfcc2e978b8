/**
 * DO NOT EDIT: generated from openapi/ by `npm run generate` (scripts/generate.mjs).
 * See generated/README.md.
 */

import type { components, operations } from "./schema.js";

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The first argument of each client method: path, query and body parameters in their canonical place. */
export interface OperationInputs {
  checkPhoneVerification: Simplify<Required<Pick<NonNullable<operations["checkPhoneVerification"]["parameters"]["query"]>, "country_code" | "phone_number" | "verification_code">>>;
  createApplication: Simplify<NonNullable<operations["createApplication"]["requestBody"]>["content"]["application/json"]>;
  createApprovalRequest: Simplify<Pick<operations["createApprovalRequest"]["parameters"]["path"], "authy_id"> & Omit<NonNullable<operations["createApprovalRequest"]["requestBody"]>["content"]["application/json"], "details" | "seconds_to_expire"> & { details?: components["schemas"]["ApprovalRequestDetails"]; seconds_to_expire?: components["schemas"]["ApprovalRequestSecondsToExpire"] }>;
  createSdkRegistration: Simplify<NonNullable<operations["createSdkRegistration"]["requestBody"]>["content"]["application/json"]>;
  createSmsFeedback: Simplify<Pick<operations["createSmsFeedback"]["parameters"]["path"], "sms_id"> & NonNullable<operations["createSmsFeedback"]["requestBody"]>["content"]["application/x-www-form-urlencoded"]>;
  createUser: Simplify<NonNullable<operations["createUser"]["requestBody"]>["content"]["application/json"]>;
  createWebhook: Simplify<Omit<NonNullable<operations["createWebhook"]["requestBody"]>["content"]["application/json"], "app_api_key" | "access_key">>;
  deleteSdkDevice: Simplify<Pick<operations["deleteSdkDevice"]["parameters"]["path"], "device_id">>;
  deleteUser: Simplify<Pick<operations["deleteUser"]["parameters"]["path"], "authy_id"> & NonNullable<operations["deleteUser"]["requestBody"]>["content"]["application/json"]>;
  deleteUserLegacy: Simplify<Pick<operations["deleteUserLegacy"]["parameters"]["path"], "authy_id"> & NonNullable<operations["deleteUserLegacy"]["requestBody"]>["content"]["application/json"]>;
  deleteWebhook: Simplify<Pick<operations["deleteWebhook"]["parameters"]["path"], "webhook_id">>;
  generateAuthenticatorQrCode: Simplify<Pick<operations["generateAuthenticatorQrCode"]["parameters"]["path"], "authy_id"> & NonNullable<operations["generateAuthenticatorQrCode"]["requestBody"]>["content"]["application/json"]>;
  getApplicationAssets: Simplify<{}>;
  getApplicationDetails: Simplify<Pick<NonNullable<operations["getApplicationDetails"]["parameters"]["query"]>, "user_ip">>;
  getApplicationStats: Simplify<Pick<NonNullable<operations["getApplicationStats"]["parameters"]["query"]>, "user_ip">>;
  getApprovalRequest: Simplify<Pick<operations["getApprovalRequest"]["parameters"]["path"], "uuid">>;
  getDashboardApplication: Simplify<{}>;
  getPhoneInfo: Simplify<Required<Pick<NonNullable<operations["getPhoneInfo"]["parameters"]["query"]>, "country_code" | "phone_number">> & Pick<NonNullable<operations["getPhoneInfo"]["parameters"]["query"]>, "user_ip">>;
  getPhoneVerificationStatus: Simplify<Pick<NonNullable<operations["getPhoneVerificationStatus"]["parameters"]["query"]>, "uuid" | "country_code" | "phone_number">>;
  getRegistrationStatus: Simplify<Required<Pick<NonNullable<operations["getRegistrationStatus"]["parameters"]["query"]>, "custom_user_id">>>;
  getReportingDateHistogram: Simplify<Pick<NonNullable<operations["getReportingDateHistogram"]["parameters"]["query"]>, "report" | "scope" | "interval" | "page">>;
  getUiSettings: Simplify<{}>;
  getUserPhoneNumber: Simplify<Pick<operations["getUserPhoneNumber"]["parameters"]["path"], "authy_id">>;
  getUserStatus: Simplify<Pick<operations["getUserStatus"]["parameters"]["path"], "authy_id"> & Pick<NonNullable<operations["getUserStatus"]["parameters"]["query"]>, "user_ip">>;
  listApplicationUsers: Simplify<{}>;
  listReportingEvents: Simplify<Pick<NonNullable<operations["listReportingEvents"]["parameters"]["query"]>, "query" | "page" | "per_page">>;
  listWebhooks: Simplify<{}>;
  registerUserActivity: Simplify<Pick<operations["registerUserActivity"]["parameters"]["path"], "authy_id"> & NonNullable<operations["registerUserActivity"]["requestBody"]>["content"]["application/json"]>;
  removeUser: Simplify<Pick<operations["removeUser"]["parameters"]["path"], "authy_id"> & NonNullable<operations["removeUser"]["requestBody"]>["content"]["application/json"]>;
  sendEmailToken: Simplify<Pick<operations["sendEmailToken"]["parameters"]["path"], "authy_id"> & NonNullable<operations["sendEmailToken"]["requestBody"]>["content"]["application/json"]>;
  sendSmsToken: Simplify<Pick<operations["sendSmsToken"]["parameters"]["path"], "authy_id"> & Pick<NonNullable<operations["sendSmsToken"]["parameters"]["query"]>, "force" | "action" | "action_message" | "locale">>;
  sendVoiceToken: Simplify<Pick<operations["sendVoiceToken"]["parameters"]["path"], "authy_id"> & Pick<NonNullable<operations["sendVoiceToken"]["parameters"]["query"]>, "force" | "action" | "action_message" | "locale">>;
  startPhoneVerification: Simplify<Omit<NonNullable<operations["startPhoneVerification"]["requestBody"]>["content"]["application/json"], "api_key">>;
  updateApplicationAssets: Simplify<Omit<NonNullable<operations["updateApplicationAssets"]["requestBody"]>["content"]["multipart/form-data"], "main_logo" | "sidebar_logo" | "app_api_key" | "access_key"> & { main_logo?: Blob; sidebar_logo?: Blob }>;
  updateDashboardApplication: Simplify<Omit<NonNullable<operations["updateDashboardApplication"]["requestBody"]>["content"]["application/json"], "app_api_key" | "access_key">>;
  updateUiSettings: Simplify<Omit<NonNullable<operations["updateUiSettings"]["requestBody"]>["content"]["application/json"], "app_api_key" | "access_key">>;
  updateUserEmail: Simplify<Pick<operations["updateUserEmail"]["parameters"]["path"], "authy_id"> & NonNullable<operations["updateUserEmail"]["requestBody"]>["content"]["application/json"]>;
  verifyToken: Simplify<Pick<operations["verifyToken"]["parameters"]["path"], "token" | "authy_id"> & Pick<NonNullable<operations["verifyToken"]["parameters"]["query"]>, "force" | "action" | "action_message">>;
}

/** The decoded 200 body of each operation. */
export interface OperationResults {
  checkPhoneVerification: operations["checkPhoneVerification"]["responses"][200]["content"]["application/json"];
  createApplication: operations["createApplication"]["responses"][200]["content"]["application/json"];
  createApprovalRequest: operations["createApprovalRequest"]["responses"][200]["content"]["application/json"];
  createSdkRegistration: operations["createSdkRegistration"]["responses"][200]["content"]["application/json"];
  createSmsFeedback: operations["createSmsFeedback"]["responses"][200]["content"]["application/json"];
  createUser: operations["createUser"]["responses"][200]["content"]["application/json"];
  createWebhook: operations["createWebhook"]["responses"][200]["content"]["application/json"];
  deleteSdkDevice: operations["deleteSdkDevice"]["responses"][200]["content"]["application/json"];
  deleteUser: operations["deleteUser"]["responses"][200]["content"]["application/json"];
  deleteUserLegacy: operations["deleteUserLegacy"]["responses"][200]["content"]["application/json"];
  deleteWebhook: operations["deleteWebhook"]["responses"][200]["content"]["application/json"];
  generateAuthenticatorQrCode: operations["generateAuthenticatorQrCode"]["responses"][200]["content"]["application/json"];
  getApplicationAssets: operations["getApplicationAssets"]["responses"][200]["content"]["application/json"];
  getApplicationDetails: operations["getApplicationDetails"]["responses"][200]["content"]["application/json"];
  getApplicationStats: operations["getApplicationStats"]["responses"][200]["content"]["application/json"];
  getApprovalRequest: operations["getApprovalRequest"]["responses"][200]["content"]["application/json"];
  getDashboardApplication: operations["getDashboardApplication"]["responses"][200]["content"]["application/json"];
  getPhoneInfo: operations["getPhoneInfo"]["responses"][200]["content"]["application/json"];
  getPhoneVerificationStatus: operations["getPhoneVerificationStatus"]["responses"][200]["content"]["application/json"];
  getRegistrationStatus: operations["getRegistrationStatus"]["responses"][200]["content"]["application/json"];
  getReportingDateHistogram: operations["getReportingDateHistogram"]["responses"][200]["content"]["application/json"];
  getUiSettings: operations["getUiSettings"]["responses"][200]["content"]["application/json"];
  getUserPhoneNumber: operations["getUserPhoneNumber"]["responses"][200]["content"]["application/json"];
  getUserStatus: operations["getUserStatus"]["responses"][200]["content"]["application/json"];
  listApplicationUsers: operations["listApplicationUsers"]["responses"][200]["content"]["application/json"];
  listReportingEvents: operations["listReportingEvents"]["responses"][200]["content"]["application/json"];
  listWebhooks: operations["listWebhooks"]["responses"][200]["content"]["application/json"];
  registerUserActivity: operations["registerUserActivity"]["responses"][200]["content"]["application/json"];
  removeUser: operations["removeUser"]["responses"][200]["content"]["application/json"];
  sendEmailToken: operations["sendEmailToken"]["responses"][200]["content"]["application/json"];
  sendSmsToken: operations["sendSmsToken"]["responses"][200]["content"]["application/json"];
  sendVoiceToken: operations["sendVoiceToken"]["responses"][200]["content"]["application/json"];
  startPhoneVerification: operations["startPhoneVerification"]["responses"][200]["content"]["application/json"];
  updateApplicationAssets: operations["updateApplicationAssets"]["responses"][200]["content"]["application/json"];
  updateDashboardApplication: operations["updateDashboardApplication"]["responses"][200]["content"]["application/json"];
  updateUiSettings: operations["updateUiSettings"]["responses"][200]["content"]["application/json"];
  updateUserEmail: operations["updateUserEmail"]["responses"][200]["content"]["application/json"];
  verifyToken: operations["verifyToken"]["responses"][200]["content"]["application/json"];
}

/** One method per operation of the spec, named after its operationId. */
export interface OperationMethods<CallOptions> {
  /**
   * Check a phone verification code
   *
   * `GET /protected/{format}/phones/verification/check` (never retried unless asked)
   * @deprecated **Deprecated.** Phone verification v1 ("Verify v1") is on End of Sale: closed to new customers, kept for
   */
  checkPhoneVerification(input: OperationInputs["checkPhoneVerification"], options?: CallOptions): Promise<OperationResults["checkPhoneVerification"]>;
  /**
   * Create an Authy application
   *
   * `POST /dashboard/json/applications` (never retried unless asked)
   */
  createApplication(input: OperationInputs["createApplication"], options?: CallOptions): Promise<OperationResults["createApplication"]>;
  /**
   * Send a OneTouch approval request
   *
   * `POST /onetouch/{format}/users/{authy_id}/approval_requests` (never retried unless asked)
   */
  createApprovalRequest(input: OperationInputs["createApprovalRequest"], options?: CallOptions): Promise<OperationResults["createApprovalRequest"]>;
  /**
   * Create a registration token for the mobile SDK
   *
   * `POST /protected/{format}/sdk/registrations` (never retried unless asked)
   */
  createSdkRegistration(input: OperationInputs["createSdkRegistration"], options?: CallOptions): Promise<OperationResults["createSdkRegistration"]>;
  /**
   * Report whether a phone verification SMS arrived
   *
   * `POST /2010-04-01/Accounts/{api_key}/SMS/Messages/{sms_id}/Feedback` (never retried unless asked)
   * @deprecated **Deprecated:** part of phone verification v1 ("Verify v1"), which Twilio put on End of Sale. New
   */
  createSmsFeedback(input: OperationInputs["createSmsFeedback"], options?: CallOptions): Promise<OperationResults["createSmsFeedback"]>;
  /**
   * Register a user
   *
   * `POST /protected/{format}/users/new` (never retried unless asked)
   */
  createUser(input: OperationInputs["createUser"], options?: CallOptions): Promise<OperationResults["createUser"]>;
  /**
   * Create a webhook
   *
   * `POST /dashboard/json/application/webhooks` (never retried unless asked)
   */
  createWebhook(input: OperationInputs["createWebhook"], options?: CallOptions): Promise<OperationResults["createWebhook"]>;
  /**
   * Delete a mobile SDK device
   *
   * `DELETE /protected/{format}/sdk/devices/{device_id}` (never retried unless asked)
   */
  deleteSdkDevice(input: OperationInputs["deleteSdkDevice"], options?: CallOptions): Promise<OperationResults["deleteSdkDevice"]>;
  /**
   * Remove a user (deprecated path /users/{authy_id}/delete)
   *
   * `POST /protected/{format}/users/{authy_id}/delete` (never retried unless asked)
   * @deprecated **Deprecated spelling** of `removeUser`, still sent by authy-python, authy-client <= 1.1.3, authy-rs and the
   */
  deleteUser(input: OperationInputs["deleteUser"], options?: CallOptions): Promise<OperationResults["deleteUser"]>;
  /**
   * Remove a user (deprecated path /users/delete/{authy_id})
   *
   * `POST /protected/{format}/users/delete/{authy_id}` (never retried unless asked)
   * @deprecated **Deprecated spelling** of `removeUser`, still sent by authy-ruby, authy-java, node-authy and authy-php <= 3.0.1.
   */
  deleteUserLegacy(input: OperationInputs["deleteUserLegacy"], options?: CallOptions): Promise<OperationResults["deleteUserLegacy"]>;
  /**
   * Delete a webhook
   *
   * `DELETE /dashboard/json/application/webhooks/{webhook_id}` (never retried unless asked)
   */
  deleteWebhook(input: OperationInputs["deleteWebhook"], options?: CallOptions): Promise<OperationResults["deleteWebhook"]>;
  /**
   * Generate an authenticator QR code
   *
   * `POST /protected/{format}/users/{authy_id}/secret` (never retried unless asked)
   */
  generateAuthenticatorQrCode(input: OperationInputs["generateAuthenticatorQrCode"], options?: CallOptions): Promise<OperationResults["generateAuthenticatorQrCode"]>;
  /**
   * Get the application's logos
   *
   * `GET /dashboard/json/application/assets` (safe to retry)
   */
  getApplicationAssets(input?: OperationInputs["getApplicationAssets"], options?: CallOptions): Promise<OperationResults["getApplicationAssets"]>;
  /**
   * Get the application's details
   *
   * `GET /protected/{format}/app/details` (safe to retry)
   */
  getApplicationDetails(input?: OperationInputs["getApplicationDetails"], options?: CallOptions): Promise<OperationResults["getApplicationDetails"]>;
  /**
   * Get the application's monthly statistics
   *
   * `GET /protected/{format}/app/stats` (safe to retry)
   */
  getApplicationStats(input?: OperationInputs["getApplicationStats"], options?: CallOptions): Promise<OperationResults["getApplicationStats"]>;
  /**
   * Get an approval request's status
   *
   * `GET /onetouch/{format}/approval_requests/{uuid}` (safe to retry)
   */
  getApprovalRequest(input: OperationInputs["getApprovalRequest"], options?: CallOptions): Promise<OperationResults["getApprovalRequest"]>;
  /**
   * Get the application's settings
   *
   * `GET /dashboard/json/application/details` (safe to retry)
   */
  getDashboardApplication(input?: OperationInputs["getDashboardApplication"], options?: CallOptions): Promise<OperationResults["getDashboardApplication"]>;
  /**
   * Get a phone number's line type and carrier
   *
   * `GET /protected/{format}/phones/info` (safe to retry)
   */
  getPhoneInfo(input: OperationInputs["getPhoneInfo"], options?: CallOptions): Promise<OperationResults["getPhoneInfo"]>;
  /**
   * Get a phone verification's status
   *
   * `GET /protected/{format}/phones/verification/status` (safe to retry)
   * @deprecated **Deprecated.** Phone verification v1 ("Verify v1") is on End of Sale: closed to new customers, kept for
   */
  getPhoneVerificationStatus(input?: OperationInputs["getPhoneVerificationStatus"], options?: CallOptions): Promise<OperationResults["getPhoneVerificationStatus"]>;
  /**
   * Get the status of a registration without PII
   *
   * `GET /protected/{format}/registrations/status` (safe to retry)
   */
  getRegistrationStatus(input: OperationInputs["getRegistrationStatus"], options?: CallOptions): Promise<OperationResults["getRegistrationStatus"]>;
  /**
   * Count reporting events per time interval
   *
   * `GET /protected/json/reporting/date_histogram` (safe to retry)
   */
  getReportingDateHistogram(input?: OperationInputs["getReportingDateHistogram"], options?: CallOptions): Promise<OperationResults["getReportingDateHistogram"]>;
  /**
   * Get the application's UI settings
   *
   * `GET /dashboard/json/application/ui_settings` (safe to retry)
   */
  getUiSettings(input?: OperationInputs["getUiSettings"], options?: CallOptions): Promise<OperationResults["getUiSettings"]>;
  /**
   * Export a user's phone number
   *
   * `GET /protected/json/users/{authy_id}/phone_number` (safe to retry)
   */
  getUserPhoneNumber(input: OperationInputs["getUserPhoneNumber"], options?: CallOptions): Promise<OperationResults["getUserPhoneNumber"]>;
  /**
   * Get a user's status
   *
   * `GET /protected/{format}/users/{authy_id}/status` (safe to retry)
   */
  getUserStatus(input: OperationInputs["getUserStatus"], options?: CallOptions): Promise<OperationResults["getUserStatus"]>;
  /**
   * List the application's users
   *
   * `GET /dashboard/json/application/users` (safe to retry)
   */
  listApplicationUsers(input?: OperationInputs["listApplicationUsers"], options?: CallOptions): Promise<OperationResults["listApplicationUsers"]>;
  /**
   * List reporting events
   *
   * `GET /protected/json/reporting/events` (safe to retry)
   */
  listReportingEvents(input?: OperationInputs["listReportingEvents"], options?: CallOptions): Promise<OperationResults["listReportingEvents"]>;
  /**
   * List the application's webhooks
   *
   * `GET /dashboard/json/application/webhooks` (safe to retry)
   */
  listWebhooks(input?: OperationInputs["listWebhooks"], options?: CallOptions): Promise<OperationResults["listWebhooks"]>;
  /**
   * Record a user activity
   *
   * `POST /protected/{format}/users/{authy_id}/register_activity` (never retried unless asked)
   */
  registerUserActivity(input: OperationInputs["registerUserActivity"], options?: CallOptions): Promise<OperationResults["registerUserActivity"]>;
  /**
   * Remove a user
   *
   * `POST /protected/{format}/users/{authy_id}/remove` (never retried unless asked)
   */
  removeUser(input: OperationInputs["removeUser"], options?: CallOptions): Promise<OperationResults["removeUser"]>;
  /**
   * Send a token by email
   *
   * `POST /protected/{format}/email/{authy_id}` (never retried unless asked)
   */
  sendEmailToken(input: OperationInputs["sendEmailToken"], options?: CallOptions): Promise<OperationResults["sendEmailToken"]>;
  /**
   * Send a token by SMS
   *
   * `GET /protected/{format}/sms/{authy_id}` (never retried unless asked)
   * @deprecated **Deprecated by Twilio:** Authy SMS one-time passwords were deprecated on 2022-11-01, and requests after
   */
  sendSmsToken(input: OperationInputs["sendSmsToken"], options?: CallOptions): Promise<OperationResults["sendSmsToken"]>;
  /**
   * Send a token by voice call
   *
   * `GET /protected/{format}/call/{authy_id}` (never retried unless asked)
   * @deprecated **Deprecated by Twilio:** Authy voice one-time passwords were deprecated on 2022-11-01, and requests after
   */
  sendVoiceToken(input: OperationInputs["sendVoiceToken"], options?: CallOptions): Promise<OperationResults["sendVoiceToken"]>;
  /**
   * Send a phone verification code
   *
   * `POST /protected/{format}/phones/verification/start` (never retried unless asked)
   * @deprecated **Deprecated.** Phone verification v1 ("Verify v1") is on End of Sale: closed to new customers, kept for
   */
  startPhoneVerification(input: OperationInputs["startPhoneVerification"], options?: CallOptions): Promise<OperationResults["startPhoneVerification"]>;
  /**
   * Upload the application's logos
   *
   * `POST /dashboard/json/application/assets/update` (never retried unless asked)
   */
  updateApplicationAssets(input?: OperationInputs["updateApplicationAssets"], options?: CallOptions): Promise<OperationResults["updateApplicationAssets"]>;
  /**
   * Update the application's settings
   *
   * `POST /dashboard/json/application/update` (never retried unless asked)
   */
  updateDashboardApplication(input?: OperationInputs["updateDashboardApplication"], options?: CallOptions): Promise<OperationResults["updateDashboardApplication"]>;
  /**
   * Update the application's UI settings
   *
   * `POST /dashboard/json/application/ui_settings/update` (never retried unless asked)
   */
  updateUiSettings(input?: OperationInputs["updateUiSettings"], options?: CallOptions): Promise<OperationResults["updateUiSettings"]>;
  /**
   * Change a user's email address
   *
   * `POST /protected/{format}/users/{authy_id}/update` (never retried unless asked)
   */
  updateUserEmail(input: OperationInputs["updateUserEmail"], options?: CallOptions): Promise<OperationResults["updateUserEmail"]>;
  /**
   * Verify a one-time password
   *
   * `GET /protected/{format}/verify/{token}/{authy_id}` (never retried unless asked)
   */
  verifyToken(input: OperationInputs["verifyToken"], options?: CallOptions): Promise<OperationResults["verifyToken"]>;
}

export type OperationId = keyof OperationInputs;
