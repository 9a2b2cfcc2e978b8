import { describe, expect, it } from "vitest";
import {
  base32Decode,
  base32Encode,
  generateOtpSecret,
  hotp,
  otpauthUri,
  totp,
  totpStep,
  verifyHotp,
  verifyTotp,
} from "../src/domain/otp.js";

const ascii = (text: string): Buffer => Buffer.from(text, "ascii");
/** The RFC secrets: "1234567890" repeated to 20 (SHA-1), 32 (SHA-256) and 64 (SHA-512) bytes. */
const SEED_SHA1 = ascii("12345678901234567890");
const SEED_SHA256 = ascii("12345678901234567890123456789012");
const SEED_SHA512 = ascii("1234567890123456789012345678901234567890123456789012345678901234");

describe("RFC 4226 Appendix D (secret 12345678901234567890, SHA-1)", () => {
  // [count, truncated 31-bit value, HOTP with 6 digits]
  const vectors: [number, number, string][] = [
    [0, 1284755224, "755224"],
    [1, 1094287082, "287082"],
    [2, 137359152, "359152"],
    [3, 1726969429, "969429"],
    [4, 1640338314, "338314"],
    [5, 868254676, "254676"],
    [6, 1918287922, "287922"],
    [7, 82162583, "162583"],
    [8, 673399871, "399871"],
    [9, 645520489, "520489"],
  ];
  it.each(vectors)("count %i: HOTP %s", (count, truncated, expected) => {
    expect(hotp(SEED_SHA1, count)).toEqual(expected);
    // With 10 digits the code is the whole truncated value, zero-padded: the truncation itself is checked.
    expect(hotp(SEED_SHA1, count, { digits: 10 })).toEqual(String(truncated).padStart(10, "0"));
  });

  it("7, 8 and 9 digits are the truncated value modulo 10^digits", () => {
    expect([7, 8, 9].map((digits) => hotp(SEED_SHA1, 2, { digits }))).toEqual(["7359152", "37359152", "137359152"]);
  });
});

describe("RFC 6238 Appendix B (8 digits, period 30, T0 0)", () => {
  // [time, T in hex, TOTP, mode]
  const vectors: [number, string, string, "sha1" | "sha256" | "sha512"][] = [
    [59, "0000000000000001", "94287082", "sha1"],
    [59, "0000000000000001", "46119246", "sha256"],
    [59, "0000000000000001", "90693936", "sha512"],
    [1111111109, "00000000023523EC", "07081804", "sha1"],
    [1111111109, "00000000023523EC", "68084774", "sha256"],
    [1111111109, "00000000023523EC", "25091201", "sha512"],
    [1111111111, "00000000023523ED", "14050471", "sha1"],
    [1111111111, "00000000023523ED", "67062674", "sha256"],
    [1111111111, "00000000023523ED", "99943326", "sha512"],
    [1234567890, "000000000273EF07", "89005924", "sha1"],
    [1234567890, "000000000273EF07", "91819424", "sha256"],
    [1234567890, "000000000273EF07", "93441116", "sha512"],
    [2000000000, "0000000003F940AA", "69279037", "sha1"],
    [2000000000, "0000000003F940AA", "90698825", "sha256"],
    [2000000000, "0000000003F940AA", "38618901", "sha512"],
    [20000000000, "0000000027BC86AA", "65353130", "sha1"],
    [20000000000, "0000000027BC86AA", "77737706", "sha256"],
    [20000000000, "0000000027BC86AA", "47863826", "sha512"],
  ];
  const seed = { sha1: SEED_SHA1, sha256: SEED_SHA256, sha512: SEED_SHA512 };
  it.each(vectors)("time %i (T %s): %s with %s", (time, stepHex, expected, algorithm) => {
    expect(totpStep(time)).toEqual(Number.parseInt(stepHex, 16));
    expect(totp(seed[algorithm], time, { digits: 8, algorithm })).toEqual(expected);
    expect(verifyTotp(seed[algorithm], expected, time, { digits: 8, algorithm })).toEqual({ counter: Number.parseInt(stepHex, 16), delta: 0 });
  });
});

