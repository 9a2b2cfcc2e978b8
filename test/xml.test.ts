import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { AuthyResponseError } from "../src/errors.js";
import { decodeAuthyXml } from "../src/xml-lazy.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const examplesDir = join(root, "openapi/components/examples");
const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Resolves to the thrown error; fails the test when nothing is thrown. */
async function rejection(text: string): Promise<unknown> {
  try {
    await decodeAuthyXml(text);
  } catch (error) {
    return error;
  }
  throw new Error(`decoded without error: ${JSON.stringify(text)}`);
}

/** The decoder's contract for malformed input: an AuthyResponseError, status undefined, excerpt = first 200 chars. */
function isContractError(error: unknown, text: string): boolean {
  return error instanceof AuthyResponseError && error.status === undefined && error.excerpt === text.slice(0, 200);
}

describe("decoding rules (one exact value per case)", () => {
  const cases: [string, string, unknown][] = [
    // root element dropped, whatever its name
    ["root <hash> is dropped", `${DECL}<hash><a>1</a></hash>`, { a: "1" }],
    ["root <errors> is dropped", `<errors><message>User not found.</message></errors>`, { message: "User not found." }],
    ["any other root name is dropped", `<objects><a>1</a></objects>`, { a: "1" }],
    ["XML declaration, BOM and trailing newline are ignored", `\uFEFF${DECL}<hash><a>1</a></hash>\n`, { a: "1" }],
    ["comments and PIs around the root are ignored", `${DECL}<!-- c --><?pi x?>\n<hash><a>1</a></hash>\n<!-- end -->\n`, { a: "1" }],
    ["typed root", `<hash type="integer">5</hash>`, 5],
    ["array root (Rails renders [] as <nil-classes type=\"array\"/>)", `<nil-classes type="array"/>`, []],
    ["empty root hash (Rails renders {} as <hash>\\n</hash>)", `${DECL}<hash>\n</hash>\n`, {}],
    ["100 nested elements decode", `${"<a>".repeat(100)}x${"</a>".repeat(100)}`, JSON.parse(`${'{"a":'.repeat(99)}"x"${"}".repeat(99)}`)],
    // names
    ["dashes become underscores", `<errors><error-code>60026</error-code></errors>`, { error_code: "60026" }],
    ["every dash becomes an underscore", `<hash><registration-device-id>x</registration-device-id></hash>`, { registration_device_id: "x" }],
    ["leading and trailing underscores kept", `<hash><_app-name>a</_app-name><__key-x__>b</__key-x__><name_>c</name_></hash>`, { _app_name: "a", __key_x__: "b", name_: "c" }],
    ["namespace prefixes kept as written", `<hash><x:y-z>1</x:y-z></hash>`, { "x:y_z": "1" }],
    // integer
    ["integer", `<hash><id type="integer">1000</id></hash>`, { id: 1000 }],
    ["negative integer", `<hash><id type="integer">-5</id></hash>`, { id: -5 }],
    ["integer with leading zeros is the number", `<hash><id type="integer">007</id></hash>`, { id: 7 }],
    ["integer surrounded by whitespace", `<hash><id type="integer"> 42\n</id></hash>`, { id: 42 }],
    ["largest exact integer", `<hash><id type="integer">9007199254740991</id></hash>`, { id: 9007199254740991 }],
    // float / decimal
    ["float", `<hash><f type="float">3.25</f></hash>`, { f: 3.25 }],
    ["float with exponent", `<hash><f type="float">-1.5e-3</f></hash>`, { f: -0.0015 }],
    ["float written as integer", `<hash><f type="float">2</f></hash>`, { f: 2 }],
    ["decimal", `<hash><d type="decimal">10.50</d></hash>`, { d: 10.5 }],
    // boolean
    ["boolean true", `<hash><b type="boolean">true</b></hash>`, { b: true }],
    ["boolean false", `<hash><b type="boolean">false</b></hash>`, { b: false }],
    ["boolean 1 (Rails)", `<hash><b type="boolean">1</b></hash>`, { b: true }],
    ["boolean 0 (Rails)", `<hash><b type="boolean">0</b></hash>`, { b: false }],
    // arrays
    ["empty self-closing array", `<hash><devices type="array"/></hash>`, { devices: [] }],
    ["empty array with end tag", `<hash><devices type="array"></devices></hash>`, { devices: [] }],
    ["empty array with indentation", `<hash><devices type="array">\n    </devices></hash>`, { devices: [] }],
    [
      "array of objects, child names ignored",
      `<hash><detailed-devices type="array">\n  <detailed-device><os-type>ios</os-type></detailed-device>\n  <other><os-type>android</os-type></other>\n</detailed-devices></hash>`,
      { detailed_devices: [{ os_type: "ios" }, { os_type: "android" }] },
    ],
    [
      "array of typed scalars, nulls and strings",
      `<hash><a type="array"><a type="integer">1</a><a type="boolean">true</a><a nil="true"/><a>0123</a><a/></a></hash>`,
      { a: [1, true, null, "0123", ""] },
    ],
    ["array of arrays", `<hash><a type="array"><a type="array"><x>1</x></a><a type="array"/></a></hash>`, { a: [["1"], []] }],
    ["one-element array stays an array", `<hash><a type="array"><b>x</b></a></hash>`, { a: ["x"] }],
    // nil
    ["nil", `<hash><city nil="true"/></hash>`, { city: null }],
    ["nil wins over type", `<hash><id type="integer" nil="true"/></hash>`, { id: null }],
    ["nil with whitespace content", `<hash><city nil="true">\n</city></hash>`, { city: null }],
    ['nil="false" is no nil', `<hash><city nil="false">Bogotá</city></hash>`, { city: "Bogotá" }],
    // strings as written
    ["dateTime stays a string", `<hash><t type="dateTime">2015-06-09T16:43:32Z</t></hash>`, { t: "2015-06-09T16:43:32Z" }],
    ["date stays a string", `<hash><t type="date">2015-06-09</t></hash>`, { t: "2015-06-09" }],
    ["typed string keeps whitespace", `<hash><s type="string"> x </s></hash>`, { s: " x " }],
    ["typed string with only a newline is a string", `<hash><s type="string">\n  </s></hash>`, { s: "\n  " }],
    ["empty typed string", `<hash><s type="string"/></hash>`, { s: "" }],
    ["symbol stays a string", `<hash><s type="symbol">sms</s></hash>`, { s: "sms" }],
    ["leading zeros kept in untyped text", `<hash><cellphone>0123</cellphone></hash>`, { cellphone: "0123" }],
    ["untyped true stays a string", `<hash><success>true</success></hash>`, { success: "true" }],
    ["untyped number stays a string", `<hash><n>1.50</n></hash>`, { n: "1.50" }],
    ["untyped text keeps its whitespace", `<hash><s>  padded \t</s></hash>`, { s: "  padded \t" }],
    [
      "verify token: success is the string \"true\"",
      `${DECL}<hash>\n  <message>Token is valid.</message>\n  <token>is valid</token>\n  <success>true</success>\n</hash>\n`,
      { message: "Token is valid.", token: "is valid", success: "true" },
    ],
    // objects and empties
    ["nested objects", `<hash><status><user><id type="integer">1</id></user></status></hash>`, { status: { user: { id: 1 } } }],
    ["empty self-closing element is an empty string", `<hash><s/></hash>`, { s: "" }],
    ["empty element is an empty string", `<hash><s></s></hash>`, { s: "" }],
    ["spaces without newline are a string", `<hash><s>   </s></hash>`, { s: "   " }],
    ["whitespace with a newline is an empty object", `<hash><errors>\n    </errors></hash>`, { errors: {} }],
    ["CRLF whitespace is an empty object", `<hash><errors>\r\n  </errors></hash>`, { errors: {} }],
    ["an escaped newline is a string", `<hash><s>&#10;</s></hash>`, { s: "\n" }],
    ["a CDATA newline is a string", `<hash><s><![CDATA[\n]]></s></hash>`, { s: "\n" }],
    // repeated siblings
    ["repeated siblings are collected", `<hash><x>1</x><x>2</x></hash>`, { x: ["1", "2"] }],
    ["three repeated siblings, interleaved", `<hash><x>1</x><y>a</y><x type="integer">2</x><x nil="true"/></hash>`, { x: ["1", 2, null], y: "a" }],
    ["a repeated array is collected as a value", `<hash><x type="array"><i>1</i></x><x>2</x></hash>`, { x: [["1"], "2"] }],
    ["dash and underscore spellings collide", `<hash><a-b>1</a-b><a_b>2</a_b></hash>`, { a_b: ["1", "2"] }],
    // text: entities, references, CDATA, unicode, line ends
    ["the five XML entities", `<hash><s>&amp;&lt;&gt;&quot;&apos;</s></hash>`, { s: `&<>"'` }],
    ["decimal and hex character references", `<hash><s>&#233;&#xE9;&#x1F600;&#128512;</s></hash>`, { s: "éé😀😀" }],
    ["character references with leading zeros", `<hash><s>&#0000000065;&#x0000000042;</s></hash>`, { s: "AB" }],
    ["double escaping decodes once", `<hash><s>&amp;amp;</s></hash>`, { s: "&amp;" }],
    ["raw unicode kept", `<hash><s>Bogotá – 東京 😀</s></hash>`, { s: "Bogotá – 東京 😀" }],
    ["CDATA kept as text, not decoded", `<hash><s><![CDATA[<b>&amp;</b>]]></s></hash>`, { s: "<b>&amp;</b>" }],
    ["text and CDATA concatenated", `<hash><s>a&amp;<![CDATA[<&>]]>b</s></hash>`, { s: "a&<&>b" }],
    ["comments and PIs inside text are dropped", `<hash><s>a<!-- c -->b<?pi x?>c</s></hash>`, { s: "abc" }],
    ["CRLF in text becomes LF (XML line-end handling)", `<hash><s>a\r\nb\rc</s></hash>`, { s: "a\nb\nc" }],
    ["an escaped CR is kept", `<hash><s>a&#13;&#xD;b</s></hash>`, { s: "a\r\rb" }],
    ["references in the type attribute", `<hash><n type="&#105;nteger">4</n></hash>`, { n: 4 }],
    // attributes
    ["attributes other than type/nil are ignored", `<hash id="1" xmlns="urn:x" foo="bar"><a lang="en" href="x">t</a><o id="2"><b>1</b></o></hash>`, { a: "t", o: { b: "1" } }],
  ];
  it.each(cases)("%s", async (_name, xml, expected) => {
    expect(await decodeAuthyXml(xml)).toEqual(expected);
  });
});

