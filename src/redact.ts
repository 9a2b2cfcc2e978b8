import { utf8 } from "./signature.js";

const REDACTED = "[REDACTED]";
/** Headers whose values are always secret. */
const SECRET_HEADERS = new Set(["x-authy-api-key", "x-authy-signature", "authorization"]);

/** Replaces every occurrence of each secret, in any of the encodings a server or proxy may echo it in. */
export type Redactor = (text: string) => string;

/** `n` in hex, at least `width` digits, each letter as a class of both cases (`7[Ee]`). */
function hexOf(n: number, width: number): string {
  return n.toString(16).padStart(width, "0").replace(/[a-f]/g, (d) => `[${d.toUpperCase()}${d}]`);
}
const NAMED_ENTITY: Readonly<Record<string, string>> = { "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" };

/**
 * A pattern matching one character of a secret however it is written: as itself, percent-encoded (either hex case,
 * so `%7E` and `%7e` for `~`), `+` for a space (form encoding), a JSON `\uXXXX` escape, an XML character reference
 * (`&#126;`, `&#x7E;`) or named entity. Each character independently, so mixed encodings match too.
 */
function characterPattern(char: string): string {
  const options = [char.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&")];
  options.push(Array.from(utf8.encode(char), (byte) => `%${hexOf(byte, 2)}`).join(""));
  if (char === " ") options.push("\\+");
  let json = "";
  for (let i = 0; i < char.length; i++) json += `\\\\u${hexOf(char.charCodeAt(i), 4)}`;
  options.push(json);
  const codePoint = char.codePointAt(0)!;
  options.push(`&#0*${codePoint};`, `&#[xX]0*${hexOf(codePoint, 1)};`);
  const named = NAMED_ENTITY[char];
  if (named) options.push(`&${named};`);
  return `(?:${options.join("|")})`;
}

export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  // Short values (a 6-digit token is the shortest secret) are still redacted; empty ones are not secrets.
  const unique = [...new Set(secrets.filter((s): s is string => typeof s === "string" && s !== ""))];
  if (unique.length === 0) return (text) => text;
  // Longest first, so a secret that contains another is replaced whole.
  unique.sort((a, b) => b.length - a.length);
  const pattern = new RegExp(unique.map((secret) => Array.from(secret, characterPattern).join("")).join("|"), "g");
  return (text) => text.replace(pattern, REDACTED);
}

/** Header names and values safe to show in a hook or an error. */
export function redactHeaders(headers: Headers, redact: Redactor): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : redact(value);
  });
  return out;
}
