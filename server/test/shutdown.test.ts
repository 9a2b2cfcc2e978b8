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
    // Expect: 100-continue makes the server's receipt of the request observable: "100 Continue" comes back once the
    // server has the request (it is then in flight, waiting for its body), and only then does close() begin.
    const req = request(`${server.url}/protected/json/users/new`, {
      method: "POST",
      headers: {
        "x-authy-api-key": server.apiKey,
        "content-type": "application/json",
        "content-length": String(body.length),
        expect: "100-continue",
      },
    });
    const received = new Promise<void>((resolve) => req.once("continue", () => resolve()));
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on("response", (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, text }));
      });
      req.on("error", reject);
    });
    req.flushHeaders();
    await received;
    const closed = server.close();
    await expect(fetch(`${server.url}/__dev/app`)).rejects.toThrow();
    req.end(body);
    expect(await answer).toEqual({ status: 200, text: '{"message":"User created successfully.","user":{"id":1000},"success":true}' });
    await closed;
  });
});
