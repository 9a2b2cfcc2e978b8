/**
 * DO NOT EDIT: generated from openapi/dev/ by `npm run generate` (scripts/generate.mjs).
 * See server/generated/README.md.
 */

import type { components, operations } from "./dev-schema.js";

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The first argument of each client method: path, query and body parameters in their canonical place. */
export interface OperationInputs {
  advanceClock: Simplify<NonNullable<operations["advanceClock"]["requestBody"]>["content"]["application/json"]>;
  approveApprovalRequest: Simplify<Pick<operations["approveApprovalRequest"]["parameters"]["path"], "uuid"> & NonNullable<operations["approveApprovalRequest"]["requestBody"]>["content"]["application/json"]>;
  createFault: Simplify<NonNullable<operations["createFault"]["requestBody"]>["content"]["application/json"]>;
  createRegistration: Simplify<NonNullable<operations["createRegistration"]["requestBody"]>["content"]["application/json"]>;
  deleteFaults: Simplify<NonNullable<operations["deleteFaults"]["requestBody"]>["content"]["application/json"]>;
  denyApprovalRequest: Simplify<Pick<operations["denyApprovalRequest"]["parameters"]["path"], "uuid"> & NonNullable<operations["denyApprovalRequest"]["requestBody"]>["content"]["application/json"]>;
  exportState: Simplify<{}>;
  getApp: Simplify<{}>;
  getApprovalRequest: Simplify<Pick<operations["getApprovalRequest"]["parameters"]["path"], "uuid">>;
  getClock: Simplify<{}>;
  getUser: Simplify<Pick<operations["getUser"]["parameters"]["path"], "authy_id">>;
  importState: Simplify<NonNullable<operations["importState"]["requestBody"]>["content"]["application/json"]>;
  listApprovalRequests: Simplify<Pick<NonNullable<operations["listApprovalRequests"]["parameters"]["query"]>, "status" | "limit">>;
  listApps: Simplify<{}>;
  listCallbacks: Simplify<Pick<NonNullable<operations["listCallbacks"]["parameters"]["query"]>, "limit">>;
  listDeliveries: Simplify<Pick<NonNullable<operations["listDeliveries"]["parameters"]["query"]>, "kind" | "limit">>;
  listFaults: Simplify<{}>;
  listMessages: Simplify<Pick<NonNullable<operations["listMessages"]["parameters"]["query"]>, "authy_id" | "to" | "channel" | "limit">>;
  resetState: Simplify<NonNullable<operations["resetState"]["requestBody"]>["content"]["application/json"]>;
  sendCallback: Simplify<Pick<operations["sendCallback"]["parameters"]["path"], "id"> & NonNullable<operations["sendCallback"]["requestBody"]>["content"]["application/json"]>;
  updateApp: Simplify<NonNullable<operations["updateApp"]["requestBody"]>["content"]["application/json"]>;
  updateUser: Simplify<Pick<operations["updateUser"]["parameters"]["path"], "authy_id"> & NonNullable<operations["updateUser"]["requestBody"]>["content"]["application/json"]>;
}

/** The decoded 200 body of each operation. */
export interface OperationResults {
  advanceClock: operations["advanceClock"]["responses"][200]["content"]["application/json"];
  approveApprovalRequest: operations["approveApprovalRequest"]["responses"][200]["content"]["application/json"];
  createFault: operations["createFault"]["responses"][200]["content"]["application/json"];
  createRegistration: operations["createRegistration"]["responses"][200]["content"]["application/json"];
  deleteFaults: operations["deleteFaults"]["responses"][200]["content"]["application/json"];
  denyApprovalRequest: operations["denyApprovalRequest"]["responses"][200]["content"]["application/json"];
  exportState: operations["exportState"]["responses"][200]["content"]["application/json"];
  getApp: operations["getApp"]["responses"][200]["content"]["application/json"];
  getApprovalRequest: operations["getApprovalRequest"]["responses"][200]["content"]["application/json"];
  getClock: operations["getClock"]["responses"][200]["content"]["application/json"];
  getUser: operations["getUser"]["responses"][200]["content"]["application/json"];
  importState: operations["importState"]["responses"][200]["content"]["application/json"];
  listApprovalRequests: operations["listApprovalRequests"]["responses"][200]["content"]["application/json"];
  listApps: operations["listApps"]["responses"][200]["content"]["application/json"];
  listCallbacks: operations["listCallbacks"]["responses"][200]["content"]["application/json"];
  listDeliveries: operations["listDeliveries"]["responses"][200]["content"]["application/json"];
  listFaults: operations["listFaults"]["responses"][200]["content"]["application/json"];
  listMessages: operations["listMessages"]["responses"][200]["content"]["application/json"];
  resetState: operations["resetState"]["responses"][200]["content"]["application/json"];
  sendCallback: operations["sendCallback"]["responses"][200]["content"]["application/json"];
  updateApp: operations["updateApp"]["responses"][200]["content"]["application/json"];
  updateUser: operations["updateUser"]["responses"][200]["content"]["application/json"];
}

