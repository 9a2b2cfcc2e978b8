/** Prism for the contract tests (started by scripts/prism.mjs, the project's one Prism runner) and its violations. */
export { freePort, pidAlive, startPrism, type PrismProcess, type StartPrismOptions } from "../scripts/prism.mjs";

/** Prism's `sl-violations` header, parsed. */
export interface Violation {
  location: string[];
  severity?: string;
  code?: string | number;
  message: string;
}

export function violationsOf(headers: Headers): Violation[] {
  const raw = headers.get("sl-violations");
  if (!raw) return [];
  return JSON.parse(raw) as Violation[];
}

export const requestViolations = (v: Violation[]) => v.filter((x) => x.location[0] === "request");
export const responseViolations = (v: Violation[]) => v.filter((x) => x.location[0] === "response");
/** The one violation every XML response carries: Prism validates the XML string against the object schema. */
export const isXmlBodyNotObject = (x: Violation) =>
  x.location.join(".") === "response.body" && x.message === "Response body must be object";
