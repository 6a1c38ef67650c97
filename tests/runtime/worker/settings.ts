/**
 * The Worker's bindings in the workers test project (they override wrangler.toml's [vars]); the
 * Node side of the parity test parses the very same record.
 */
export const WORKER_TEST_VARS: Readonly<Record<string, string>> = {
  BASE_URL: "https://news.example.org",
  SITE_TITLE: "Parität & <Test>",
  ID_AUTHORITY: "news.example.org,2025",
  LANGUAGE: "de",
  TIME_ZONE: "Europe/Berlin",
  FEED_LIMIT: "8",
  ARCHIVE_PAGE_SIZE: "10",
  INDEX_PAGE_SIZE: "6",
  CACHE_MAX_AGE: "600",
  STALE_WHILE_REVALIDATE: "1200",
  ARCHIVE_MAX_AGE: "7200",
  POLL_LIMIT: "off",
};

/**
 * Where the global setup renders the fixture site for the Worker's ASSETS binding (relative to
 * the repository; vitest.config.ts points the workers project's [assets] directory here).
 */
export const PARITY_ASSETS = "./test-output/worker/assets";

/** A STYLESHEET's text both sides serve: a branded stylesheet reaches the Worker byte for byte. */
export const PARITY_STYLESHEET = "body{font-family:Georgia,serif}\n.site-name{color:#9b1c1c}\n";
