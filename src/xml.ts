/**
 * Decoder for the XML representation of Authy responses (`/protected/xml/...`): the Rails `Hash#to_xml` dialect.
 *
 * `decodeAuthyXml(text)` returns exactly the value the JSON representation of the same response would give
 * (see docs/xml-format.md for the rules and for what XML cannot tell apart). fast-xml-parser is loaded on the
 * first call only, so users of the JSON format never load it. No Node-only APIs are used.
 */
import type { XMLParser, XMLValidator } from "fast-xml-parser";

type FxpModule = { XMLParser: typeof XMLParser; XMLValidator: typeof XMLValidator };

interface Engine {
  parser: XMLParser;
  validator: typeof XMLValidator;
}

/** One node of fast-xml-parser's `preserveOrder` output. */
type OrderedNode = Record<string, unknown>;

/**
 * Every tag and attribute name is prefixed before fast-xml-parser sees it as a property name, so names such as
 * `constructor`, `__proto__`, `toString` or `#text` are neither rejected nor renamed by its reserved-name
 * checks, and never collide with its own keys (`#text`, `#cdata`, `:@`). `=` cannot occur in an XML name.
 */
const NAME_PREFIX = "=";
const TEXT = "#text";
const CDATA = "#cdata";
const ATTRS = ":@";

let enginePromise: Promise<Engine> | undefined;

function loadEngine(): Promise<Engine> {
  enginePromise ??= import("fast-xml-parser").then(
    (fxp: FxpModule): Engine => ({
      parser: new fxp.XMLParser({
        preserveOrder: true, // keeps text and elements apart, in order: mixed content and repeats are visible
        ignoreAttributes: false,
        attributeNamePrefix: "",
        attributesGroupName: false,
        textNodeName: TEXT,
        cdataPropName: CDATA, // CDATA stays apart from text: it is never markup whitespace, never decoded
        commentPropName: false,
        parseTagValue: false, // keep "0123" and "true" as written; types come from the `type` attribute
        parseAttributeValue: false,
        trimValues: false, // whitespace is significant (strings as written, `<a>\n</a>` is {})
        processEntities: false, // entities are decoded here: the 5 XML ones and numeric references, nothing else
        htmlEntities: false,
        ignoreDeclaration: true,
        ignorePiTags: true,
        removeNSPrefix: false,
        allowBooleanAttributes: false,
        maxNestedTags: 100, // the default, made explicit: with our wrapper, 100 levels of the document itself decode
        transformTagName: (name: string) => NAME_PREFIX + name,
        transformAttributeName: (name: string) => NAME_PREFIX + name,
      }),
      validator: fxp.XMLValidator,
    }),
    (error: unknown) => {
      enginePromise = undefined; // let a later call try again
      throw error;
    },
  );
  return enginePromise;
}

/** Thrown internally for malformed input; reported in the `message` of {@link decodeRailsXml}. */
class Malformed extends Error {}

const fail = (message: string): never => {
  throw new Malformed(message);
};

/** How element text is quoted in a message: redacted first (the caller's redactor), then cut to 40 characters. */
let quote = (text: string): string => text.slice(0, 40);

/** Any code point that is not an XML 1.0 `Char` (control characters, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
/**
 * Characters that cannot occur in an XML name. Every name the parser gives passed its validator's XML `Name` check
 * first (and `<a/` at EOF is refused earlier, as a body not ending with `>`), so this is a guard should a parser
 * upgrade let a bad name through.
 */
