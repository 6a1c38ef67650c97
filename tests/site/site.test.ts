import { describe, expect, it } from "vitest";
import { loadArticles } from "../../src/articles/load.ts";
import type { Article, ArticleMeta } from "../../src/articles/schema.ts";
import { DocumentStore } from "../../src/site/document-store.ts";
import type { SiteInput } from "../../src/site/input.ts";
import { createSite } from "../../src/site/site.ts";
import { makeConfig, seed } from "../support/builders.ts";

const config = makeConfig({ FEED_LIMIT: "10", ARCHIVE_PAGE_SIZE: "10" });

function articles(count: number, edited: Record<number, string> = {}): Article[] {
  const files = Array.from({ length: count }, (_, index) => {
    const day = new Date(Date.UTC(2024, 0, index + 1)).toISOString().slice(0, 10);
    const title = edited[index + 1] ?? `Artikel ${index + 1}`;
    return seed(`${title} date ${day} Teaser.\n\nText.\n\nQuelle: dpa\n`, `a${index + 1}.txt`);
  });
  return [...loadArticles(files, config).articles];
}

/** A runtime's view: metadata only, full text through a counting loader. */
function metadataInput(full: readonly Article[]) {
  const byId = new Map(full.map((article) => [article.id, article]));
  const loads: string[] = [];
  const input: SiteInput = {
    articles: full.map(({ contentHtml: _, ...meta }): ArticleMeta => meta),
    problems: [],
    loadArticle: async (meta) => {
      loads.push(meta.id);
      const article = byId.get(meta.id);
      if (article === undefined) throw new Error(`unknown ${meta.id}`);
      return article;
    },
  };
  return { input, loads };
}

describe("createSite", () => {
  it("renders a document once and serves the same bytes on every later request", async () => {
    const site = createSite({ articles: articles(3), problems: [] }, config);
    const first = await site.feed("rss");
    const second = await site.feed("rss");
    expect(second).toBe(first);
  });

  it("reads full text only for the articles a document shows", async () => {
    const { input, loads } = metadataInput(articles(40));
    const site = createSite(input, config);
    await site.feed("atom");
    expect(loads).toHaveLength(10);
    await site.indexPage(1);
    expect(loads).toHaveLength(10);
    await site.articlePage("a1");
    expect(loads.at(-1)).toBe("a1");
  });

  it("keeps an untouched archive page across reloads without rendering it again", async () => {
    const store = new DocumentStore();
    const before = articles(25);
    const first = createSite({ articles: before, problems: [] }, config, store);
    const page = await first.archive(1, "rss");
    // A reload with one new article: the same article objects for page 1.
    const after = [...articles(26).slice(0, 1), ...before];
    const second = createSite({ articles: after, problems: [] }, config, store);
    expect(await second.archive(1, "rss")).toBe(page);
  });

  it("renders an archive page again when one of its articles changed", async () => {
    const store = new DocumentStore();
    const first = createSite({ articles: articles(25), problems: [] }, config, store);
    const page = await first.archive(1, "rss");
    const second = createSite(
      { articles: articles(25, { 3: "Geändert" }), problems: [] },
      config,
      store,
    );
    const again = await second.archive(1, "rss");
    expect(again).not.toBe(page);
    expect(again?.representation.etag).not.toBe(page?.representation.etag);
  });

  it("bounds the store by bytes, forgetting the least recently used documents first", async () => {
    const input = { articles: articles(25), problems: [] };
    const first = createSite(input, config, new DocumentStore(100, 1));
    const page = await first.archive(1, "rss");
    await first.archive(2, "rss");
    expect(await first.archive(1, "rss")).not.toBe(page);
    const roomy = createSite(input, config, new DocumentStore(100, 10_000_000));
    const kept = await roomy.archive(1, "rss");
    await roomy.archive(2, "rss");
    expect(await roomy.archive(1, "rss")).toBe(kept);
  });

  it("answers undefined for pages, archives, credits and ids that do not exist", async () => {
    const site = createSite({ articles: articles(3), problems: [] }, config);
    expect(await site.archive(2, "rss")).toBeUndefined();
    expect(await site.archive(0, "rss")).toBeUndefined();
    expect(await site.creditFeed("afp", "rss")).toBeUndefined();
    expect(await site.indexPage(2)).toBeUndefined();
    expect(await site.articlePage("missing")).toBeUndefined();
  });
});
