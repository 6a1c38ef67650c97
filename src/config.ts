import { IANAZone } from "luxon";
import * as z from "zod";
import { messagesFor } from "./i18n/catalogue.ts";
import { isLoopbackHost } from "./loopback.ts";

/** A setting that the environment or wrangler.toml got wrong; the message names it. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly setting: string;

  constructor(setting: string, detail: string) {
    super(`invalid setting ${setting}: ${detail}`);
    this.setting = setting;
  }
}

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

// RFC 4151 §2.1: taggingEntity = authorityName "," date. The authority is a DNS name or an
// e-mail address the publisher controls; the date is a day on which it did.
const TAGGING_ENTITY =
  /^([a-z0-9._%+-]+@)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*,\d{4}(-\d{2}(-\d{2})?)?$/;

const emptyToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

// Only plain decimal digits: Number() would also take "0x10", "1e3" and "Infinity".
const toInteger = (value: unknown) => {
  const text = emptyToUndefined(value);
  return typeof text === "string" && /^\s*-?[0-9]+\s*$/u.test(text) ? Number(text) : text;
};

const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(
    toInteger,
    z
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );

const text = (fallback: string) =>
  z.preprocess(emptyToUndefined, z.string().trim().min(1).default(fallback));

const optionalText = z.preprocess(emptyToUndefined, z.string().trim().min(1).optional());

/** The URL, if the value is an absolute http(s) URL. */
function parseHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

const absoluteHttpUrl = z
  .string()
  .trim()
  .refine((value) => parseHttpUrl(value) !== undefined, "must be an absolute http(s) URL");

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    const url = parseHttpUrl(value);
    return url !== undefined && url.search === "" && url.hash === "";
  }, "must be an absolute http(s) URL without query or fragment, such as https://news.example.org")
  // Every link is BASE_URL + "/path": keep exactly one slash between them.
  .transform((value) => value.replace(/\/+$/, ""));

/**
 * Defaults of the limits on hostile or oversized input. Code that is given no settings (tools,
 * tests) applies these too, so no input is ever unbounded.
 */
export const LIMIT_DEFAULTS = {
  maxSeedBytes: 1_048_576,
  maxArticles: 100_000,
  maxTitleLength: 1_000,
  maxSummaryLength: 5_000,
  maxUrlLength: 2_048,
  maxQueryLength: 1_024,
} as const;

/**
 * ID_AUTHORITY when none is set. Nobody owns `localhost`: ids made with it are only fit for a
 * trial, so the server warns and export and deploy refuse when it is still this (src/publish-guards.ts).
 */
export const DEFAULT_ID_AUTHORITY = "localhost,2025";

/** A title derived from the teaser has up to 120 code points: MAX_TITLE_LENGTH is never less. */
export const DERIVED_TITLE_MAX_LENGTH = 120;

/** CREDIT_MARKERS when not set: the word German newsrooms write before a credit. */
export const DEFAULT_CREDIT_MARKERS: readonly string[] = ["Quelle"];

// A marker is a word or two ("Photo", "Foto", "Bild und Text") that a colon follows in a seed;
// a comma separates markers, and a colon would end one.
const CREDIT_MARKER = /^\p{L}[\p{L}\p{M}\p{N} .'’&/-]{0,39}$/u;

const creditMarkers = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .transform((value) => [
      ...new Set(
        value
          .split(",")
          .map((marker) => marker.trim().replace(/\s+/gu, " "))
          .filter((marker) => marker !== ""),
      ),
    ])
    .refine(
      (markers) => markers.length > 0 && markers.every((marker) => CREDIT_MARKER.test(marker)),
      "must be a comma-separated list of words without colons, such as Quelle,Source,Photo,Foto",
    )
    .optional(),
);

