/**
 * One-time passwords: HOTP (RFC 4226) and TOTP (RFC 6238) on node:crypto, base32 (RFC 4648 §6) and the `otpauth://`
 * URI authenticator apps scan. Pure functions of their inputs: the caller brings the secret, the counter or the
 * time (the server's clock, which the development API can move) and remembers which counter was used last, so that a
 * code that matches an already used counter is answered 60019 rather than accepted twice.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export type OtpAlgorithm = "sha1" | "sha256" | "sha512";

export interface HotpOptions {
  /** Digits of the code, 6 to 10 (RFC 4226 asks for at least 6; 10 is all that 31 bits give). Default 6. */
  digits?: number;
  /** The HMAC's hash. Default `sha1`, the RFCs' and every authenticator app's default. */
  algorithm?: OtpAlgorithm;
}

export interface TotpOptions extends HotpOptions {
  /** Seconds per time step (RFC 6238 X). Default 30. */
  period?: number;
  /** Unix time in seconds where step 0 starts (RFC 6238 T0). Default 0. */
  t0?: number;
}

export interface OtpVerifyOptions {
  /** Accept codes of the counters (or time steps) up to `window` before and after the expected one. Default 0. */
  window?: number;
}

/** The counter (or time step) whose code matched, and how far it lies from the expected one (`-1` = one step old). */
export interface OtpMatch {
  counter: number;
  delta: number;
}

/** RFC 4226 R6: a shared secret of at least 128 bits. */
export const MIN_SECRET_BYTES = 16;
/** The size of a new secret: RFC 4226's recommended 160 bits, the SHA-1 block authenticator apps expect. */
export const DEFAULT_SECRET_BYTES = 20;
/** A window wider than this is no longer a clock-drift allowance (and would make verify slow). */
export const MAX_WINDOW = 100;

const ALGORITHMS: ReadonlySet<string> = new Set<OtpAlgorithm>(["sha1", "sha256", "sha512"]);

function checkSecret(secret: Uint8Array): void {
  if (!(secret instanceof Uint8Array)) throw new TypeError("The OTP secret must be bytes (a Uint8Array or Buffer)");
  if (secret.length < MIN_SECRET_BYTES) {
    throw new RangeError(`The OTP secret has ${secret.length} bytes; RFC 4226 requires at least ${MIN_SECRET_BYTES}`);
  }
}

function checkDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < 6 || digits > 10) throw new RangeError(`OTP digits must be an integer from 6 to 10, got ${digits}`);
}

function checkAlgorithm(algorithm: string): void {
  if (!ALGORITHMS.has(algorithm)) throw new RangeError(`OTP algorithm must be sha1, sha256 or sha512, got ${JSON.stringify(algorithm)}`);
}

function checkCounter(counter: number, what = "HOTP counter"): void {
  if (!Number.isSafeInteger(counter) || counter < 0) throw new RangeError(`The ${what} must be a non-negative safe integer, got ${counter}`);
}

function checkWindow(window: number): void {
  if (!Number.isInteger(window) || window < 0 || window > MAX_WINDOW) {
    throw new RangeError(`The OTP window must be an integer from 0 to ${MAX_WINDOW}, got ${window}`);
  }
}

/** RFC 4226 §5.3: HMAC of the 8-byte big-endian counter, dynamic truncation to 31 bits, modulo 10^digits. */
function code(secret: Uint8Array, counter: number, digits: number, algorithm: OtpAlgorithm): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const truncated = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(truncated % 10 ** digits).padStart(digits, "0");
}

/** The HOTP code of `counter` (RFC 4226), `digits` long with leading zeros. */
export function hotp(secret: Uint8Array, counter: number, options: HotpOptions = {}): string {
  const { digits = 6, algorithm = "sha1" } = options;
  checkSecret(secret);
  checkDigits(digits);
  checkAlgorithm(algorithm);
  checkCounter(counter);
  return code(secret, counter, digits, algorithm);
}