describe("prototype pollution", () => {
  it("a <__proto__> element becomes an own property, as JSON.parse makes it", async () => {
    const result = (await decodeAuthyXml(`<hash><__proto__><polluted>yes</polluted></__proto__></hash>`)) as object;
    expect({
      keys: Object.keys(result),
      own: Object.getOwnPropertyDescriptor(result, "__proto__")?.value,
      prototypeIsObject: Object.getPrototypeOf(result) === Object.prototype,
      polluted: ({} as Record<string, unknown>)["polluted"],
      inherited: (result as Record<string, unknown>)["polluted"],
    }).toEqual({ keys: ["__proto__"], own: { polluted: "yes" }, prototypeIsObject: true, polluted: undefined, inherited: undefined });
  });

  it("a name that un-dasherizes to __proto__ is an own property too", async () => {
    const result = (await decodeAuthyXml(`<hash><_-proto__><polluted>yes</polluted></_-proto__></hash>`)) as object;
    expect([Object.keys(result), Object.getPrototypeOf(result) === Object.prototype, ({} as any).polluted]).toEqual([
      ["__proto__"],
      true,
      undefined,
    ]);
  });

  it("constructor, prototype, toString, hasOwnProperty are ordinary keys", async () => {
    const result = await decodeAuthyXml(
      `<hash><constructor><prototype><x>1</x></prototype></constructor><toString>a</toString><hasOwnProperty>b</hasOwnProperty><valueOf/></hash>`,
    );
    expect(JSON.stringify(result)).toEqual('{"constructor":{"prototype":{"x":"1"}},"toString":"a","hasOwnProperty":"b","valueOf":""}');
    expect([(Object.prototype as any).x, typeof Object.prototype.toString, ({} as any).constructor === Object]).toEqual([
      undefined,
      "function",
      true,
    ]);
  });

  it("repeated <__proto__> elements are collected without touching prototypes", async () => {
    const result = (await decodeAuthyXml(`<hash><__proto__>1</__proto__><__proto__>2</__proto__></hash>`)) as object;
    expect([Object.getOwnPropertyDescriptor(result, "__proto__")?.value, Array.prototype.length, ({} as any)[0]]).toEqual([
      ["1", "2"],
      0,
      undefined,
    ]);
  });

  it("attributes named __proto__ or constructor are ignored", async () => {
    expect(await decodeAuthyXml(`<hash __proto__="x" constructor="y"><a __proto__="z" type="integer">1</a></hash>`)).toEqual({ a: 1 });
  });
});