const XML_NAME = /^[^\s/<>"'=&;!?,()[\]{}\\^`|~*+$%@#0-9.-][^\s/<>"'=&;!?,()[\]{}\\^`|~*+$%@#]*$/u;
const XML_WHITESPACE = /^[ \t\n]*$/; // after line-end normalisation there is no \r left
const REFERENCE = /&(?:#([0-9]+)|#x([0-9a-fA-F]+)|([A-Za-z_:][A-Za-z0-9._:-]*))?;?/g;
const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
/**
 * The two XML name characters that JavaScript's `\s` matches: fast-xml-parser splits tag and attribute names there,
 * so `<a x\uFEFFtype="integer">` would read as a `type` attribute. A tag holding one is refused.
 */
const PARSER_SPACE = /[\u1680\uFEFF]/u;
/** The rest of a start or end tag after its `<`; quoted attribute values, which may hold `>`, are taken whole. */
const TAG_REST = /[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*/y;
const QUOTED = /"[^"]*"|'[^']*'/g;

function isXmlCodePoint(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Decodes `&amp; &lt; &gt; &quot; &apos;` and `&#N;`/`&#xH;`; any other `&` is a well-formedness error. */
function decodeReferences(raw: string): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(REFERENCE, (match: string, dec?: string, hex?: string, name?: string) => {
    if (!match.endsWith(";") || match.length < 3) return fail("Invalid character or entity reference");
    if (name !== undefined) {
      const value = Object.hasOwn(NAMED_ENTITIES, name) ? NAMED_ENTITIES[name] : undefined;
      return value ?? fail(`Undefined entity &${name};`);
    }
    const digits = (dec ?? hex ?? "").replace(/^0+(?=.)/, ""); // leading zeros are allowed: &#0000065; is "A"
    const cp = digits.length > 8 ? Infinity : Number.parseInt(digits, dec !== undefined ? 10 : 16);
    if (!isXmlCodePoint(cp)) return fail(`Character reference ${match} is not an XML character`);
    return String.fromCodePoint(cp);
  });
}

/** `error-code` -> `error_code`; leading/trailing underscores and every other character are kept. */
const undasherize = (name: string): string => name.replace(/-/g, "_");

/** Sets an own, enumerable property even for `__proto__` (as `JSON.parse` does); never touches a prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

interface Element {
  name: string;
  attrs: Record<string, string>;
  children: OrderedNode[];
}

function asElement(node: OrderedNode): Element | undefined {
  for (const key of Object.keys(node)) {
    if (key.startsWith(NAME_PREFIX)) {
      // fast-xml-parser 5.12.1 applies transformTagName twice to self-closing tags (`<a/>` -> "==a"); an XML name
      // never contains "=", so every leading "=" is ours.
      const name = key.replace(/^=+/, "");
      if (!XML_NAME.test(name)) return fail(`Invalid element name "${quote(name)}"`);
      const children = node[key];
      if (!Array.isArray(children)) return fail("Unexpected parser output");
      const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
      const rawAttrs = node[ATTRS];
      if (rawAttrs !== undefined && rawAttrs !== null) {
        if (typeof rawAttrs !== "object") return fail("Unexpected parser output");
        for (const [attrName, attrValue] of Object.entries(rawAttrs as Record<string, unknown>)) {
          const attr = attrName.replace(/^=+/, "");
          if (typeof attrValue !== "string") return fail(`Attribute ${attr} has no value`);
          if (attrValue.includes("<")) return fail(`Attribute ${attr} contains "<"`);
          attrs[attr] = attrValue;
        }
      }
      return { name, attrs, children: children as OrderedNode[] };
    }
  }
  return undefined;
}

interface Content {
  elements: Element[];
  /** Raw (undecoded) character data outside CDATA, concatenated. */
  raw: string;
  /** The element's text: character data with references decoded, plus CDATA, in document order. */
  text: string;
  hasCdata: boolean;
}

function contentOf(children: OrderedNode[]): Content {
  const content: Content = { elements: [], raw: "", text: "", hasCdata: false };
  for (const child of children) {
    if (typeof child !== "object" || child === null) return fail("Unexpected parser output");
    if (Object.hasOwn(child, TEXT)) {
      const raw = String(child[TEXT]);
      content.raw += raw;
      content.text += decodeReferences(raw);
    } else if (Object.hasOwn(child, CDATA)) {
      content.hasCdata = true;
      const parts = child[CDATA];
      if (!Array.isArray(parts)) return fail("Unexpected parser output");
      for (const part of parts as OrderedNode[]) content.text += String(part[TEXT] ?? "");
    } else {
      const element = asElement(child);
      if (element === undefined) return fail("Unexpected parser output");
      content.elements.push(element);
    }
  }
  return content;
}

const isBlank = (content: Content): boolean => !content.hasCdata && XML_WHITESPACE.test(content.raw);

const SCALAR_TYPES = new Set(["integer", "float", "decimal", "boolean", "string", "symbol", "date", "dateTime"]);
const INTEGER = /^[+-]?[0-9]+$/;
const FLOAT = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

function decodeScalar(type: string, name: string, text: string): unknown {
  switch (type) {
    case "integer": {
      const trimmed = text.trim();
      if (!INTEGER.test(trimmed)) return fail(`<${name}> is typed integer but holds "${quote(text)}"`);
      const value = Number(trimmed);
      if (!Number.isSafeInteger(value)) return fail(`<${name}> holds an integer that a number cannot hold exactly`);
      return value;
    }
    case "float":
    case "decimal": {
      const trimmed = text.trim();
      if (!FLOAT.test(trimmed)) return fail(`<${name}> is typed ${type} but holds "${quote(text)}"`);
      const value = Number(trimmed);
      if (!Number.isFinite(value)) return fail(`<${name}> holds a ${type} out of range`);
      return value;
    }
    case "boolean": {
      const trimmed = text.trim();
      if (trimmed === "true" || trimmed === "1") return true;
      if (trimmed === "false" || trimmed === "0") return false;
      return fail(`<${name}> is typed boolean but holds "${quote(text)}"`);
    }
    default: // string, symbol, date, dateTime: exactly as written
      return text;
  }
}

function decodeElement(element: Element): unknown {
  const { name, attrs } = element;
  const type = attrs["type"];
  const nil = attrs["nil"] === undefined ? undefined : decodeReferences(attrs["nil"]);
  const content = contentOf(element.children);

  if (nil !== undefined && nil !== "true" && nil !== "false") return fail(`<${name}> has nil="${nil}"`);
  if (nil === "true") {
    if (content.elements.length > 0 || !isBlank(content)) return fail(`<${name}> is nil but has content`);
    return null;
  }

  const decodedType = type === undefined ? undefined : decodeReferences(type);
  if (decodedType === "array") {
    if (!isBlank(content)) return fail(`<${name}> is an array but holds text`);
    return content.elements.map(decodeElement);
  }
  if (decodedType !== undefined) {
    if (!SCALAR_TYPES.has(decodedType)) return fail(`<${name}> has an unsupported type "${decodedType}"`);
    if (content.elements.length > 0) return fail(`<${name}> is typed ${decodedType} but has child elements`);
    return decodeScalar(decodedType, name, content.text);
  }

  if (content.elements.length > 0) {
    if (!isBlank(content)) return fail(`<${name}> mixes text and elements`);
    const result: Record<string, unknown> = {};
    const collected = new Set<string>(); // keys whose value is an array built from repeated siblings
    for (const child of content.elements) {
      const key = undasherize(child.name);
      const value = decodeElement(child);
      if (!Object.hasOwn(result, key)) {
        setOwn(result, key, value);
      } else if (collected.has(key)) {
        (result[key] as unknown[]).push(value);
      } else {
        setOwn(result, key, [result[key], value]);
        collected.add(key);
      }
    }
    return result;
  }
  // A leaf without a type: text as written; Rails renders an empty hash as an open tag, a newline and indentation.
  if (isBlank(content) && content.raw.includes("\n")) return {};
  return content.text;
}

/**
 * Walks the markup, skipping CDATA sections and comments: rejects DOCTYPE and every other markup declaration
 * (`<!ENTITY`, `<!ELEMENT`…), so no entity is ever defined or expanded, an XML declaration anywhere but at the very
 * start (fast-xml-parser drops it silently after the root), and a tag holding a {@link PARSER_SPACE} outside its
 * attribute values.
 */
function checkMarkup(xml: string): void {
  const MARKUP = /<!\[CDATA\[|<!--|<!|<\?|</g;
  let match: RegExpExecArray | null;
  while ((match = MARKUP.exec(xml)) !== null) {
    const at = match.index;
    if (match[0] === "<") {
      TAG_REST.lastIndex = at + 1;
      const tag = TAG_REST.exec(xml)![0];
      const space = PARSER_SPACE.exec(tag.replace(QUOTED, ""));
      if (space !== null) {
        const hex = space[0].codePointAt(0)!.toString(16).toUpperCase();
        return fail(`A tag holds U+${hex}, part of a name in XML but a space to fast-xml-parser`);
      }
      MARKUP.lastIndex = at + 1 + tag.length;
      continue;
    }
    let end: number;
    if (match[0] === "<![CDATA[") end = xml.indexOf("]]>", at + 9);
    else if (match[0] === "<!--") end = xml.indexOf("-->", at + 4);
    else if (match[0] === "<!") return fail("DOCTYPE and markup declarations are not allowed");
    else {
      if (/^<\?xml(?=[\s?])/i.test(xml.slice(at, at + 6)) && at !== 0) {
        return fail("XML declaration allowed only at the start of the document");
      }
      end = xml.indexOf("?>", at + 2);
    }
    if (end === -1) return fail("Unterminated CDATA section, comment or processing instruction");
    MARKUP.lastIndex = end + 2;
  }
}

function decodeDocument(engine: Engine, text: string): unknown {
  if (typeof text !== "string") return fail("XML body must be a string");
  // XML 1.0 §2.11 line-end handling, then the checks fast-xml-parser's lenient parser does not make.
  const xml = (text.startsWith("\uFEFF") ? text.slice(1) : text).replace(/\r\n?/g, "\n");
  if (NOT_XML_CHAR.test(xml)) return fail("Body contains characters not allowed in XML");
  if (!xml.trimStart().startsWith("<")) return fail("Body is not XML");
  if (!xml.trimEnd().endsWith(">")) return fail("Body does not end with a tag: truncated XML");
  checkMarkup(xml);
  const verdict = engine.validator.validate(xml, { allowBooleanAttributes: false });
  if (verdict !== true) return fail(`Malformed XML: ${verdict.err.msg} (line ${verdict.err.line})`);

  // fast-xml-parser silently drops text outside the root element: wrap the document so that it shows.
  const nodes: unknown = engine.parser.parse(`<document>${xml}</document>`);
  const wrapper = Array.isArray(nodes) && nodes.length === 1 ? asElement(nodes[0] as OrderedNode) : undefined;
  if (wrapper === undefined) return fail("Unexpected parser output");
  const top = contentOf(wrapper.children);
  if (!isBlank(top)) return fail("Text outside the root element");
  const [root, ...others] = top.elements;
  if (root === undefined) return fail("No root element");
  if (others.length > 0) return fail("More than one root element");
  return decodeElement(root);
}

/** What {@link decodeRailsXml} found: the decoded value, or the error message saying why the text is not Authy XML. */
export type RailsXmlResult = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Decodes an Authy XML body (Rails `to_xml` dialect) into the value the JSON format returns: the root element
 * (`<hash>`, `<errors>`, any name) is dropped, dashes in names become underscores, `type`/`nil` attributes give
 * numbers, booleans, arrays and nulls, everything else stays a string exactly as written. Malformed input is a
 * result, not an exception, so that this module (a lazy chunk) needs none of the package's error classes: the
 * callers (the public `decodeAuthyXml`, the engine) throw an AuthyResponseError with the message.
 * `redact` is applied to any text quoted in the message before it is cut (the engine's redactor of the call).
 */
export async function decodeRailsXml(text: string, redact: (text: string) => string = (t) => t): Promise<RailsXmlResult> {
  const engine = await loadEngine();
  // Decoding is synchronous from here on, so the module-level quote cannot be seen by another call.
  quote = (quoted) => redact(quoted).slice(0, 40);
  try {
    return { ok: true, value: decodeDocument(engine, text) };
  } catch (error) {
    const problem = error instanceof Malformed ? error.message : `Malformed XML: ${String((error as Error)?.message ?? error)}`;
    return { ok: false, message: `Cannot decode XML response: ${problem}` };
  } finally {
    quote = (quoted) => quoted.slice(0, 40);
  }
}
