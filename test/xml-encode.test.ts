import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import * as publicEntry from "../src/index.js";
import { AuthyXmlEncodeError, encodeAuthyXml, MAX_XML_DEPTH } from "../src/xml-encode.js";
import { decodeAuthyXml } from "../src/xml-lazy.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const examplesDir = join(root, "openapi/components/examples");
const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** The error `encodeAuthyXml` throws for `value`, as [path, message]; fails the test when it encodes. */
function refusal(value: unknown, options?: Parameters<typeof encodeAuthyXml>[1]): [string, string] {
  try {
    encodeAuthyXml(value, options);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthyXmlEncodeError);
    return [(error as AuthyXmlEncodeError).path, (error as AuthyXmlEncodeError).message];
  }
  throw new Error(`encoded without error: ${String(value)}`);
}

describe("every XML example of the spec and its JSON twin", () => {
  const xmlExamples = readdirSync(examplesDir).filter((name) => name.endsWith("Xml.yaml")).sort();
  const readExample = (name: string): unknown =>
    (parseYaml(readFileSync(join(examplesDir, name), "utf8")) as { value: unknown }).value;

  it("there are XML examples, each with a JSON twin", () => {
    const missing = xmlExamples.filter((name) => !readdirSync(examplesDir).includes(name.replace(/Xml\.yaml$/, ".yaml")));
    expect([xmlExamples.length > 40, missing]).toEqual([true, []]);
  });

  it.each(xmlExamples)("%s: decodes to the twin, the twin encodes to these exact bytes, and back", async (name) => {
    const xml = readExample(name) as string;
    const twin = readExample(name.replace(/Xml\.yaml$/, ".yaml"));
    expect(await decodeAuthyXml(xml)).toEqual(twin);
    // The examples are written in the real API's byte form (Rails: declaration, two-space indentation, `<errors>`
    // for error bodies), so the encoder must give them exactly.
    expect(encodeAuthyXml(twin)).toEqual(xml);
    expect(await decodeAuthyXml(encodeAuthyXml(twin))).toEqual(twin);
  });
});

