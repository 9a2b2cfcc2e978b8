// The XML decoder at its edges (issue 14): each refusal with its exact message, the boundaries of the XML character
// range, the markup walk around CDATA, comments and PIs, whitespace around typed values, and the loading of
// fast-xml-parser. test/xml.test.ts checks the common cases and that malformed input is refused; this file pins what
// a refusal says and which side of each boundary a value falls on.
import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthyResponseError } from "../src/errors.js";
import { decodeRailsXml } from "../src/xml.js";
import { decodeAuthyXml } from "../src/xml-lazy.js";

const PREFIX = "Cannot decode XML response: ";

/** [message, status, excerpt] of the error decodeAuthyXml throws for `text`; fails the test when it decodes. */
async function refusal(text: unknown): Promise<[string, number | undefined, string]> {
  try {
    await decodeAuthyXml(text as string);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthyResponseError);
    const { message, status, excerpt } = error as AuthyResponseError;
    return [message, status, excerpt];
  }
  throw new Error(`decoded without error: ${JSON.stringify(text)}`);
}

describe("each refusal says why, exactly", () => {
  const cases: [string, string, string][] = [
    // checks made before fast-xml-parser sees the text
    ["text before the root", "oops<hash/>", "Body is not XML"],
    ["text after the root", "<hash><a>1</a></hash>trailing", "Body does not end with a tag: truncated XML"],
    ["a control character", "<hash><a>\u0001</a></hash>", "Body contains characters not allowed in XML"],
    ["an XML declaration after a space", ' <?xml version="1.0"?><hash/>', "XML declaration allowed only at the start of the document"],
    ["an unterminated comment", "<hash><!-- x</hash>", "Unterminated CDATA section, comment or processing instruction"],
    // `<?>`: the "?>" that ends an instruction is searched after its "<?", so the "?" of the opening is not its end
    ["a processing instruction closed by its own opening", "<hash><?></hash>", "Unterminated CDATA section, comment or processing instruction"],
    // fast-xml-parser's validator and parser, their message kept
    ["an unclosed root", "<hash><a>1</a>", "Malformed XML: Unclosed tag 'hash'. (line 1)"],
    [
      "lone carriage returns count as line ends in the line number",
      "<hash>\r<a>\r</hash>",
      "Malformed XML: Expected closing tag 'a' (opened in line 2, col 1) instead of closing tag 'hash'. (line 3)",
    ],
    ["101 nested elements", `${"<a>".repeat(101)}${"</a>".repeat(101)}`, "Malformed XML: Maximum nested tags exceeded"],
    // the document's structure
    ["CDATA after the root", "<hash/><![CDATA[x]]>", "Text outside the root element"],
    ["two self-closing roots (fast-xml-parser's validator lets them through)", "<a/><b/>", "More than one root element"],
    ['"<" in an attribute value', '<hash><a x="<b>">1</a></hash>', 'Attribute x contains "<"'],
    ["markup in an attribute value is no declaration", '<hash><a x="<!b>">1</a></hash>', 'Attribute x contains "<"'],
    // references
    ["an entity HTML defines but XML does not", "<hash><a>&nbsp;</a></hash>", "Undefined entity &nbsp;"],
    ["the shortest undefined entity", "<hash><a>&a;</a></hash>", "Undefined entity &a;"],
    ["a bare & in an attribute", '<hash><a type="integer&">1</a></hash>', "Invalid character or entity reference"],
    ["an entity without ; in an attribute", '<hash><a type="&amp">1</a></hash>', "Invalid character or entity reference"],
    ["&; in an attribute", '<hash><a type="&;">1</a></hash>', "Invalid character or entity reference"],
    ["a reference to NUL", "<hash><a>&#0;</a></hash>", "Character reference &#0; is not an XML character"],
    ["a reference to U+FFFE", "<hash><a>&#xFFFE;</a></hash>", "Character reference &#xFFFE; is not an XML character"],
    ["a reference beyond U+10FFFF", "<hash><a>&#x110000;</a></hash>", "Character reference &#x110000; is not an XML character"],
    // typed values
    ["an integer beyond 2^53", '<hash><a type="integer">9007199254740993</a></hash>', "<a> holds an integer that a number cannot hold exactly"],
    ["a float that is not a number", '<hash><a type="float">x</a></hash>', '<a> is typed float but holds "x"'],
    ["a decimal beyond the double range", '<hash><a type="decimal">1e999</a></hash>', "<a> holds a decimal out of range"],
    ["a boolean yes", '<hash><a type="boolean">yes</a></hash>', '<a> is typed boolean but holds "yes"'],
    ["nil neither true nor false", '<hash><a nil="yes"/></hash>', '<a> has nil="yes"'],
    ["nil with content", '<hash><a nil="true">x</a></hash>', "<a> is nil but has content"],
    ["an array holding text", '<hash><a type="array">1,2</a></hash>', "<a> is an array but holds text"],
    ["an unsupported type", '<hash><a type="yaml">1</a></hash>', '<a> has an unsupported type "yaml"'],
    ["a typed element with children", '<hash><a type="string"><b/></a></hash>', "<a> is typed string but has child elements"],
    ["text next to elements", "<hash>text<a>1</a></hash>", "<hash> mixes text and elements"],
  ];
  it.each(cases)("%s", async (_name, xml, message) => {
    expect(await refusal(xml)).toEqual([PREFIX + message, undefined, xml.slice(0, 200)]);
  });

  it("a body that is not a string is refused by name, with an empty excerpt", async () => {
    expect([await refusal(42), await refusal(undefined)]).toEqual([
      [`${PREFIX}XML body must be a string`, undefined, ""],
      [`${PREFIX}XML body must be a string`, undefined, ""],
    ]);
  });

  it("quoted text is redacted by the caller's redactor first, then cut to 40 characters", async () => {
    const secret = "s".repeat(50);
    const result = await decodeRailsXml(`<hash><a type="integer">${secret}</a></hash>`, (text) => text.replace(/s/g, "*"));
    expect(result).toEqual({ ok: false, message: `${PREFIX}<a> is typed integer but holds "${"*".repeat(40)}"` });
  });
});

