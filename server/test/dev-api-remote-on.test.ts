import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthyServer, type RunningAuthyServer } from "../src/index.js";

// Bound to every interface with --dev-api-remote (tests still talk to 127.0.0.1 only).
let server: RunningAuthyServer;
beforeAll(async () => {
  server = await startAuthyServer({ memory: true, port: 0, host: "0.0.0.0", devApiRemote: true, log: () => {} });
});
afterAll(() => server?.close());

function getWithHost(path: string, host: string): Promise<number> {
  const port = new URL(server.url).port;
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the development API with --dev-api-remote on every interface", () => {
  it("answers a Host that is an IP address or localhost, never a name (DNS rebinding)", async () => {
    const port = new URL(server.url).port;
    expect(await getWithHost("/__dev/app", `127.0.0.1:${port}`)).toBe(200);
    expect(await getWithHost("/__dev/app", `192.0.2.10:${port}`)).toBe(200);
    expect(await getWithHost("/__dev/app", `localhost:${port}`)).toBe(200);
    expect(await getWithHost("/__dev/app", `rebind.example:${port}`)).toBe(403);
  });
});
