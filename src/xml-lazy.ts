/**
 * Decodes an Authy XML response (Rails dialect) into exactly the object the JSON format returns.
 * The decoder and fast-xml-parser are loaded on the first call only, so JSON users never load them.
 * Throws AuthyResponseError for anything that is not well-formed Authy XML.
 */
export async function decodeAuthyXml(text: string): Promise<unknown> {
  const xml = await import("./xml.js");
  return xml.decodeAuthyXml(text);
}