/** The RFC 6238 time step T of `timeSeconds` (Unix time, fractions allowed): floor((time − T0) / period). */
export function totpStep(timeSeconds: number, options: Pick<TotpOptions, "period" | "t0"> = {}): number {
  const { period = 30, t0 = 0 } = options;
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`The TOTP period must be a positive integer of seconds, got ${period}`);
  if (!Number.isFinite(timeSeconds) || !Number.isFinite(t0)) throw new RangeError("The TOTP time and T0 must be finite numbers of seconds");
  const step = Math.floor((timeSeconds - t0) / period);
  checkCounter(step, "TOTP time step (time before T0?)");
  return step;
}

/** The TOTP code at `timeSeconds` (RFC 6238). */
export function totp(secret: Uint8Array, timeSeconds: number, options: TotpOptions = {}): string {
  return hotp(secret, totpStep(timeSeconds, options), options);
}

/**
 * Checks `token` against the codes of the counters `counter - window … counter + window` (those that exist) and
 * returns the one that matched, or `null`. Every candidate is computed and compared, in constant time, whatever
 * matches: how long it takes says nothing about which code (if any) was right. A token that is not exactly `digits`
 * ASCII digits is `null` at once (its form is no secret). Should two counters of the window share the code, the one
 * nearest the expected counter wins, the older first.
 */
export function verifyHotp(secret: Uint8Array, token: string, counter: number, options: HotpOptions & OtpVerifyOptions = {}): OtpMatch | null {
  const { digits = 6, algorithm = "sha1", window = 0 } = options;
  checkSecret(secret);
  checkDigits(digits);
  checkAlgorithm(algorithm);
  checkCounter(counter);
  checkWindow(window);
  if (typeof token !== "string" || token.length !== digits || !/^[0-9]+$/.test(token)) return null;
  const given = Buffer.from(token, "ascii");
  let match: OtpMatch | null = null;
  for (const delta of nearestFirst(window)) {
    const candidate = counter + delta;
    if (candidate < 0 || !Number.isSafeInteger(candidate)) continue;
    const equal = timingSafeEqual(given, Buffer.from(code(secret, candidate, digits, algorithm), "ascii"));
    if (equal && match === null) match = { counter: candidate, delta };
  }
  return match;
}

/** {@link verifyHotp} for the time step of `timeSeconds`: `counter` in the result is the matched time step. */
export function verifyTotp(secret: Uint8Array, token: string, timeSeconds: number, options: TotpOptions & OtpVerifyOptions = {}): OtpMatch | null {
  return verifyHotp(secret, token, totpStep(timeSeconds, options), options);
}

/** 0, −1, +1, −2, +2 … ±window. */
function nearestFirst(window: number): number[] {
  const deltas = [0];
  for (let d = 1; d <= window; d += 1) deltas.push(-d, d);
  return deltas;
}

/** A new random secret (node:crypto's CSPRNG), {@link DEFAULT_SECRET_BYTES} bytes unless told. */
export function generateOtpSecret(bytes: number = DEFAULT_SECRET_BYTES): Buffer {
  if (!Number.isInteger(bytes) || bytes < MIN_SECRET_BYTES || bytes > 1024) {
    throw new RangeError(`An OTP secret must have ${MIN_SECRET_BYTES} to 1024 bytes, got ${bytes}`);
  }
  return randomBytes(bytes);
}

// ---------------------------------------------------------------------------------------------------------------
// Base32 (RFC 4648 §6)

const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** Characters in the last quantum of a complete encoding: 8 for 5 bytes, else the counts RFC 4648 §6 lists. */
const VALID_TAIL_LENGTHS: ReadonlySet<number> = new Set([0, 2, 4, 5, 7]);

/** Base32 of `bytes`, with `=` padding to a multiple of 8 unless `padding: false` (otpauth URIs leave it out). */
export function base32Encode(bytes: Uint8Array, options: { padding?: boolean } = {}): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff; // never more than 12 bits are pending
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return options.padding === false ? out : out.padEnd(Math.ceil(out.length / 8) * 8, "=");
}

