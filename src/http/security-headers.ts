/** Sent with every response: no MIME sniffing, and no full URLs in Referer to other sites. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
};

/**
 * The pages' Content-Security-Policy: no script at all, styles only from the site itself (or
 * BASE_URL's origin when a proxy serves it elsewhere), images from anywhere secure.
 */
export function contentSecurityPolicy(baseUrl: string): string {
  return [
    "default-src 'none'",
    `style-src 'self' ${new URL(baseUrl).origin}`,
    "img-src 'self' https: data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}
