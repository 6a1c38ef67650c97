import { absoluteUrl, paths } from "../urls.ts";

export const ROBOTS_CONTENT_TYPE = "text/plain; charset=utf-8";

/**
 * robots.txt (RFC 9309): every crawler may read everything, and the sitemaps are named with
 * absolute URLs, as the Sitemap line requires. Crawlers read it only at the root of a host, so
 * it helps only when BASE_URL has no path.
 */
export function renderRobotsTxt(baseUrl: string): string {
  return [
    "User-agent: *",
    "Allow: /",
    "",
    `Sitemap: ${absoluteUrl(baseUrl, paths.sitemap())}`,
    `Sitemap: ${absoluteUrl(baseUrl, paths.newsSitemap())}`,
    "",
  ].join("\n");
}
