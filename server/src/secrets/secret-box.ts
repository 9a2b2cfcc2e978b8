import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * Secrets at rest. Every secret the server must be able to use again (API keys, OTP and TOTP secrets, the codes in
 * kept messages) is stored sealed with AES-256-GCM under an operator key, as
 * `enc:v1:<key id>:<iv>:<ciphertext>:<tag>` (base64url): the key id travels with each value, so several keys can be
 * in use during a rotation. The column it belongs to is the additional data, so a value copied into another column
 * does not open. Presented API keys are found by a keyed hash (HMAC-SHA-256 under a key derived from the operator
 * key): the database holds neither the key nor anything that can be tried offline without the operator key.
 *
 * Without an operator key (development), values are stored as they are and the lookup hash is keyed with a fixed,
 * public key: nothing is protected, and the first start with an operator key seals everything.
 */

export interface OperatorKey {
  id: string;
  /** 32 bytes of key material. */
  material: Buffer;
}

const PREFIX = "enc:v1:";
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const DEVELOPMENT_LOOKUP_KEY = Buffer.from("authy-openapi-server development lookup key (public)");

interface DerivedKey {
  id: string;
  encryption: Buffer;
  lookup: Buffer;
}

function derive(key: OperatorKey): DerivedKey {
  const sub = (info: string) => Buffer.from(hkdfSync("sha256", key.material, Buffer.alloc(0), info, 32));
  return { id: key.id, encryption: sub("authy-openapi-server/at-rest-encryption"), lookup: sub("authy-openapi-server/key-lookup") };
}

/** `id:base64` (32 bytes) → an operator key, or the reason it is not one. */
export function parseOperatorKey(text: string): OperatorKey | string {
  const colon = text.indexOf(":");
  if (colon < 1) return "must be <id>:<base64 of 32 random bytes> (e.g. 2026-11:$(openssl rand -base64 32))";
  const id = text.slice(0, colon);
  if (!KEY_ID.test(id)) return "its id must be 1 to 32 letters, digits, '-' or '_'";
  const encoded = text.slice(colon + 1);
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(encoded)) return "its key must be 32 bytes in base64 (openssl rand -base64 32)";
  const material = Buffer.from(encoded, "base64");
  return { id, material };
}

export class SecretOpenError extends Error {
  override name = "SecretOpenError";
}

export class SecretBox {
  private readonly keys: DerivedKey[];

  /** `keys[0]` seals; every key opens. No keys: development (stored as is). */
  constructor(keys: readonly OperatorKey[] = []) {
    const ids = new Set<string>();
    for (const key of keys) {
      if (ids.has(key.id)) throw new Error(`operator key id ${key.id} is given twice`);
      ids.add(key.id);
    }
    this.keys = keys.map(derive);
  }

  get encrypting(): boolean {
    return this.keys.length > 0;
  }

  /** The id of the key that seals, or undefined in development. */
  get currentKeyId(): string | undefined {
    return this.keys[0]?.id;
  }

  get keyIds(): string[] {
    return this.keys.map((key) => key.id);
  }

  seal(plain: string, column: string): string {
    const key = this.keys[0];
    if (!key) return plain;
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key.encryption, iv);
    cipher.setAAD(Buffer.from(column));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return `${PREFIX}${key.id}:${[iv, body, cipher.getAuthTag()].map((part) => part.toString("base64url")).join(":")}`;
  }

  open(stored: string, column: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    const [id, iv, body, tag] = stored.slice(PREFIX.length).split(":");
    const key = this.keys.find((candidate) => candidate.id === id);
    if (!key) throw new SecretOpenError(`a value in ${column} is sealed under operator key "${id}", which was not given`);
    try {
      const decipher = createDecipheriv("aes-256-gcm", key.encryption, Buffer.from(iv!, "base64url"));
      decipher.setAAD(Buffer.from(column));
      decipher.setAuthTag(Buffer.from(tag!, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body!, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretOpenError(`a value in ${column} does not open under operator key "${id}" (altered, or another key with that id)`);
    }
  }

  /** Open when sealed under a key we hold, null passes through. */
  openNullable(stored: string | null, column: string): string | null {
    return stored === null ? null : this.open(stored, column);
  }

  /** True when `stored` is already sealed under the current key (or, in development, is stored as is). */
  isCurrent(stored: string): boolean {
    const key = this.keys[0];
    return key ? stored.startsWith(`${PREFIX}${key.id}:`) : !stored.startsWith(PREFIX);
  }

  /** The LIKE pattern of values sealed under the current key (what rotation leaves alone). */
  currentPattern(): string {
    const key = this.keys[0];
    return key ? `${PREFIX}${key.id}:%` : "";
  }

  /** The key id a stored value names, or undefined when stored as is. */
  static keyIdOf(stored: string): string | undefined {
    return stored.startsWith(PREFIX) ? stored.slice(PREFIX.length).split(":")[0] : undefined;
  }

  /** The lookup hash under the current key (what is stored). */
  lookupHash(value: string): string {
    return createHmac("sha256", this.keys[0]?.lookup ?? DEVELOPMENT_LOOKUP_KEY).update(value).digest("base64url");
  }

  /** The lookup hashes under every key (a value hashed under an older key is still found until rotation rehashes it). */
  lookupHashes(value: string): string[] {
    const keys = this.keys.length > 0 ? this.keys.map((key) => key.lookup) : [DEVELOPMENT_LOOKUP_KEY];
    return keys.map((key) => createHmac("sha256", key).update(value).digest("base64url"));
  }
}