describe("time steps", () => {
  it("a step starts at a multiple of the period from T0; fractions of a second count", () => {
    expect([totpStep(0), totpStep(29.999), totpStep(30), totpStep(89, { period: 60 }), totpStep(130, { t0: 100 }), totpStep(599, { period: 600 })]).toEqual([
      0, 0, 1, 1, 1, 0,
    ]);
  });

  it("times before T0, non-integer periods and non-finite times are refused", () => {
    expect(() => totpStep(99, { t0: 100 })).toThrow(new RangeError("The TOTP time step (time before T0?) must be a non-negative safe integer, got -1"));
    expect(() => totpStep(1, { period: 0 })).toThrow(new RangeError("The TOTP period must be a positive integer of seconds, got 0"));
    expect(() => totpStep(1, { period: 1.5 })).toThrow(RangeError);
    expect(() => totpStep(Number.NaN)).toThrow(new RangeError("The TOTP time and T0 must be finite numbers of seconds"));
  });
});

describe("verify: the window and the matched counter", () => {
  const secret = SEED_SHA1;
  const now = 1_111_111_111; // step 37037037 (0x23523ED)
  const step = 37_037_037;
  const codeAt = (s: number) => hotp(secret, s, { digits: 6 });

  it("with the default window 0 only the current step's code is accepted", () => {
    expect([
      verifyTotp(secret, codeAt(step), now),
      verifyTotp(secret, codeAt(step - 1), now),
      verifyTotp(secret, codeAt(step + 1), now),
    ]).toEqual([{ counter: step, delta: 0 }, null, null]);
  });

  it("window 1 accepts one step before and after and says which, and refuses two steps away", () => {
    expect([
      verifyTotp(secret, codeAt(step - 1), now, { window: 1 }),
      verifyTotp(secret, codeAt(step), now, { window: 1 }),
      verifyTotp(secret, codeAt(step + 1), now, { window: 1 }),
      verifyTotp(secret, codeAt(step - 2), now, { window: 1 }),
      verifyTotp(secret, codeAt(step + 2), now, { window: 1 }),
      verifyTotp(secret, codeAt(step + 2), now, { window: 2 }),
    ]).toEqual([{ counter: step - 1, delta: -1 }, { counter: step, delta: 0 }, { counter: step + 1, delta: 1 }, null, null, { counter: step + 2, delta: 2 }]);
  });

  it("the boundary of a step: the last second of a step and the first of the next", () => {
    const last = step * 30 + 29;
    expect([verifyTotp(secret, codeAt(step), last), verifyTotp(secret, codeAt(step), last + 1), verifyTotp(secret, codeAt(step), last + 1, { window: 1 })]).toEqual([
      { counter: step, delta: 0 },
      null,
      { counter: step, delta: -1 },
    ]);
  });

  it("HOTP: the window does not reach below counter 0", () => {
    expect([verifyHotp(secret, "755224", 0, { window: 3 }), verifyHotp(secret, "287082", 0, { window: 1 }), verifyHotp(secret, "359152", 0, { window: 1 })]).toEqual([
      { counter: 0, delta: 0 },
      { counter: 1, delta: 1 },
      null,
    ]);
  });

  it("the matched counter is what the caller keeps to refuse reuse (60019)", () => {
    // A server stores the last used step; a later verify of the same code finds the same step again.
    const first = verifyTotp(secret, codeAt(step), now, { window: 1 });
    const again = verifyTotp(secret, codeAt(step), now + 20, { window: 1 });
    expect([first?.counter, again?.counter, again !== null && first !== null && again.counter <= first.counter]).toEqual([step, step, true]);
  });

  it("tokens of another form are refused without a match: wrong length, non-digits, signs, spaces, non-strings", () => {
    const good = codeAt(step);
    const forms: unknown[] = [good.slice(1), `${good}0`, ` ${good.slice(1)}`, `+${good.slice(1)}`, "12345a", "１２３４５６", "", `${good}\n`, Number(good), null];
    expect(forms.map((token) => verifyTotp(secret, token as string, now, { window: 1 }))).toEqual(forms.map(() => null));
  });

  it("digits and algorithm must match the code's", () => {
    const eight = totp(secret, now, { digits: 8 });
    expect([
      verifyTotp(secret, eight, now, { digits: 8 }),
      verifyTotp(secret, eight.slice(2), now, { digits: 6 }), // an 8-digit code's last 6 digits are the 6-digit code
      verifyTotp(secret, eight, now, { digits: 8, algorithm: "sha256" }),
    ]).toEqual([{ counter: step, delta: 0 }, { counter: step, delta: 0 }, null]);
  });

  it("bad settings are refused with the reason", () => {
    expect(() => hotp(secret, 0, { digits: 5 })).toThrow(new RangeError("OTP digits must be an integer from 6 to 10, got 5"));
    expect(() => hotp(secret, 0, { digits: 11 })).toThrow(new RangeError("OTP digits must be an integer from 6 to 10, got 11"));
    expect(() => hotp(secret, 0, { algorithm: "md5" as "sha1" })).toThrow(new RangeError('OTP algorithm must be sha1, sha256 or sha512, got "md5"'));
    expect(() => hotp(secret, -1)).toThrow(new RangeError("The HOTP counter must be a non-negative safe integer, got -1"));
    expect(() => hotp(secret, 2 ** 53)).toThrow(RangeError);
    expect(() => hotp(ascii("short"), 0)).toThrow(new RangeError("The OTP secret has 5 bytes; RFC 4226 requires at least 16"));
    expect(() => hotp("12345678901234567890" as unknown as Uint8Array, 0)).toThrow(new TypeError("The OTP secret must be bytes (a Uint8Array or Buffer)"));
    expect(() => verifyHotp(secret, "755224", 0, { window: -1 })).toThrow(new RangeError("The OTP window must be an integer from 0 to 100, got -1"));
    expect(() => verifyHotp(secret, "755224", 0, { window: 101 })).toThrow(RangeError);
  });

  it("the largest counter works (8-byte big-endian counter)", () => {
    expect(hotp(secret, Number.MAX_SAFE_INTEGER)).toMatch(/^[0-9]{6}$/);
    expect(verifyHotp(secret, hotp(secret, Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER, { window: 1 })).toEqual({ counter: Number.MAX_SAFE_INTEGER, delta: 0 });
  });
});

describe("base32 (RFC 4648)", () => {
  // RFC 4648 §10 test vectors.
  const vectors: [string, string][] = [
    ["", ""],
    ["f", "MY======"],
    ["fo", "MZXQ===="],
    ["foo", "MZXW6==="],
    ["foob", "MZXW6YQ="],
    ["fooba", "MZXW6YTB"],
    ["foobar", "MZXW6YTBOI======"],
  ];
  it.each(vectors)("BASE32(%j) = %j, and back, padded or not, any case", (plain, encoded) => {
    expect(base32Encode(ascii(plain))).toEqual(encoded);
    expect(base32Encode(ascii(plain), { padding: false })).toEqual(encoded.replace(/=+$/, ""));
    expect(base32Decode(encoded).toString("ascii")).toEqual(plain);
    expect(base32Decode(encoded.replace(/=+$/, "")).toString("ascii")).toEqual(plain);
    expect(base32Decode(encoded.toLowerCase()).toString("ascii")).toEqual(plain);
  });

  it("the RFC 4226 secret is GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", () => {
    expect([base32Encode(SEED_SHA1), base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").equals(SEED_SHA1)]).toEqual(["GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", true]);
  });

  it("round trips every length from 0 to 64 and every byte value", () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const failures: number[] = [];
    for (let length = 0; length <= 64; length += 1) {
      const bytes = all.subarray(256 - length);
      const padded = base32Encode(bytes);
      const bare = base32Encode(bytes, { padding: false });
      if (!base32Decode(padded).equals(bytes) || !base32Decode(bare).equals(bytes) || padded.length % 8 !== 0) failures.push(length);
    }
    expect([failures, base32Decode(base32Encode(all)).equals(all)]).toEqual([[], true]);
  });

  it("random secrets round trip", () => {
    for (let i = 0; i < 200; i += 1) {
      const secret = generateOtpSecret();
      expect(base32Decode(base32Encode(secret, { padding: false })).equals(secret)).toEqual(true);
    }
  });

  it("anything else is refused with the reason", () => {
    const refusal = (text: string): string => {
      try {
        base32Decode(text);
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
      return "decoded";
    };
    expect(["MZXW6YQ1", "MZXW 6YQ=", "MZXW6Y", "MZXW6YQ==", "M=======", "========", "MY=", "MY======MY======".slice(0, 9), "MZ======", "MZXW6YQ=M", "MY======"].map(refusal)).toEqual([
      'RangeError: Invalid base32: character "1" at 7',
      'RangeError: Invalid base32: character " " at 4',
      "RangeError: Invalid base32: no encoding is 6 characters long",
      "RangeError: Invalid base32: padding must complete the last group of 8 characters",
      "RangeError: Invalid base32: no encoding is 1 characters long",
      "RangeError: Invalid base32: padding must complete the last group of 8 characters",
      "RangeError: Invalid base32: padding must complete the last group of 8 characters",
      "RangeError: Invalid base32: padding must complete the last group of 8 characters",
      "RangeError: Invalid base32: non-zero bits after the last byte",
      "RangeError: Invalid base32: padding must complete the last group of 8 characters",
      "decoded",
    ]);
  });
});

describe("generateOtpSecret", () => {
  it("gives 20 random bytes by default, as many as asked from 16, and refuses fewer", () => {
    const a = generateOtpSecret();
    const b = generateOtpSecret();
    expect([a.length, a.equals(b), generateOtpSecret(32).length]).toEqual([20, false, 32]);
    expect(() => generateOtpSecret(8)).toThrow(new RangeError("An OTP secret must have 16 to 1024 bytes, got 8"));
  });
});

describe("otpauth URI", () => {
  it("TOTP with issuer: label Issuer:account, secret unpadded, every parameter written out", () => {
    expect(otpauthUri({ type: "totp", secret: SEED_SHA1, issuer: "Acme Co", account: "alice@example.com" })).toEqual(
      "otpauth://totp/Acme%20Co:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Acme%20Co&algorithm=SHA1&digits=6&period=30",
    );
  });

  it("a colon, &, ? or # in the issuer or account is encoded, so the label splits once and the query stays whole", () => {
    const uri = otpauthUri({ type: "totp", secret: SEED_SHA256, issuer: "A:B&C", account: "x?y#z", algorithm: "sha256", digits: 8, period: 60 });
    const parsed = new URL(uri);
    expect([uri, decodeURIComponent(parsed.pathname), [...parsed.searchParams]]).toEqual([
      "otpauth://totp/A%3AB%26C:x%3Fy%23z?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&issuer=A%3AB%26C&algorithm=SHA256&digits=8&period=60",
      "/A:B&C:x?y#z",
      [["secret", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"], ["issuer", "A:B&C"], ["algorithm", "SHA256"], ["digits", "8"], ["period", "60"]],
    ]);
  });

  it("HOTP carries its counter; without an issuer the label is the account alone", () => {
    expect(otpauthUri({ type: "hotp", secret: SEED_SHA1, account: "+1 555 0100", counter: 7 })).toEqual(
      "otpauth://hotp/%2B1%20555%200100?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA1&digits=6&counter=7",
    );
  });

  it("the secret in the URI gives back the codes", () => {
    const secret = generateOtpSecret();
    const uri = new URL(otpauthUri({ type: "totp", secret, issuer: "Authy", account: "1000" }));
    const decoded = base32Decode(uri.searchParams.get("secret")!);
    expect(totp(decoded, 1_700_000_000)).toEqual(totp(secret, 1_700_000_000));
  });

  it("inconsistent input is refused", () => {
    expect(() => otpauthUri({ type: "hotp", secret: SEED_SHA1, account: "a" })).toThrow(new RangeError("otpauth counter is required for hotp"));
    expect(() => otpauthUri({ type: "totp", secret: SEED_SHA1, account: "a", counter: 1 })).toThrow(new RangeError("otpauth counter is for hotp only"));
    expect(() => otpauthUri({ type: "hotp", secret: SEED_SHA1, account: "a", counter: 1, period: 30 })).toThrow(new RangeError("otpauth period is for totp only"));
    expect(() => otpauthUri({ type: "totp", secret: SEED_SHA1, account: "" })).toThrow(new RangeError("otpauth account must be a non-empty string"));
    expect(() => otpauthUri({ type: "totp", secret: SEED_SHA1, account: "a", issuer: "" })).toThrow(new RangeError("otpauth issuer, when given, must be a non-empty string"));
  });
});
