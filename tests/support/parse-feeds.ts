import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { assertValidJsonFeed, type JsonFeed11 } from "../../harness/json-feed-schema.ts";
import { assertWellFormedXml } from "../../harness/well-formed-xml.ts";
import { isSeedPath } from "../../src/articles/article-id.ts";
import { loadArticles } from "../../src/articles/load.ts";
import type { SeedFile } from "../../src/articles/parse-seed.ts";
import type { Article } from "../../src/articles/schema.ts";
import type { Config } from "../../src/config.ts";
import { renderAtom } from "../../src/feeds/atom.ts";
import { renderJsonFeed } from "../../src/feeds/json-feed.ts";
import { buildFeedModel, type FeedModel } from "../../src/feeds/model.ts";
import { renderRss } from "../../src/feeds/rss.ts";

/** The repository's own seeds folder, which `npm start` serves. */
export const REAL_SEEDS_DIR = fileURLToPath(new URL("../../seeds/", import.meta.url));

/** The example article every feed test starts from. */
export const REAL_SEED_ID = "000_0ed16cc7de1f1aa0";

/** Every `*.txt` file below a folder, recursively, with `/` paths, in sorted order. */
export function readSeedFiles(root: string): SeedFile[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .filter(isSeedPath)
    .sort()
    .map((path) => ({ path, bytes: new Uint8Array(readFileSync(join(root, path))) }));
}

/**
 * The example article from `seeds/`, normalised with `config`.
 * @throws {Error} when it no longer loads, which every feed test depends on.
 */
export function loadRealSeed(config: Config): Article {
  const file = readSeedFiles(REAL_SEEDS_DIR).find((seed) => seed.path === `${REAL_SEED_ID}.txt`);
  const article = file === undefined ? undefined : loadArticles([file], config).articles[0];
  if (article === undefined) throw new Error(`seeds/${REAL_SEED_ID}.txt did not load`);
  return article;
}

/** One feed model rendered in all three formats. */
export interface RenderedFeeds {
  readonly model: FeedModel;
  readonly rss: string;
  readonly atom: string;
  readonly json: string;
}

/** Builds the subscription feed from `articles` (sorted newest first) and renders every format. */
export function renderFeeds(articles: readonly Article[], config: Config): RenderedFeeds {
  const model = buildFeedModel(articles, config);
  return { model, rss: renderRss(model), atom: renderAtom(model), json: renderJsonFeed(model) };
}

/** Parses RSS with feedsmith after checking that it is well-formed XML. */
export function parseRss(xml: string) {
  assertWellFormedXml(xml);
  return parseRssFeed(xml);
}

/** Parses Atom with feedsmith after checking that it is well-formed XML. */
export function parseAtom(xml: string) {
  assertWellFormedXml(xml);
  return parseAtomFeed(xml);
}

/** Parses JSON Feed with feedsmith after checking it against the JSON Feed 1.1 schema. */
export function parseJson(text: string) {
  assertValidJsonFeed(text);
  return parseJsonFeed(text);
}

/** The JSON Feed document exactly as written, checked against the JSON Feed 1.1 schema. */
export function readJson(text: string): JsonFeed11 {
  return assertValidJsonFeed(text);
}

const HTML_REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#[xX]([0-9A-Fa-f]+));/gu;
const HTML_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

/** Decodes HTML character references exactly once, as a reader shows RSS `description` text. */
export function unescapeHtmlOnce(html: string): string {
  return html.replace(HTML_REFERENCE, (reference, name, decimal, hex) => {
    if (name !== undefined) return HTML_ENTITIES[name] ?? reference;
    return String.fromCodePoint(decimal === undefined ? Number.parseInt(hex, 16) : Number(decimal));
  });
}

/** The photo credits an article's HTML shows, from its `<small>Quelle: NAME</small>` captions. */
export function photoCreditsInHtml(html: string): string[] {
  return [...html.matchAll(/<small>Quelle: (.*?)<\/small>/gsu)].map(([, credit = ""]) =>
    unescapeHtmlOnce(credit),
  );
}

/**
 * What a reader takes from an RSS item's text: the teaser (description, HTML, decoded once) and
 * the full text (content:encoded; without a teaser the publisher sends the text as description).
 */
export function rssItemText(item: {
  readonly description?: string;
  readonly content?: { readonly encoded?: string };
}): { summary: string; contentHtml: string } {
  const encoded = item.content?.encoded;
  if (encoded === undefined) return { summary: "", contentHtml: item.description ?? "" };
  return { summary: unescapeHtmlOnce(item.description ?? ""), contentHtml: encoded };
}
