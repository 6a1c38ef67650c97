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

/** Where the global setup writes the bundled fixture seeds (relative to the repository). */
export const PARITY_SEEDS_MODULE = "./test-output/worker/seeds.ts";

/** Where the global setup writes the bundled STYLESHEET text (relative to the repository). */
export const PARITY_STYLESHEET_MODULE = "./test-output/worker/stylesheet.ts";

/** A STYLESHEET's text both sides serve: a branded stylesheet reaches the Worker byte for byte. */
export const PARITY_STYLESHEET = "body{font-family:Georgia,serif}\n.site-name{color:#9b1c1c}\n";
