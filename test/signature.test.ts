import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AuthyValidationError } from "../src/errors.js";
import { flattenRailsParams, unflattenRailsParams } from "../src/rails-params.js";
import {
  authySigningString,
  canonicalizeAuthyParams,
  computeAuthySignature,
  createMemoryNonceStore,
  parseOneTouchCallback,
  verifyCallbackRequest,
  verifyCallbackSignature,
  verifyNodeCallbackRequest,
  type NodeCallbackRequest,
} from "../src/index.js";
import { signData as hmac } from "./helpers/callback-signer.js";

interface Vector {
  id: string;
  apiKey: string;
  nonce: string;
  method: "GET" | "POST";
  url: string;
  params: Record<string, unknown>;
  expectedSignature: string;
  queryPairs?: Array<[string, string]>;
  rawQuery?: string;
}

const vectors = JSON.parse(
  readFileSync(new URL("./fixtures/callback-vectors.json", import.meta.url), "utf8"),
) as Vector[];
const byId = (id: string): Vector => {
  const v = vectors.find((x) => x.id === id);
  if (!v) throw new Error(`no vector ${id}`);
  return v;
};
const J1 = byId("J-1");
const J5 = byId("J-5");
const nowOf = (v: { nonce: string }): Date => new Date(Number(v.nonce) * 1000);
/** The parameters as the server would see them: the JSON body of a POST, the query string of a GET. */
const paramsOf = (v: Vector): Record<string, unknown> | URLSearchParams =>
  v.method === "GET" ? new URLSearchParams(v.rawQuery) : (JSON.parse(JSON.stringify(v.params)) as Record<string, unknown>);

const J1_CANONICAL =
  "approval_request%5Bapp_id%5D=582380eb7e1caa03317ec08c&approval_request%5Bexpiration_timestamp%5D=1513009800" +
  "&approval_request%5Blogos%5D=&approval_request%5Btransaction%5D%5Bcreated_at_time%5D=1512923400" +
  "&approval_request%5Btransaction%5D%5Bcustomer_uuid%5D=15083&approval_request%5Btransaction%5D%5Bdetails%5D=" +
  "&approval_request%5Btransaction%5D%5Bdevice_geolocation%5D=&approval_request%5Btransaction%5D%5Bdevice_signing_time%5D=1512923419" +
  "&approval_request%5Btransaction%5D%5Bencrypted%5D=false&approval_request%5Btransaction%5D%5Bflagged%5D=false" +
  "&approval_request%5Btransaction%5D%5Bhidden_details%5D=&approval_request%5Btransaction%5D%5Bmessage%5D=Authorize+OneTouch+Unit+Test" +
  "&approval_request%5Btransaction%5D%5Breason%5D=&approval_request%5Btransaction%5D%5Brequester_details%5D=" +
  "&approval_request%5Btransaction%5D%5Bstatus%5D=approved&approval_request%5Btransaction%5D%5Buuid%5D=4a725520-bff5-0135-eb01-0e5d90336a8c" +
  "&authy_id=688611&callback_action=approval_request_status&device%5Bcity%5D=&device%5Bcountry%5D=Colombia&device%5Bid%5D=2102943" +
  "&device%5Bip%5D=190.130.65.251&device%5Blast_account_recovery_at%5D=&device%5Blast_sync_date%5D=1505418173" +
  "&device%5Bos_type%5D=android&device%5Bregion%5D=&device%5Bregistration_city%5D=&device%5Bregistration_country%5D=Colombia" +
  "&device%5Bregistration_date%5D=1505418165&device%5Bregistration_ip%5D=190.130.66.242&device%5Bregistration_method%5D=sms" +
  "&device%5Bregistration_region%5D=&device_uuid=2102943" +
  "&signature=pQmypvnmoIb7qIHrKcd3nwPArh8Ecr8L87XTYqqAfagDkXhOD7CulSdDkE0ImFBzigwc%2BvxwZsgxBnhFmU2c9kYuvMJiPLeS8NCpRucg7eHeGPM0jQbKveqzFcZ9L6P1kRHjSYwS7dLqEINBffNckK7O9LHz13XYklxXvYUwvemtj%2ByEemyCJbmlJbCSlUTyajr3WSRPMYZV7xXTNtWp2XvcRSclP8izgA1cV%2Fcw7ctDYIPG6wUXJGSIs%2Fkg3hTDeN1Z3YBq1fnMkfxeb5g9bRveRlCjXpQ6xFh1wQEUbbtJpf%2BuRgxddbQwxfda9gIb5osOEhKRv5HoJ03yOvKiBQ%3D%3D" +
  "&status=approved&uuid=4a725520-bff5-0135-eb01-0e5d90336a8c";

