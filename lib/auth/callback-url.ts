const DEFAULT_DESTINATION = "/projects";
// Any origin works as the base: only whether the callback stays on it matters.
const BASE = new URL("http://clearsight.invalid");

/**
 * Only same-site paths are allowed as post-login destinations (no open redirects). The value is
 * resolved the way a browser would resolve it against the app's origin and must stay on that
 * origin; control characters are refused outright, since browsers strip tabs and new lines
 * (`/\t/evil.example` becomes `//evil.example`, another host) and a new line in a redirect's
 * Location header fails the response.
 */
export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || /[\u0000-\u001f\u007f]/.test(value)) return DEFAULT_DESTINATION;
  let resolved: URL;
  try {
    resolved = new URL(value, BASE);
  } catch {
    return DEFAULT_DESTINATION;
  }
  if (resolved.origin !== BASE.origin) return DEFAULT_DESTINATION;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
