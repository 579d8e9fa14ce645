/** Only same-site paths are allowed as post-login destinations (no open redirects). */
export function safeCallbackUrl(value: string | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/projects";
  return value;
}