describe("encoding rules (one exact document per case)", () => {
  const cases: [string, unknown, string][] = [
    ["object at the root is <hash>", { a: "1" }, `<hash>\n  <a>1</a>\n</hash>\n`],
    ["an object with error_code has the root <errors>", { message: "m", error_code: "60026" }, `<errors>\n  <message>m</message>\n  <error-code>60026</error-code>\n</errors>\n`],
    ["empty object at the root", {}, `<hash>\n</hash>\n`],
    ["nested empty object keeps the indentation", { errors: {} }, `<hash>\n  <errors>\n  </errors>\n</hash>\n`],
    ["inner underscores dashed, leading and trailing kept", { _app_name: "a", a__b_: "b" }, `<hash>\n  <_app-name>a</_app-name>\n  <a--b_>b</a--b_>\n</hash>\n`],
    ["integer, negative, zero", { a: 1000, b: -5, c: 0 }, `<hash>\n  <a type="integer">1000</a>\n  <b type="integer">-5</b>\n  <c type="integer">0</c>\n</hash>\n`],
    ["float, exponent, -0", { a: 3.25, b: 1e-7, c: -0 }, `<hash>\n  <a type="float">3.25</a>\n  <b type="float">1e-7</b>\n  <c type="float">-0</c>\n</hash>\n`],
    ["integer beyond 2^53 is a float", { a: 2 ** 60 }, `<hash>\n  <a type="float">1152921504606847000</a>\n</hash>\n`],
    ["booleans", { a: true, b: false }, `<hash>\n  <a type="boolean">true</a>\n  <b type="boolean">false</b>\n</hash>\n`],
    ["null is nil", { city: null }, `<hash>\n  <city nil="true"/>\n</hash>\n`],
    ["strings stay untyped, as written", { s: "0123", t: "true", u: "  x  " }, `<hash>\n  <s>0123</s>\n  <t>true</t>\n  <u>  x  </u>\n</hash>\n`],
    ["empty string", { s: "" }, `<hash>\n  <s></s>\n</hash>\n`],
    ["empty array", { devices: [] }, `<hash>\n  <devices type="array"/>\n</hash>\n`],
    [
      "array items are named by the singular",
      { detailed_devices: [{ os_type: "ios" }], statuses: ["a"], entries: [1], boxes: [true], gas: ["x"] },
      `<hash>\n  <detailed-devices type="array">\n    <detailed-device>\n      <os-type>ios</os-type>\n    </detailed-device>\n  </detailed-devices>\n` +
        `  <statuses type="array">\n    <status>a</status>\n  </statuses>\n  <entries type="array">\n    <entry type="integer">1</entry>\n  </entries>\n` +
        `  <boxes type="array">\n    <box type="boolean">true</box>\n  </boxes>\n  <gas type="array">\n    <ga>x</ga>\n  </gas>\n</hash>\n`,
    ],
    ["array of arrays, nulls and empties", { a: [[1], [], null, {}] }, `<hash>\n  <a type="array">\n    <a type="array">\n      <a type="integer">1</a>\n    </a>\n    <a type="array"/>\n    <a nil="true"/>\n    <a>\n    </a>\n  </a>\n</hash>\n`],
    ["array at the root is <objects>", [1, "x"], `<objects type="array">\n  <object type="integer">1</object>\n  <object>x</object>\n</objects>\n`],
    ["scalar at the root", 5, `<hash type="integer">5</hash>\n`],
    ["as JSON.stringify: undefined, functions and symbols are left out of objects", { a: undefined, b: () => 1, c: Symbol("x"), d: 1 }, `<hash>\n  <d type="integer">1</d>\n</hash>\n`],
    ["as JSON.stringify: and are null in arrays", { a: [undefined, () => 1] }, `<hash>\n  <a type="array">\n    <a nil="true"/>\n    <a nil="true"/>\n  </a>\n</hash>\n`],
    ["as JSON.stringify: toJSON is applied (a Date is its ISO string)", { at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) }, `<hash>\n  <at>2026-01-02T03:04:05.000Z</at>\n</hash>\n`],
    ["boxed primitives are their values", { n: Object(7), s: Object("x") }, `<hash>\n  <n type="integer">7</n>\n  <s>x</s>\n</hash>\n`],
  ];
  it.each(cases)("%s", async (_name, value, xml) => {
    expect(encodeAuthyXml(value, { declaration: false })).toEqual(xml);
    expect(encodeAuthyXml(value)).toEqual(DECL + xml);
    expect(await decodeAuthyXml(encodeAuthyXml(value))).toEqual(JSON.parse(JSON.stringify(value, (_k, v) => (Object.is(v, -0) ? "-0" : v)), (_k, v) => (v === "-0" ? -0 : v)));
  });

  it("the root can be named", () => {
    expect([encodeAuthyXml({ a: 1 }, { root: "errors", declaration: false }), encodeAuthyXml({ error_code: "1" }, { root: "hash", declaration: false })]).toEqual([
      `<errors>\n  <a type="integer">1</a>\n</errors>\n`,
      `<hash>\n  <error-code>1</error-code>\n</hash>\n`,
    ]);
  });
});

