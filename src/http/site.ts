import type { SeedError } from "../articles/errors.ts";
import type { LoadResult } from "../articles/load.ts";
import type { Article } from "../articles/schema.ts";
import type { Config } from "../config.ts";
import { ATOM_CONTENT_TYPE, renderAtom } from "../feeds/atom.ts";
import { JSON_FEED_CONTENT_TYPE, renderJsonFeed } from "../feeds/json-feed.ts";
import { buildFeedModel, type FeedFormat } from "../feeds/model.ts";
import { RSS_CONTENT_TYPE, renderRss } from "../feeds/rss.ts";
import { renderArticlePage, renderIndexPage } from "./pages.ts";
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
>;

export const HTML_CONTENT_TYPE = "text/html; charset=utf-8";

/**
 * One published state of the site: the articles and every document made from them. Each
 * document is rendered, encoded and hashed at most once, on first use, then served from memory.
 */
export interface Site {
  readonly articles: readonly Article[];
  readonly problems: readonly SeedError[];
  feed(format: FeedFormat): Promise<Representation>;
  indexPage(): Promise<Representation>;
  /** Undefined for an id that is not published. */
  articlePage(id: string): Promise<Representation | undefined>;
}

/** Builds the site for one load of the seeds folder. */
export function createSite(loaded: LoadResult, settings: SiteSettings): Site {
  const { articles, problems } = loaded;
  const byId = new Map(articles.map((article) => [article.id, article]));
  const cache = new Map<string, Promise<Representation>>();
  const once = (key: string, render: () => Promise<Representation>) => {
    let representation = cache.get(key);
    if (representation === undefined) {
      representation = render();
      cache.set(key, representation);
    }
    return representation;
  };
  const model = buildFeedModel(articles, settings);
  const renderers: Record<FeedFormat, () => Promise<Representation>> = {
    rss: () => represent(renderRss(model), RSS_CONTENT_TYPE),
    atom: () => represent(renderAtom(model), ATOM_CONTENT_TYPE),
    json: () => represent(renderJsonFeed(model), JSON_FEED_CONTENT_TYPE),
  };
  return {
    articles,
    problems,
    feed: (format) => once(`feed:${format}`, renderers[format]),
    indexPage: () =>
      once("index", () => represent(renderIndexPage(articles, settings), HTML_CONTENT_TYPE)),
    articlePage: async (id) => {
      const article = byId.get(id);
      if (article === undefined) return undefined;
      return once(`article:${id}`, () =>
        represent(renderArticlePage(article, settings), HTML_CONTENT_TYPE),
      );
    },
  };
}
