import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ArticleSettings } from "../../articles/normalize.ts";

/**
 * What decides the metadata a seed parses to, besides its bytes: the parser's code, the
 * libraries and time-zone data it uses, and the settings. Cached metadata is reused only under
 * the same fingerprint.
 *
 * The code is fingerprinted by hashing its source files as they are on disk when the server
 * starts, not by a version constant: a constant is only as good as the memory of whoever edits
 * the parser, while the hash changes with every edit, including ones nobody thought would change
 * the output. The hash is of the code that runs: the TypeScript sources under `npm start` (tsx
 * compiles them on load), the JavaScript of dist/node under `npm run build` (which has no .ts).
 */

/** `.ts` from the sources, `.js` from the build: the extension of the files that run. */
const RUNNING_EXTENSION = extname(fileURLToPath(import.meta.url));

/** Files whose every change may change what a seed parses to. */
const PARSER_SOURCES: readonly URL[] = [
  new URL("../../articles/", import.meta.url),
  new URL(`../../config${RUNNING_EXTENSION}`, import.meta.url),
  // How cached metadata is encoded and restored.
  new URL(`./seed-cache-format${RUNNING_EXTENSION}`, import.meta.url),
  // The byte primitives the metadata of a seed is read with (articles/seed-summary.ts).
  new URL(`./node-byte-views${RUNNING_EXTENSION}`, import.meta.url),
];

/** Libraries the parser calls: luxon turns days into zoned times, zod checks the metadata. */
const PARSER_LIBRARIES = ["luxon", "zod"] as const;

/**
 * Which settings change what a seed parses to. Every setting the parser receives is listed, so
 * a new one must be placed here before this compiles.
 */
const PARSING_SETTINGS: Readonly<Record<keyof ArticleSettings, boolean>> = {
  baseUrl: true,
  timeZone: true,
  language: true,
  idAuthority: true,
  maxSeedBytes: true,
  maxTitleLength: true,
  maxSummaryLength: true,
  creditMarkers: true,
  // Applied after parsing, to the list: a cached article is still the same article.
  maxArticles: false,
};

/**
 * The fingerprint of parser, libraries, runtime and parsing settings (hex SHA-256).
 * @throws the file system's error when a parser source file cannot be read: without it, cached
 *   metadata cannot be told apart from stale metadata.
 */
export function parserFingerprint(settings: ArticleSettings): string {
  const hash = createHash("sha256");
  for (const source of PARSER_SOURCES) {
    const path = fileURLToPath(source);
    // Names relative to the source, so that moving the checkout keeps the cache.
    const names = source.pathname.endsWith("/")
      ? readdirSync(path, { recursive: true, encoding: "utf8" })
          .filter((name) => name.endsWith(RUNNING_EXTENSION))
          .sort()
      : [""];
    for (const name of names) {
      hash.update(`file ${source.pathname.split("/").slice(-2).join("/")}${name}\n`);
      hash.update(readFileSync(join(path, name)));
    }
  }
  const require = createRequire(import.meta.url);
  for (const name of PARSER_LIBRARIES) {
    const { version } = require(`${name}/package.json`) as { version?: unknown };
    hash.update(`library ${name} ${String(version)}\n`);
  }
  // Zone offsets come from the ICU time-zone data built into Node.
  const { node, icu, tz, unicode } = process.versions;
  hash.update(`runtime ${node} ${icu} ${tz} ${unicode}\n`);
  for (const [key, isParsing] of Object.entries(PARSING_SETTINGS)) {
    if (isParsing)
      hash.update(`setting ${key}=${JSON.stringify(settings[key as keyof ArticleSettings])}\n`);
  }
  return hash.digest("hex");
}
