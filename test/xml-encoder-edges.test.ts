// The XML encoder at its edges (issue 14): the names of array items (Rails' singularize, rule by rule), keys the
// decoder cannot read back (beyond U+FFFF, U+1680, U+FEFF), whitespace strings that only start with a newline, the
// error's name, and what JSON.stringify would see (toJSON with the member's key, a bigint's toJSON, a toJSON that
// gives nothing). test/xml-encode.test.ts checks the common documents and the round trip.
import { describe, expect, it } from "vitest";
import { AuthyXmlEncodeError, encodeAuthyXml } from "../src/xml-encode.js";
import { decodeAuthyXml } from "../src/xml-lazy.js";

/** The encoded document without the declaration. */
const encode = (value: unknown): string => encodeAuthyXml(value, { declaration: false });

/** [name, path, message] of the error encodeAuthyXml throws for `value`; fails the test when it encodes. */
function refusal(value: unknown): [string, string, string] {
  try {
    encodeAuthyXml(value);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthyXmlEncodeError);
    const { name, path, message } = error as AuthyXmlEncodeError;
    return [name, path, message];
  }
  throw new Error(`encoded without error: ${String(value)}`);
}

describe("array items are named by the array's singular", () => {
  it.each([
    // [key, item name]: each rule of singularize, and a name each rule must leave alone
    ["babies", "baby"], // -ies after a consonant
    ["babies_list", "babies-list"], // ... only at the end
    ["boxes", "box"], // -xes, -ches, -sses ...
    ["boxes_list", "boxes-list"], // ... only at the end
    ["status", "status"], // -us, -ss and -is are already singular
    ["address", "address"],
    ["analysis", "analysis"],
    ["class_names", "class-name"], // "ss" inside the name does not make it singular
    ["devices", "device"], // a final s goes
    ["data", "data"], // no final s: kept
    ["s", "s"], // a lone "s" is kept
  ])("%s: <%s>", (key, item) => {
    const tag = key.replace(/_/g, "-");
    expect(encode({ [key]: ["x"] })).toEqual(`<hash>\n  <${tag} type="array">\n    <${item}>x</${item}>\n  </${tag}>\n</hash>\n`);
  });
});

describe("names and text", () => {
  it("names next to the characters the decoder cannot read are written, and come back", async () => {
    const value = { "\u167F\u1681": 1, "\uFEFE\uFF00\uFFFD": "y" };
    expect(encode(value)).toEqual(
      `<hash>\n  <\u167F\u1681 type="integer">1</\u167F\u1681>\n  <\uFEFE\uFF00\uFFFD>y</\uFEFE\uFF00\uFFFD>\n</hash>\n`,
    );
    expect(await decodeAuthyXml(encode(value))).toEqual(value);
  });

  it("a key the decoder cannot read back is refused: beyond U+FFFF (XML 1.0 allows it, fast-xml-parser does not), U+1680, U+FEFF", () => {
    expect([refusal({ "a\u{10000}": 1 }), refusal({ "\u{E0000}": 1 }), refusal({ "a\u1680b": 1 }), refusal({ "\uFEFF": 1 })]).toEqual([
      ["AuthyXmlEncodeError", '$["a\u{10000}"]', 'Cannot encode XML at $["a\u{10000}"]: the key "a\u{10000}" is not an XML element name'],
      ["AuthyXmlEncodeError", '$["\u{E0000}"]', 'Cannot encode XML at $["\u{E0000}"]: the key "\u{E0000}" is not an XML element name'],
      ["AuthyXmlEncodeError", '$["a\u1680b"]', 'Cannot encode XML at $["a\u1680b"]: the key "a\u1680b" is not an XML element name'],
      ["AuthyXmlEncodeError", '$["\uFEFF"]', 'Cannot encode XML at $["\uFEFF"]: the key "\uFEFF" is not an XML element name'],
    ]);
  });

  it("only whitespace holding a newline is escaped: text that starts with a newline is written as it is", async () => {
    const value = { a: "\nx", b: " \n x" };
    expect(encode(value)).toEqual(`<hash>\n  <a>\nx</a>\n  <b> \n x</b>\n</hash>\n`);
    expect(await decodeAuthyXml(encode(value))).toEqual(value);
  });

  it("the error is named AuthyXmlEncodeError", () => {
    expect(refusal({ a: Number.NaN })).toEqual(["AuthyXmlEncodeError", "$.a", "Cannot encode XML at $.a: NaN has no JSON form"]);
  });
});

