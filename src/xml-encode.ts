/**
 * Encoder for the XML representation of Authy responses: the Rails `Hash#to_xml` dialect that src/xml.ts decodes.
 *
 * The server's half of the XML dialect, not part of the client's public entry. `encodeAuthyXml(value)` writes what
 * Rails wrote for the JSON value `value` (declaration, two-space indentation, dashed names, `type`/`nil` attributes),
 * and `decodeRailsXml(encodeAuthyXml(value))` gives `value` back for every value the encoder accepts. Where Rails'
 * own output would not decode to the same value (a whitespace string containing a newline, a carriage return), the
 * encoder escapes the character instead; what XML cannot carry (control characters, keys that are no XML name,
 * nesting deeper than the decoder reads) is refused with an {@link AuthyXmlEncodeError} naming where it is.
 * Pure string building: no dependency, no Node-only API.
 */

/** Why a value cannot be written as Authy XML; `path` locates the offending member (`$.status.devices[0]`). */
export class AuthyXmlEncodeError extends Error {
  override readonly name = "AuthyXmlEncodeError";
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`Cannot encode XML at ${path}: ${message}`);
  }
}

export interface AuthyXmlEncodeOptions {
  /**
   * The root element's name. Default: `errors` for an object with an `error_code` member (every error body the real
   * API answered in XML has that root), `hash` for any other object or scalar, `objects` for an array.
   */
  root?: string;
  /** Start with `<?xml version="1.0" encoding="UTF-8"?>` as the real API did. Default `true`. */
  declaration?: boolean;
  /**
   * Characters XML 1.0 cannot carry (control characters other than tab, newline and carriage return, lone
   * surrogates, U+FFFE, U+FFFF), in strings: `"error"` (default) refuses the value, `"replace"` writes U+FFFD instead.
   */
  invalidCharacters?: "error" | "replace";
}

/** The decoder reads at most this many nested elements, the root included (src/xml.ts `maxNestedTags`). */
export const MAX_XML_DEPTH = 100;

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const INDENT = "  ";

/** Code points XML 1.0 forbids (the complement of its `Char` production). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NOT_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/**
 * What the element for a key may be called once its inner underscores are dashes: an XML 1.0 `Name` without the colon
 * (a colon would make the name a namespace prefix), without the characters beyond U+FFFF (fast-xml-parser's validator
 * refuses them) and without U+1680 and U+FEFF (its parser splits names there, so src/xml.ts refuses them).
 */
const NAME_START = "A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u167F\\u1681-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFEFE\\uFF00-\\uFFFD";
const XML_NAME = new RegExp(`^[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040]*$`, "u");
/** Untyped whitespace with a newline decodes as `{}` (Rails' empty hash): such a string escapes its newlines. */
const BLANK_WITH_NEWLINE = /^[ \t\n]*\n[ \t\n]*$/;
const TEXT_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;" };

/** Rails' `dasherize` as `to_xml` applies it: inner underscores become dashes, leading and trailing ones stay. */
function dasherize(key: string): string {
  const inner = /^(_*)(.*?)(_*)$/su.exec(key);
  return inner === null ? key : `${inner[1]}${inner[2]!.replace(/_/g, "-")}${inner[3]}`;
}

/**
 * The element name of an array's items: Rails singularizes the array's name (`stats` → `stat`, `detailed-devices` →
 * `detailed-device`). The decoder ignores item names; these few English rules give the names the real API wrote.
 */
function singularize(name: string): string {
  if (/[^aeiou]ies$/u.test(name)) return `${name.slice(0, -3)}y`;
  if (/(?:ss|sh|ch|x|z|us)es$/u.test(name)) return name.slice(0, -2);
  if (/(?:ss|us|is)$/u.test(name)) return name;
  if (name.endsWith("s") && name.length > 1) return name.slice(0, -1);
  return name;
}

function describePath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/u.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

class Writer {
  private out = "";
  /** Objects and arrays being written, to refuse a cycle by name rather than by depth. */
  private readonly open = new Set<object>();

  constructor(private readonly replaceInvalid: boolean) {}

  result(): string {
    return this.out;
  }

