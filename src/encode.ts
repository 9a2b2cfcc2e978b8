import { flattenRailsParams } from "./rails-params.js";

/**
 * The one Rails parameter encoder, for query strings and form bodies: `user[email]=…`, `details[Key]=…`,
 * `logos[][res]=…` (array indices dropped, as Rails forms send them; element order kept).
 */
export function encodeRailsParams(params: Record<string, unknown> | undefined): string {
  if (!params) return "";
  const search = new URLSearchParams();
  for (const [key, value] of flattenRailsParams(params, { forWire: true })) search.append(key, value);
  return search.toString();
}
