/**
 * Hostile callback payloads for the bounded-work tests (test/attack-verification.test.ts), the small-heap child
 * (test/helpers/verify-shape-child.ts) and the benchmark (bench/verify-shapes.mjs): each fits in `maxBytes` of
 * body (POST, JSON) or query (GET), and each is built to make a naive canonicaliser build far more than it received.
 */

export interface ShapeSize {
  /** Characters of the long key (or of each long name). */
  keyLength: number;
  /** Members, elements or pairs, before the byte budget stops adding more. */
  count: number;
  /** Nesting levels. */
  depth: number;
}

export type ShapeKind =
  | "long-key-many-members"
  | "wide"
  | "deep-object"
  | "deep-array"
  | "long-key"
  | "repeated-prefixes"
  | "empty-containers"
  | "query-wide"
  | "query-arrays"
  | "query-deep"
  | "query-long-key";

export const SHAPE_KINDS: readonly ShapeKind[] = [
  "long-key-many-members",
  "wide",
  "deep-object",
  "deep-array",
  "long-key",
  "repeated-prefixes",
  "empty-containers",
  "query-wide",
  "query-arrays",
  "query-deep",
  "query-long-key",
];

export interface Shape {
  kind: ShapeKind;
  method: "GET" | "POST";
  /** The JSON body of a POST, or the query string (without `?`) of a GET; never longer than the budget. */
  payload: string;
}

/** Appends `piece()` results to `head` while the whole (with `tail`) stays within `maxBytes` and `count` pieces. */
function fill(head: string, tail: string, maxBytes: number, count: number, piece: (i: number) => string): string {
  const parts: string[] = [head];
  let length = head.length + tail.length;
  for (let i = 0; i < count; i++) {
    const next = piece(i);
    if (length + next.length > maxBytes) break;
    parts.push(next);
    length += next.length;
  }
  return parts.join("") + tail;
}

/** One member list `"m0":"","m1":""…` as JSON object text, within `room` bytes. */
function members(room: number, count: number): string {
  const body = fill("{", "}", room, count, (i) => `${i === 0 ? "" : ","}"m${i}":""`);
  return body;
}

/**
 * The payload of one shape, at most `maxBytes` long (ASCII, so characters are bytes). The defaults reproduce the
 * reported attack: one 120 000-character key holding as many small members as fit in 256 KiB.
 */
export function buildShape(kind: ShapeKind, maxBytes: number, size: Partial<ShapeSize> = {}): Shape {
  const keyLength = Math.max(1, Math.min(size.keyLength ?? 120_000, maxBytes - 64));
  const count = size.count ?? 1_000_000;
  const depth = Math.max(1, size.depth ?? 100_000);
  const long = "k".repeat(keyLength);
  switch (kind) {
    case "long-key-many-members": {
      const head = `{"${long}":`;
      return { kind, method: "POST", payload: head + members(maxBytes - head.length - 1, count) + "}" };
    }
    case "wide":
      return { kind, method: "POST", payload: fill("{", "}", maxBytes, count, (i) => `${i === 0 ? "" : ","}"k${i}":""`) };
    case "deep-object": {
      const levels = Math.min(depth, Math.floor((maxBytes - 4) / 7));
      return { kind, method: "POST", payload: `${'{"a":'.repeat(levels)}""${"}".repeat(levels)}` };
    }
    case "deep-array": {
      const levels = Math.min(depth, Math.floor((maxBytes - 8) / 2));
      return { kind, method: "POST", payload: `{"a":${"[".repeat(levels)}${"]".repeat(levels)}}` };
    }
    case "long-key":
      return { kind, method: "POST", payload: `{"${"k".repeat(maxBytes - 8)}":""}` };
    case "repeated-prefixes": {
      // A chain of long names (each just under the key limit on its own), ending in many members: every member's
      // key repeats the whole chain.
      const levels = Math.max(1, Math.min(depth, 3));
      const name = "p".repeat(Math.max(1, Math.min(keyLength, 2_000, Math.floor((maxBytes - 2) / levels) - 6)));
      const head = `{"${name}":`.repeat(levels);
      const tail = "}".repeat(levels);
      return { kind, method: "POST", payload: head + members(maxBytes - head.length - tail.length, count) + tail };
    }
    case "empty-containers":
      return { kind, method: "POST", payload: fill('{"a":[', "]}", maxBytes, count, (i) => (i === 0 ? "[]" : ",{}")) };
    case "query-wide":
      return { kind, method: "GET", payload: fill("", "", maxBytes, count, (i) => `${i === 0 ? "" : "&"}k${i}=`) };
    case "query-arrays":
      return { kind, method: "GET", payload: fill("", "", maxBytes, count, (i) => `${i === 0 ? "" : "&"}a%5B%5D=`) };
    case "query-deep": {
      const levels = Math.min(depth, Math.floor((maxBytes - 4) / 3));
      return { kind, method: "GET", payload: `a${"[b]".repeat(levels)}=1` };
    }
    case "query-long-key":
      return { kind, method: "GET", payload: `${"k".repeat(maxBytes - 2)}=1` };
  }
}