describe("hostile values are escaped or refused clearly", () => {
  it("markup characters are escaped and come back as written", async () => {
    const value = { s: `<script>alert("x")</script> & ]]> <![CDATA[ &amp; 'q'`, t: "</hash><hash>" };
    const xml = encodeAuthyXml(value, { declaration: false });
    expect(xml).toEqual(
      `<hash>\n  <s>&lt;script&gt;alert("x")&lt;/script&gt; &amp; ]]&gt; &lt;![CDATA[ &amp;amp; 'q'</s>\n  <t>&lt;/hash&gt;&lt;hash&gt;</t>\n</hash>\n`,
    );
    expect(await decodeAuthyXml(xml)).toEqual(value);
  });

  it("a carriage return is a character reference (XML would read it as a newline)", async () => {
    const value = { s: "a\r\nb\rc" };
    expect(encodeAuthyXml(value, { declaration: false })).toEqual(`<hash>\n  <s>a&#13;\nb&#13;c</s>\n</hash>\n`);
    expect(await decodeAuthyXml(encodeAuthyXml(value))).toEqual(value);
  });

  it("whitespace with a newline is escaped (untyped, it would read back as Rails' empty hash)", async () => {
    const value = { a: "\n", b: " \n\t", c: "x\n" };
    expect(encodeAuthyXml(value, { declaration: false })).toEqual(`<hash>\n  <a>&#10;</a>\n  <b> &#10;\t</b>\n  <c>x\n</c>\n</hash>\n`);
    expect(await decodeAuthyXml(encodeAuthyXml(value))).toEqual(value);
  });

  it("unicode is written as it is", async () => {
    const value = { s: "Bogotá – 東京 😀 \u2028" };
    expect(encodeAuthyXml(value, { declaration: false })).toEqual(`<hash>\n  <s>Bogotá – 東京 😀 \u2028</s>\n</hash>\n`);
    expect(await decodeAuthyXml(encodeAuthyXml(value))).toEqual(value);
  });

  it("control characters, lone surrogates and U+FFFE are refused with the path and the code point", () => {
    expect([
      refusal({ user: { email: "a\u0000b" } }),
      refusal({ list: ["ok", "\u001B[31m"] }),
      refusal({ s: "\uD83D" }),
      refusal({ s: "\uFFFE" }),
    ]).toEqual([
      ["$.user.email", "Cannot encode XML at $.user.email: the string holds U+0000, a character XML 1.0 cannot carry"],
      ["$.list[1]", "Cannot encode XML at $.list[1]: the string holds U+001B, a character XML 1.0 cannot carry"],
      ["$.s", "Cannot encode XML at $.s: the string holds U+D83D, a character XML 1.0 cannot carry"],
      ["$.s", "Cannot encode XML at $.s: the string holds U+FFFE, a character XML 1.0 cannot carry"],
    ]);
  });

  it('invalidCharacters: "replace" writes U+FFFD for each of them', async () => {
    const xml = encodeAuthyXml({ s: "a\u0000b\u0007\uD83Dc\u{1F600}" }, { invalidCharacters: "replace" });
    expect(await decodeAuthyXml(xml)).toEqual({ s: "a\uFFFDb\uFFFD\uFFFDc\u{1F600}" });
  });

  it(`${MAX_XML_DEPTH} nested elements encode and decode; one more is refused before anything is written`, async () => {
    const nest = (levels: number): unknown => {
      let value: unknown = "x";
      for (let i = 0; i < levels; i += 1) value = { a: value };
      return value;
    };
    const deepest = nest(MAX_XML_DEPTH - 1); // the root plus 99 levels of <a>
    expect(await decodeAuthyXml(encodeAuthyXml(deepest))).toEqual(deepest);
    const [path, message] = refusal(nest(MAX_XML_DEPTH));
    expect([path.length, message.endsWith("nesting deeper than 100 elements (the decoder's limit)")]).toEqual([1 + 2 * MAX_XML_DEPTH, true]);
    expect(refusal(nest(100_000))[1].endsWith("nesting deeper than 100 elements (the decoder's limit)")).toEqual(true);
  });

  it("deep arrays count their levels too", () => {
    let value: unknown = [];
    for (let i = 0; i < MAX_XML_DEPTH; i += 1) value = [value];
    expect(refusal({ a: value })[1].endsWith("nesting deeper than 100 elements (the decoder's limit)")).toEqual(true);
  });

  it("circular references are refused by name", () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop["self"] = loop;
    const list: unknown[] = [];
    list.push({ back: list });
    expect([refusal(loop), refusal({ list })]).toEqual([
      ["$.self", "Cannot encode XML at $.self: circular reference"],
      ["$.list[0].back", "Cannot encode XML at $.list[0].back: circular reference"],
    ]);
  });

  it("a shared (not circular) object is written twice, as JSON.stringify does", async () => {
    const shared = { id: 1 };
    expect(await decodeAuthyXml(encodeAuthyXml({ a: shared, b: [shared] }))).toEqual({ a: { id: 1 }, b: [{ id: 1 }] });
  });

  it("keys that no element can carry back are refused", () => {
    expect([
      refusal({ "error-code": "1" }),
      refusal({ "": 1 }),
      refusal({ "1a": 1 }),
      refusal({ "a b": 1 }),
      refusal({ "<x>": 1 }),
      refusal({ "x:y": 1 }),
      refusal({ ok: { "a\u0000": 1 } }),
    ]).toEqual([
      ["$[\"error-code\"]", 'Cannot encode XML at $["error-code"]: the key "error-code" contains "-", which the XML dialect reads back as "_"'],
      ['$[""]', 'Cannot encode XML at $[""]: the key "" is not an XML element name'],
      ['$["1a"]', 'Cannot encode XML at $["1a"]: the key "1a" is not an XML element name'],
      ['$["a b"]', 'Cannot encode XML at $["a b"]: the key "a b" is not an XML element name'],
      ['$["<x>"]', 'Cannot encode XML at $["<x>"]: the key "<x>" is not an XML element name'],
      ['$["x:y"]', 'Cannot encode XML at $["x:y"]: the key "x:y" is not an XML element name'],
      ['$.ok["a\\u0000"]', 'Cannot encode XML at $.ok["a\\u0000"]: the key "a\\u0000" is not an XML element name'],
    ]);
  });

  it("values without a JSON form are refused", () => {
    expect([refusal({ n: Number.NaN }), refusal({ n: -Infinity }), refusal({ n: 1n }), refusal(undefined), refusal({ a: 1 }, { root: "has space" })]).toEqual([
      ["$.n", "Cannot encode XML at $.n: NaN has no JSON form"],
      ["$.n", "Cannot encode XML at $.n: -Infinity has no JSON form"],
      ["$.n", "Cannot encode XML at $.n: a bigint has no JSON form; convert it first"],
      ["$", "Cannot encode XML at $: undefined has no JSON form"],
      ["$", 'Cannot encode XML at $: the root name "has space" is not an XML element name'],
    ]);
  });

  it("__proto__, constructor and toString are ordinary keys both ways", async () => {
    const value = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":"p"},"toString":"t"}') as object;
    const decoded = (await decodeAuthyXml(encodeAuthyXml(value))) as object;
    expect([JSON.stringify(decoded), Object.getPrototypeOf(decoded) === Object.prototype, ({} as Record<string, unknown>)["polluted"]]).toEqual([
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":"p"},"toString":"t"}',
      true,
      undefined,
    ]);
  });
});