describe("U+1680 and U+FEFF inside a tag (XML name characters that fast-xml-parser reads as spaces)", () => {
  // XML reads `type\u1680` as one attribute name, which the dialect ignores; fast-xml-parser read `type` and typed
  // the value. Refused rather than decoded to a value the document does not hold.
  it.each([
    ["after an attribute name", '<hash><a type\u1680="integer">1</a></hash>', "U+1680"],
    ["inside an attribute name", '<hash><a x\uFEFFtype="integer">1</a></hash>', "U+FEFF"],
    ["inside an element name", "<hash><a\uFEFFb>1</a\uFEFFb></hash>", "U+FEFF"],
    ["in an end tag", "<hash\uFEFF><a>1</a></hash\uFEFF>", "U+FEFF"],
    ["after a double-quoted value holding >", '<hash><a y=">" x\uFEFFtype="integer">1</a></hash>', "U+FEFF"],
    ["after a single-quoted value holding >", "<hash><a y='>' x\uFEFFtype=\"integer\">1</a></hash>", "U+FEFF"],
    ["after a single-quoted value of several characters holding >", "<hash><a y='a>b' x\uFEFFtype=\"integer\">1</a></hash>", "U+FEFF"],
  ])("%s: refused", async (_name, xml, codePoint) => {
    expect(await refusal(xml)).toEqual([
      `${PREFIX}A tag holds ${codePoint}, part of a name in XML but a space to fast-xml-parser`,
      undefined,
      xml,
    ]);
  });

  it("in text, CDATA, comments and attribute values (even next to a >) they are ordinary characters", async () => {
    const xml = `\uFEFF<hash><s><![CDATA[<a\uFEFFb>]]></s><t>\uFEFF\u1680</t><u x="\uFEFF>" y='\u1680' z='a\u1680b'>1</u><!-- <a\uFEFF> --></hash>`;
    expect(await decodeAuthyXml(xml)).toEqual({ s: "<a\uFEFFb>", t: "\uFEFF\u1680", u: "1" });
  });
});

