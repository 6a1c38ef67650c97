import type { SeedError } from "../articles/errors.ts";
import type { Article, ArticleMeta } from "../articles/schema.ts";
import { slugify } from "../articles/slug.ts";
import type { Config } from "../config.ts";
import { ATOM_CONTENT_TYPE, renderAtom } from "../feeds/atom.ts";
import { JSON_FEED_CONTENT_TYPE, renderJsonFeed } from "../feeds/json-feed.ts";
import {
  archivePageCount,
  buildArchiveModel,
  buildCreditModel,
  buildFeedModel,
  type FeedFormat,
  type FeedModel,
  isArchivePageFull,
} from "../feeds/model.ts";
import { RSS_CONTENT_TYPE, renderRss } from "../feeds/rss.ts";
import { type CreditLink, renderArticlePage, renderIndexPage } from "./pages.ts";
import { type Representation, represent } from "./representation.ts";

export type SiteSettings = Pick<
  Config,
  | "baseUrl"
  | "siteTitle"
  | "siteDescription"
  | "siteAuthor"
  | "language"
  | "timeZone"
  | "idAuthority"
  | "feedLimit"
  | "archivePageSize"
  | "indexPageSize"
  | "cacheMaxAge"
  | "archiveMaxAge"
  | "websubHub"
  | "siteIcon"
>;

export const HTML_CONTENT_TYPE = "text/html; charset=utf-8";

/** What the runtime loaded: the articles, newest first, and when their sources last changed. */
export interface SiteInput {
  /** Newest first. Full articles, or metadata when `loadArticle` supplies the full text. */
  readonly articles: readonly ArticleMeta[];
  readonly problems: readonly SeedError[];
  /** Modification time (ms since the epoch) of each article's seed file, by article id. */
  readonly modifiedTimes?: ReadonlyMap<string, number>;
  /** Modification time of each seed folder ("" is the root): deletions only show there. */
  readonly folderTimes?: ReadonlyMap<string, number>;
  /** The full article for metadata in `articles`; needed when they lack `contentHtml`. */
  readonly loadArticle?: (meta: ArticleMeta) => Promise<Article>;
}

/** How long a document may be cached: the subscription rate, or long for a full archive page. */
export type Freshness = "poll" | "archive";

/** A rendered document with what its validators and caching headers are made from. */
export interface SiteDocument {
  readonly key: string;
  readonly representation: Representation;
  /** When its content last changed as far as the sources tell (not yet capped at "now"). */
  readonly lastModifiedMs: number | undefined;
  readonly freshness: Freshness;
  readonly isFeed: boolean;
}

/**
 * One published state of the site: the articles and every document made from them. Each
 * document is rendered, encoded and hashed at most once per content change, on first use, then
 * served from memory.
 */
export interface Site {
  readonly articles: readonly ArticleMeta[];
  readonly problems: readonly SeedError[];
  readonly credits: readonly CreditLink[];
  readonly indexPageCount: number;
  feed(format: FeedFormat, limit?: number): Promise<SiteDocument>;
  archive(page: number, format: FeedFormat): Promise<SiteDocument | undefined>;
  creditFeed(slug: string, format: FeedFormat, limit?: number): Promise<SiteDocument | undefined>;
  indexPage(page: number): Promise<SiteDocument | undefined>;
  articlePage(id: string): Promise<SiteDocument | undefined>;
}

interface StoredDocument {
  /** What the document was made from: articles by identity, counts, options. */
  readonly inputs: readonly unknown[];
  readonly document: Promise<SiteDocument>;
}

/**
 * Rendered documents shared by successive sites, so a reload re-renders only documents whose
 * inputs changed: an untouched archive page keeps its bytes (and ETag) without being rendered
 * again. Bounded: a large archive's pages live here only while they are requested.
 */
export class DocumentStore {
  readonly #documents = new Map<string, StoredDocument & { bytes: number }>();
  readonly #maxDocuments: number;
  readonly #maxBytes: number;
  #bytes = 0;

  /** At most `maxDocuments` documents and about `maxBytes` of rendered bodies (UTF-8). */
  constructor(maxDocuments = 2_000, maxBytes = 64 * 1024 * 1024) {
    this.#maxDocuments = maxDocuments;
    this.#maxBytes = maxBytes;
  }

