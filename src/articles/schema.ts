import * as z from "zod";
import { isArticleId } from "./article-id.ts";

const nonEmptyText = z.string().trim().min(1, "must not be empty");

export const PhotoCreditSchema = z.object({
  /** Who took or supplied the photo, as written after its marker (`Quelle:`, `Photo:` …). */
  credit: nonEmptyText,
  /** The caption text before the marker. */
  caption: nonEmptyText,
});

/** The normalised article: the single source of truth for every output format. */
export const ArticleSchema = z.object({
  /** The seed's path without `.txt`; never changes, so neither do the feed ids made from it. */
  id: z.string().refine(isArticleId, "must use only A-Z a-z 0-9 . _ - and /"),
  /** RFC 4151 tag URI, independent of BASE_URL: RSS guid, Atom id and JSON Feed id. */
  guid: z.string().regex(/^tag:[^\s,]+,\d{4}(-\d{2}(-\d{2})?)?:\S+$/u, "must be a tag: URI"),
  /** The permalink, BASE_URL/articles/ID. */
  url: z.url({ protocol: /^https?$/u }),
  title: nonEmptyText,
  /**
   * Whether the header had no title and `title` is the teaser's first sentence: pages then show
   * the rest of the teaser below it, not that sentence twice.
   */
  isTitleDerived: z.boolean(),
  /** The whole teaser; empty when the header has a title and no teaser. */
  summary: z.string(),
  contentHtml: z.string(),
  /** RFC 3339 with the configured zone's offset: 00:00 local time on the seed's date. */
  published: z.iso.datetime({ offset: true }),
  language: nonEmptyText,
  textCredits: z.array(nonEmptyText),
  photoCredits: z.array(PhotoCreditSchema),
  /**
   * The CREDIT_MARKERS words the seed's credits started with, each once, in order of appearance:
   * what `npm run check` reports. Pages and feeds write the catalogue's label instead.
   */
  creditMarkers: z.array(nonEmptyText),
  /** The seed file, relative to the seeds folder. */
  sourceFile: nonEmptyText,
});

export type Article = z.infer<typeof ArticleSchema>;

export const ArticleMetaSchema = ArticleSchema.omit({ contentHtml: true });

/**
 * An article without its full text: what lists, indexes and ordering need. A large archive keeps
 * only these in memory and reads the full text again when a document needs it.
 */
export type ArticleMeta = z.infer<typeof ArticleMetaSchema>;
export type PhotoCredit = z.infer<typeof PhotoCreditSchema>;
