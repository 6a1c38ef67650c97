import { DateTime } from "luxon";
import type { Config } from "../config.ts";
import { messagesFor } from "../i18n/catalogue.ts";
import { BoundedMemo } from "../lru-cache.ts";
import { absoluteUrl, paths } from "../urls.ts";
import { articleIdFromPath } from "./article-id.ts";
import { deriveTitle } from "./derive-title.ts";
import { SeedError } from "./errors.ts";
import type { BodyBlock, ParsedSeed } from "./parse-seed.ts";
import { type Article, type ArticleMeta, ArticleMetaSchema } from "./schema.ts";
import { type SeedSummary, summaryOf } from "./seed-summary.ts";
import { escapeMarkup } from "./text.ts";

/** The settings that turn seeds into articles, with the limits loading them keeps. */
export type ArticleSettings = Pick<
  Config,
  | "baseUrl"
  | "timeZone"
  | "language"
  | "idAuthority"
  | "maxSeedBytes"
  | "maxTitleLength"
  | "maxSummaryLength"
  | "maxArticles"
  | "creditMarkers"
>;

/**
 * Applies the settings to a parsed seed: id, permalink, tag URI, zoned date, title and HTML.
 * @throws {SeedError} when the file name is not a valid id or a field fails the schema.
 */
export function normalizeArticle(seed: ParsedSeed, settings: ArticleSettings): Article {
  return withContent(normalizeArticleMeta(summaryOf(seed), settings), seed);
}

/** The full article: metadata already normalised from `seed`, with the seed's text as HTML. */
export function withContent(meta: ArticleMeta, seed: ParsedSeed): Article {
  const { creditLabel } = messagesFor(meta.language);
  return { ...meta, contentHtml: renderContentHtml(seed.teaser, seed.blocks, creditLabel) };
}

/**
 * The same as `normalizeArticle` without building the full text, from the seed's summary: what
 * indexing a large archive needs, since the text is read again when a document shows it.
 * @throws {SeedError} when the file name is not a valid id or a field fails the schema.
 */
export function normalizeArticleMeta(
  seed: SeedSummary,
  settings: ArticleSettings,
  id: string = articleIdFromPath(seed.file),
): ArticleMeta {
  const isTitleDerived = seed.title === "";
  const candidate = articleMetaOf(
    {
      title: isTitleDerived ? deriveTitle(seed.teaser) : seed.title,
      isTitleDerived,
      summary: seed.teaser,
      published: publicationDate(seed.date, settings.timeZone),
      textCredits: seed.textCredit === undefined ? [] : [seed.textCredit],
      photoCredits: seed.captions.map((caption) => ({
        credit: caption.credit,
        caption: caption.text,
      })),
      creditMarkers: creditMarkersOf(seed),
    },
    settings,
    id,
    seed.file,
  );
  const result = ArticleMetaSchema.safeParse(candidate);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new SeedError(
    seed.file,
    undefined,
    `${issue?.path.join(".") || "article"}: ${issue?.message ?? "is invalid"}`,
    { cause: result.error },
  );
}

/** A seed's credit markers, each once, in order of appearance (captions, then the text credit). */
function creditMarkersOf(seed: SeedSummary): string[] {
  const markers = new Set<string>();
  for (const caption of seed.captions) markers.add(caption.marker);
  if (seed.textCreditMarker !== undefined) markers.add(seed.textCreditMarker);
  return [...markers];
}

/** The part of an article's metadata that its seed decides; the rest comes from id and settings. */
export type SeedFields = Pick<
  ArticleMeta,
  | "title"
  | "isTitleDerived"
  | "summary"
  | "published"
  | "textCredits"
  | "photoCredits"
  | "creditMarkers"
>;

/**
 * Metadata from the seed's own fields, its id and the settings, in the schema's field order. The
 * one place that derives guid, url and language, so metadata restored from the Node server's
 * cache is built exactly as a fresh parse builds it (the cache stores only the seed's fields).
 */
