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
