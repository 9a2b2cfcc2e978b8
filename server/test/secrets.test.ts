import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createAuthyClient, verifyCallbackRequest } from "../../src/index.js";
import { base32Decode, totp } from "../src/domain/otp.js";
import { startAuthyServer, type AuthyServerOptions, type RunningAuthyServer } from "../src/index.js";
import { SecretBox } from "../src/secrets/secret-box.js";
import { readQrCode } from "./helpers/qr.js";
import { authyError } from "./helpers/server.js";

describe("SecretBox", () => {
  const k1 = { id: "k1", material: randomBytes(32) };
  const box = new SecretBox([k1]);

  it("seals with AES-256-GCM under the current key, naming it, and opens only in the same column", () => {
    const sealed = box.seal("JBSWY3DPEHPK3PXP", "users.totp_secret");
    expect(sealed).toMatch(/^enc:v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{22}$/);
    expect(box.seal("JBSWY3DPEHPK3PXP", "users.totp_secret")).not.toBe(sealed);
    expect(box.open(sealed, "users.totp_secret")).toBe("JBSWY3DPEHPK3PXP");
    expect(() => box.open(sealed, "apps.api_key")).toThrow('a value in apps.api_key does not open under operator key "k1"');
  });

  it("refuses a tampered value, another key under the same id, and an unknown key id", () => {
    const sealed = box.seal("secret", "users.otp_secret");
    const parts = sealed.split(":");
    const body = Buffer.from(parts[4]!, "base64url");
    body[0]! ^= 1;
    parts[4] = body.toString("base64url");
    expect(() => box.open(parts.join(":"), "users.otp_secret")).toThrow("does not open");
    expect(() => new SecretBox([{ id: "k1", material: randomBytes(32) }]).open(sealed, "users.otp_secret")).toThrow("does not open");
    expect(() => new SecretBox([{ id: "k2", material: randomBytes(32) }]).open(sealed, "users.otp_secret")).toThrow('sealed under operator key "k1", which was not given');
  });

  it("looks keys up by HMAC under every key, the current one first; without keys nothing is sealed", () => {
    const k2 = { id: "k2", material: randomBytes(32) };
    const rotating = new SecretBox([k2, k1]);
    expect(rotating.lookupHashes("ApiKey123")).toEqual([rotating.lookupHash("ApiKey123"), box.lookupHash("ApiKey123")]);
    expect(rotating.lookupHash("ApiKey123")).not.toBe(box.lookupHash("ApiKey123"));
    expect(rotating.open(box.seal("x", "c"), "c")).toBe("x");
    expect([rotating.isCurrent(box.seal("x", "c")), rotating.isCurrent(rotating.seal("x", "c"))]).toEqual([false, true]);
    const development = new SecretBox();
    expect([development.seal("plain", "c"), development.open("plain", "c"), development.encrypting]).toEqual(["plain", "plain", false]);
  });
});

/** Every file of a data folder as one buffer: what a copy of the database (or a backup) holds. */
function folderBytes(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) parts.push(readFileSync(join(entry.parentPath, entry.name)));
  }
  return Buffer.concat(parts);
}

