/**
 * Spec truth: the error examples say what the error-code table says. Schema validation only checks shape (any known
 * code with any message validates), so a code swapped for another known one, or an error moved to another status,
 * passed every other test. Each rule is also shown to fail on a hand-broken copy of the spec.
 */
import { describe, expect, it } from "vitest";
import { AUTHY_ERROR_CODES } from "../src/index.js";
import { decodeAuthyXml } from "../src/xml-lazy.js";
import { deref, spec, specOperations, webhookOperations } from "./helpers/spec.js";

type Spec = typeof spec;
interface ErrorExample {
  where: string;
  status: string;
  summary: string | undefined;
  value: any;
}

/**
 * Wire messages that do not begin with the table's wording, each with its source. The table holds the documented
 * meaning (Twilio's v1 error table); the API's own text for these codes is recorded by the SDK fixtures.
 */
const WIRE_MESSAGES: Record<string, RegExp> = {
  // authy-ruby and authy-python fixtures: "No pending verifications for +1 201-555-0123 found."
  "60023": /^No pending verifications for \+\d{1,4} [0-9 -]+ found\.$/,
};

/** Every example of every non-200 response, request operations and webhooks alike (XML decoded). */
async function errorExamples(doc: Spec): Promise<ErrorExample[]> {
  const resolve = (node: any): any => {
    while (node && typeof node === "object" && "$ref" in node) {
      node = node.$ref
        .replace(/^#\//, "")
        .split("/")
        .reduce((acc: any, part: string) => acc?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
    }
    return node;
  };
  const operations = [
    ...Object.entries<any>(doc.paths).flatMap(([path, item]) =>
      Object.entries<any>(item).filter(([m]) => m !== "parameters").map(([m, op]) => [`${m.toUpperCase()} ${path}`, op]),
    ),
    ...Object.entries<any>(doc.webhooks ?? {}).flatMap(([name, item]) =>
      Object.entries<any>(resolve(item)).filter(([m]) => m !== "parameters").map(([m, op]) => [`webhook ${name} ${m}`, op]),
    ),
  ] as [string, any][];
  const found: ErrorExample[] = [];
  for (const [operation, op] of operations) {
    for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
      if (status === "200") continue;
      for (const [type, media] of Object.entries<any>(resolve(response).content ?? {})) {
        for (const [name, ref] of Object.entries<any>(media.examples ?? {})) {
          const example = resolve(ref);
          const value = type === "application/xml" ? await decodeAuthyXml(example.value) : example.value;
          found.push({ where: `${operation} ${status} ${type} ${name}`, status, summary: example.summary, value });
        }
      }
    }
  }
  return found;
}

/** What is wrong with the spec's error examples, one line each; empty when every example tells the truth. */
async function errorExampleProblems(doc: Spec): Promise<string[]> {
  const table: Record<string, { status: number | null; message: string }> = doc.components.schemas.ErrorCode["x-authy-error-codes"];
  const problems: string[] = [];
  for (const { where, status, summary, value } of await errorExamples(doc)) {
    const code: unknown = value?.error_code;
    const known = typeof code === "string" ? table[code] : undefined;
    if (!known) {
      problems.push(`${where}: error_code ${JSON.stringify(code)} is not in the table`);
      continue;
    }
    if (known.status === null) problems.push(`${where}: the table gives no status for ${code}`);
    else if (String(known.status) !== status) problems.push(`${where}: ${code} belongs under ${known.status}`);
    const message: string = value.message;
    const agrees = WIRE_MESSAGES[code as string]?.test(message) ?? (message === known.message || message.startsWith(`${known.message}.`) || message.startsWith(`${known.message}: `));
    if (!agrees) problems.push(`${where}: message ${JSON.stringify(message)} is not ${code}'s ${JSON.stringify(known.message)}`);
    const summaryCodes = [...(summary ?? "").matchAll(/\b600\d\d\b/g)].map((m) => m[0]);
    if (summaryCodes.length !== 1 || summaryCodes[0] !== code) problems.push(`${where}: summary ${JSON.stringify(summary)} does not name ${code}`);
  }
  return problems;
}

/**
 * A copy of the spec with one operation's example changed: the response and the example are copied inline there
 * (a shared component would change every operation that uses it).
 */
function withExample(path: string, method: string, status: string, type: string, name: string, edit: (example: any) => void): Spec {
  const copy = structuredClone(spec);
  const op = copy.paths[path][method];
  const response = structuredClone(deref(op.responses[status]));
  const example = structuredClone(deref(response.content[type].examples[name]));
  edit(example);
  response.content[type].examples[name] = example;
  op.responses[status] = response;
  return copy;
}

const STATUS_PATH = "/protected/{format}/users/{authy_id}/status";
const NOT_FOUND_404 = `GET ${STATUS_PATH} 404 application/json userNotFound`;
const editUserNotFound = (edit: (example: any) => void) => withExample(STATUS_PATH, "get", "404", "application/json", "userNotFound", edit);

describe("error examples agree with the error-code table", () => {
  it("every error example: a known code, under the table's status, with the table's message and the code in its summary", async () => {
    expect(await errorExampleProblems(spec)).toEqual([]);
  });

  it("the examples cover the error statuses the spec declares: 400, 401, 403, 404, 429, 500 and 503", async () => {
    const examples = await errorExamples(spec);
    expect([...new Set(examples.map((e) => e.status))].sort()).toEqual(["400", "401", "403", "404", "429", "500", "503"]);
    // JSON and XML twins of every error are both checked.
    expect(examples.filter((e) => e.where.includes("application/xml")).length).toBeGreaterThan(20);
    expect(examples.filter((e) => e.where.includes("application/json")).length).toBeGreaterThan(20);
  });

  it("every code the examples use has its status in the table, and the generated AUTHY_ERROR_CODES matches it", async () => {
    const table = spec.components.schemas.ErrorCode["x-authy-error-codes"];
    const used = [...new Set((await errorExamples(spec)).map((e) => e.value.error_code as string))].sort();
    expect(used.length).toBeGreaterThan(20);
    for (const code of used) expect(AUTHY_ERROR_CODES[Number(code)], code).toEqual({ status: table[code].status, message: table[code].message });
    expect(Object.keys(AUTHY_ERROR_CODES).length).toBe(Object.keys(table).length);
  });

  it("hand-written table entries: status and documented message of the codes the examples use", () => {
    // From Twilio's v1 return-and-error-codes table and the SDK fixtures (reference notes, section 3).
    const expected: Record<number, [number, string]> = {
      60001: [401, "Invalid API key"],
      60004: [400, "Invalid parameter"],
      60019: [401, "Token is invalid. Token was used recently"],
      60020: [401, "Token is invalid"],
      60021: [403, "Phone verification couldn't be created"],
      60022: [401, "Verification code is incorrect"],
      60023: [404, "Phone verification not found"],
      60025: [500, "Server error while querying phone information"],
      60026: [404, "User not found"],
      60027: [400, "User was not valid"],
      60032: [400, "SMS was not found"],
      60033: [400, "Phone number is invalid"],
      60042: [400, "Either uuid or country_code and phone number are required"],
      60049: [404, "Approval request not found"],
      60060: [503, "Your account is suspended"],
      60065: [403, "Needs to enable OneTouch first"],
      60070: [400, "Application was not valid"],
      60071: [404, "Access key not found"],
      60072: [404, "Invalid access key"],
      60073: [400, "Invalid application API key"],
      60078: [403, "Invalid country code"],
      60082: [403, "Can not send SMS to landline phone numbers"],
      60083: [403, "Phone number not provisioned with any carrier"],
    };
    for (const [code, [status, message]] of Object.entries(expected)) expect(AUTHY_ERROR_CODES[Number(code)], code).toEqual({ status, message });
  });
});

describe("the truth check catches a lying example", () => {
  it("a code swapped for another known one (60032 -> 60033), message and summary unchanged", async () => {
    const path = "/2010-04-01/Accounts/{api_key}/SMS/Messages/{sms_id}/Feedback";
    const broken = withExample(path, "post", "400", "application/json", "smsNotFound", (e) => (e.value.error_code = "60033"));
    expect(await errorExampleProblems(broken)).toEqual([
      `POST ${path} 400 application/json smsNotFound: message "SMS was not found" is not 60033's "Phone number is invalid"`,
      `POST ${path} 400 application/json smsNotFound: summary "SMS not found (60032)" does not name 60033`,
    ]);
  });

  it("an error response moved under another status (60026 under 403)", async () => {
    const broken = structuredClone(spec);
    const op = broken.paths[STATUS_PATH].get;
    op.responses["403"] = op.responses["404"];
    delete op.responses["404"];
    expect(await errorExampleProblems(broken)).toEqual([
      `${NOT_FOUND_404.replace(" 404 ", " 403 ")}: 60026 belongs under 404`,
      `GET ${STATUS_PATH} 403 application/xml userNotFound: 60026 belongs under 404`,
    ]);
  });

  it("an unknown code, a code without a status, a summary naming another code, a reworded message", async () => {
    expect(await errorExampleProblems(editUserNotFound((e) => (e.value.error_code = "60999")))).toEqual([
      `${NOT_FOUND_404}: error_code "60999" is not in the table`,
    ]);
    const noStatus = structuredClone(spec);
    noStatus.components.schemas.ErrorCode["x-authy-error-codes"]["60026"].status = null;
    expect((await errorExampleProblems(noStatus)).filter((p) => p.startsWith(NOT_FOUND_404))).toEqual([
      `${NOT_FOUND_404}: the table gives no status for 60026`,
    ]);
    expect(await errorExampleProblems(editUserNotFound((e) => (e.summary = "User not found (60027)")))).toEqual([
      `${NOT_FOUND_404}: summary "User not found (60027)" does not name 60026`,
    ]);
    expect(await errorExampleProblems(editUserNotFound((e) => (e.summary = "User not found")))).toEqual([
      `${NOT_FOUND_404}: summary "User not found" does not name 60026`,
    ]);
    expect(await errorExampleProblems(editUserNotFound((e) => (e.value.message = "User not founded")))).toEqual([
      `${NOT_FOUND_404}: message "User not founded" is not 60026's "User not found"`,
    ]);
    // The one wire wording that differs from the table is held to its own pattern.
    const check = "/protected/{format}/phones/verification/check";
    const reworded = withExample(check, "get", "404", "application/json", "verificationNotFound", (e) => (e.value.message = "Phone verification not found"));
    expect(await errorExampleProblems(reworded)).toEqual([
      `GET ${check} 404 application/json verificationNotFound: message "Phone verification not found" is not 60023's "Phone verification not found"`,
    ]);
  });
});

// errorExamples() walks the bundled spec itself; it must find every error example the shared test helpers see.
it("the helper's deref and operation list see the same error responses as the bundled spec", async () => {
  const viaHelpers = [...specOperations, ...webhookOperations].flatMap((o) =>
    Object.keys(o.op.responses ?? {}).filter((s) => s !== "200").flatMap((s) => Object.keys(deref<any>(o.op.responses[s]).content ?? {}).flatMap((t) => Object.keys(deref<any>(o.op.responses[s]).content[t].examples ?? {}))),
  );
  expect((await errorExamples(spec)).length).toBe(viaHelpers.length);
});