describe("what JSON.stringify would see is written", () => {
  /** Records the key each toJSON is called with, and answers with it. */
  const echo = (seen: string[]) => ({
    toJSON(key: string) {
      seen.push(key);
      return `key ${JSON.stringify(key)}`;
    },
  });

  it("toJSON is called with the member's key, an array item's index, and \"\" at the root", () => {
    const seen: string[] = [];
    const value = { a: echo(seen), list: [echo(seen), echo(seen)] };
    expect(encode(value)).toEqual(
      `<hash>\n  <a>key "a"</a>\n  <list type="array">\n    <list>key "0"</list>\n    <list>key "1"</list>\n  </list>\n</hash>\n`,
    );
    expect(encode(echo(seen))).toEqual(`<hash>key ""</hash>\n`);
    expect(seen).toEqual(["a", "0", "1", ""]);
  });

  it("a toJSON that gives undefined, a function or a symbol leaves the member out, makes an item null, and is refused at the root", () => {
    const none = { toJSON: () => undefined };
    const fn = { toJSON: () => () => 1 };
    const sym = { toJSON: () => Symbol("x") };
    const value = { a: none, b: fn, c: sym, d: 1, list: [none, fn, sym] };
    expect(JSON.parse(JSON.stringify(value))).toEqual({ d: 1, list: [null, null, null] });
    expect(encode(value)).toEqual(
      `<hash>\n  <d type="integer">1</d>\n  <list type="array">\n    <list nil="true"/>\n    <list nil="true"/>\n    <list nil="true"/>\n  </list>\n</hash>\n`,
    );
    expect([refusal(none), refusal(fn)]).toEqual([
      ["AuthyXmlEncodeError", "$", "Cannot encode XML at $: undefined has no JSON form"],
      ["AuthyXmlEncodeError", "$", "Cannot encode XML at $: function has no JSON form"],
    ]);
  });

  it("a toJSON's result names the root: an array is <objects>, an object with error_code is <errors>", () => {
    expect([encode({ toJSON: () => [1] }), encode({ toJSON: () => ({ error_code: "60001" }) })]).toEqual([
      `<objects type="array">\n  <object type="integer">1</object>\n</objects>\n`,
      `<errors>\n  <error-code>60001</error-code>\n</errors>\n`,
    ]);
  });

  it("a bigint is written through its toJSON when it has one (as JSON.stringify does), refused otherwise", () => {
    const bigintPrototype = BigInt.prototype as { toJSON?: (this: bigint) => string };
    expect([refusal({ n: 10n }), refusal({ n: Object(10n) }), refusal([10n])]).toEqual([
      ["AuthyXmlEncodeError", "$.n", "Cannot encode XML at $.n: a bigint has no JSON form; convert it first"],
      ["AuthyXmlEncodeError", "$.n", "Cannot encode XML at $.n: a bigint has no JSON form; convert it first"],
      ["AuthyXmlEncodeError", "$[0]", "Cannot encode XML at $[0]: a bigint has no JSON form; convert it first"],
    ]);
    // The common patch that teaches JSON.stringify bigints; removed again before anything else runs.
    bigintPrototype.toJSON = function toJSON() {
      return this.toString();
    };
    try {
      expect([JSON.stringify({ n: 10n }), encode({ n: 10n, list: [2n ** 64n] })]).toEqual([
        '{"n":"10"}',
        `<hash>\n  <n>10</n>\n  <list type="array">\n    <list>18446744073709551616</list>\n  </list>\n</hash>\n`,
      ]);
    } finally {
      delete bigintPrototype.toJSON;
    }
  });
});
