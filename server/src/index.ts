export { startAuthyServer, type AuthyServerOptions, type RunningAuthyServer } from "./server.js";
