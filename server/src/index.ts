export { startAuthyServer, type AuthyServerOptions, type RunningAuthyServer } from "./server.js";
export {
  createDevClient,
  DevApiError,
  DevValidationError,
  type DevCallOptions,
  type DevClient,
  type DevClientOptions,
  type DevOperationId,
  type DevOperationInputs,
  type DevOperationResults,
} from "./dev/dev-client.js";
