import type { ServerResponse } from "node:http";
import { encodeAuthyXml } from "../../../src/xml-encode.js";
import type { Format } from "./routes.js";

/**
 * Writes an answer in the path's format: compact JSON exactly as the real API writes it (authy-python looks for
 * `"token":"is valid"` verbatim), or Rails XML through the project's encoder (the decoder's inverse).
 */
export function writeAnswer(res: ServerResponse, status: number, body: unknown, format: Format, headers: Record<string, string> = {}): void {
  const text = format === "xml" ? encodeAuthyXml(body, { invalidCharacters: "replace" }) : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": format === "xml" ? "application/xml; charset=utf-8" : "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

/** A refusal of the development or operator API: its HTTP status, and the message its `{ error }` body carries. */
export class StatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
