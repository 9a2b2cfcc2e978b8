import { AuthyResponseError } from "./errors.js";

/**
 * Decodes an Authy XML response (Rails dialect) into exactly the object the JSON format returns.
 * The decoder and fast-xml-parser are loaded on the first call only, so JSON users never load them.
 * @throws {AuthyResponseError} for anything that is not well-formed Authy XML (status `undefined`, `excerpt` = the
 *   first 200 characters of `text`).
 */
export async function decodeAuthyXml(text: string): Promise<unknown> {
  const result = await (await import("./xml.js")).decodeRailsXml(text);
  if (result.ok) return result.value;
  const excerpt = typeof text === "string" ? text.slice(0, 200) : "";
  throw new AuthyResponseError(result.message, undefined, excerpt);
}
