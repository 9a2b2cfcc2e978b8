/**
 * Seeds and test numbers: GET /__dev/export and POST /__dev/import move the whole state with chosen authy_ids;
 * `seed` (`--seed <file>`) loads one at start; `testNumbers` (`--test-number`) always send their fixed code, which
 * verifies again and again, while other numbers get fresh codes.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCommandLine, UsageError } from "../src/cli.js";
import { startAuthyServer } from "../src/index.js";
import { authyError, useTestServer } from "./helpers/server.js";

const t = useTestServer({ testNumbers: { "+1 201-555-0100": "1234567" } });
const tmp = mkdtempSync(path.join(tmpdir(), "authy-seed-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SEED = {
  users: [
    { authy_id: 4242, country_code: 1, phone_number: "201-555-0123", emails: ["ada@example.com", "ada.old@example.com"] },
    { authy_id: 77, country_code: 44, phone_number: "7400 123456", emails: ["bob@example.co.uk"], app_installed: true },
  ],
};

describe("export and import", () => {
  it("a seed gives users with the chosen authy_ids; new users continue after the largest", async () => {
    expect(await t.server.dev.importState(SEED)).toEqual({ imported: { users: 2, codes: 0, messages: 0, activities: 0, events: 0 } });
    const client = t.client();
    const status = await client.getUserStatus({ authy_id: 4242 });
    expect(status.status).toMatchObject({ authy_id: 4242, phone_number: "XXX-XXX-0123", registered: false });
    expect((await t.server.dev.getUser({ authy_id: 77 })).e164).toBe("+447400123456");
    expect((await t.server.dev.getUser({ authy_id: 4242 })).emails).toEqual(["ada@example.com", "ada.old@example.com"]);
    // A new number gets the next id after the largest; the seeded number registers as the seeded user.
    expect((await client.createUser({ user: { email: "new@example.com", cellphone: "201-555-0124", country_code: 1 } })).user.id).toBe(4243);
    expect((await client.createUser({ user: { email: "ada@example.com", cellphone: "201-555-0123", country_code: 1 } })).user.id).toBe(4242);
  });

  it("an export imported back gives the same state: codes sent before still verify once", async () => {
    const client = t.client();
    const id = (await client.createUser({ user: { email: "x@example.com", cellphone: "201-555-0131", country_code: 1 } })).user.id;
    await client.sendSmsToken({ authy_id: id });
    const code = await t.lastCode(id);
    await client.registerUserActivity({ authy_id: id, type: "banned", data: { reason: "spam" } });
    await t.advance(120);
    const exported = await t.server.dev.exportState();
    expect(exported.format).toBe("authy-openapi-server/1");
    expect(exported.clock_offset_seconds).toBe(120);
    expect(exported.users.map((u) => u.authy_id)).toEqual([id]);
    expect(exported.codes).toHaveLength(1);
    await t.server.dev.resetState();
    await t.server.dev.importState(exported);
    expect(await t.server.dev.exportState()).toEqual(exported);
    expect((await client.verifyToken({ authy_id: id, token: code, force: true })).token).toBe("is valid");
    expect((await authyError(client.verifyToken({ authy_id: id, token: code, force: true }))).code).toBe(60019);
  });

  it("refuses an invalid seed, naming the member, and changes nothing", async () => {
    await t.server.dev.importState(SEED);
    const before = await t.server.dev.exportState();
    const bad: Array<[unknown, string]> = [
      [{ users: [{ ...SEED.users[0], phone_number: "123-456-7890" }] }, 'users[0].phone_number "123-456-7890" is not a valid number for country code 1'],
      [{ users: [SEED.users[0], { ...SEED.users[1], authy_id: 4242 }] }, "users[1].authy_id 4242 is given twice"],
      [{ users: [SEED.users[0], { ...SEED.users[1], country_code: 1, phone_number: "(201) 555-0123" }] }, "users[1] has the number +12015550123 of authy_id 4242"],
      [{ users: SEED.users, messages: [{ kind: "token", channel: "sms", authy_id: 9, to: "+12015550123", text: "x", created_at: "2026-01-01T00:00:00Z" }] }, "messages[0].authy_id 9 is no user of the seed"],
      [{ users: [{ ...SEED.users[0], emails: [] }] }, "users[0].emails must have at least 1 items"],
      [{ people: [] }, "people is not a member of a seed (format, clock_offset_seconds, users, codes, messages, activities, events, api_calls)"],
    ];
    for (const [document, message] of bad) {
      // Raw: the dev client would refuse the schema violations itself before sending.
      expect(await t.dev("POST", "/__dev/import", document)).toEqual({ status: 400, body: { error: message } });
    }
    // The typed client checks its input against the document first.
    await expect(t.server.dev.importState({ users: [{ ...SEED.users[0]!, emails: [] }] })).rejects.toThrow("importState: users[0].emails must have at least 1 items");
    expect(await t.server.dev.exportState()).toEqual(before);
  });
});

describe("--seed and --test-number", () => {
  it("a seed file loads at start; a bad one refuses to start, naming it", async () => {
    const file = path.join(tmp, "seed.json");
    writeFileSync(file, JSON.stringify(SEED));
    const server = await startAuthyServer({ memory: true, port: 0, log: () => {}, seed: file });
    try {
      expect((await server.dev.getUser({ authy_id: 77 })).app_installed).toBe(true);
    } finally {
      await server.close();
    }
    writeFileSync(file, '{"users": [{"authy_id": 1}]}');
    await expect(startAuthyServer({ memory: true, port: 0, log: () => {}, seed: file })).rejects.toThrow(
      `the seed ${file} cannot be loaded: users[0].country_code is required`,
    );
  });

  it("a test number always gets its code, which verifies again and again; other numbers get fresh codes", async () => {
    const client = t.client();
    const tester = (await client.createUser({ user: { email: "qa@example.com", cellphone: "201-555-0100", country_code: 1 } })).user.id;
    const other = (await client.createUser({ user: { email: "o@example.com", cellphone: "201-555-0101", country_code: 1 } })).user.id;
    for (let i = 0; i < 3; i++) {
      await client.sendSmsToken({ authy_id: tester, force: true });
      expect(await t.lastCode(tester)).toBe("1234567");
      expect((await client.verifyToken({ authy_id: tester, token: "1234567", force: true })).token).toBe("is valid");
    }
    await client.sendVoiceToken({ authy_id: tester, force: true });
    expect(await t.lastCode(tester, "call")).toBe("1234567");
    expect((await authyError(client.verifyToken({ authy_id: tester, token: "7654321", force: true }))).code).toBe(60020);
    await client.sendSmsToken({ authy_id: other });
    await client.sendSmsToken({ authy_id: other });
    const codes = (await t.server.dev.listMessages({ authy_id: other, kind: undefined } as never)).messages.filter((m) => m.kind === "token").map((m) => m.code);
    expect(codes).toHaveLength(2);
    expect(codes[0]).not.toBe(codes[1]);
    expect(codes).not.toContain("1234567");
  });

  it("the command line takes --seed and repeated --test-number, and refuses a malformed one (exit 2)", () => {
    expect(parseCommandLine(["--memory", "--seed", "s.json", "--test-number", "+1-201-555-0100=1234567", "--test-number", "+44 7400 123456=654321"], {})).toMatchObject({
      options: { seed: "s.json", testNumbers: { "+1-201-555-0100": "1234567", "+44 7400 123456": "654321" } },
    });
    expect(() => parseCommandLine(["--test-number", "+1-201-555-0100"], {})).toThrow(UsageError);
    expect(() => parseCommandLine(["--test-number", "+1-201-555-0100=12ab"], {})).toThrow(UsageError);
    expect(() => parseCommandLine(["--test-number", "+1-123-456-7890=1234567"], {})).toThrow(
      'test number "+1-123-456-7890" is not a valid phone number (write it with its country code: +1-201-555-0100)',
    );
  });
});