describe("malformed input throws AuthyResponseError (status undefined, excerpt = first 200 chars)", () => {
  const billionLaughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n<hash><a>&lol3;</a></hash>`;
  const malformed: [string, string][] = [
    ["empty body", ""],
    ["only whitespace", "  \n "],
    ["JSON", `{"success":true}`],
    ["plain text", "Internal Server Error"],
    ["HTML-ish text before the root", "oops<hash/>"],
    ["text after the root", "<hash><a>1</a></hash>trailing"],
    ["CDATA after the root", "<hash/><![CDATA[x]]>"],
    ["several roots", "<hash><a>1</a></hash><hash><a>2</a></hash>"],
    ["unclosed root", "<hash><a>1</a>"],
    ["unclosed child", "<hash><a>1</hash>"],
    ["crossed tags", "<hash><a><b></a></b></hash>"],
    ["closing tag only", "</hash>"],
    ["truncated tag", "<hash><a"],
    ["truncated self-closing tag", "<a/"],
    ["truncated self-closing tag after whitespace", "<hash>\n  <a/ \n"],
    ["slash inside a name", "<hash><a/b>1</a/b></hash>"],
    ["lone <", "<"],
    ["invalid name", "<hash><1a>x</1a></hash>"],
    ["unquoted attribute", "<hash><a type=integer>1</a></hash>"],
    ["attribute without value", "<hash><a nil>1</a></hash>"],
    ["duplicate attribute", `<hash><a type="integer" type="float">1</a></hash>`],
    ["< in an attribute value", `<hash><a x="<b>">1</a></hash>`],
    ["DOCTYPE", `<!DOCTYPE hash><hash/>`],
    ["DOCTYPE with internal entity", `<!DOCTYPE hash [<!ENTITY e "x">]><hash>&e;</hash>`],
    ["billion laughs", billionLaughs],
    ["external entity (XXE)", `<!DOCTYPE hash [<!ENTITY x SYSTEM "file:///etc/passwd">]><hash>&x;</hash>`],
    ["lower-case doctype", `<!doctype hash><hash/>`],
    ["markup declaration inside the root", `<hash><!ENTITY e "x"></hash>`],
    ["XML declaration not at the start", ` <?xml version="1.0"?><hash/>`],
    ["XML declaration after the root", `<hash/><?xml version="1.0"?>`],
    ["two XML declarations", `${DECL}${DECL}<hash/>`],
    ["undefined entity", "<hash><a>&nbsp;</a></hash>"],
    ["bare ampersand", "<hash><a>a & b</a></hash>"],
    ["reference without semicolon", "<hash><a>&#65</a></hash>"],
    ["empty reference", "<hash><a>&;</a></hash>"],
    ["reference to NUL", "<hash><a>&#0;</a></hash>"],
    ["reference to a surrogate", "<hash><a>&#xD800;</a></hash>"],
    ["reference beyond U+10FFFF", "<hash><a>&#x110000;</a></hash>"],
    ["huge reference", "<hash><a>&#99999999999999999999;</a></hash>"],
    ["control character", "<hash><a>\u0001</a></hash>"],
    ["lone surrogate", "<hash><a>\uD83D</a></hash>"],
    ["unterminated comment", "<hash><!-- x</hash>"],
    ["unterminated CDATA", "<hash><a><![CDATA[x</a></hash>"],
    ["mixed content", "<hash>text<a>1</a></hash>"],
    ["mixed content with CDATA", "<hash><![CDATA[x]]><a>1</a></hash>"],
    ["integer with a fraction", `<hash><a type="integer">1.5</a></hash>`],
    ["integer with letters", `<hash><a type="integer">12abc</a></hash>`],
    ["empty integer", `<hash><a type="integer"/></hash>`],
    ["integer with exponent", `<hash><a type="integer">1e3</a></hash>`],
    ["integer beyond 2^53", `<hash><a type="integer">9007199254740993</a></hash>`],
    ["integer with children", `<hash><a type="integer"><b>1</b></a></hash>`],
    ["float NaN", `<hash><a type="float">NaN</a></hash>`],
    ["float Infinity", `<hash><a type="float">Infinity</a></hash>`],
    ["float overflow", `<hash><a type="float">1e999</a></hash>`],
    ["empty float", `<hash><a type="float"></a></hash>`],
    ["hex float", `<hash><a type="decimal">0x10</a></hash>`],
    ["boolean yes", `<hash><a type="boolean">yes</a></hash>`],
    ["empty boolean", `<hash><a type="boolean"/></hash>`],
    ["array with text", `<hash><a type="array">1,2</a></hash>`],
    ["array with text and elements", `<hash><a type="array">x<b>1</b></a></hash>`],
    ["unknown type", `<hash><a type="base64Binary">eA==</a></hash>`],
    ["type yaml", `<hash><a type="yaml">--- 1</a></hash>`],
    ["string with children", `<hash><a type="string"><b/></a></hash>`],
    ["nil with content", `<hash><a nil="true">x</a></hash>`],
    ["nil with children", `<hash><a nil="true"><b/></a></hash>`],
    ["bad nil value", `<hash><a nil="yes"/></hash>`],
    ["nesting deeper than 100", `${"<a>".repeat(101)}${"</a>".repeat(101)}`],
  ];
  it.each(malformed)("%s", async (_name, xml) => {
    const error = await rejection(xml);
    expect(isContractError(error, xml)).toEqual(true);
  });

  it("the excerpt is the first 200 characters and the message names the problem", async () => {
    const xml = `<hash><a type="integer">x</a>${"<b>1</b>".repeat(100)}</hash>`;
    const error = (await rejection(xml)) as AuthyResponseError;
    expect([error.name, error.status, error.excerpt, error.message]).toEqual([
      "AuthyResponseError",
      undefined,
      xml.slice(0, 200),
      'Cannot decode XML response: <a> is typed integer but holds "x"',
    ]);
  });

  it("the billion-laughs document is rejected without expanding anything", async () => {
    const error = (await rejection(billionLaughs)) as AuthyResponseError;
    expect(error.message).toEqual("Cannot decode XML response: DOCTYPE and markup declarations are not allowed");
  });
});

describe("every XML example decodes to its JSON twin", () => {
  const xmlExamples = readdirSync(examplesDir).filter((name) => name.endsWith("Xml.yaml")).sort();
  const readExample = (name: string): unknown =>
    (parseYaml(readFileSync(join(examplesDir, name), "utf8")) as { value: unknown }).value;

  it("there are XML examples to check", () => {
    expect(xmlExamples.length > 0).toEqual(true);
  });

  it.each(xmlExamples)("%s", async (name) => {
    const twin = name.replace(/Xml\.yaml$/, ".yaml");
    expect(readdirSync(examplesDir).includes(twin), `${name} has no JSON twin ${twin}`).toEqual(true);
    const xml = readExample(name);
    expect(typeof xml).toEqual("string");
    expect(await decodeAuthyXml(xml as string)).toEqual(readExample(twin));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property tests

/** A small Rails `Hash#to_xml` look-alike, for round trips. */
function escapeText(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#13;" })[c]!);
}
/** Rails' `_dasherize`: inner underscores become dashes, leading and trailing ones are kept. */
function dasherize(key: string): string {
  const [, left, middle, right] = /^(_*)(.*?)(_*)$/s.exec(key)!;
  return `${left}${middle!.replace(/_/g, "-")}${right}`;
}
function renderRails(name: string, value: unknown, indent: string): string {
  const tag = dasherize(name);
  if (value === null) return `${indent}<${tag} nil="true"/>\n`;
  if (typeof value === "boolean") return `${indent}<${tag} type="boolean">${value}</${tag}>\n`;
  if (typeof value === "number") {
    return `${indent}<${tag} type="${Number.isSafeInteger(value) ? "integer" : "float"}">${String(value)}</${tag}>\n`;
  }
  if (typeof value === "string") return `${indent}<${tag}>${escapeText(value)}</${tag}>\n`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}<${tag} type="array"/>\n`;
    return `${indent}<${tag} type="array">\n${value.map((item) => renderRails("item", item, `${indent}  `)).join("")}${indent}</${tag}>\n`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  return `${indent}<${tag}>\n${entries.map(([k, v]) => renderRails(k, v, `${indent}  `)).join("")}${indent}</${tag}>\n`;
}
const toRailsXml = (value: Record<string, unknown>): string => `${DECL}${renderRails("hash", value, "")}`;

const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const snakeKey = fc.stringMatching(/^_?[a-z][a-z0-9]{0,6}(?:_[a-z0-9]{1,4}){0,2}_?$/);
const xmlString = fc
  .oneof(
    fc.string({ unit: "binary" }),
    fc.string({ unit: fc.constantFrom("a", "0", " ", "\n", "\r", "\t", "&", "<", ">", '"', "'", "é", "😀", "]]>", "&amp;") }),
    fc.stringMatching(/^0[0-9]{1,9}$/), // leading zeros
    fc.constantFrom("", "true", "false", "null", "0123", "1.50", "-0", "  spaced  "),
  )
  .filter((s) => !NOT_XML_CHAR.test(s))
  // documented ambiguity: untyped whitespace containing a newline is an empty object
  .filter((s) => !/^[ \t\r\n]*$/.test(s) || !/[\r\n]/.test(s));
const scalar = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
  fc.boolean(),
  fc.constant(null),
  xmlString,
);
const { value: jsonLike } = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("object"), fc.array(tie("value"), { maxLength: 4 })),
  object: fc.dictionary(snakeKey, tie("value"), { maxKeys: 5 }),
}));
const rootObject = fc.dictionary(snakeKey, jsonLike, { maxKeys: 6 });

describe("properties", () => {
  it("round trip: Rails-style XML of a JSON-like object decodes to that object (numRuns 300)", async () => {
    await fc.assert(
      fc.asyncProperty(rootObject, async (value) => {
        expect(await decodeAuthyXml(toRailsXml(value))).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  const decodesOrThrowsContractError = async (text: string) => {
    try {
      await decodeAuthyXml(text);
    } catch (error) {
      expect(isContractError(error, text), String(error)).toEqual(true);
    }
  };

  it("arbitrary strings decode or throw AuthyResponseError, nothing else (numRuns 300)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "binary", maxLength: 400 })), decodesOrThrowsContractError),
      { numRuns: 300 },
    );
  });

  const fragment = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(
      "<hash>", "</hash>", "<a>", "</a>", "<a/>", "<b-c>", "</b-c>", '<a type="integer">', '<a type="float">', '<a type="boolean">',
      '<a type="array">', '<a nil="true"/>', '<a type="bogus">', "<__proto__>", "</__proto__>", "<constructor>", "</constructor>",
      "&amp;", "&#x41;", "&#0;", "&", "&lt", "<![CDATA[", "]]>", "<!--", "-->", "<!DOCTYPE hash>", '<!ENTITY e "x">', "&e;",
      DECL, "<?pi x?>", "1", "007", "true", "x", " ", "\n", "\r\n", "<", ">", "/>", '"', "'", "=", "é", "😀",
    ) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 4 }) },
  );
  const xmlish = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(""));

  it("XML-ish strings decode or throw AuthyResponseError, nothing else (numRuns 1000)", async () => {
    await fc.assert(fc.asyncProperty(xmlish, decodesOrThrowsContractError), { numRuns: 1000 });
  });

  it("truncated or mutated Rails XML decodes or throws AuthyResponseError (numRuns 300)", async () => {
    await fc.assert(
      fc.asyncProperty(rootObject, fc.nat(), fc.nat(), fragment, async (value, cut, at, insert) => {
        const xml = toRailsXml(value);
        await decodesOrThrowsContractError(xml.slice(0, cut % (xml.length + 1)));
        const i = at % (xml.length + 1);
        await decodesOrThrowsContractError(xml.slice(0, i) + insert + xml.slice(i));
      }),
      { numRuns: 300 },
    );
  });
});

describe("loading", () => {
  it("src/xml.ts imports only fast-xml-parser types (no Node-only modules, none of the package's modules)", () => {
    const source = readFileSync(join(root, "src/xml.ts"), "utf8");
    const imports = [...source.matchAll(/^\s*import\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gm)].map((m) => `${m[1] ? "type " : ""}${m[2]}`);
    const dynamic = [...source.matchAll(/import\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]);
    expect([imports, dynamic, /\b(require|process|Buffer|__dirname)\b/.test(source)]).toEqual([
      ["type fast-xml-parser"],
      ["fast-xml-parser"],
      false,
    ]);
  });

  it("fast-xml-parser is not loaded when src/xml.ts is imported, only on the first decode, and once", () => {
    // A loader hook (registered in a fresh Node process next to tsx's) wraps fast-xml-parser in a module that counts
    // its evaluations in a global: the count is observed before and after decoding.
    const hook = `export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      if (specifier !== "fast-xml-parser") return resolved;
      const body = "globalThis.__fxpLoads = (globalThis.__fxpLoads ?? 0) + 1; export * from " + JSON.stringify(resolved.url) + ";";
      return { url: "data:text/javascript," + encodeURIComponent(body), shortCircuit: true };
    }`;
    const script = `
      import { register } from "node:module";
      register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hook)}));
      const { decodeRailsXml } = await import(${JSON.stringify(pathToFileURL(join(root, "src/xml.ts")).href)});
      const afterImport = globalThis.__fxpLoads ?? 0;
      const first = await decodeRailsXml("<hash><a type=\\"integer\\">1</a></hash>");
      const afterFirst = globalThis.__fxpLoads ?? 0;
      await decodeRailsXml("<hash/>");
      const afterSecond = globalThis.__fxpLoads ?? 0;
      console.log(JSON.stringify({ afterImport, first, afterFirst, afterSecond }));
    `;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
    });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ afterImport: 0, first: { ok: true, value: { a: 1 } }, afterFirst: 1, afterSecond: 1 });
  });
});