describe("secrets at rest on a data folder, operator key rotation and API key overlap", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "authy-secrets-test-"));
  const k1 = { id: "k1", material: randomBytes(32) };
  const k2 = { id: "k2", material: randomBytes(32) };
  const OLD_KEY = "OldApiKey0123456789abcdefABCDEF";
  const NEW_KEY = "NewApiKey0123456789abcdefABCDEF";
  let server: RunningAuthyServer | undefined;
  const lines: string[] = [];
  const stop = async () => {
    await server?.close();
    server = undefined;
  };
  const start = async (options: AuthyServerOptions) => {
    await stop();
    server = await startAuthyServer({ dataDir, port: 0, log: (line) => lines.push(line), ...options });
    return server;
  };
  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const dev = async (path: string, body?: unknown) => {
    const res = await fetch(`${server!.url}${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return (await res.json()) as any;
  };
  const client = (apiKey: string) => createAuthyClient({ apiKey, baseUrl: server!.url, retry: false });
  let authyId: number;
  let totpSecret: string;
  let smsCode: string;

  it("stores no API key, authenticator secret or sent code in clear: the folder holds only values sealed under k1", async () => {
    await start({ apiKey: OLD_KEY, encryptionKeys: [k1] });
    authyId = (await client(OLD_KEY).createUser({ user: { email: "sealed@example.com", cellphone: "201-555-0123", country_code: 1 } })).user.id;
    totpSecret = new URL(readQrCode((await client(OLD_KEY).generateAuthenticatorQrCode({ authy_id: authyId })).qr_code)!).searchParams.get("secret")!;
    await client(OLD_KEY).sendSmsToken({ authy_id: authyId, force: true });
    smsCode = (await dev(`/__dev/messages?authy_id=${authyId}&channel=sms&limit=1`)).messages[0].code;
    expect(smsCode).toMatch(/^[0-9]{7}$/);
    // The Dashboard/Webhooks API request-signing keys (part 4) are secrets at rest too.
    const { signing_key: signingKey, access_key: accessKey } = await dev("/__dev/app");
    expect([typeof signingKey, typeof accessKey]).toEqual(["string", "string"]);
    await stop();
    const bytes = folderBytes(dataDir);
    for (const secret of [OLD_KEY, totpSecret, `verification code is: ${smsCode}`, signingKey, accessKey]) expect(bytes.includes(secret), secret).toBe(false);
    expect(bytes.includes("enc:v1:k1:")).toBe(true);
  }, 60_000);

  it("a copy of the database without the operator key cannot start a server", async () => {
    await expect(start({})).rejects.toThrow('stored secrets are sealed under encryption key "k1", which was not given');
  }, 60_000);

  it("a new operator key reseals everything while the server answers; a new API key overlaps the old one for its window", async () => {
    // The application's OneTouch callback endpoint, which checks each callback as the application would.
    const callbacks: Array<{ byNew: boolean; byOld: boolean }> = [];
    let onCallback: (() => void) | undefined;
    const receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
      let text = "";
      req.on("data", (chunk: Buffer) => (text += chunk));
      req.on("end", async () => {
        const request = () => new Request(`http://127.0.0.1:${(receiver.address() as { port: number }).port}${req.url}`, { method: "POST", headers: req.headers as Record<string, string>, body: text });
        callbacks.push({ byNew: await verifyCallbackRequest(request(), { apiKey: NEW_KEY }), byOld: await verifyCallbackRequest(request(), { apiKey: OLD_KEY }) });
        res.writeHead(200).end();
        onCallback?.();
      });
    });
    const callbackUrl = await new Promise<string>((done) => receiver.listen(0, "127.0.0.1", () => done(`http://127.0.0.1:${(receiver.address() as { port: number }).port}/callback`)));
    await start({ apiKey: NEW_KEY, replaceApiKey: true, apiKeyOverlapSeconds: 600, encryptionKeys: [k2, k1], oneTouchCallbackUrl: callbackUrl });
    // otp_secret, totp_secret, the install link's text, the SMS's code and text, the API signing and access keys (the
    // key replacement sealed both API keys).
    expect(await server!.resealed).toBe(7);
    expect(lines).toContain('Sealed 7 stored secrets under encryption key "k2"');
    expect(await client(NEW_KEY).getUserStatus({ authy_id: authyId })).toMatchObject({ success: true });
    expect(await client(OLD_KEY).getUserStatus({ authy_id: authyId })).toMatchObject({ success: true });
    expect(await client(NEW_KEY).verifyToken({ token: smsCode, authy_id: authyId, force: true })).toMatchObject({ token: "is valid" });
    await dev("/__dev/clock", { advance_seconds: 599 });
    expect(await client(OLD_KEY).getApplicationDetails()).toMatchObject({ success: true });
    await dev("/__dev/clock", { advance_seconds: 2 });
    expect(await authyError(client(OLD_KEY).getApplicationDetails())).toMatchObject({ status: 401, code: 60001 });
    expect(await client(NEW_KEY).getApplicationDetails()).toMatchObject({ success: true });
    // Callbacks are signed with the new key from the replacement on (here, within the overlap window).
    await dev("/__dev/clock", { advance_seconds: -2 });
    const { approval_request } = await client(OLD_KEY).createApprovalRequest({ authy_id: authyId, message: "Rotate" });
    const called = new Promise<void>((done) => (onCallback = done));
    await dev(`/__dev/approval_requests/${approval_request.uuid}/approve`, {});
    await called;
    expect(callbacks).toEqual([{ byNew: true, byOld: false }]);
    await stop();
    receiver.close();
  }, 60_000);

  it("after the rotation the old operator key is not needed: the server starts with k2 alone and the authenticator still verifies", async () => {
    await start({ encryptionKeys: [k2] });
    const clock = await dev("/__dev/clock");
    const code = totp(base32Decode(totpSecret), new Date(clock.now).getTime() / 1000);
    expect(await client(NEW_KEY).verifyToken({ token: code, authy_id: authyId, force: true })).toMatchObject({ token: "is valid" });
    expect(await server!.resealed).toBe(0);
    await stop();
  }, 60_000);

  it("graceful shutdown leaves a delivery in flight queued in the database, and the next instance delivers it", async () => {
    // The operator's endpoint holds the first request without answering (the attempt is in flight when the server
    // stops) and answers the later ones.
    const held: ServerResponse[] = [];
    const received: any[] = [];
    let onHeld: (() => void) | undefined;
    let onReceived: ((body: any) => void) | undefined;
    const receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
      let text = "";
      req.on("data", (chunk: Buffer) => (text += chunk));
      req.on("end", () => {
        if (held.length === 0) {
          held.push(res);
          onHeld?.();
          return;
        }
        received.push(JSON.parse(text));
        res.writeHead(204).end();
        onReceived?.(received.at(-1));
      });
    });
    const deliverUrl = await new Promise<string>((done) => receiver.listen(0, "127.0.0.1", () => done(`http://127.0.0.1:${(receiver.address() as { port: number }).port}/deliver`)));
    const options = { encryptionKeys: [k2], deliverUrl, deliverSigningKey: "DeliverSigningKey-0123456789" };
    try {
      await start(options);
      const inFlight = new Promise<void>((done) => (onHeld = done));
      await client(NEW_KEY).sendEmailToken({ authy_id: authyId });
      await inFlight;
      await stop();
      expect(received).toEqual([]);
      await start(options);
      const arrived = new Promise<any>((done) => (onReceived = done));
      // The aborted attempt was recorded as failed with a short backoff: due once the clock passes it.
      await dev("/__dev/clock", { advance_seconds: 5 });
      expect((await arrived).message).toMatchObject({ kind: "token", channel: "email", to: "sealed@example.com", authy_id: authyId });
      await stop();
    } finally {
      for (const res of held) res.destroy();
      receiver.closeAllConnections();
      receiver.close();
    }
  }, 60_000);
});
