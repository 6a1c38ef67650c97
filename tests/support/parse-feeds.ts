import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { XMLValidator } from "fast-xml-parser";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { isSeedPath } from "../../src/articles/article-id.ts";
import { loadArticles } from "../../src/articles/load.ts";
import type { SeedFile } from "../../src/articles/parse-seed.ts";
import type { Article } from "../../src/articles/schema.ts";
import type { Config } from "../../src/config.ts";
import { renderAtom } from "../../src/feeds/atom.ts";
import { renderJsonFeed } from "../../src/feeds/json-feed.ts";
import { buildFeedModel, type FeedModel } from "../../src/feeds/model.ts";
import { renderRss } from "../../src/feeds/rss.ts";
import { assertValidJsonFeed, type JsonFeed11 } from "./json-feed-schema.ts";

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

// XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]$/u;
const NON_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
// XML 1.0 §4.6: without a DTD only these five entities exist; anything else is a fatal error.
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9A-Fa-f]+));/gu;
const CDATA_SECTION = /<!\[CDATA\[[\s\S]*?\]\]>/gu;
const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';
// Text never holds a raw "<" (it is escaped), so every "<…>" is a tag.
const TAG = /<(\/?)([^\s/>!?]+)([^<>]*)>/gu;
const ATTRIBUTE_NAME = /\s([^\s=]+)\s*=/gu;

/**
 * Fails unless `xml` is a well-formed XML 1.0 document. fast-xml-parser's XMLValidator (installed
 * with feedsmith) checks tags, nesting, attributes and quoting, but lets through characters XML
 * forbids, unknown entities, references to forbidden characters, a bare `]]>`, a second root,
 * text outside the root and undeclared namespace prefixes, so those rules are checked here.
 * @throws {Error} naming the first rule the document breaks.
 */
export function assertWellFormedXml(xml: string): void {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { code, msg, line, col } = validation.err;
    throw new Error(`not well-formed XML (${code}) at ${line}:${col}: ${msg}`);
  }
  const forbidden = NON_XML_CHAR.exec(xml);
  if (forbidden !== null) {
    const codePoint = forbidden[0].codePointAt(0) ?? 0;
    throw new Error(
      `XML 1.0 §2.2 forbids U+${codePoint.toString(16).toUpperCase().padStart(4, "0")} (at offset ${forbidden.index})`,
    );
  }
  const withoutReferences = xml.replace(REFERENCE, (reference, name, decimal, hex) => {
    if (name !== undefined) return "";
    const codePoint = hex === undefined ? Number(decimal) : Number.parseInt(hex, 16);
    if (codePoint > 0x10ffff || !XML_CHAR.test(String.fromCodePoint(codePoint))) {
      throw new Error(`XML 1.0 §4.1 forbids the character reference ${reference}`);
    }
    return "";
  });
  const stray = withoutReferences.indexOf("&");
  if (stray !== -1) {
    throw new Error(
      `XML 1.0 §4.1: "&" starts no known reference: ${JSON.stringify(withoutReferences.slice(stray, stray + 12))}`,
    );
  }
  if (xml.replace(CDATA_SECTION, "").includes("]]>")) {
    throw new Error('XML 1.0 §2.4: "]]>" must not appear in text outside a CDATA section');
  }
  if (!xml.startsWith(DECLARATION)) {
    throw new Error(`the document must start with ${JSON.stringify(DECLARATION)}`);
  }
  let depth = 0;
  let roots = 0;
  let end = DECLARATION.length;
  for (const match of xml.matchAll(TAG)) {
    const [tag, closing, name = "", attributes = ""] = match;
    if (depth === 0) {
      roots++;
      if (xml.slice(end, match.index).trim() !== "") {
        throw new Error("XML 1.0 §2.1: text outside the root element");
      }
    }
    end = match.index + tag.length;
    if (closing === "/") depth--;
    else if (!tag.endsWith("/>")) depth++;
    const names = [
      name,
      ...[...attributes.matchAll(ATTRIBUTE_NAME)].map(([, attribute]) => attribute),
    ];
    for (const qualified of names) {
      const prefix = qualified?.includes(":") ? qualified.split(":")[0] : undefined;
      if (prefix === undefined || prefix === "xml" || prefix === "xmlns") continue;
      if (!xml.includes(` xmlns:${prefix}="`)) {
        throw new Error(`Namespaces in XML §5: the prefix "${prefix}" is never declared`);
      }
    }
  }
  if (xml.slice(end).trim() !== "") {
    throw new Error("XML 1.0 §2.1: text outside the root element");
  }
  if (roots !== 1 || depth !== 0) {
    throw new Error(`XML 1.0 §2.1: a document has exactly one root element, not ${roots}`);
  }
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
