import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.ts";

/** The ConfigError a set of settings is rejected with. */
function rejectionOf(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(env)} was accepted`);
}

describe("parseConfig", () => {
  it("has a default for every setting", () => {
    expect(parseConfig({})).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      baseUrl: "http://localhost:3000",
      siteTitle: "Feed Publisher",
      siteAuthor: "Feed Publisher",
      language: "de",
      timeZone: "Europe/Berlin",
      seedsDir: "seeds",
      feedLimit: 50,
      idAuthority: "localhost,2025",
    });
  });

  it("defaults BASE_URL to localhost on the configured PORT", () => {
    expect(parseConfig({ PORT: "8080" }).baseUrl).toBe("http://localhost:8080");
  });

  it("defaults SITE_AUTHOR to SITE_TITLE", () => {
    expect(parseConfig({ SITE_TITLE: "Tagesblatt" }).siteAuthor).toBe("Tagesblatt");
  });

  it("uses SITE_AUTHOR when it is set", () => {
    expect(parseConfig({ SITE_TITLE: "Tagesblatt", SITE_AUTHOR: "Redaktion" }).siteAuthor).toBe(
      "Redaktion",
    );
  });

  it.each([
    [undefined, undefined],
    ["  ", undefined],
    ["off", "off"],
    [" /var/cache/feeds ", "/var/cache/feeds"],
  ])("takes CACHE_DIR %j as %j (unset: the runtime's OS cache folder)", (value, cacheDir) => {
    expect(parseConfig(value === undefined ? {} : { CACHE_DIR: value }).cacheDir).toBe(cacheDir);
  });

  it("reads every setting it is given", () => {
    expect(
      parseConfig({
        PORT: "8080",
        HOST: "0.0.0.0",
        BASE_URL: "https://news.example.org",
        SITE_TITLE: "Tagesblatt",
        LANGUAGE: "en-GB",
        TIME_ZONE: "America/New_York",
        SEEDS_DIR: "/data/seeds",
        FEED_LIMIT: "1000",
        ID_AUTHORITY: "news.example.org,2025-12-01",
      }),
    ).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      baseUrl: "https://news.example.org",
      siteTitle: "Tagesblatt",
      language: "en-GB",
      timeZone: "America/New_York",
      seedsDir: "/data/seeds",
      feedLimit: 1000,
      idAuthority: "news.example.org,2025-12-01",
    });
  });

  it.each([
    ["https://news.example.org/", "https://news.example.org"],
    ["https://news.example.org//", "https://news.example.org"],
    ["https://example.com/news/", "https://example.com/news"],
    ["http://localhost:8080", "http://localhost:8080"],
  ])("strips trailing slashes from BASE_URL %s", (baseUrl, expected) => {
    expect(parseConfig({ BASE_URL: baseUrl }).baseUrl).toBe(expected);
  });

  it.each([
    ["PORT", "port", 3000],
    ["HOST", "host", "127.0.0.1"],
    ["BASE_URL", "baseUrl", "http://localhost:3000"],
    ["SITE_TITLE", "siteTitle", "Feed Publisher"],
    ["SITE_AUTHOR", "siteAuthor", "Feed Publisher"],
    ["LANGUAGE", "language", "de"],
    ["TIME_ZONE", "timeZone", "Europe/Berlin"],
    ["SEEDS_DIR", "seedsDir", "seeds"],
    ["FEED_LIMIT", "feedLimit", 50],
    ["ID_AUTHORITY", "idAuthority", "localhost,2025"],
  ])("uses the default for an empty %s", (setting, field, fallback) => {
    expect(parseConfig({ [setting]: "" })).toMatchObject({ [field]: fallback });
  });

  it("treats a value of only white space as empty", () => {
    expect(parseConfig({ FEED_LIMIT: "  ", TIME_ZONE: " " })).toMatchObject({
      feedLimit: 50,
      timeZone: "Europe/Berlin",
    });
  });

  it.each([
    ["FEED_LIMIT", "0", "invalid setting FEED_LIMIT: must be at least 1"],
    ["FEED_LIMIT", "1001", "invalid setting FEED_LIMIT: must be at most 1000"],
    ["FEED_LIMIT", "abc", "invalid setting FEED_LIMIT: must be a whole number"],
    ["FEED_LIMIT", "2.5", "invalid setting FEED_LIMIT: must be a whole number"],
    ["FEED_LIMIT", "0x10", "invalid setting FEED_LIMIT: must be a whole number"],
    ["FEED_LIMIT", "1e3", "invalid setting FEED_LIMIT: must be a whole number"],
    ["POLL_LIMIT", "yes", "invalid setting POLL_LIMIT: must be on or off"],
    ["WEBSUB_HUB", "hub", "invalid setting WEBSUB_HUB: must be an absolute http(s) URL"],
    ["PORT", "-1", "invalid setting PORT: must be at least 0"],
    ["PORT", "65536", "invalid setting PORT: must be at most 65535"],
    [
      "TIME_ZONE",
      "Mars/Base",
      "invalid setting TIME_ZONE: must be an IANA time zone such as Europe/Berlin",
    ],
    [
      "BASE_URL",
      "ftp://x",
      "invalid setting BASE_URL: must be an absolute http(s) URL without query or fragment, such as https://news.example.org",
    ],
    [
      "BASE_URL",
      "not a url",
      "invalid setting BASE_URL: must be an absolute http(s) URL without query or fragment, such as https://news.example.org",
    ],
    [
      "BASE_URL",
      "https://news.example.org/?a=1",
      "invalid setting BASE_URL: must be an absolute http(s) URL without query or fragment, such as https://news.example.org",
    ],
    [
      "LANGUAGE",
      "deutsch!",
      "invalid setting LANGUAGE: must be a language tag such as de or en-US",
    ],
    [
      "ID_AUTHORITY",
      "Foo Bar",
      "invalid setting ID_AUTHORITY: must be a domain (or e-mail) and a date, such as news.example.org,2025",
    ],
    [
      "ID_AUTHORITY",
      "example.org",
      "invalid setting ID_AUTHORITY: must be a domain (or e-mail) and a date, such as news.example.org,2025",
    ],
  ])("rejects %s=%j, naming the setting", (setting, value, message) => {
    const error = rejectionOf({ [setting]: value });
    expect(error.message).toBe(message);
    expect(error.setting).toBe(setting);
  });
});

describe("parseConfig limits", () => {
  it("has a sane default for every limit", () => {
    expect(parseConfig({})).toMatchObject({
      maxSeedBytes: 1_048_576,
      maxArticles: 100_000,
      maxTitleLength: 1_000,
      maxSummaryLength: 5_000,
      maxUrlLength: 2_048,
      maxQueryLength: 1_024,
    });
  });

  it("reads every limit it is given", () => {
    expect(
      parseConfig({
        MAX_SEED_BYTES: "65536",
        MAX_ARTICLES: "500",
        MAX_TITLE_LENGTH: "200",
        MAX_SUMMARY_LENGTH: "800",
        MAX_URL_LENGTH: "512",
        MAX_QUERY_LENGTH: "64",
      }),
    ).toMatchObject({
      maxSeedBytes: 65_536,
      maxArticles: 500,
      maxTitleLength: 200,
      maxSummaryLength: 800,
      maxUrlLength: 512,
      maxQueryLength: 64,
    });
  });

  it.each([
    ["MAX_SEED_BYTES", "1023", "invalid setting MAX_SEED_BYTES: must be at least 1024"],
    ["MAX_SEED_BYTES", "1MB", "invalid setting MAX_SEED_BYTES: must be a whole number"],
    ["MAX_ARTICLES", "0", "invalid setting MAX_ARTICLES: must be at least 1"],
    // A derived title has up to 120 characters: a smaller limit would reject it.
    ["MAX_TITLE_LENGTH", "119", "invalid setting MAX_TITLE_LENGTH: must be at least 120"],
    ["MAX_SUMMARY_LENGTH", "0", "invalid setting MAX_SUMMARY_LENGTH: must be at least 1"],
    ["MAX_URL_LENGTH", "255", "invalid setting MAX_URL_LENGTH: must be at least 256"],
    ["MAX_URL_LENGTH", "65537", "invalid setting MAX_URL_LENGTH: must be at most 65536"],
    ["MAX_QUERY_LENGTH", "15", "invalid setting MAX_QUERY_LENGTH: must be at least 16"],
  ])("rejects %s=%s", (setting, value, message) => {
    expect(rejectionOf({ [setting]: value }).message).toBe(message);
  });
});

describe("METRICS", () => {
  it.each([
    [{}, true],
    [{ HOST: "localhost" }, true],
    [{ HOST: "0.0.0.0" }, false],
    [{ HOST: "::" }, false],
    [{ HOST: "0.0.0.0", METRICS: "on" }, true],
    [{ HOST: "127.0.0.1", METRICS: "off" }, false],
  ])("with %o is on: %s", (env, expected) => {
    expect(parseConfig(env).isMetricsOn).toBe(expected);
  });

  it("must be on or off", () => {
    expect(() => parseConfig({ METRICS: "yes" })).toThrow(
      "invalid setting METRICS: must be on or off",
    );
  });
});

describe("TRUST_PROXY", () => {
  it("is off unless turned on", () => {
    expect(parseConfig({}).isProxyTrusted).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "on" }).isProxyTrusted).toBe(true);
  });
});
describe("parseConfig site language and branding", () => {
  it.each([
    [{}, "Die neuesten Artikel von Feed Publisher", false],
    [
      { LANGUAGE: "de-AT", SITE_TITLE: "Wiener Blatt" },
      "Die neuesten Artikel von Wiener Blatt",
      false,
    ],
    [{ LANGUAGE: "en-GB", SITE_TITLE: "Daily" }, "The latest articles from Daily", false],
    [{ LANGUAGE: "fr" }, "The latest articles from Feed Publisher", false],
    [{ SITE_DESCRIPTION: "Nachrichten aus der Stadt" }, "Nachrichten aus der Stadt", true],
  ])("describes the site for %j as %j (set: %s)", (env, description, isSet) => {
    const config = parseConfig(env);
    expect(config.siteDescription).toBe(description);
    expect(config.hasSiteDescription).toBe(isSet);
  });

  it.each([
    [undefined, ["Quelle"]],
    ["", ["Quelle"]],
    ["Quelle,Source,Photo,Foto", ["Quelle", "Source", "Photo", "Foto"]],
    [" Source , Photo ,, Source ", ["Source", "Photo"]],
    ["Bild  und  Text", ["Bild und Text"]],
    ["Foto/Video", ["Foto/Video"]],
  ])("reads CREDIT_MARKERS=%j as %j", (value, markers) => {
    const env = value === undefined ? {} : { CREDIT_MARKERS: value };
    expect(parseConfig(env).creditMarkers).toEqual(markers);
  });

  it.each(["Quelle:", "Source,Photo:", ",", "1Quelle", `${"x".repeat(41)}`])(
    "rejects CREDIT_MARKERS=%j, naming the setting",
    (value) => {
      expect(rejectionOf({ CREDIT_MARKERS: value }).message).toBe(
        "invalid setting CREDIT_MARKERS: must be a comma-separated list of words without colons, such as Quelle,Source,Photo,Foto",
      );
    },
  );

  it("reads SITE_LOGO and STYLESHEET, and has neither by default", () => {
    expect(parseConfig({})).toMatchObject({ siteLogo: undefined, stylesheetPath: undefined });
    expect(
      parseConfig({ SITE_LOGO: "https://news.example.org/logo.svg", STYLESHEET: "brand/site.css" }),
    ).toMatchObject({
      siteLogo: "https://news.example.org/logo.svg",
      stylesheetPath: "brand/site.css",
    });
  });

  it("rejects a SITE_LOGO that is not an absolute http(s) URL", () => {
    expect(rejectionOf({ SITE_LOGO: "logo.svg" }).message).toBe(
      "invalid setting SITE_LOGO: must be an absolute http(s) URL",
    );
  });
});
