import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthyServer, type RunningAuthyServer } from "../src/index.js";

let server: RunningAuthyServer;
beforeAll(async () => {
  server = await startAuthyServer({ memory: true, port: 0, log: () => {} });
});
afterAll(() => server?.close());

describe("close()", () => {
  it("lets a request in flight finish, refuses new connections, then closes the store", async () => {
    const body = JSON.stringify({ user: { email: "late@example.com", cellphone: "201-555-0123", country_code: 1 } });
    const half = Math.floor(body.length / 2);
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${server.url}/protected/json/users/new`, {
        method: "POST",
        headers: { "x-authy-api-key": server.apiKey, "content-type": "application/json", "content-length": String(body.length) },
      });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, text }));
      });
      req.on("error", reject);
      req.write(body.slice(0, half));
      // The rest arrives only after close() has begun.
      setTimeout(() => req.end(body.slice(half)), 200);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = server.close();
    await expect(fetch(`${server.url}/__dev/app`)).rejects.toThrow();
    expect(await answer).toEqual({ status: 200, text: '{"message":"User created successfully.","user":{"id":1000},"success":true}' });
    await closed;
  });
});