  private text(value: string, path: string): string {
    let text = value;
    if (NOT_XML_CHAR.test(text)) {
      if (!this.replaceInvalid) {
        const bad = NOT_XML_CHAR.exec(text)![0].codePointAt(0)!;
        const hex = bad.toString(16).toUpperCase().padStart(4, "0");
        throw new AuthyXmlEncodeError(`the string holds U+${hex}, a character XML 1.0 cannot carry`, path);
      }
      text = text.replace(NOT_XML_CHARS, "\uFFFD");
    }
    text = text.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]!);
    return BLANK_WITH_NEWLINE.test(text) ? text.replace(/\n/g, "&#10;") : text;
  }

  /**
   * Writes `value`, as JSON.stringify sees it ({@link jsonView}: never undefined, a function or a symbol), as the
   * element `tag` (already a valid name) at `depth` (the root is 1).
   */
  element(tag: string, value: unknown, depth: number, path: string): void {
    if (depth > MAX_XML_DEPTH) {
      throw new AuthyXmlEncodeError(`nesting deeper than ${MAX_XML_DEPTH} elements (the decoder's limit)`, path);
    }
    const indent = INDENT.repeat(depth - 1);
    if (typeof value === "bigint") {
      throw new AuthyXmlEncodeError("a bigint has no JSON form; convert it first", path);
    } else if (value === null) {
      this.out += `${indent}<${tag} nil="true"/>\n`;
    } else if (typeof value === "string") {
      this.out += `${indent}<${tag}>${this.text(value, path)}</${tag}>\n`;
    } else if (typeof value === "boolean") {
      this.out += `${indent}<${tag} type="boolean">${value}</${tag}>\n`;
    } else if (typeof value === "number") {
      this.out += `${indent}<${tag} type="${numberType(value, path)}">${Object.is(value, -0) ? "-0" : String(value)}</${tag}>\n`;
    } else {
      const object = value as object;
      this.enter(object, path);
      if (Array.isArray(object)) {
        if (object.length === 0) {
          this.out += `${indent}<${tag} type="array"/>\n`;
        } else {
          this.out += `${indent}<${tag} type="array">\n`;
          const item = singularize(tag);
          object.forEach((member: unknown, index) => {
            // As JSON.stringify: an item with no JSON form (undefined, a function, a symbol) is null.
            const child = jsonView(member, String(index));
            this.element(item, omitted(child) ? null : child, depth + 1, `${path}[${index}]`);
          });
          this.out += `${indent}</${tag}>\n`;
        }
      } else {
        // Rails writes an empty hash as an open tag, a newline and the closing tag at the same indentation.
        this.out += `${indent}<${tag}>\n`;
        for (const [key, member] of Object.entries(object)) {
          const child = jsonView(member, key);
          if (omitted(child)) continue; // as JSON.stringify
          const childPath = describePath(path, key);
          this.element(elementName(key, childPath), child, depth + 1, childPath);
        }
        this.out += `${indent}</${tag}>\n`;
      }
      this.open.delete(object);
    }
  }

  private enter(value: object, path: string): void {
    if (this.open.has(value)) throw new AuthyXmlEncodeError("circular reference", path);
    this.open.add(value);
  }
}

/** A member JSON.stringify leaves out. */
const omitted = (value: unknown): boolean =>
  value === undefined || typeof value === "function" || typeof value === "symbol";

/**
 * What JSON.stringify sees for the member `key` of an object or array (`""` for the root), before it writes it:
 * `toJSON` called with the key, on an object or a bigint (a Date becomes its ISO string), then boxed primitives
 * unboxed. Undefined, a function or a symbol here means the member has no JSON form.
 */
function jsonView(input: unknown, key: string): unknown {
  let value = input;
  if ((typeof value === "object" && value !== null) || typeof value === "bigint") {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") value = (toJSON as (key: string) => unknown).call(value, key);
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean || value instanceof BigInt) {
    return value.valueOf();
  }
  return value;
}

function numberType(value: number, path: string): "integer" | "float" {
  if (!Number.isFinite(value)) throw new AuthyXmlEncodeError(`${value} has no JSON form`, path);
  // Beyond 2^53 an integer is not exact, and the decoder refuses type="integer" there: it is written as a float.
  return Number.isSafeInteger(value) && !Object.is(value, -0) ? "integer" : "float";
}

/** The element name for an object key, or a refusal when no element could carry the key back. */
function elementName(key: string, path: string): string {
  if (key.includes("-")) {
    throw new AuthyXmlEncodeError(`the key "${key}" contains "-", which the XML dialect reads back as "_"`, path);
  }
  const name = dasherize(key);
  if (!XML_NAME.test(name)) throw new AuthyXmlEncodeError(`the key ${JSON.stringify(key)} is not an XML element name`, path);
  return name;
}

function defaultRoot(value: unknown): string {
  if (Array.isArray(value)) return "objects";
  if (typeof value === "object" && value !== null && Object.hasOwn(value, "error_code")) return "errors";
  return "hash";
}

/**
 * Writes `value` (anything JSON.stringify accepts, as it would see it) as an Authy XML document.
 * @throws {AuthyXmlEncodeError} for what the dialect cannot carry back: `undefined`, a bigint, `NaN`/`Infinity`, a
 *   circular reference, a key that is no XML name or contains `-`, a character XML forbids (unless
 *   `invalidCharacters: "replace"`), nesting deeper than {@link MAX_XML_DEPTH} elements.
 */
export function encodeAuthyXml(value: unknown, options: AuthyXmlEncodeOptions = {}): string {
  const view = jsonView(value, "");
  const root = options.root ?? defaultRoot(view);
  if (!XML_NAME.test(root)) throw new AuthyXmlEncodeError(`the root name ${JSON.stringify(root)} is not an XML element name`, "$");
  if (omitted(view)) throw new AuthyXmlEncodeError(`${String(typeof view)} has no JSON form`, "$");
  const writer = new Writer(options.invalidCharacters === "replace");
  writer.element(root, view, 1, "$");
  return (options.declaration ?? true ? DECLARATION : "") + writer.result();
}
