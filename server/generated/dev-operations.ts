/**
 * DO NOT EDIT: generated from openapi/dev/ by `npm run generate` (scripts/generate.mjs).
 * See server/generated/README.md.
 */

import type { components, operations } from "./dev-schema.js";

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The first argument of each client method: path, query and body parameters in their canonical place. */
export interface OperationInputs {
  advanceClock: Simplify<NonNullable<operations["advanceClock"]["requestBody"]>["content"]["application/json"]>;
  getApp: Simplify<{}>;
  getClock: Simplify<{}>;
  getUser: Simplify<Pick<operations["getUser"]["parameters"]["path"], "authy_id">>;
  listMessages: Simplify<Pick<NonNullable<operations["listMessages"]["parameters"]["query"]>, "authy_id" | "to" | "channel" | "limit">>;
  resetState: Simplify<NonNullable<operations["resetState"]["requestBody"]>["content"]["application/json"]>;
  updateUser: Simplify<Pick<operations["updateUser"]["parameters"]["path"], "authy_id"> & NonNullable<operations["updateUser"]["requestBody"]>["content"]["application/json"]>;
}

/** The decoded 200 body of each operation. */
export interface OperationResults {
  advanceClock: operations["advanceClock"]["responses"][200]["content"]["application/json"];
  getApp: operations["getApp"]["responses"][200]["content"]["application/json"];
  getClock: operations["getClock"]["responses"][200]["content"]["application/json"];
  getUser: operations["getUser"]["responses"][200]["content"]["application/json"];
  listMessages: operations["listMessages"]["responses"][200]["content"]["application/json"];
  resetState: operations["resetState"]["responses"][200]["content"]["application/json"];
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
   * Get the application and its API key
   *
   * `GET /__dev/app` (safe to retry)
   */
  getApp(input?: OperationInputs["getApp"], options?: CallOptions): Promise<OperationResults["getApp"]>;
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
   * Set a user's app and registration flags
   *
   * `PATCH /__dev/users/{authy_id}` (safe to retry)
   */
  updateUser(input: OperationInputs["updateUser"], options?: CallOptions): Promise<OperationResults["updateUser"]>;
}

export type OperationId = keyof OperationInputs;
