// The package entry: startAuthyServer(options) -> { url, apiKey, close() }.
import { loadServerModule } from "./load.mjs";

const entry = await loadServerModule("index");
export const startAuthyServer = entry.startAuthyServer;
