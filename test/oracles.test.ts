/**
 * Independent oracles. Elsewhere several expectations come from the code under test (property tests sign and
 * verify with the same canonicaliser; the fuzzer's notion of a valid value comes from generated/runtime.ts). Here
 * every expected value is written by hand from the rules (reference §6.2, RFC 3986, RFC 5321, Rack's parameter
 * parsing), and HMACs are computed with node:crypto, not the package's Web Crypto code.
 */
import { describe, expect, it } from "vitest";
import { operationTable } from "../generated/runtime.js";
import { oneTouchCallbackSchema } from "../generated/webhook-schemas.js";
import { encodeRailsParams } from "../src/encode.js";
import { AuthyValidationError } from "../src/errors.js";
import {
  authySigningString,
  canonicalizeAuthyParams,
  computeAuthySignature,
  createAuthyClient,
  unflattenRailsParams,
  verifyCallbackRequest,
  verifyCallbackSignature,
} from "../src/index.js";
import type { Schema } from "../src/runtime-types.js";
import { findSchemaViolation } from "../src/validate.js";
import { signData as hmac } from "./helpers/callback-signer.js";

const repeat = (pair: string, times: number): string => Array.from({ length: times }, () => pair).join("&");

describe("canonical parameter strings, written by hand", () => {
  it("an array of 11 elements loses every index, [10] included", () => {
    expect(canonicalizeAuthyParams({ a: ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x", "x"] })).toBe(repeat("a%5B%5D=x", 11));
    // The same from a GET query (indices never appear on the wire: `a[]=x` eleven times).
    expect(canonicalizeAuthyParams(new URLSearchParams(repeat("a[]=x", 11)))).toBe(repeat("a%5B%5D=x", 11));
  });

  it("an array of 12 distinct elements sorts in byte order of the indexed keys: [0] [1] [10] [11] [2] ... [9]", () => {
    const n = ["v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11"];
    expect(canonicalizeAuthyParams({ n })).toBe(
      "n%5B%5D=v0&n%5B%5D=v1&n%5B%5D=v10&n%5B%5D=v11&n%5B%5D=v2&n%5B%5D=v3&n%5B%5D=v4&n%5B%5D=v5&n%5B%5D=v6&n%5B%5D=v7&n%5B%5D=v8&n%5B%5D=v9",
    );
  });

  it("eleven logos with two members each: members grouped per element, index 10 dropped too", () => {
    const logos = Array.from({ length: 11 }, (_, i) => ({ url: `https://a.example/${i}.png`, res: "low" }));
    expect(canonicalizeAuthyParams({ logos })).toBe(
      [0, 1, 10, 2, 3, 4, 5, 6, 7, 8, 9]
        .map((i) => `logos%5B%5D%5Bres%5D=low&logos%5B%5D%5Burl%5D=https%3A%2F%2Fa.example%2F${i}.png`)
        .join("&"),
    );
  });

  it("every character class of the percent-encoding", () => {
    const params = {
      unreserved: "AZaz09-_.~",
      space: "a b",
      plus: "a+b",
      subdelims: "!$&'()*+,;=",
      gendelims: ":/?#[]@",
      percent: "100%",
      pipe: "a|b",
      other: "\"<>\\^`{}",
      utf8: "é€😀",
      ctrl: "\n\t\u0000\u007f",
      "key with space": "v",
      Zed: "upper",
      ключ: "значение",
      empty: "",
      "a[0]": "[0]",
    };
    expect(canonicalizeAuthyParams(params)).toBe(
      [
        "%D0%BA%D0%BB%D1%8E%D1%87=%D0%B7%D0%BD%D0%B0%D1%87%D0%B5%D0%BD%D0%B8%D0%B5",
        "Zed=upper",
        // A key that looks indexed loses its index like any other; a value keeps `[0]` (only keys lose indices).
        "a%5B%5D=%5B0%5D",
        "ctrl=%0A%09%00%7F",
        "empty=",
        "gendelims=%3A%2F%3F%23%5B%5D%40",
        "key+with+space=v",
        "other=%22%3C%3E%5C%5E%60%7B%7D",
        "percent=100%25",
        "pipe=a%7Cb",
        "plus=a%2Bb",
        "space=a+b",
        "subdelims=%21%24%26%27%28%29%2A%2B%2C%3B%3D",
        "unreserved=AZaz09-_.~",
        "utf8=%C3%A9%E2%82%AC%F0%9F%98%80",
      ].join("&"),
    );
  });

  it("values: numbers in decimal, booleans, null as empty, empty containers omitted, nesting in brackets", () => {
    expect(
      canonicalizeAuthyParams({ b: { d: { e: 1.5 }, c: [true, false] }, a: null, z: {}, y: [], n: -0.25, big: 12345678901234567890n }),
    ).toBe("a=&b%5Bc%5D%5B%5D=true&b%5Bc%5D%5B%5D=false&b%5Bd%5D%5Be%5D=1.5&big=12345678901234567890&n=-0.25");
  });

  it("a signing string and its HMAC computed independently", async () => {
    const params = { b: "val|ue&2", a: "value1" };
    const input = { nonce: "1427849783.886085", method: "post", url: "https://api.authy.com/dashboard/json/application/webhooks?x=1#f", params };
    // The webhooks documentation's own example (reference §6.2).
    const data = "1427849783.886085|POST|https://api.authy.com/dashboard/json/application/webhooks|a=value1&b=val%7Cue%262";
    expect(authySigningString(input)).toBe(data);
    expect(await computeAuthySignature({ ...input, key: "signing-key" })).toBe(hmac("signing-key", data));
  });
});

describe("a GET callback with nested logo members and its JSON-body twin", () => {
  const key = "FU10H0uCafgKnXvPfDm5iAisVuHDgXJA";
  const nonce = "1700000000";
  const url = "https://example.com/authy/callback";
  const body = {
    authy_id: "688611",
    callback_action: "approval_request_status",
    uuid: "4a725520-bff5-0135-eb01-0e5d90336a8c",
    status: "approved",
    approval_request: {
      logos: [
        { res: "default", url: "https://example.com/logo-default.png" },
        { res: "low", url: "https://example.com/logo low.png" },
      ],
      transaction: { details: { Account: "jdoe", "Process ID": "1234" }, message: "Log in?" },
    },
  };
  // How Rails serialises that body as a query: array elements as `[]`, members per element in order.
  const rawQuery =
    "authy_id=688611&callback_action=approval_request_status&uuid=4a725520-bff5-0135-eb01-0e5d90336a8c&status=approved" +
    "&approval_request[logos][][res]=default&approval_request[logos][][url]=https%3A%2F%2Fexample.com%2Flogo-default.png" +
    "&approval_request[logos][][res]=low&approval_request[logos][][url]=https%3A%2F%2Fexample.com%2Flogo+low.png" +
    "&approval_request[transaction][details][Account]=jdoe&approval_request[transaction][details][Process+ID]=1234" +
    "&approval_request[transaction][message]=Log+in%3F";
  const canonical =
    "approval_request%5Blogos%5D%5B%5D%5Bres%5D=default" +
    "&approval_request%5Blogos%5D%5B%5D%5Burl%5D=https%3A%2F%2Fexample.com%2Flogo-default.png" +
    "&approval_request%5Blogos%5D%5B%5D%5Bres%5D=low" +
    "&approval_request%5Blogos%5D%5B%5D%5Burl%5D=https%3A%2F%2Fexample.com%2Flogo+low.png" +
    "&approval_request%5Btransaction%5D%5Bdetails%5D%5BAccount%5D=jdoe" +
    "&approval_request%5Btransaction%5D%5Bdetails%5D%5BProcess+ID%5D=1234" +
    "&approval_request%5Btransaction%5D%5Bmessage%5D=Log+in%3F" +
    "&authy_id=688611&callback_action=approval_request_status&status=approved&uuid=4a725520-bff5-0135-eb01-0e5d90336a8c";

  it("both canonicalise to the same hand-written string", () => {
    expect(canonicalizeAuthyParams(body)).toBe(canonical);
    expect(canonicalizeAuthyParams(new URLSearchParams(rawQuery))).toBe(canonical);
  });

  it("the query rebuilds into exactly the JSON body", () => {
    expect(unflattenRailsParams(new URLSearchParams(rawQuery))).toEqual(body);
  });

  it("the client's encoder writes that query for that body (up to bracket escaping)", () => {
    expect(decodeURIComponent(encodeRailsParams(body).replace(/\+/g, " "))).toBe(decodeURIComponent(rawQuery.replace(/\+/g, " ")));
  });

  it("a GET and a POST signed independently both verify; either signature fails on the other's method", async () => {
    const now = new Date(Number(nonce) * 1000);
    const getSignature = hmac(key, `${nonce}|GET|${url}|${canonical}`);
    const postSignature = hmac(key, `${nonce}|POST|${url}|${canonical}`);
    const get = new Request(`${url}?${rawQuery}`, { headers: { "X-Authy-Signature-Nonce": nonce, "X-Authy-Signature": getSignature } });
    const post = (signature: string) =>
      new Request(url, {
        method: "POST",
        body: JSON.stringify(body),
        headers: { "content-type": "application/json", "X-Authy-Signature-Nonce": nonce, "X-Authy-Signature": signature },
      });
    expect(await verifyCallbackRequest(get, { apiKey: key, now })).toBe(true);
    expect(await verifyCallbackRequest(post(postSignature), { apiKey: key, now })).toBe(true);
    expect(await verifyCallbackRequest(post(getSignature), { apiKey: key, now })).toBe(false);
    // Moving a member to the other logo changes the string, and the signature no longer holds.
    const swapped = rawQuery.replace("[res]=default", "[res]=low").replace("[res]=low&approval_request[logos][][url]=https%3A%2F%2Fexample.com%2Flogo+low", "[res]=default&approval_request[logos][][url]=https%3A%2F%2Fexample.com%2Flogo+low");
    expect(swapped).not.toBe(rawQuery);
    const params = new URLSearchParams(swapped);
    expect(await verifyCallbackSignature({ apiKey: key, now, method: "GET", url, params, nonce, signature: getSignature })).toBe(false);
  });
});

describe("rebuilding a GET query (Rack's rules)", () => {
  it("nested objects inside array elements start a new element when the member repeats", () => {
    expect(unflattenRailsParams(new URLSearchParams("a[][b][c]=1&a[][b][d]=2&a[][b][c]=3"))).toEqual({
      a: [{ b: { c: "1", d: "2" } }, { b: { c: "3" } }],
    });
  });

  it("more shapes, each written out", () => {
    const rebuild = (query: string) => unflattenRailsParams(new URLSearchParams(query));
    expect(rebuild("a[][x]=1&a[][y]=2&a[][x]=3&a[][y]=4")).toEqual({ a: [{ x: "1", y: "2" }, { x: "3", y: "4" }] });
    // A list inside an element never starts a new element (Rack: a key with [] is never "already present").
    expect(rebuild("a[][b][]=1&a[][b][]=2")).toEqual({ a: [{ b: ["1", "2"] }] });
    expect(rebuild("a[][b][][c]=1&a[][b][][c]=2")).toEqual({ a: [{ b: [{ c: "1" }, { c: "2" }] }] });
    expect(rebuild("a[][b][c][d]=1&a[][b][c][e]=2&a[][b][c][d]=3&a[][f]=4")).toEqual({
      a: [{ b: { c: { d: "1", e: "2" } } }, { b: { c: { d: "3" } }, f: "4" }],
    });
    expect(rebuild("x[y][z]=1&x[y][w]=2&x[v]=3")).toEqual({ x: { y: { z: "1", w: "2" }, v: "3" } });
    expect(rebuild("a[]=1&a[]=&a[]=3")).toEqual({ a: ["1", "", "3"] });
  });

  it("ambiguous or malformed queries are rejected, naming the key", () => {
    const problem = (query: string) => {
      try {
        unflattenRailsParams(new URLSearchParams(query));
        return "accepted";
      } catch (error) {
        return error instanceof AuthyValidationError ? error.field : String(error);
      }
    };
    expect(problem("a=1&a=2")).toBe("a");
    expect(problem("a=1&a[b]=2")).toBe("a[b]");
    expect(problem("a[b]=1&a=2")).toBe("a");
    expect(problem("a[]=1&a[b]=2")).toBe("a[b]");
    expect(problem("a[b]=1&a[]=2")).toBe("a[]");
    expect(problem("a[][]=1")).toBe("a[][]");
    expect(problem("a[b=1")).toBe("a[b");
    expect(problem("[a]=1")).toBe("[a]");
    expect(problem("a]=1")).toBe("accepted"); // a plain key that happens to contain "]"
    expect(problem("a[b]c=1")).toBe("a[b]c");
    expect(problem("=1")).toBe("");
  });
});

/**
 * Every pattern and format the client checks: a valid value, and invalid values that contain it (prefix, suffix,
 * a newline either side, whitespace). Keyed by the constraint's text, so a changed pattern needs its cases reviewed.
 */
const CONSTRAINT_CASES: Record<string, { valid: string[]; invalid: string[] }> = {
  "format email": {
    valid: ["a@b.co", "a@b.c", "first.last+tag@sub.example.com", "o'brien@example.org", "x_y-z@a-b.example"],
    invalid: [
      "not an email: a@b.co", "a@b.co\n", "\na@b.co", "a@b.co extra", " a@b.co", "<a@b.co>", "a@b.co, c@d.co", "mailto:a@b.co",
      "a@b.co.", ".a@b.co", "a..b@c.co", "a@b..co", "a@@b.co", "a@b.co;", "a@-b.co", "a@b.co\u0000", "a@b", "@b.co", "a@.co",
    ],
  },
  "format uri": {
    valid: ["https://example.com/logo.png", "https://example.com/a%20b.png?x=1#y", "http://127.0.0.1:8080/cb"],
    invalid: [
      "logo: https://example.com/logo.png", "https://example.com/logo.png\n", "\nhttps://example.com/logo.png",
      " https://example.com/logo.png", "https://example.com/logo.png ", "https://example.com/lo go.png",
      "https://example.com/logo.png\tx", "https://example.com/<logo>.png", "https://example.com/%zz.png", "https://example.com/%2", "https://example.com/%2g.png",
      "example.com/logo.png",
    ],
  },
  "pattern ^[0-9]{1,4}$": { valid: ["1", "44", "1234"], invalid: ["+1", "1 ", " 1", "1\n", "\n1", "12345", "x1", "1x", "1-"] },
  "pattern ^[0-9][0-9 .()-]{2,19}$": {
    valid: ["405-342-5699", "020 7946 0958", "0(20)7946.0958"],
    invalid: ["+1 405-342-5699", "405-342-5699 ext", "call 405-342-5699", "405-342-5699\n", "\n405-342-5699", "405-342-5699#"],
  },
  "pattern ^[0-9]{4,10}$": { valid: ["1234", "0123456"], invalid: ["x1234", "1234x", "1234\n", "\n1234", " 1234", "12345678901"] },
  "pattern ^[A-Za-z0-9_-]{1,128}$": {
    valid: ["Ab_3-x", "d57d919d11e6b221c9bf6f7c882028f9"],
    invalid: ["Ab_3-x ", " Ab_3-x", "Ab_3-x\n", "\nAb_3-x", "Ab_3-x/..", "../Ab_3-x", "Ab_3-x?x=1", "Ab_3-x.", "A".repeat(129)],
  },
  "pattern ^[^/.?#%\\s]{1,64}$": {
    valid: ["SM123abc", "SM_1-2"],
    invalid: ["SM123abc\n", "\nSM123abc", "SM123abc/..", "../SM123abc", "SM123abc?x", "SM123abc#", "SM%2F", "SM 1", "a.b", "S".repeat(65)],
  },
  "pattern ^[0-9A-Fa-f.:]+$": {
    valid: ["192.168.0.1", "::1", "2001:db8::ff00:42:8329"],
    invalid: ["ip 192.168.0.1", "192.168.0.1/24", "192.168.0.1\n", "\n192.168.0.1", "192.168.0.1 ", "[::1]", "::1%eth0"],
  },
  "pattern ^[A-Za-z0-9_-]{1,64}$": {
    valid: ["WH1234abcd", "wh_a-b"],
    invalid: ["WH1234abcd\n", "\nWH1234abcd", "WH1234abcd/..", "../WH1234abcd", "WH1234abcd.", "WH 1", "W".repeat(65)],
  },
  "pattern ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$": {
    valid: ["3f05a350-4b2c-0136-f779-12c0c2bf9eaf", "3F05A350-4B2C-0136-F779-12C0C2BF9EAF"],
    invalid: [
      "{3f05a350-4b2c-0136-f779-12c0c2bf9eaf}", "3f05a350-4b2c-0136-f779-12c0c2bf9eaf\n", "\n3f05a350-4b2c-0136-f779-12c0c2bf9eaf",
      "urn:uuid:3f05a350-4b2c-0136-f779-12c0c2bf9eaf", "3f05a350-4b2c-0136-f779-12c0c2bf9eafa", "3f05a350-4b2c-0136-f779-12c0c2bf9eaf/..",
    ],
  },
  "pattern ^[A-Za-z]{2,3}(-[A-Za-z]{2})?$": {
    valid: ["en", "pt-BR", "fil"],
    invalid: ["en-", "en-USA", "en-US1", "1en", "en_US", "en\n", "\nen", "pt-BR\n", " en", "en-US-x"],
  },
  "pattern ^([4-9]|10)$": { valid: ["4", "9", "10"], invalid: ["410", "110", "100", "3", "11", "6\n", "\n6", " 6", "6 ", "06", "10\n"] },
  "pattern ^#[0-9A-Fa-f]{6}$": {
    valid: ["#1A2b3C", "#ffffff"],
    invalid: ["x#1A2b3C", "#1A2b3C0", "#1A2b3C;", "#1A2b3C\n", "\n#1A2b3C", "color: #1A2b3C", "1A2b3C", "##1A2b3C"],
  },
  "pattern ^[0-9]{6,16}$": { valid: ["0123456", "1234567890123456"], invalid: ["0123456\n", "\n0123456", "x0123456", "0123456x", "0123456/..", "12345678901234567"] },
};

/** Every string schema with a pattern or a format the client checks, from the runtime table and the callback schema. */
function checkedConstraints(): Map<string, { schema: Schema; where: string }> {
  const found = new Map<string, { schema: Schema; where: string }>();
  const walk = (schema: Schema | boolean | undefined, where: string, depth: number): void => {
    if (!schema || typeof schema !== "object" || depth > 10) return;
    const key = schema.pattern !== undefined ? `pattern ${schema.pattern}` : schema.format !== undefined ? `format ${schema.format}` : undefined;
    if (key && !found.has(key)) found.set(key, { schema, where });
    for (const [name, sub] of Object.entries(schema.properties ?? {})) walk(sub, `${where}.${name}`, depth + 1);
    walk(schema.items, `${where}[]`, depth + 1);
    walk(schema.additionalProperties, `${where}.*`, depth + 1);
    for (const sub of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) walk(sub, where, depth + 1);
  };
  for (const [id, op] of Object.entries(operationTable)) for (const field of op.fields) walk(field.schema, `${id} ${field.name}`, 0);
  walk(oneTouchCallbackSchema as Schema, "oneTouchCallback", 0);
  return found;
}

describe("invalid values that contain a valid one are rejected, for every pattern and format the client checks", () => {
  const constraints = checkedConstraints();

  it("the hand-written cases cover exactly the checked patterns and formats (date-time is documented, not checked)", () => {
    expect([...constraints.keys()].filter((k) => k !== "format date-time").sort()).toEqual(Object.keys(CONSTRAINT_CASES).sort());
    expect(findSchemaViolation({ type: "string", format: "date-time" }, "not a date", "")).toBeUndefined();
  });

  it.each(Object.entries(CONSTRAINT_CASES))("%s", (key, { valid, invalid }) => {
    const found = constraints.get(key);
    expect(found, `${key} is checked somewhere`).toBeDefined();
    // The string rule alone: a field's other keywords (type lists, lengths, numeric bounds) are tested elsewhere.
    const { pattern, format } = found!.schema;
    const rule: Schema = { type: "string", ...(pattern !== undefined ? { pattern } : { format }) };
    for (const value of valid) expect(findSchemaViolation(rule, value, "f"), `${JSON.stringify(value)} is valid`).toBeUndefined();
    for (const value of invalid) {
      expect(findSchemaViolation(rule, value, "f"), `${JSON.stringify(value)} is invalid`).toEqual([
        "f",
        pattern !== undefined ? `must match ${pattern}` : `must be a valid ${format}`,
      ]);
    }
  });

  it("through the client: nothing is sent for an email with a prefix, a logo URL with a newline, a token with a suffix", async () => {
    const calls: string[] = [];
    const authy = createAuthyClient({
      apiKey: "test-key",
      baseUrl: "http://127.0.0.1:9",
      fetch: async (input: Request | string | URL) => {
        calls.push(String(input instanceof Request ? input.url : input));
        return new Response("{}", { status: 500 });
      },
    });
    const rejected = async (call: () => Promise<unknown>) => {
      try {
        await call();
        return "sent";
      } catch (error) {
        return error instanceof AuthyValidationError ? `${error.field}: ${error.message}` : String(error);
      }
    };
    expect(await rejected(() => authy.createUser({ user: { email: "not an email: a@b.co", cellphone: "405-342-5699", country_code: 1 } }))).toMatch(
      /^user\.email: /,
    );
    expect(
      await rejected(() =>
        authy.createApprovalRequest({ authy_id: 1, message: "m", logos: [{ res: "default", url: "https://example.com/logo.png\n" }] }),
      ),
    ).toMatch(/^logos\[0\]\.url: /);
    expect(await rejected(() => authy.verifyToken({ token: "0123456/..", authy_id: 1 }))).toMatch(/^token: /);
    expect(calls).toEqual([]);
  });
});