export function articleMetaOf(
  fields: SeedFields,
  settings: Pick<ArticleSettings, "baseUrl" | "language" | "idAuthority">,
  id: string,
  sourceFile: string,
): ArticleMeta {
  return {
    id,
    guid: articleGuid(settings.idAuthority, id),
    url: absoluteUrl(settings.baseUrl, paths.article(id)),
    title: fields.title,
    isTitleDerived: fields.isTitleDerived,
    summary: fields.summary,
    published: fields.published,
    language: settings.language,
    textCredits: fields.textCredits,
    photoCredits: fields.photoCredits,
    creditMarkers: fields.creditMarkers,
    sourceFile,
  };
}

/** RFC 4151 tag URI for an article: depends only on ID_AUTHORITY and the id, never on BASE_URL. */
export function articleGuid(idAuthority: string, id: string): string {
  return `tag:${idAuthority}:articles/${id}`;
}

// Zone arithmetic is the costliest step of normalising, and a large archive has only a few
// thousand distinct days: remember each day's answer (bounded, pure: same input, same output).
const midnights = new BoundedMemo<string, string>(50_000);

/** 00:00 on the seed's day in the configured zone, with that day's offset (DST-aware). */
function publicationDate(date: string, timeZone: string): string {
  const key = `${timeZone} ${date}`;
  return (
    midnights.get(key) ??
    midnights.remember(
      key,
      DateTime.fromISO(date, { zone: timeZone })
        .startOf("day")
        .toISO({ suppressMilliseconds: true }) ?? date,
    )
  );
}

/** The paragraph a teaser opens an article's HTML with; empty for no teaser. */
export function leadParagraph(teaser: string): string {
  return teaser === "" ? "" : `<p>${escapeMarkup(teaser)}</p>`;
}

/**
 * The teaser as it reads below the headline: without its first sentence when the headline was
 * derived from it (that sentence would be read twice), else whole. A headline cut at 120
 * characters shows only part of the sentence, so then the teaser stays whole too.
 */
export function teaserBelowTitle(article: ArticleMeta): string {
  if (!article.isTitleDerived || !article.summary.startsWith(article.title)) return article.summary;
  return article.summary.slice(article.title.length).trim();
}

/**
 * The article's HTML as its page shows it below the headline: the lead paragraph holds
 * `teaserBelowTitle` (or is left out when nothing remains). Feeds keep the whole teaser.
 */
export function pageContentHtml(article: Article): string {
  const lead = leadParagraph(article.summary);
  const below = teaserBelowTitle(article);
  if (lead === "" || below === article.summary || !article.contentHtml.startsWith(lead)) {
    return article.contentHtml;
  }
  const rest = article.contentHtml.slice(lead.length).replace(/^\n/u, "");
  return [leadParagraph(below), rest].filter((part) => part !== "").join("\n");
}

/**
 * The article's full text as HTML: the teaser as the lead paragraph, then the body. Every
 * character of the seed is escaped: seed text is never markup. Credits are labelled with the
 * catalogue's word, whichever marker the seed used.
 */
function renderContentHtml(
  teaser: string,
  blocks: readonly BodyBlock[],
  creditLabel: string,
): string {
  const lead = leadParagraph(teaser);
  const parts = lead === "" ? [] : [lead];
  for (const block of blocks) {
    const text = escapeMarkup(block.text);
    switch (block.kind) {
      case "paragraph":
        parts.push(`<p>${text}</p>`);
        break;
      case "subheading":
        parts.push(`<h2>${text}</h2>`);
        break;
      case "caption":
        parts.push(
          `<figure><figcaption>${text} <small>${escapeMarkup(creditLabel)}: ${escapeMarkup(block.credit)}</small></figcaption></figure>`,
        );
        break;
    }
  }
  return parts.join("\n");
}