describe("flattenRailsParams", () => {
  it("flattens nested objects and arrays with indices, renders scalars, omits empties and undefined", () => {
    expect(
      flattenRailsParams({
        user: { email: "a@b.co", cellphone: 5551234, country_code: 1, flags: [true, false] },
        details: null,
        skipped: undefined,
        empty: {},
        none: [],
        logos: [{ res: "default", url: "u1" }, { res: "low", url: "u2" }],
      }),
    ).toEqual([
      ["user[email]", "a@b.co"],
      ["user[cellphone]", "5551234"],
      ["user[country_code]", "1"],
      ["user[flags][0]", "true"],
      ["user[flags][1]", "false"],
      ["details", ""],
      ["logos[0][res]", "default"],
      ["logos[0][url]", "u1"],
      ["logos[1][res]", "low"],
      ["logos[1][url]", "u2"],
    ]);
  });

  it("returns a URLSearchParams' pairs as they are, duplicates included", () => {
    expect(flattenRailsParams(new URLSearchParams("a[b]=1&a[b]=2&c=+x"))).toEqual([
      ["a[b]", "1"],
      ["a[b]", "2"],
      ["c", " x"],
    ]);
  });

  it("reads only own data properties: no prototype members, __proto__ from JSON is an ordinary key", () => {
    const inherited = Object.create({ polluted: "yes" }) as Record<string, unknown>;
    inherited.own = "1";
    expect(flattenRailsParams(inherited)).toEqual([["own", "1"]]);
    const fromJson = JSON.parse('{"__proto__": {"x": "1"}, "a": "2"}') as Record<string, unknown>;
    expect(flattenRailsParams(fromJson)).toEqual([
      ["__proto__[x]", "1"],
      ["a", "2"],
    ]);
    expect(({} as Record<string, unknown>).x).toBe(undefined);
  });

  it("throws AuthyValidationError on a cycle and on nesting deeper than 32", () => {
    const cyclic: Record<string, unknown> = { a: "1" };
    cyclic.self = { back: cyclic };
    expect(() => flattenRailsParams(cyclic)).toThrow(AuthyValidationError);
    expect(() => flattenRailsParams(cyclic)).toThrow("self[back]: contains a cycle");
    const nest = (levels: number): Record<string, unknown> => {
      let value: Record<string, unknown> = { leaf: "x" };
      for (let i = 0; i < levels; i++) value = { n: value };
      return value;
    };
    expect(flattenRailsParams(nest(32))[0]?.[0]).toBe(`${"n".padEnd(1)}${"[n]".repeat(31)}[leaf]`);
    expect(() => flattenRailsParams(nest(33))).toThrow(AuthyValidationError);
    // a shared (non-cyclic) object is fine
    const shared = { k: "v" };
    expect(flattenRailsParams({ a: shared, b: shared })).toEqual([
      ["a[k]", "v"],
      ["b[k]", "v"],
    ]);
  });

  it("unflattenRailsParams rebuilds Rack-style nesting and rejects ambiguity", () => {
    expect(
      unflattenRailsParams(new URLSearchParams("a[b][c]=1&l[][res]=d&l[][url]=u1&l[][res]=low&l[][url]=u2&s[]=x&s[]=y")),
    ).toEqual({ a: { b: { c: "1" } }, l: [{ res: "d", url: "u1" }, { res: "low", url: "u2" }], s: ["x", "y"] });
    expect(() => unflattenRailsParams(new URLSearchParams("a=1&a=2"))).toThrow(AuthyValidationError);
    expect(() => unflattenRailsParams(new URLSearchParams("a=1&a[b]=2"))).toThrow(AuthyValidationError);
    expect(() => unflattenRailsParams(new URLSearchParams("a[b=1"))).toThrow(AuthyValidationError);
    const proto = unflattenRailsParams(new URLSearchParams("__proto__[x]=1"));
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(["__proto__"]);
  });
});

describe("known answers", () => {
  it.each(vectors.map((v) => [v.id, v] as const))("%s reproduces expectedSignature", async (_id, v) => {
    const signature = await computeAuthySignature({ key: v.apiKey, nonce: v.nonce, method: v.method, url: v.url, params: paramsOf(v) });
    expect(signature).toBe(v.expectedSignature);
    // independently: node:crypto HMAC over the documented data string
    const data = `${v.nonce}|${v.method}|${v.url}|${canonicalizeAuthyParams(paramsOf(v))}`;
    expect(hmac(v.apiKey, data)).toBe(v.expectedSignature);
    await expect(
      verifyCallbackSignature({
        apiKey: v.apiKey,
        method: v.method,
        url: v.url,
        params: paramsOf(v),
        nonce: v.nonce,
        signature: v.expectedSignature,
        now: nowOf(v),
      }),
    ).resolves.toBe(true);
  });

  it("GET vectors sign the same from the query pairs, the raw query and the nested object", async () => {
    for (const v of vectors.filter((x) => x.method === "GET")) {
      const fromPairs = canonicalizeAuthyParams(new URLSearchParams(v.queryPairs));
      expect(fromPairs).toBe(canonicalizeAuthyParams(new URLSearchParams(v.rawQuery)));
      expect(fromPairs).toBe(canonicalizeAuthyParams(v.params));
    }
  });

  it("J-1 canonicalises to the exact string (null -> empty value, {} dropped, booleans, numbers, +, %2B %2F %3D)", () => {
    expect(canonicalizeAuthyParams(J1.params)).toBe(J1_CANONICAL);
    expect(hmac(J1.apiKey, `${J1.nonce}|POST|${J1.url}|${J1_CANONICAL}`)).toBe("6uKAaKxCkkFEyQujwdudyPNUgRi2fY5otoCOQN7VjCw=");
  });

  it("the flat Webhooks-doc example (§6.2)", async () => {
    const params = { b: "val|ue&2", a: "value1" };
    expect(canonicalizeAuthyParams(params)).toBe("a=value1&b=val%7Cue%262");
    const input = {
      nonce: "1427849783.886085",
      method: "post",
      url: "https://api.authy.com/dashboard/json/application/webhooks",
      params,
    };
    const data =
      "1427849783.886085|POST|https://api.authy.com/dashboard/json/application/webhooks|a=value1&b=val%7Cue%262";
    expect(authySigningString(input)).toBe(data);
    const key = "test-api-signing-key";
    await expect(computeAuthySignature({ ...input, key })).resolves.toBe(hmac(key, data));
    await expect(computeAuthySignature({ ...input, key })).resolves.toBe(createHmac("sha256", key).update(data).digest("base64"));
  });

  it("drops the query string and fragment of the URL; percent-encodes exactly the non-unreserved set", async () => {
    expect(authySigningString({ nonce: "1", method: "GET", url: "https://h/p?x=1#f", params: {} })).toBe("1|GET|https://h/p|");
    expect(canonicalizeAuthyParams({ k: "A-Z_a.z~0 9*!'()/|&=+é" })).toBe("k=A-Z_a.z~0+9%2A%21%27%28%29%2F%7C%26%3D%2B%C3%A9");
    // indices are dropped from keys only, never from values
    expect(canonicalizeAuthyParams({ l: ["x[0]"] })).toBe("l%5B%5D=x%5B0%5D");
  });

  it("computeAuthySignature throws AuthyValidationError for an empty key", async () => {
    await expect(computeAuthySignature({ key: "", nonce: "1", method: "GET", url: "https://h/", params: {} })).rejects.toThrow(
      AuthyValidationError,
    );
  });
});

