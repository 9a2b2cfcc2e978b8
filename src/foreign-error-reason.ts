/**
 * The reason an error body that is not an Authy envelope gives (a proxy's HTML page, a gateway's problem+json),
 * for the message of the AuthyApiError the engine throws. Loaded only when such a body arrives.
 */
import type { Redactor } from "./redact.js";

const MAX_REASON_LENGTH = 160;

/**
 * The reason a non-Authy error body gives, on one line and at most MAX_REASON_LENGTH characters: problem+json's
 * `title` and `detail` (RFC 9457), an HTML page's `<title>`, or the first line of a plain-text body. Redacted
 * before it is cut, so that no cut can leave part of a secret.
 */
export function foreignErrorReason(text: string, contentType: string, redact: Redactor): string | undefined {
  let reason: string | undefined;
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      const problem = JSON.parse(trimmed) as Record<string, unknown>;
      const parts = [problem.title, problem.detail].filter((p): p is string => typeof p === "string" && p.trim() !== "");
      reason = parts.join(": ") || undefined;
    } catch {
      // not JSON after all
    }
  } else if (trimmed.startsWith("<")) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed)?.[1];
    if (title) reason = decodeHtmlEntities(title);
  } else if (/^text\/plain\b/i.test(contentType)) {
    reason = trimmed.split(/\r?\n/, 1)[0];
  }
  reason = reason && redact(reason.replace(/\s+/g, " ").trim());
  if (!reason) return undefined;
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}

const HTML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === "#") {
      const point = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
    }
    return HTML_ENTITIES[name.toLowerCase()] ?? entity;
  });
}