  /** The stored document for `key` if made from the same inputs, else a newly made one. */
  get(
    key: string,
    inputs: readonly unknown[],
    make: () => Promise<SiteDocument>,
  ): Promise<SiteDocument> {
    const stored = this.#documents.get(key);
    if (stored !== undefined && isSameList(stored.inputs, inputs)) {
      // Most recently used last: a Map iterates in insertion order.
      this.#documents.delete(key);
      this.#documents.set(key, stored);
      return stored.document;
    }
    this.#remove(key);
    const document = make();
    const entry = { inputs, document, bytes: 0 };
    this.#documents.set(key, entry);
    document.then(
      (made) => {
        if (this.#documents.get(key) !== entry) return;
        entry.bytes = made.representation.body.length;
        this.#bytes += entry.bytes;
        this.#evict();
      },
      // A failed render must not be served from the store forever.
      () => this.#remove(key),
    );
    this.#evict();
    return document;
  }

  #remove(key: string): void {
    const entry = this.#documents.get(key);
    if (entry === undefined) return;
    this.#bytes -= entry.bytes;
    this.#documents.delete(key);
  }

  /** Forgets the least recently used documents until both bounds hold. */
  #evict(): void {
    for (const key of this.#documents.keys()) {
      if (this.#documents.size <= this.#maxDocuments && this.#bytes <= this.#maxBytes) return;
      this.#remove(key);
    }
  }
}

const FEED_RENDERERS: Readonly<Record<FeedFormat, [(feed: FeedModel) => string, string]>> = {
  rss: [renderRss, RSS_CONTENT_TYPE],
  atom: [renderAtom, ATOM_CONTENT_TYPE],
  json: [renderJsonFeed, JSON_FEED_CONTENT_TYPE],
};

/**
 * Builds the site for one load of the seeds folder. Pass the previous site's `store` to keep
 * every document whose inputs did not change.
 */
export function createSite(
  input: SiteInput,
  settings: SiteSettings,
  store: DocumentStore = new DocumentStore(),
): Site {
  const { articles, problems } = input;
  // Built on first use: a reload of a large archive should not pay for a map nobody asked for.
  let byId: Map<string, ArticleMeta> | undefined;
  const findArticle = (id: string) => {
    byId ??= new Map(articles.map((article) => [article.id, article]));
    return byId.get(id);
  };
  const credits = collectCredits(articles);
  const creditArticles = articlesByCredit(articles, credits);
  const indexPageCount = Math.max(1, Math.ceil(articles.length / settings.indexPageSize));
  const lastModified = lastModifiedCalculator(input);
  const loadArticle = input.loadArticle ?? requireFullText;
  const withFullText = async (model: FeedModel<ArticleMeta>): Promise<FeedModel> => ({
    ...model,
    items: await Promise.all(model.items.map(loadArticle)),
  });
  // This site's own answers, so a poll of an unchanged document is one map lookup.
  const memo = new Map<string, Promise<SiteDocument>>();
  const remember = (key: string, make: () => Promise<SiteDocument>) => {
    let document = memo.get(key);
    if (document === undefined) {
      document = make();
      memo.set(key, document);
    }
    return document;
  };

  const feedDocument = (
    key: string,
    model: FeedModel<ArticleMeta>,
    format: FeedFormat,
    sources: readonly ArticleMeta[],
    options: { readonly freshness?: Freshness; readonly inputs?: readonly unknown[] } = {},
  ): Promise<SiteDocument> =>
    store.get(key, [...(options.inputs ?? []), ...model.items], async () => {
      const [render, contentType] = FEED_RENDERERS[format];
      return {
        key,
        representation: await represent(render(await withFullText(model)), contentType),
        lastModifiedMs: lastModified(sources),
        freshness: options.freshness ?? "poll",
        isFeed: true,
      };
    });

  return {
    articles,
    problems,
    credits,
    indexPageCount,

    feed(format, limit = settings.feedLimit) {
      const key = `feed:${format}:${limit}`;
      const make = () =>
        // The whole list contributes: an article deleted from the feed changes its folder's
        // time, and the archive page the feed links to moves with the article count.
        feedDocument(key, buildFeedModel(articles, settings, limit), format, articles, {
          inputs: [articles.length],
        });
      // Only the default feed is worth a per-site memo; ?limit= variants share the store.
      return limit === settings.feedLimit ? remember(key, make) : make();
    },

    async archive(page, format) {
      const model = buildArchiveModel(articles, settings, page);
      if (model === undefined) return undefined;
      const isFull = isArchivePageFull(articles.length, settings.archivePageSize, page);
      const pageCount = archivePageCount(articles.length, settings.archivePageSize);
      // Only a full page is stable enough for the long archive max-age.
      return feedDocument(`archive:${page}:${format}`, model, format, model.items, {
        freshness: isFull ? "archive" : "poll",
        inputs: [isFull, pageCount === 1],
      });
    },

    async creditFeed(slug, format, limit = settings.feedLimit) {
      const credit = credits.find((candidate) => candidate.slug === slug);
      const ofCredit = creditArticles.get(slug);
      if (credit === undefined || ofCredit === undefined) return undefined;
      const key = `credit:${credit.name}:${slug}:${format}:${limit}`;
      const model = buildCreditModel(ofCredit, settings, credit, limit);
      return feedDocument(key, model, format, ofCredit);
    },

    async indexPage(page) {
      if (!Number.isInteger(page) || page < 1 || page > indexPageCount) return undefined;
      const key = `index:${page}`;
      return remember(key, () => {
        const start = (page - 1) * settings.indexPageSize;
        const onPage = articles.slice(start, start + settings.indexPageSize);
        const creditList = credits.map((credit) => `${credit.slug}=${credit.name}`).join("\n");
        return store.get(key, [indexPageCount, creditList, ...onPage], async () => ({
          key,
          representation: await represent(
            renderIndexPage(onPage, settings, { page, pageCount: indexPageCount, credits }),
            HTML_CONTENT_TYPE,
          ),
          lastModifiedMs: lastModified(articles),
          freshness: "poll",
          isFeed: false,
        }));
      });
    },

    async articlePage(id) {
      const meta = findArticle(id);
      if (meta === undefined) return undefined;
      const key = `article:${id}`;
      return store.get(key, [meta], async () => ({
        key,
        representation: await represent(
          renderArticlePage(await loadArticle(meta), settings),
          HTML_CONTENT_TYPE,
        ),
        lastModifiedMs: lastModified([meta]),
        freshness: "poll",
        isFeed: false,
      }));
    },
  };
}

