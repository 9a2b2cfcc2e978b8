const REDACTED = "[REDACTED]";
/** Headers whose values are always secret. */
const SECRET_HEADERS = new Set(["x-authy-api-key", "x-authy-signature", "authorization"]);

/** Replaces every occurrence of each secret (raw or percent-encoded) in a text. */
export type Redactor = (text: string) => string;

export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const needles = new Set<string>();
  for (const secret of secrets) {
    // Short values (a 6-digit token is the shortest secret) are still redacted; empty ones are not secrets.
    if (!secret) continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
  }
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const needle of ordered) out = out.split(needle).join(REDACTED);
    return out;
  };
}

/** Header names and values safe to show in a hook or an error. */
export function redactHeaders(headers: Headers, redact: Redactor): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : redact(value);
  });
  return out;
}

/** A copy of a decoded body with every string (member names included) redacted: servers may echo a request. */
export function redactValue(value: unknown, redact: Redactor, depth = 0): unknown {
  if (typeof value === "string") return redact(value);
  if (typeof value !== "object" || value === null || depth > 64) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    Object.defineProperty(out, redact(name), { value: redactValue(member, redact, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
