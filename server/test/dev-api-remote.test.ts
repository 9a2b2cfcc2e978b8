import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthyServer, type RunningAuthyServer } from "../src/index.js";

// Bound to every interface (tests still talk to 127.0.0.1 only): the development API is off.
let server: RunningAuthyServer;
beforeAll(async () => {
  server = await startAuthyServer({ memory: true, port: 0, host: "0.0.0.0", log: () => {} });
});
afterAll(() => server?.close());

describe("the development API on a non-loopback --host", () => {
  it("is off (404, as an unknown path) unless --dev-api-remote; the Authy API still answers", async () => {
    const port = new URL(server.url).port;
    expect(server.url).toBe(`http://0.0.0.0:${port}`);
    const dev = await fetch(`http://127.0.0.1:${port}/__dev/app`);
    expect(dev.status).toBe(404);
    expect(await dev.json()).toEqual({ message: "Not found", success: false, errors: { message: "Not found" }, error_code: "60000" });
    const api = await fetch(`http://127.0.0.1:${port}/protected/json/app/details`, { headers: { "x-authy-api-key": server.apiKey } });
    expect(api.status).toBe(200);
  });
});
