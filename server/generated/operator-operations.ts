/**
 * DO NOT EDIT: generated from openapi/operator/ by `npm run generate` (scripts/generate.mjs).
 * See server/generated/README.md.
 */

import type { components, operations } from "./operator-schema.js";

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The first argument of each client method: path, query and body parameters in their canonical place. */
export interface OperationInputs {
  createApprovalDecision: Simplify<Pick<operations["createApprovalDecision"]["parameters"]["path"], "uuid"> & NonNullable<operations["createApprovalDecision"]["requestBody"]>["content"]["application/json"]>;
  createDeliveryAttempt: Simplify<Pick<operations["createDeliveryAttempt"]["parameters"]["path"], "delivery_id">>;
  getApprovalRequest: Simplify<Pick<operations["getApprovalRequest"]["parameters"]["path"], "uuid">>;
  getMessage: Simplify<Pick<operations["getMessage"]["parameters"]["path"], "message_id">>;
  listDeliveries: Simplify<Pick<NonNullable<operations["listDeliveries"]["parameters"]["query"]>, "status" | "kind" | "limit">>;
}

/** The decoded 200 body of each operation. */
export interface OperationResults {
  createApprovalDecision: operations["createApprovalDecision"]["responses"][200]["content"]["application/json"];
  createDeliveryAttempt: operations["createDeliveryAttempt"]["responses"][200]["content"]["application/json"];
  getApprovalRequest: operations["getApprovalRequest"]["responses"][200]["content"]["application/json"];
  getMessage: operations["getMessage"]["responses"][200]["content"]["application/json"];
  listDeliveries: operations["listDeliveries"]["responses"][200]["content"]["application/json"];
}

/** One method per operation of the spec, named after its operationId. */
export interface OperationMethods<CallOptions> {
  /**
   * Approve or deny an approval request
   *
   * `POST /operator/v1/approval_requests/{uuid}/decision` (never retried unless asked)
   */
  createApprovalDecision(input: OperationInputs["createApprovalDecision"], options?: CallOptions): Promise<OperationResults["createApprovalDecision"]>;
  /**
   * Attempt a delivery now
   *
   * `POST /operator/v1/deliveries/{delivery_id}/attempts` (never retried unless asked)
   */
  createDeliveryAttempt(input: OperationInputs["createDeliveryAttempt"], options?: CallOptions): Promise<OperationResults["createDeliveryAttempt"]>;
  /**
   * Get an approval request
   *
   * `GET /operator/v1/approval_requests/{uuid}` (safe to retry)
   */
  getApprovalRequest(input: OperationInputs["getApprovalRequest"], options?: CallOptions): Promise<OperationResults["getApprovalRequest"]>;
  /**
   * Get a message's status
   *
   * `GET /operator/v1/messages/{message_id}` (safe to retry)
   */
  getMessage(input: OperationInputs["getMessage"], options?: CallOptions): Promise<OperationResults["getMessage"]>;
  /**
   * List outbound deliveries
   *
   * `GET /operator/v1/deliveries` (safe to retry)
   */
  listDeliveries(input?: OperationInputs["listDeliveries"], options?: CallOptions): Promise<OperationResults["listDeliveries"]>;
}

export type OperationId = keyof OperationInputs;
