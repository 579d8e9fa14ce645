/**
 * Response headers that tell the browser what a page may do, set per request by proxy.ts
 * (the nonce changes every time) and, for the fixed ones, by next.config.js.
 */

/**
 * Scripts run only with this response's nonce (Next.js puts it on its own script tags when it
 * finds it in the request's Content-Security-Policy header) and what they load ('strict-dynamic').
 * Styles allow inline attributes: React writes some (a progress bar's width), and a nonce cannot
 * cover an attribute. Development adds 'unsafe-eval', which React's dev build needs.
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Browser features no Clearsight page uses. */
export const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=(), display-capture=()";

/** Sent only over https (a browser ignores it over http, and a plain-http install must stay reachable). */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

export function isHttps(request: { nextUrl: URL; headers: Headers }): boolean {
  return request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}