/** The environment variables the publisher reads, with their defaults; the README documents each. */
export const ConfigSchema = z
  .object({
    PORT: integer(0, 65535, 3000),
    HOST: text("127.0.0.1"),
    BASE_URL: z.preprocess(emptyToUndefined, httpUrl.optional()),
    SITE_TITLE: text("Feed Publisher"),
    SITE_DESCRIPTION: optionalText,
    SITE_AUTHOR: optionalText,
    LANGUAGE: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .regex(LANGUAGE_TAG, "must be a language tag such as de or en-US")
        .default("de"),
    ),
    TIME_ZONE: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .refine(
          (zone) => IANAZone.isValidZone(zone),
          "must be an IANA time zone such as Europe/Berlin",
        )
        .default("Europe/Berlin"),
    ),
    SEEDS_DIR: text("seeds"),
    FEED_LIMIT: integer(1, 1000, 50),
    CACHE_MAX_AGE: integer(0, 86400, 300),
    STALE_WHILE_REVALIDATE: integer(0, 604800, 3600),
    ARCHIVE_MAX_AGE: integer(0, 31536000, 86400),
    ARCHIVE_PAGE_SIZE: integer(10, 1000, 50),
    INDEX_PAGE_SIZE: integer(5, 500, 30),
    POLL_LIMIT: z.preprocess(
      emptyToUndefined,
      z.enum(["on", "off"], { error: "must be on or off" }).default("off"),
    ),
    ACCESS_LOG: z.preprocess(
      emptyToUndefined,
      z.enum(["on", "off"], { error: "must be on or off" }).default("off"),
    ),
    WEBSUB_HUB: z.preprocess(emptyToUndefined, absoluteHttpUrl.optional()),
    SITE_ICON: z.preprocess(emptyToUndefined, absoluteHttpUrl.optional()),
    RELOAD_DEBOUNCE_MS: integer(0, 60000, 250),
    MAX_SEED_BYTES: integer(1024, 1_073_741_824, LIMIT_DEFAULTS.maxSeedBytes),
    MAX_ARTICLES: integer(1, 100_000_000, LIMIT_DEFAULTS.maxArticles),
    MAX_TITLE_LENGTH: integer(DERIVED_TITLE_MAX_LENGTH, 1_000_000, LIMIT_DEFAULTS.maxTitleLength),
    MAX_SUMMARY_LENGTH: integer(1, 10_000_000, LIMIT_DEFAULTS.maxSummaryLength),
    // Below a few hundred characters, long article ids and tracking parameters would be refused.
    MAX_URL_LENGTH: integer(256, 65_536, LIMIT_DEFAULTS.maxUrlLength),
    MAX_QUERY_LENGTH: integer(16, 65_536, LIMIT_DEFAULTS.maxQueryLength),
    ID_AUTHORITY: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .regex(
          TAGGING_ENTITY,
          "must be a domain (or e-mail) and a date, such as news.example.org,2025",
        )
        .default(DEFAULT_ID_AUTHORITY),
    ),
    // Unset: on when HOST is loopback (only this machine can ask), off when HOST is public.
    METRICS: z.preprocess(
      emptyToUndefined,
      z.enum(["on", "off"], { error: "must be on or off" }).optional(),
    ),
    TRUST_PROXY: z.preprocess(
      emptyToUndefined,
      z.enum(["on", "off"], { error: "must be on or off" }).default("off"),
    ),
    CREDIT_MARKERS: creditMarkers,
    SITE_LOGO: z.preprocess(emptyToUndefined, absoluteHttpUrl.optional()),
    STYLESHEET: optionalText,
    // A folder, "off", or unset for the runtime's default (the OS cache folder); see cacheDir.
    CACHE_DIR: optionalText,
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    baseUrl: env.BASE_URL ?? `http://localhost:${env.PORT}`,
    siteTitle: env.SITE_TITLE,
    // The default's wording is the site language's (src/i18n/), like every word we add.
    siteDescription:
      env.SITE_DESCRIPTION ?? messagesFor(env.LANGUAGE).defaultSiteDescription(env.SITE_TITLE),
    siteAuthor: env.SITE_AUTHOR ?? env.SITE_TITLE,
    language: env.LANGUAGE,
    timeZone: env.TIME_ZONE,
    seedsDir: env.SEEDS_DIR,
    feedLimit: env.FEED_LIMIT,
    idAuthority: env.ID_AUTHORITY,
    cacheMaxAge: env.CACHE_MAX_AGE,
    staleWhileRevalidate: env.STALE_WHILE_REVALIDATE,
    archiveMaxAge: env.ARCHIVE_MAX_AGE,
    archivePageSize: env.ARCHIVE_PAGE_SIZE,
    indexPageSize: env.INDEX_PAGE_SIZE,
    isPollLimitOn: env.POLL_LIMIT === "on",
    isAccessLogOn: env.ACCESS_LOG === "on",
    websubHub: env.WEBSUB_HUB,
    siteIcon: env.SITE_ICON,
    reloadDebounceMs: env.RELOAD_DEBOUNCE_MS,
    maxSeedBytes: env.MAX_SEED_BYTES,
    maxArticles: env.MAX_ARTICLES,
    maxTitleLength: env.MAX_TITLE_LENGTH,
    maxSummaryLength: env.MAX_SUMMARY_LENGTH,
    maxUrlLength: env.MAX_URL_LENGTH,
    maxQueryLength: env.MAX_QUERY_LENGTH,
    isMetricsOn: env.METRICS === undefined ? isLoopbackHost(env.HOST) : env.METRICS === "on",
    isProxyTrusted: env.TRUST_PROXY === "on",
    /** Whether SITE_DESCRIPTION was set: pages show a description only then. */
    hasSiteDescription: env.SITE_DESCRIPTION !== undefined,
    creditMarkers: env.CREDIT_MARKERS ?? DEFAULT_CREDIT_MARKERS,
    siteLogo: env.SITE_LOGO,
    /** A CSS file served at /style.css instead of the built-in one; runtimes read it. */
    stylesheetPath: env.STYLESHEET,
    /**
     * Where the Node server keeps what makes restarts quick (parsed metadata, last good texts):
     * a folder, `off`, or undefined for the OS cache folder, which the runtime picks.
     */
    cacheDir: env.CACHE_DIR,
  }));

export type Config = z.infer<typeof ConfigSchema>;

/**
 * Validates settings from a plain record (process.env on Node, the bindings on Workers).
 * @throws {ConfigError} naming the first invalid setting.
 */
export function parseConfig(env: Readonly<Record<string, unknown>>): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const setting = String(issue?.path[0] ?? "configuration");
  throw new ConfigError(setting, issue?.message ?? "is invalid");
}