describe("the multi-logo trap", () => {
  const twoLogos = {
    uuid: "u",
    status: "approved",
    approval_request: {
      logos: [
        { res: "default", url: "https://example.com/logo-default.png" },
        { res: "low", url: "https://example.com/logo low.png" },
      ],
    },
  };
  const expected =
    "approval_request%5Blogos%5D%5B%5D%5Bres%5D=default" +
    "&approval_request%5Blogos%5D%5B%5D%5Burl%5D=https%3A%2F%2Fexample.com%2Flogo-default.png" +
    "&approval_request%5Blogos%5D%5B%5D%5Bres%5D=low" +
    "&approval_request%5Blogos%5D%5B%5D%5Burl%5D=https%3A%2F%2Fexample.com%2Flogo+low.png" +
    "&status=approved&uuid=u";

  it("keeps each element's members together, elements in order (JSON body)", () => {
    expect(canonicalizeAuthyParams(twoLogos)).toBe(expected);
  });

  it("groups the same way from a GET query string without indices", () => {
    const query =
      "approval_request[logos][][res]=default&approval_request[logos][][url]=https://example.com/logo-default.png" +
      "&approval_request[logos][][res]=low&approval_request[logos][][url]=https://example.com/logo+low.png&status=approved&uuid=u";
    expect(canonicalizeAuthyParams(new URLSearchParams(query))).toBe(expected);
  });

  it("differs from the official Node snippet's sort-by-name order (res,res,url,url), which fails", async () => {
    const snippetOrder =
      "approval_request%5Blogos%5D%5B%5D%5Bres%5D=default&approval_request%5Blogos%5D%5B%5D%5Bres%5D=low" +
      "&approval_request%5Blogos%5D%5B%5D%5Burl%5D=https%3A%2F%2Fexample.com%2Flogo-default.png" +
      "&approval_request%5Blogos%5D%5B%5D%5Burl%5D=https%3A%2F%2Fexample.com%2Flogo+low.png&status=approved&uuid=u";
    const key = "k";
    const nonce = "1700000000";
    const url = "https://example.com/cb";
    const signature = hmac(key, `${nonce}|POST|${url}|${expected}`);
    const wrong = hmac(key, `${nonce}|POST|${url}|${snippetOrder}`);
    const base = { apiKey: key, method: "POST", url, params: twoLogos, nonce, now: new Date(1_700_000_000_000) };
    await expect(verifyCallbackSignature({ ...base, signature })).resolves.toBe(true);
    await expect(verifyCallbackSignature({ ...base, signature: wrong })).resolves.toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
const keyArb = fc.stringMatching(/^[a-z_][a-z0-9_ .|&~-]{0,7}$/);
const scalarArb: fc.Arbitrary<Json> = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.boolean(),
  fc.constant(null),
);
const recordArb = (value: fc.Arbitrary<Json>): fc.Arbitrary<Record<string, Json>> =>
  fc.dictionary(keyArb, value, { minKeys: 1, maxKeys: 5 });
const leafRecord = recordArb(scalarArb);
const valueArb: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: scalarArb },
  { weight: 1, arbitrary: leafRecord },
  { weight: 1, arbitrary: fc.array(leafRecord, { minLength: 1, maxLength: 3 }) },
);
const paramsArb = recordArb(valueArb);

/** Every (object, key) in the value, at any depth. */
function objectKeys(value: Json, out: Array<[Record<string, Json>, string]> = []): Array<[Record<string, Json>, string]> {
  if (Array.isArray(value)) for (const item of value) objectKeys(item, out);
  else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push([value, k]);
      objectKeys(v, out);
    }
  }
  return out;
}
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
function reorder(value: Json, seed: number): Json {
  if (Array.isArray(value)) return value.map((v) => reorder(v, seed + 1));
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value);
  const rotated = entries.slice(seed % entries.length).concat(entries.slice(0, seed % entries.length)).reverse();
  return Object.fromEntries(rotated.map(([k, v]) => [k, reorder(v, seed + 7)]));
}

const PROP_RUNS = 200;
const base = {
  apiKey: "FU10H0uCafgKnXvPfDm5iAisVuHDgXJA",
  nonce: "1700000000",
  method: "POST",
  url: "https://example.com/authy/callback",
  now: new Date(1_700_000_000_000),
};
async function signed(params: Record<string, Json>): Promise<string> {
  return computeAuthySignature({ key: base.apiKey, nonce: base.nonce, method: base.method, url: base.url, params });
}

