// The package entry: startAuthyServer(options) -> { url, apiKey, dev, close() }, and the development API's client.
import { loadServerModule } from "./load.mjs";

const entry = await loadServerModule("index");
export const startAuthyServer = entry.startAuthyServer;
export const createDevClient = entry.createDevClient;
export const DevApiError = entry.DevApiError;
export const DevValidationError = entry.DevValidationError;