/**
 * The bytes of a base32 text, upper or lower case, padded or not. Refuses (RangeError, naming the problem) any
 * other character, wrong padding, a length no encoding has, and non-zero bits after the last byte (RFC 4648 §3.5
 * lets a decoder refuse them; refusing keeps one text per secret).
 */
export function base32Decode(text: string): Buffer {
  if (typeof text !== "string") throw new TypeError("Base32 text must be a string");
  const padStart = text.indexOf("=");
  const body = (padStart === -1 ? text : text.slice(0, padStart)).toUpperCase();
  const invalid = /[^A-Z2-7]/.exec(body);
  if (invalid !== null) throw new RangeError(`Invalid base32: character ${JSON.stringify(invalid[0])} at ${invalid.index}`);
  if (padStart !== -1) {
    const padding = text.slice(padStart);
    if (!/^=+$/.test(padding) || text.length % 8 !== 0 || padding.length >= 8) {
      throw new RangeError("Invalid base32: padding must complete the last group of 8 characters");
    }
  }
  if (!VALID_TAIL_LENGTHS.has(body.length % 8)) throw new RangeError(`Invalid base32: no encoding is ${body.length} characters long`);
  const out = Buffer.alloc(Math.floor((body.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of body) {
    buffer = ((buffer << 5) | BASE32_ALPHABET.indexOf(char)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >>> bits) & 0xff;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) throw new RangeError("Invalid base32: non-zero bits after the last byte");
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// otpauth:// URI (the Key Uri Format authenticator apps read from a QR code)

export interface OtpauthUriInput {
  type: "totp" | "hotp";
  secret: Uint8Array;
  /** The account the code is for (an email, a phone): shown in the app under the issuer. */
  account: string;
  /** Who issues the code (the application's name): the label's prefix and the `issuer` parameter. */
  issuer?: string;
  algorithm?: OtpAlgorithm;
  digits?: number;
  /** TOTP only; default 30. */
  period?: number;
  /** HOTP only, and required there: the next counter. */
  counter?: number;
}

/**
 * `otpauth://totp/Issuer:account?secret=…&issuer=Issuer&algorithm=SHA1&digits=6&period=30`: label and issuer
 * percent-encoded (a space is `%20`, a colon inside either is `%3A` so the label splits once), the secret in base32
 * without padding, every parameter written out even at its default.
 */
export function otpauthUri(input: OtpauthUriInput): string {
  const { type, secret, account, issuer, algorithm = "sha1", digits = 6 } = input;
  if (type !== "totp" && type !== "hotp") throw new RangeError(`otpauth type must be totp or hotp, got ${JSON.stringify(type)}`);
  checkSecret(secret);
  checkAlgorithm(algorithm);
  checkDigits(digits);
  if (typeof account !== "string" || account.length === 0) throw new RangeError("otpauth account must be a non-empty string");
  if (issuer !== undefined && (typeof issuer !== "string" || issuer.length === 0)) throw new RangeError("otpauth issuer, when given, must be a non-empty string");
  const label = issuer === undefined ? encodeURIComponent(account) : `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = [`secret=${base32Encode(secret, { padding: false })}`];
  if (issuer !== undefined) params.push(`issuer=${encodeURIComponent(issuer)}`);
  params.push(`algorithm=${algorithm.toUpperCase()}`, `digits=${digits}`);
  if (type === "totp") {
    if (input.counter !== undefined) throw new RangeError("otpauth counter is for hotp only");
    const period = input.period ?? 30;
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`otpauth period must be a positive integer, got ${period}`);
    params.push(`period=${period}`);
  } else {
    if (input.period !== undefined) throw new RangeError("otpauth period is for totp only");
    if (input.counter === undefined) throw new RangeError("otpauth counter is required for hotp");
    checkCounter(input.counter);
    params.push(`counter=${input.counter}`);
  }
  return `otpauth://${type}/${label}?${params.join("&")}`;
}