async function requireFullText(meta: ArticleMeta): Promise<Article> {
  if ("contentHtml" in meta && typeof meta.contentHtml === "string") return meta as Article;
  // our bug: a runtime that passes metadata must pass loadArticle too
  throw new Error(`no full text for article ${meta.id}`);
}

function isSameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/** Each credit's articles (newest first), in one pass over the list. */
function articlesByCredit(
  articles: readonly ArticleMeta[],
  credits: readonly CreditLink[],
): Map<string, ArticleMeta[]> {
  const slugByName = new Map(credits.map((credit) => [credit.name, credit.slug]));
  const bySlug = new Map(credits.map((credit) => [credit.slug, [] as ArticleMeta[]]));
  for (const article of articles) {
    for (const name of article.textCredits) {
      const slug = slugByName.get(name);
      if (slug !== undefined) bySlug.get(slug)?.push(article);
    }
  }
  return bySlug;
}

/**
 * Every text credit with its slug, in order of first appearance from the oldest article, so a
 * new article never renames an existing credit's feed. Equal slugs get -2, -3, ….
 */
function collectCredits(articles: readonly ArticleMeta[]): CreditLink[] {
  const credits: CreditLink[] = [];
  const seenNames = new Set<string>();
  const takenSlugs = new Set<string>();
  for (let index = articles.length - 1; index >= 0; index--) {
    for (const name of articles[index]?.textCredits ?? []) {
      if (seenNames.has(name)) continue;
      seenNames.add(name);
      const base = slugify(name) || "credit";
      let slug = base;
      for (let suffix = 2; takenSlugs.has(slug); suffix++) slug = `${base}-${suffix}`;
      takenSlugs.add(slug);
      credits.push({ name, slug });
    }
  }
  return credits.sort((a, b) => a.name.localeCompare(b.name, "de"));
}

/**
 * A document's Last-Modified, in ms: the newest modification time of its articles' seed files
 * and of their folders (a deletion only shows there), never earlier than its newest article.
 */
function lastModifiedCalculator(input: SiteInput): (sources: readonly ArticleMeta[]) => number {
  const folderTime = (id: string) => {
    const folder = id.includes("/") ? id.slice(0, id.lastIndexOf("/")) : "";
    return input.folderTimes?.get(folder) ?? 0;
  };
  let newestFolderTime = 0;
  for (const time of input.folderTimes?.values() ?? []) {
    newestFolderTime = Math.max(newestFolderTime, time);
  }
  return (sources) => {
    // A document made from the whole list changes whenever any folder does.
    let newest = sources === input.articles ? newestFolderTime : 0;
    for (const article of sources) {
      newest = Math.max(
        newest,
        Date.parse(article.published),
        input.modifiedTimes?.get(article.id) ?? 0,
        folderTime(article.id),
      );
    }
    return newest;
  };
}
