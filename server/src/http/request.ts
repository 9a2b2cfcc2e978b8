import type { IncomingMessage } from "node:http";
import { AuthyValidationError } from "../../../src/errors.js";
import { unflattenRailsParams } from "../../../src/rails-params.js";
import { decodeRailsXml } from "../../../src/xml.js";
import { AuthyFailure } from "../domain/failures.js";

/** Largest request body read; more is refused before it is parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

/** The whole body as text, refusing more than {@link MAX_BODY_BYTES}. */
export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBodyBytes(req)).toString("utf8");
}

/** The whole body as bytes (a multipart upload carries binary files), refusing more than {@link MAX_BODY_BYTES}. */
export async function readBodyBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`the request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * A `multipart/form-data` body (the Dashboard API's logo upload), parsed by the platform's own `FormData` reader:
 * text fields as parameters, files as bytes.
 */
export async function multipartParams(contentType: string, bytes: Buffer): Promise<{ params: Record<string, unknown>; files: Record<string, Buffer> }> {
  let form: FormData;
  try {
    form = await new Request("http://localhost/", { method: "POST", headers: { "content-type": contentType }, body: bytes }).formData();
  } catch {
    throw invalidBody("is not a readable multipart/form-data body");
  }
  const params: Record<string, unknown> = {};
  const files: Record<string, Buffer> = {};
  for (const [name, value] of form.entries()) {
    if (Object.hasOwn(params, name) || Object.hasOwn(files, name)) throw new AuthyFailure(60004, `Invalid parameter: ${name} - is given more than once`);
    if (typeof value === "string") Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
    else Object.defineProperty(files, name, { value: Buffer.from(await value.arrayBuffer()), enumerable: true, writable: true, configurable: true });
  }
  return { params, files };
}

const invalidBody = (reason: string): AuthyFailure => new AuthyFailure(60004, `Invalid parameter: body - ${reason}`);

function asParams(value: unknown, reason: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalidBody(reason);
  return value as Record<string, unknown>;
}

/** Rails bracket pairs (a query string or a form body) as nested params, via the project's one Rails codec. */
export function railsParams(search: URLSearchParams): Record<string, unknown> {
  try {
    return unflattenRailsParams(search);
  } catch (error) {
    if (!(error instanceof AuthyValidationError)) throw error;
    const reason = error.message.slice(error.field.length + 2);
    throw new AuthyFailure(60004, `Invalid parameter: ${error.field} - ${reason}`);
  }
}

/**
 * The body's parameters, whatever encoding real clients use: JSON, a Rails form, or (the Java SDK until 2018) Rails
 * XML whose root element names the parameter (`<user>…</user>` is `user`). Other media types carry no parameters.
 */
export async function bodyParams(contentType: string | undefined, text: string): Promise<Record<string, unknown>> {
  if (text.trim() === "") return {};
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw invalidBody("is not valid JSON");
    }
    return asParams(value, "must be a JSON object");
  }
  if (type === "application/x-www-form-urlencoded") return railsParams(new URLSearchParams(text));
  if (type === "application/xml" || type === "text/xml") {
    const decoded = await decodeRailsXml(text);
    if (!decoded.ok) throw invalidBody("is not valid XML");
    const root = /<([A-Za-z_][A-Za-z0-9_.-]*)[\s/>]/.exec(text.replace(/^\s*<\?xml[^>]*\?>/, ""))?.[1];
    const value = decoded.value;
    if (root === undefined || root === "hash") return asParams(value, "must be an XML hash");
    return { [root.replace(/-/g, "_")]: value };
  }
  return {};
}
