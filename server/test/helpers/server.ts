import { afterAll, beforeAll, beforeEach } from "vitest";
import { createAuthyClient, type AuthyClient } from "../../../src/index.js";
import { startAuthyServer, type AuthyServerOptions, type RunningAuthyServer } from "../../src/index.js";

/** One in-memory server per test file, reset before each test; its console lines are collected, not printed. */
export interface TestServer {
  server: RunningAuthyServer;
  lines: string[];
  client(format?: "json" | "xml"): AuthyClient;
  /** A call to the development API; `body` makes it a JSON request. */
  dev(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** The newest message's code for a user (what a person would read on the phone). */
  lastCode(authyId: number, channel?: string): Promise<string>;
  /** Moves the server's clock. */
  advance(seconds: number): Promise<void>;
}

export function useTestServer(options: AuthyServerOptions = {}): TestServer {
  const lines: string[] = [];
  const handle = {} as TestServer;
  beforeAll(async () => {
    handle.server = await startAuthyServer({ memory: true, port: 0, log: (line) => lines.push(line), ...options });
  });
  afterAll(async () => {
    await handle.server?.close();
  });
  beforeEach(async () => {
    // Production has no development API: its tests start from what earlier tests left.
    if (options.mode === "production") return;
    const reset = await handle.dev("POST", "/__dev/reset", {});
    if (reset.status !== 200) throw new Error(`reset failed: ${reset.status}`);
    lines.length = 0;
  });
  handle.lines = lines;
  handle.client = (format = "json") =>
    createAuthyClient({ apiKey: handle.server.apiKey, baseUrl: handle.server.url, format, retry: false });
  handle.dev = async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] ??= "application/json";
    }
    const res = await fetch(`${handle.server.url}${path}`, init);
    const text = await res.text();
    return { status: res.status, body: text === "" ? undefined : JSON.parse(text) };
  };
  handle.lastCode = async (authyId, channel) => {
    const query = new URLSearchParams({ authy_id: String(authyId), limit: "1", ...(channel ? { channel } : {}) });
    const { body } = await handle.dev("GET", `/__dev/messages?${query}`);
    const code = body.messages[0]?.code;
    if (typeof code !== "string") throw new Error(`no code was sent to ${authyId}`);
    return code;
  };
  handle.advance = async (seconds) => {
    const { status } = await handle.dev("POST", "/__dev/clock", { advance_seconds: seconds });
    if (status !== 200) throw new Error(`clock move failed: ${status}`);
  };
  return handle;
}

/** The Authy error a promise rejects with: status and code. */
export async function authyError(promise: Promise<unknown>): Promise<{ status: number; code: number | undefined; body: any }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name?: string; status: number; errorCode: number | undefined; body: unknown };
    if (e.name !== "AuthyApiError") throw error;
    return { status: e.status, code: e.errorCode, body: e.body };
  }
  throw new Error("the call succeeded");
}

export const PHONE = { cellphone: "201-555-0123", country_code: 1 } as const;
export const E164 = "+12015550123";
