/**
 * Sends a request to the Prism mock with node:http, byte for byte as a real client put it on the wire (fetch
 * refuses a body on GET, which several SDKs send), and collects Prism's verdict: `sl-violations` plus the
 * request violations of a 422 problem body.
 */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { inject } from "vitest";
import type { Violation } from "./prism.js";

export interface RawRequest {
  method: "GET" | "POST" | "DELETE";
  /** Path and raw query string, exactly as sent. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

function rawRequest(row: RawRequest): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  const body = typeof row.body === "string" ? Buffer.from(row.body, "utf8") : undefined;
  const headers: Record<string, string> = { ...row.headers };
  if (body !== undefined) headers["Content-Length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = httpRequest(inject("prismUrl") + row.url, { method: row.method, headers, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

/** Sends the request; returns Prism's status, body text and every violation it reported. */
export async function sendRaw(row: RawRequest) {
  const response = await rawRequest(row);
  const text = response.text;
  const header = response.headers["sl-violations"];
  const violations: Violation[] = JSON.parse(typeof header === "string" ? header : "[]");
  let validation: Violation[] = [];
  if (response.status === 422 && text.startsWith("{")) {
    // A 422 problem body lists request violations with locations relative to the request (["path", "token"]).
    validation = ((JSON.parse(text) as { validation?: Violation[] }).validation ?? []).map((v) => ({
      ...v,
      location: ["request", ...v.location],
    }));
  }
  return { status: response.status, text, violations: [...violations, ...validation] };
}
