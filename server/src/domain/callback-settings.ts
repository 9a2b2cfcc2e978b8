/**
 * The application's OneTouch callback settings (`--onetouch-callback-url`, `--onetouch-callback-method`,
 * `PUT /__dev/app`). The URL is signed without its query string and a POST callback carries none, so a URL with a
 * query (or a fragment, or credentials) could never verify: it is refused where it is set.
 */
export const ONETOUCH_CALLBACK_METHODS: readonly string[] = ["POST", "GET"];

export function callbackUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "must be an absolute http or https URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must be an absolute http or https URL";
  if (url.username !== "" || url.password !== "") return "must not carry credentials";
  if (text.includes("?") || text.includes("#")) return "must not have a query string or fragment (the signature covers the URL without them)";
  if (text.length > 2048) return "must be at most 2048 characters";
  return undefined;
}