describe("properties", () => {
  const snakeKey = fc.stringMatching(/^_{0,2}[a-z][a-z0-9]{0,6}(?:_{1,2}[a-z0-9]{1,4}){0,2}_{0,2}$/);
  const scalar = fc.oneof(
    fc.integer(),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.string({ unit: "binary" }).map((s) => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")),
    fc.string({ unit: fc.constantFrom("a", " ", "\n", "\r", "\t", "&", "<", ">", '"', "'", "]]>", "&amp;", "é", "😀") }),
  );
  const { value: jsonLike } = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("object"), fc.array(tie("value"), { maxLength: 4 })),
    object: fc.dictionary(snakeKey, tie("value"), { maxKeys: 5 }),
  }));

  it("round trip: decode(encode(v)) equals v for JSON-like values with snake_case keys (numRuns 500)", async () => {
    await fc.assert(
      fc.asyncProperty(jsonLike, async (value) => {
        expect(await decodeAuthyXml(encodeAuthyXml(value))).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it("any JSON value (any key, any string) round-trips or is refused with AuthyXmlEncodeError (numRuns 500)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        let xml: string;
        try {
          xml = encodeAuthyXml(value);
        } catch (error) {
          expect(error).toBeInstanceOf(AuthyXmlEncodeError);
          return;
        }
        expect(await decodeAuthyXml(xml)).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });
});

describe("placement", () => {
  it("the encoder is not part of the client's public entry, and no client module imports it", () => {
    const importers = readdirSync(join(root, "src")).filter((file) =>
      /from\s+["']\.\/xml-encode\.js["']|import\(\s*["']\.\/xml-encode\.js["']/.test(readFileSync(join(root, "src", file), "utf8")),
    );
    expect([Object.keys(publicEntry).filter((name) => /encode.*xml|xml.*encode/i.test(name)), importers]).toEqual([[], []]);
  });

  it("src/xml-encode.ts imports nothing (no dependency for the client, usable by the server as it is)", () => {
    const source = readFileSync(join(root, "src/xml-encode.ts"), "utf8");
    expect(source.match(/^\s*import\s|import\(|require\(/gm)).toEqual(null);
  });
});