describe(`properties (fast-check, ${PROP_RUNS} runs each)`, () => {
  it("a signed callback verifies, and still does with its object keys reordered at every level", async () => {
    await fc.assert(
      fc.asyncProperty(paramsArb, fc.nat(), async (params, seed) => {
        const signature = await signed(params);
        expect(await verifyCallbackSignature({ ...base, params, signature })).toBe(true);
        const reordered = reorder(params, seed) as Record<string, Json>;
        expect(await verifyCallbackSignature({ ...base, params: reordered, signature })).toBe(true);
      }),
      { numRuns: PROP_RUNS },
    );
  });

  it("renaming any one parameter, at any depth, makes verification false", async () => {
    await fc.assert(
      fc.asyncProperty(paramsArb, fc.nat(), async (params, pick) => {
        const signature = await signed(params);
        const mutated = clone(params);
        const keys = objectKeys(mutated);
        const [owner, key] = keys[pick % keys.length]!;
        const renamed = `${key}Z`;
        fc.pre(!Object.hasOwn(owner, renamed));
        owner[renamed] = owner[key]!;
        delete owner[key];
        expect(await verifyCallbackSignature({ ...base, params: mutated, signature })).toBe(false);
      }),
      { numRuns: PROP_RUNS },
    );
  });

  it("changing any one value, at any depth, makes verification false", async () => {
    await fc.assert(
      fc.asyncProperty(paramsArb, fc.nat(), async (params, pick) => {
        const signature = await signed(params);
        const mutated = clone(params);
        const leaves = objectKeys(mutated).filter(([o, k]) => typeof o[k] !== "object" || o[k] === null);
        fc.pre(leaves.length > 0);
        const [owner, key] = leaves[pick % leaves.length]!;
        const old = owner[key];
        owner[key] =
          typeof old === "string" ? `${old}!` : typeof old === "number" ? old + 1 : typeof old === "boolean" ? !old : "x";
        expect(await verifyCallbackSignature({ ...base, params: mutated, signature })).toBe(false);
      }),
      { numRuns: PROP_RUNS },
    );
  });

  it("changing the method, the URL, the nonce or the key makes verification false", async () => {
    await fc.assert(
      fc.asyncProperty(
        paramsArb,
        fc.constantFrom("GET", "PUT", "DELETE", "PATCH"),
        fc.stringMatching(/^\/[a-z0-9]{1,6}$/),
        fc.integer({ min: -300, max: 60 }).filter((d) => d !== 0),
        fc.string({ minLength: 1, maxLength: 8 }),
        async (params, method, path, nonceDelta, keySuffix) => {
          const signature = await signed(params);
          const check = (o: Partial<typeof base>): Promise<boolean> =>
            verifyCallbackSignature({ ...base, ...o, params, signature });
          expect(await check({})).toBe(true);
          expect(await check({ method })).toBe(false);
          expect(await check({ url: base.url + path })).toBe(false);
          expect(await check({ url: base.url.replace("example.com", "example.org") })).toBe(false);
          expect(await check({ nonce: String(Number(base.nonce) + nonceDelta) })).toBe(false);
          expect(await check({ apiKey: base.apiKey + keySuffix })).toBe(false);
        },
      ),
      { numRuns: PROP_RUNS },
    );
  });

  it("the method is case-insensitive and the URL's query string is not signed", async () => {
    const signature = await signed({ a: "1" });
    await expect(verifyCallbackSignature({ ...base, method: "post", params: { a: "1" }, signature })).resolves.toBe(true);
    await expect(verifyCallbackSignature({ ...base, url: `${base.url}?x=1`, params: { a: "1" }, signature })).resolves.toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Replay and time window

describe("replay protection", () => {
  const params = { status: "approved", uuid: "u-1" };
  const at = (nonceSeconds: number) => ({ ...base, nonce: String(nonceSeconds), params });
  const sig = (nonceSeconds: number): Promise<string> =>
    computeAuthySignature({ key: base.apiKey, nonce: String(nonceSeconds), method: "POST", url: base.url, params });
  const t = 1_700_000_000;

  it("accepts a nonce up to 300 s old and up to 60 s ahead; rejects beyond", async () => {
    for (const [delta, expected] of [
      [-300, true],
      [-301, false],
      [-86_400, false],
      [60, true],
      [61, false],
      [3_600, false],
    ] as const) {
      await expect(verifyCallbackSignature({ ...at(t + delta), signature: await sig(t + delta) })).resolves.toBe(expected);
    }
  });

  it("maxAgeSeconds is configurable; a fractional nonce (1427849783.886085) is Unix seconds", async () => {
    await expect(verifyCallbackSignature({ ...at(t - 30), signature: await sig(t - 30), maxAgeSeconds: 10 })).resolves.toBe(false);
    const nonce = "1699999999.886085";
    const signature = await computeAuthySignature({ key: base.apiKey, nonce, method: "POST", url: base.url, params });
    await expect(verifyCallbackSignature({ ...base, params, nonce, signature })).resolves.toBe(true);
    await expect(
      verifyCallbackSignature({ ...base, params, nonce, signature, now: new Date((1699999999.886085 + 300.2) * 1000) }),
    ).resolves.toBe(false);
  });

  it("with a memory store, a callback inside the window is accepted once, the replay is rejected", async () => {
    const store = createMemoryNonceStore();
    const signature = await sig(t - 5);
    const once = { ...at(t - 5), signature, seenNonce: store.seenNonce };
    await expect(verifyCallbackSignature(once)).resolves.toBe(true);
    await expect(verifyCallbackSignature(once)).resolves.toBe(false);
    await expect(verifyCallbackSignature(once)).resolves.toBe(false);
    // another genuine callback in the same second (same nonce, different body) is not a replay
    const other = { status: "denied", uuid: "u-2" };
    const otherSig = await computeAuthySignature({ key: base.apiKey, nonce: String(t - 5), method: "POST", url: base.url, params: other });
    await expect(verifyCallbackSignature({ ...once, params: other, signature: otherSig })).resolves.toBe(true);
    expect(store.size).toBe(2);
  });

  it("forged callbacks never reach the store; a throwing store propagates", async () => {
    const store = createMemoryNonceStore();
    const forged = "A".repeat(43) + "=";
    await expect(verifyCallbackSignature({ ...at(t), signature: forged, seenNonce: store.seenNonce })).resolves.toBe(false);
    expect(store.size).toBe(0);
    const failing = (): boolean => {
      throw new Error("store down");
    };
    await expect(verifyCallbackSignature({ ...at(t), signature: await sig(t), seenNonce: failing })).rejects.toThrow("store down");
  });

  it("an async store works", async () => {
    const seen = new Set<string>();
    const seenNonce = async (nonce: string, signature: string): Promise<boolean> => {
      const key = `${nonce}/${signature}`;
      if (seen.has(key)) return true;
      seen.add(key);
      return false;
    };
    const signature = await sig(t);
    await expect(verifyCallbackSignature({ ...at(t), signature, seenNonce })).resolves.toBe(true);
    await expect(verifyCallbackSignature({ ...at(t), signature, seenNonce })).resolves.toBe(false);
  });

  it("the memory store forgets after ttlSeconds (default 360) and holds at most maxEntries", () => {
    let clock = 0;
    const store = createMemoryNonceStore({ clock: () => clock });
    expect(store.seenNonce("1", "s")).toBe(false);
    expect(store.seenNonce("1", "s")).toBe(true);
    clock = 359_999;
    expect(store.seenNonce("1", "s")).toBe(true);
    clock = 360_000;
    expect(store.size).toBe(0);
    expect(store.seenNonce("1", "s")).toBe(false);

    const small = createMemoryNonceStore({ maxEntries: 3, ttlSeconds: 10, clock: () => clock });
    for (let i = 0; i < 10; i++) expect(small.seenNonce(String(i), "s")).toBe(false);
    expect(small.size).toBe(3);
    expect(small.seenNonce("9", "s")).toBe(true);
    expect(small.seenNonce("0", "s")).toBe(false);
    expect(() => createMemoryNonceStore({ ttlSeconds: 0 })).toThrow(AuthyValidationError);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Hostile input: each resolves to a specific boolean, none throws

describe("hostile input", () => {
  const v = J1;
  const good = {
    apiKey: v.apiKey,
    method: v.method,
    url: v.url,
    params: v.params,
    nonce: v.nonce,
    signature: v.expectedSignature,
    now: nowOf(v),
  };

  it("the untouched vector verifies (control)", async () => {
    await expect(verifyCallbackSignature(good)).resolves.toBe(true);
  });

  it("huge bodies: false over the 256 KiB limit even when correctly signed; true with the limit raised", async () => {
    const params = { status: "approved", details: "x".repeat(1_100_000) };
    const signature = await computeAuthySignature({ key: v.apiKey, nonce: v.nonce, method: "POST", url: v.url, params });
    await expect(verifyCallbackSignature({ ...good, params, signature })).resolves.toBe(false);
    await expect(verifyCallbackSignature({ ...good, params, signature, maxBytes: 2_000_000 })).resolves.toBe(true);
    const manyKeys = Object.fromEntries(Array.from({ length: 150_000 }, (_, i) => [`k${i}`, "v"]));
    const manySig = await computeAuthySignature({ key: v.apiKey, nonce: v.nonce, method: "POST", url: v.url, params: manyKeys });
    await expect(verifyCallbackSignature({ ...good, params: manyKeys, signature: manySig })).resolves.toBe(false);
    await expect(verifyCallbackSignature({ ...good, params: manyKeys, signature: manySig, maxBytes: 2_000_000 })).resolves.toBe(true);
    const hugeQuery = new URLSearchParams({ a: "y".repeat(300_000) });
    await expect(verifyCallbackSignature({ ...good, method: "GET", params: hugeQuery })).resolves.toBe(false);
  });

  it("deep nesting (10 000 levels, object and array, and as a JSON body): false", async () => {
    let deep: unknown = "x";
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    await expect(verifyCallbackSignature({ ...good, params: { deep } })).resolves.toBe(false);
    let deepArray: unknown = "x";
    for (let i = 0; i < 10_000; i++) deepArray = [deepArray];
    await expect(verifyCallbackSignature({ ...good, params: { deepArray } })).resolves.toBe(false);
    const deepQuery = new URLSearchParams([[`a${"[b]".repeat(10_000)}`, "1"]]);
    await expect(verifyCallbackSignature({ ...good, method: "GET", params: deepQuery })).resolves.toBe(false);
    const body = `{"a":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    const request = new Request(v.url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-authy-signature": v.expectedSignature, "x-authy-signature-nonce": v.nonce },
    });
    await expect(verifyCallbackRequest(request, { apiKey: v.apiKey, now: nowOf(v) })).resolves.toBe(false);
    const cyclic: Record<string, unknown> = { a: "1" };
    cyclic.b = cyclic;
    await expect(verifyCallbackSignature({ ...good, params: cyclic })).resolves.toBe(false);
  });

  it("non-string values where strings are expected: false", async () => {
    for (const override of [
      { signature: 12345 },
      { signature: { toString: () => v.expectedSignature } },
      { signature: [v.expectedSignature] },
      { signature: null },
      { nonce: Number(v.nonce) },
      { nonce: [v.nonce] },
      { nonce: {} },
      { method: 1 },
      { method: ["POST"] },
      { url: new URL(v.url) },
      { url: 42 },
      { params: "status=approved" },
      { params: [v.params] },
      { params: null },
      { params: 7 },
      { params: new Map(Object.entries(v.params)) },
      { params: { ...v.params, status: ["approved"] } },
      { params: { ...v.params, status: { 0: "approved" } } },
      { params: { ...v.params, authy_id: "688611" } }, // JSON number and string sign alike (both 688611)
      { params: { ...v.params, authy_id: 688611.5 } },
      { params: { ...v.params, status: () => "approved" } },
      { params: { ...v.params, status: Symbol("approved") } },
      { params: { ...v.params, uuid: "\ud800" } },
    ]) {
      const expected = "params" in override && (override.params as Record<string, unknown>)?.authy_id === "688611";
      await expect(verifyCallbackSignature({ ...good, ...override })).resolves.toBe(expected);
    }
  });

  it("duplicate keys in a query string: false (even a repeated identical pair)", async () => {
    const g = { ...good, method: "GET", nonce: J5.nonce, now: nowOf(J5), signature: J5.expectedSignature, url: J5.url };
    await expect(verifyCallbackSignature({ ...g, params: new URLSearchParams(J5.rawQuery) })).resolves.toBe(true);
    await expect(verifyCallbackSignature({ ...g, params: new URLSearchParams(`${J5.rawQuery}&status=denied`) })).resolves.toBe(false);
    await expect(verifyCallbackSignature({ ...g, params: new URLSearchParams(`status=denied&${J5.rawQuery}`) })).resolves.toBe(false);
    await expect(verifyCallbackSignature({ ...g, params: new URLSearchParams(`${J5.rawQuery}&status=approved`) })).resolves.toBe(false);
    await expect(verifyCallbackSignature({ ...g, params: new URLSearchParams(`${J5.rawQuery}&device=x`) })).resolves.toBe(false);
  });

  it("invalid base64 signatures: false, including a non-canonical encoding of the right bytes", async () => {
    const sig = v.expectedSignature; // ...VjCw=
    const nonCanonical = `${sig.slice(0, 42)}x=`; // 'w' -> 'x' differs only in the 2 padding bits
    expect(Buffer.from(nonCanonical, "base64").equals(Buffer.from(sig, "base64"))).toBe(true);
    for (const signature of [
      "",
      "!!!!",
      "not base64 at all",
      sig.slice(0, -1),
      `${sig}=`,
      ` ${sig}`,
      nonCanonical,
      Buffer.from("x".repeat(64)).toString("base64"),
      "A".repeat(10_000_000),
    ]) {
      await expect(verifyCallbackSignature({ ...good, signature })).resolves.toBe(false);
    }
  });

  it("a base64url signature (- and _ for + and /) is not the header's encoding: false", async () => {
    const g = { ...good, method: "GET", url: J5.url, nonce: J5.nonce, now: nowOf(J5), params: new URLSearchParams(J5.rawQuery) };
    expect(J5.expectedSignature).toContain("+");
    await expect(verifyCallbackSignature({ ...g, signature: J5.expectedSignature })).resolves.toBe(true);
    await expect(verifyCallbackSignature({ ...g, signature: J5.expectedSignature.replace(/\+/g, "-") })).resolves.toBe(false);
  });

  it("missing signature or nonce: false; malformed nonces: false", async () => {
    await expect(verifyCallbackSignature({ ...good, signature: undefined })).resolves.toBe(false);
    await expect(verifyCallbackSignature({ ...good, nonce: undefined })).resolves.toBe(false);
    for (const nonce of ["", "abc", "-1512923419", "1512923419 ", "1e9", "0x5A2D", "1512923419.", "9".repeat(40)]) {
      await expect(verifyCallbackSignature({ ...good, nonce })).resolves.toBe(false);
    }
  });

  it("malformed URLs and methods: false", async () => {
    for (const url of ["", "requestb.in/ui9vdiui", "ftp://requestb.in/ui9vdiui", "https://", `https://h/${"a".repeat(9000)}`]) {
      await expect(verifyCallbackSignature({ ...good, url })).resolves.toBe(false);
    }
    for (const method of ["", "PO ST", "POST|", "P".repeat(100)]) {
      await expect(verifyCallbackSignature({ ...good, method })).resolves.toBe(false);
    }
  });

  it("only caller mistakes throw AuthyValidationError", async () => {
    await expect(verifyCallbackSignature({ ...good, apiKey: "" })).rejects.toThrow(AuthyValidationError);
    await expect(verifyCallbackSignature({ ...good, apiKey: undefined as unknown as string })).rejects.toThrow(AuthyValidationError);
    await expect(verifyCallbackSignature({ ...good, now: new Date(Number.NaN) })).rejects.toThrow(AuthyValidationError);
    await expect(verifyCallbackSignature({ ...good, maxAgeSeconds: -1 })).rejects.toThrow(AuthyValidationError);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Adapters

function headersFor(v: Vector, style: "canonical" | "lower" | "upper" = "canonical"): Record<string, string> {
  const names = {
    canonical: ["X-Authy-Signature", "X-Authy-Signature-Nonce"],
    lower: ["x-authy-signature", "x-authy-signature-nonce"],
    upper: ["X-AUTHY-SIGNATURE", "X-AUTHY-SIGNATURE-NONCE"],
  }[style] as [string, string];
  return { [names[0]]: v.expectedSignature, [names[1]]: v.nonce };
}

describe("verifyCallbackRequest (Fetch API Request)", () => {
  it.each(vectors.map((v) => [v.id, v] as const))("%s verifies from a real Request", async (_id, v) => {
    const request =
      v.method === "GET"
        ? new Request(`${v.url}?${v.rawQuery}`, { headers: headersFor(v) })
        : new Request(v.url, {
            method: "POST",
            body: JSON.stringify(v.params),
            headers: { ...headersFor(v, "upper"), "Content-Type": "application/json" },
          });
    await expect(verifyCallbackRequest(request, { apiKey: v.apiKey, now: nowOf(v) })).resolves.toBe(true);
    if (v.method === "POST") await expect(request.json()).resolves.toEqual(v.params); // body not consumed
  });

  it("missing headers, a tampered body, a non-JSON body, a JSON array body: false", async () => {
    const v = J1;
    const post = (headers: Record<string, string>, body: string): Request =>
      new Request(v.url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
    const opts = { apiKey: v.apiKey, now: nowOf(v) };
    const body = JSON.stringify(v.params);
    await expect(verifyCallbackRequest(post({ "x-authy-signature-nonce": v.nonce }, body), opts)).resolves.toBe(false);
    await expect(verifyCallbackRequest(post({ "x-authy-signature": v.expectedSignature }, body), opts)).resolves.toBe(false);
    await expect(verifyCallbackRequest(post(headersFor(v), body.replace("approved", "denied")), opts)).resolves.toBe(false);
    await expect(verifyCallbackRequest(post(headersFor(v), "{not json"), opts)).resolves.toBe(false);
    await expect(verifyCallbackRequest(post(headersFor(v), "[1,2]"), opts)).resolves.toBe(false);
    await expect(verifyCallbackRequest(post(headersFor(v), "x".repeat(300_000)), opts)).resolves.toBe(false);
  });

  it("a body already read is a caller mistake (throws)", async () => {
    const request = new Request(J1.url, { method: "POST", body: "{}", headers: headersFor(J1) });
    await request.text();
    await expect(verifyCallbackRequest(request, { apiKey: J1.apiKey, now: nowOf(J1) })).rejects.toThrow(AuthyValidationError);
  });

  it("behind a proxy: X-Forwarded-* used only with trustProxy; publicUrl overrides", async () => {
    const v = J1;
    const make = (extra: Record<string, string>): Request =>
      new Request("http://10.0.0.5:3000/ui9vdiui", {
        method: "POST",
        body: JSON.stringify(v.params),
        headers: { ...headersFor(v), "content-type": "application/json", ...extra },
      });
    const forwarded = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "requestb.in" };
    const opts = { apiKey: v.apiKey, now: nowOf(v) };
    await expect(verifyCallbackRequest(make(forwarded), { ...opts, trustProxy: true })).resolves.toBe(true);
    await expect(verifyCallbackRequest(make(forwarded), opts)).resolves.toBe(false);
    await expect(verifyCallbackRequest(make(forwarded), { ...opts, trustProxy: false })).resolves.toBe(false);
    await expect(
      verifyCallbackRequest(make({ "X-Forwarded-Proto": "https, http", "X-Forwarded-Host": "requestb.in, 10.0.0.5" }), {
        ...opts,
        trustProxy: true,
      }),
    ).resolves.toBe(true);
    await expect(verifyCallbackRequest(make({}), { ...opts, publicUrl: "https://requestb.in/ui9vdiui?ignored=1" })).resolves.toBe(true);
    await expect(
      verifyCallbackRequest(make({ "X-Forwarded-Host": "evil.example/x" }), { ...opts, trustProxy: true }),
    ).resolves.toBe(false);
    await expect(verifyCallbackRequest(make({}), { ...opts, publicUrl: "not a url" })).rejects.toThrow(AuthyValidationError);
  });
});

describe("verifyNodeCallbackRequest (IncomingMessage-like)", () => {
  const node = (v: Vector, overrides: Partial<NodeCallbackRequest> = {}): NodeCallbackRequest => {
    const { host, pathname } = new URL(v.url);
    return {
      method: v.method,
      url: v.method === "GET" ? `${pathname}?${v.rawQuery}` : pathname,
      headers: { host, ...headersFor(v, "lower"), "content-type": "application/json" },
      body: v.method === "POST" ? JSON.parse(JSON.stringify(v.params)) : {},
      ...overrides,
    };
  };

  it.each(vectors.map((v) => [v.id, v] as const))("%s verifies from a fake IncomingMessage", async (_id, v) => {
    // J-8's callback URL is plain http (an ngrok tunnel): the protocol is the caller's to state.
    const protocol = new URL(v.url).protocol === "http:" ? ("http" as const) : undefined;
    await expect(verifyNodeCallbackRequest(node(v), { apiKey: v.apiKey, now: nowOf(v), ...(protocol ? { protocol } : {}) })).resolves.toBe(true);
  });

  it("accepts string[] headers of one value, mixed-case keys, originalUrl, a raw string or bytes body", async () => {
    const v = J1;
    const opts = { apiKey: v.apiKey, now: nowOf(v) };
    const arrays = node(v, { headers: { host: ["requestb.in"], "x-authy-signature": [v.expectedSignature], "x-authy-signature-nonce": v.nonce } });
    await expect(verifyNodeCallbackRequest(arrays, opts)).resolves.toBe(true);
    const mixed = node(v, { headers: { Host: "requestb.in", ...headersFor(v, "canonical") } });
    await expect(verifyNodeCallbackRequest(mixed, opts)).resolves.toBe(true);
    await expect(verifyNodeCallbackRequest(node(v, { url: "/", originalUrl: "/ui9vdiui" }), opts)).resolves.toBe(true);
    await expect(verifyNodeCallbackRequest(node(v, { body: JSON.stringify(v.params) }), opts)).resolves.toBe(true);
    await expect(verifyNodeCallbackRequest(node(v, { body: new TextEncoder().encode(JSON.stringify(v.params)) }), opts)).resolves.toBe(true);
  });

  it("ambiguous or missing pieces: false", async () => {
    const v = J1;
    const opts = { apiKey: v.apiKey, now: nowOf(v) };
    const h = node(v).headers;
    await expect(verifyNodeCallbackRequest(node(v, { body: undefined }), opts)).resolves.toBe(false);
    await expect(verifyNodeCallbackRequest(node(v, { headers: { ...h, host: undefined } }), opts)).resolves.toBe(false);
    await expect(
      verifyNodeCallbackRequest(node(v, { headers: { ...h, "x-authy-signature": [v.expectedSignature, v.expectedSignature] } }), opts),
    ).resolves.toBe(false);
    await expect(
      verifyNodeCallbackRequest(node(v, { headers: { ...h, "X-Authy-Signature": v.expectedSignature } }), opts),
    ).resolves.toBe(false); // the same header twice under two spellings
    await expect(verifyNodeCallbackRequest(node(v, { headers: { ...h, "x-authy-signature": undefined } }), opts)).resolves.toBe(false);
    await expect(verifyNodeCallbackRequest(node(v, { url: "https://requestb.in/ui9vdiui" }), opts)).resolves.toBe(false);
    await expect(verifyNodeCallbackRequest(node(v, { method: undefined }), opts)).resolves.toBe(false);
    await expect(verifyNodeCallbackRequest(node(v), { ...opts, protocol: "http" })).resolves.toBe(false);
  });

  it("trustProxy on/off with forwarded headers", async () => {
    const v = J5;
    const opts = { apiKey: v.apiKey, now: nowOf(v) };
    const internal = node(v, {
      headers: { ...headersFor(v, "lower"), host: "app:3000", "x-forwarded-proto": "https", "x-forwarded-host": "requestb.in" },
    });
    await expect(verifyNodeCallbackRequest(internal, { ...opts, trustProxy: true })).resolves.toBe(true);
    await expect(verifyNodeCallbackRequest(internal, opts)).resolves.toBe(false);
    // a client-supplied X-Forwarded-Host is ignored without trustProxy: the real Host still verifies
    const spoofed = node(v, { headers: { ...headersFor(v, "lower"), host: "requestb.in", "x-forwarded-host": "evil.example" } });
    await expect(verifyNodeCallbackRequest(spoofed, opts)).resolves.toBe(true);
    await expect(verifyNodeCallbackRequest(spoofed, { ...opts, trustProxy: true })).resolves.toBe(false);
    await expect(verifyNodeCallbackRequest(internal, { ...opts, publicUrl: "https://requestb.in/ui9vdiui" })).resolves.toBe(true);
  });
});

describe("parseOneTouchCallback", () => {
  it("types the POST bodies of J-1, J-2, J-3 (schema-checked) and the GET queries of J-5, J-6", () => {
    for (const id of ["J-1", "J-2", "J-3"]) {
      const v = byId(id);
      const post = parseOneTouchCallback(JSON.parse(JSON.stringify(v.params)) as unknown);
      expect(post.status).toBe(v.params.status);
      expect(post.authy_id).toBe(688611);
      expect(post.approval_request.transaction.status).toBe(v.params.status);
    }
    expect(parseOneTouchCallback(byId("J-2").params).device?.enabled_unlock_methods).toEqual(["pin", "fingerprint"]);
    const get = parseOneTouchCallback(new URLSearchParams(J5.rawQuery));
    expect(get.status).toBe("approved");
    expect(get.authy_id).toBe("688611");
    expect(get.device?.country).toBe("Colombia");
    expect(get.approval_request.transaction?.message).toBe("Authorize OneTouch Unit Test");
    const details = parseOneTouchCallback(new URLSearchParams(byId("J-6").rawQuery)).approval_request.transaction?.details;
    expect(details).toEqual({ cosa1: "cosa1", cosa2: "cosa2", location: "California,USA", username: "User" });
  });

  it("types the logos of J-4 (POST, two logos) and J-7 (GET, logos[][res]/logos[][url])", () => {
    const post = parseOneTouchCallback(JSON.parse(JSON.stringify(byId("J-4").params)) as unknown);
    const logo = "https://www.itsalllost.com/wp-content/uploads/2017/04/twilio-logo-red.png";
    expect(post.approval_request.logos).toEqual([
      { res: "default", url: logo },
      { res: "med", url: logo },
    ]);
    expect(post.device?.registration_date).toBe(1505418165);
    const get = parseOneTouchCallback(new URLSearchParams(byId("J-7").rawQuery));
    expect(get.approval_request.logos).toEqual([{ res: "default", url: logo }]);
    expect(get.approval_request.transaction?.hidden_details).toEqual({ ip_address: "10.10.3.203" });
  });

  it("rejects payloads of the wrong shape with AuthyValidationError naming the field", () => {
    const cases: Array<[unknown, string]> = [
      [null, "callback"],
      [[], "callback"],
      [{ ...J1.params, status: "pending" }, "status"],
      [{ ...J1.params, uuid: 5 }, "uuid"],
      [{ ...J1.params, approval_request: "x" }, "approval_request"],
      [{ ...J1.params, authy_id: undefined }, "authy_id"],
      [{ ...J1.params, approval_request: { transaction: { encrypted: "false" } } }, "approval_request.transaction.encrypted"],
      [new URLSearchParams("status=pending&uuid=u"), "status"],
      [new URLSearchParams("status=approved&authy_id=1&callback_action=x"), "uuid"],
      [new URLSearchParams("status=approved&uuid=u&authy_id=1&callback_action=x&approval_request=x"), "approval_request"],
      [new URLSearchParams("status=approved&status=denied"), "status"],
    ];
    for (const [input, field] of cases) {
      let caught: unknown;
      try {
        parseOneTouchCallback(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AuthyValidationError);
      expect((caught as AuthyValidationError).field).toBe(field);
    }
  });
});