describe("values at the edges", () => {
  it("character references at each end of each XML character range decode", async () => {
    const xml = "<hash><s>&#9;&#32;&#xD7FF;&#xE000;&#xFFFD;&#x10000;&#x10FFFF;</s></hash>";
    expect(await decodeAuthyXml(xml)).toEqual({ s: "\t \uD7FF\uE000\uFFFD\u{10000}\u{10FFFF}" });
  });

  it("a float exponent needs no sign; floats, decimals and booleans may be surrounded by whitespace", async () => {
    const xml =
      '<hash><a type="float">1e3</a><b type="decimal"> 2.5E2\n</b><c type="float">\t-.5 </c>' +
      '<d type="boolean"> true\n</d><e type="boolean">\t0 </e><f type="float">.25</f></hash>';
    expect(await decodeAuthyXml(xml)).toEqual({ a: 1000, b: 250, c: -0.5, d: true, e: false, f: 0.25 });
  });

  it("whitespace before the root is skipped", async () => {
    expect(await decodeAuthyXml("  \n\t<hash><a>1</a></hash>")).toEqual({ a: "1" });
  });

  it("every member is an own, writable, enumerable, configurable property, as JSON.parse makes it", async () => {
    const result = (await decodeAuthyXml("<hash><a>1</a><b>2</b><b>3</b></hash>")) as object;
    expect(Object.getOwnPropertyDescriptors(result)).toEqual(Object.getOwnPropertyDescriptors(JSON.parse('{"a":"1","b":["2","3"]}')));
  });
});

describe("markup inside CDATA, comments and processing instructions is text, not markup", () => {
  it.each([
    ["CDATA holding <! and <?", "<hash><s><![CDATA[x <!DOCTYPE y> <?xml ?>]]></s></hash>", { s: "x <!DOCTYPE y> <?xml ?>" }],
    ["CDATA ending in <!", "<hash><s><![CDATA[x<!]]></s></hash>", { s: "x<!" }],
    ["a comment holding <!", "<hash><!-- a <!DOCTYPE b> --><a>1</a></hash>", { a: "1" }],
    ["a comment that starts with >", "<hash><!--> <!x> --><a>1</a></hash>", { a: "1" }],
    ["a processing instruction holding <!", "<hash><?pi a <!x ?><a>1</a></hash>", { a: "1" }],
    // Each section's end is searched for after its own start, not before (a search from before would find the
    // previous section's end and go round forever).
    ["two CDATA sections in a row", "<hash><s><![CDATA[a]]><![CDATA[b]]></s></hash>", { s: "ab" }],
    ["two comments in a row", "<hash><!--a--><!--b--><a>1</a></hash>", { a: "1" }],
  ])("%s", async (_name, xml, expected) => {
    expect(await decodeAuthyXml(xml)).toEqual(expected);
  });
});

describe("loading fast-xml-parser", () => {
  afterEach(() => {
    vi.doUnmock("fast-xml-parser");
    vi.resetModules();
  });

  it("a failed load is reported to the caller, and the next call loads it again", async () => {
    // The lazy chunk can fail to load (a bundler's chunk fetched over a network); the failure must not be cached.
    vi.resetModules();
    vi.doMock("fast-xml-parser", () => {
      throw new Error("chunk failed to load");
    });
    const { decodeRailsXml: freshDecode } = await import("../src/xml.js");
    const first = await freshDecode("<hash><a>1</a></hash>").then(
      () => "decoded",
      (error: unknown) => ((error as Error).cause as Error | undefined)?.message, // vitest wraps a failing mock factory
    );
    vi.doUnmock("fast-xml-parser");
    expect([first, await freshDecode("<hash><a>1</a></hash>")]).toEqual(["chunk failed to load", { ok: true, value: { a: "1" } }]);
  });
});