/** One method per operation of the spec, named after its operationId. */
export interface OperationMethods<CallOptions> {
  /**
   * Move the server's clock
   *
   * `POST /__dev/clock` (never retried unless asked)
   */
  advanceClock(input: OperationInputs["advanceClock"], options?: CallOptions): Promise<OperationResults["advanceClock"]>;
  /**
   * Approve an approval request (as the user)
   *
   * `POST /__dev/approval_requests/{uuid}/approve` (never retried unless asked)
   */
  approveApprovalRequest(input: OperationInputs["approveApprovalRequest"], options?: CallOptions): Promise<OperationResults["approveApprovalRequest"]>;
  /**
   * Make an operation fail on purpose
   *
   * `PUT /__dev/faults` (safe to retry)
   */
  createFault(input: OperationInputs["createFault"], options?: CallOptions): Promise<OperationResults["createFault"]>;
  /**
   * Play the Authy app that scans a registration QR code
   *
   * `POST /__dev/registrations` (never retried unless asked)
   */
  createRegistration(input?: OperationInputs["createRegistration"], options?: CallOptions): Promise<OperationResults["createRegistration"]>;
  /**
   * Clear one operation's fault, or all
   *
   * `DELETE /__dev/faults` (safe to retry)
   */
  deleteFaults(input?: OperationInputs["deleteFaults"], options?: CallOptions): Promise<OperationResults["deleteFaults"]>;
  /**
   * Deny an approval request (as the user)
   *
   * `POST /__dev/approval_requests/{uuid}/deny` (never retried unless asked)
   */
  denyApprovalRequest(input: OperationInputs["denyApprovalRequest"], options?: CallOptions): Promise<OperationResults["denyApprovalRequest"]>;
  /**
   * Export the whole state
   *
   * `GET /__dev/export` (safe to retry)
   */
  exportState(input?: OperationInputs["exportState"], options?: CallOptions): Promise<OperationResults["exportState"]>;
  /**
   * Get the application and its API key
   *
   * `GET /__dev/app` (safe to retry)
   */
  getApp(input?: OperationInputs["getApp"], options?: CallOptions): Promise<OperationResults["getApp"]>;
  /**
   * Show an approval request (the approve/deny page, or JSON)
   *
   * `GET /__dev/approval_requests/{uuid}` (safe to retry)
   */
  getApprovalRequest(input: OperationInputs["getApprovalRequest"], options?: CallOptions): Promise<OperationResults["getApprovalRequest"]>;
  /**
   * Get the server's clock
   *
   * `GET /__dev/clock` (safe to retry)
   */
  getClock(input?: OperationInputs["getClock"], options?: CallOptions): Promise<OperationResults["getClock"]>;
  /**
   * Get a user as stored
   *
   * `GET /__dev/users/{authy_id}` (safe to retry)
   */
  getUser(input: OperationInputs["getUser"], options?: CallOptions): Promise<OperationResults["getUser"]>;
  /**
   * Replace the state with a seed or an export
   *
   * `POST /__dev/import` (safe to retry)
   */
  importState(input: OperationInputs["importState"], options?: CallOptions): Promise<OperationResults["importState"]>;
  /**
   * List approval requests
   *
   * `GET /__dev/approval_requests` (safe to retry)
   */
  listApprovalRequests(input?: OperationInputs["listApprovalRequests"], options?: CallOptions): Promise<OperationResults["listApprovalRequests"]>;
  /**
   * List every application with its keys
   *
   * `GET /__dev/apps` (safe to retry)
   */
  listApps(input?: OperationInputs["listApps"], options?: CallOptions): Promise<OperationResults["listApps"]>;
  /**
   * List OneTouch callbacks
   *
   * `GET /__dev/callbacks` (safe to retry)
   */
  listCallbacks(input?: OperationInputs["listCallbacks"], options?: CallOptions): Promise<OperationResults["listCallbacks"]>;
  /**
   * List outbound deliveries of every kind
   *
   * `GET /__dev/deliveries` (safe to retry)
   */
  listDeliveries(input?: OperationInputs["listDeliveries"], options?: CallOptions): Promise<OperationResults["listDeliveries"]>;
  /**
   * List the faults set
   *
   * `GET /__dev/faults` (safe to retry)
   */
  listFaults(input?: OperationInputs["listFaults"], options?: CallOptions): Promise<OperationResults["listFaults"]>;
  /**
   * List the messages the server sent
   *
   * `GET /__dev/messages` (safe to retry)
   */
  listMessages(input?: OperationInputs["listMessages"], options?: CallOptions): Promise<OperationResults["listMessages"]>;
  /**
   * Empty the server's state
   *
   * `POST /__dev/reset` (safe to retry)
   */
  resetState(input?: OperationInputs["resetState"], options?: CallOptions): Promise<OperationResults["resetState"]>;
  /**
   * Send a callback now
   *
   * `POST /__dev/callbacks/{id}/retry` (never retried unless asked)
   */
  sendCallback(input: OperationInputs["sendCallback"], options?: CallOptions): Promise<OperationResults["sendCallback"]>;
  /**
   * Set the OneTouch callback URL and method
   *
   * `PUT /__dev/app` (safe to retry)
   */
  updateApp(input?: OperationInputs["updateApp"], options?: CallOptions): Promise<OperationResults["updateApp"]>;
  /**
   * Set a user's app and registration flags
   *
   * `PATCH /__dev/users/{authy_id}` (safe to retry)
   */
  updateUser(input: OperationInputs["updateUser"], options?: CallOptions): Promise<OperationResults["updateUser"]>;
}

export type OperationId = keyof OperationInputs;
