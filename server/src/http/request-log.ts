import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * One structured JSON line per request: what was asked (the operation, or the kind of path), how it ended (status,
 * Authy error code) and how long it took. Nothing a request carries is written: no path values (a verify path holds
 * the token), no query string (it may hold `api_key`), no headers, no body.
 */
export interface RequestNote {
  operation?: string;
  errorCode?: string;
}

const notes = new WeakMap<ServerResponse, RequestNote>();

/** Records what the request turned out to be, for its log line. */
export function noteRequest(res: ServerResponse, note: RequestNote): void {
  notes.set(res, { ...notes.get(res), ...note });
}

export function logRequestLines(req: IncomingMessage, res: ServerResponse, started: bigint, log: (line: string) => void): void {
  res.once("close", () => {
    const note = notes.get(res) ?? {};
    const line = {
      time: new Date().toISOString(),
      level: res.statusCode >= 500 ? "error" : "info",
      msg: "request",
      operation: note.operation ?? "unknown",
      method: req.method,
      status: res.statusCode,
      ...(note.errorCode === undefined ? {} : { error_code: note.errorCode }),
      latency_ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    log(JSON.stringify(line));
  });
}

/** An internal error for the log: its class and where it happened, not its message (which may quote a value). */
export function redactedError(error: unknown): { error_class: string; at: string[] } {
  const err = error instanceof Error ? error : new Error(String(error));
  const frames = (err.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line)).slice(0, 8).map((line) => line.trim());
  return { error_class: err.name, at: frames };
}
