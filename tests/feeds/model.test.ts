import { afterEach, describe, expect, it, vi } from "vitest";
import { loadArticles } from "../../src/articles/load.ts";
import { buildArchiveModel, buildCreditModel, buildFeedModel } from "../../src/feeds/model.ts";
import { FEED_FILES } from "../../src/urls.ts";
import { makeArticle, makeConfig, seed } from "../support/builders.ts";

function dated(id: string, published: string) {
  return makeArticle({ id, published });
}

describe("buildFeedModel", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("takes the feed fields from the settings", () => {
    const model = buildFeedModel(
      [makeArticle()],
      makeConfig({ SITE_TITLE: "Nachrichten", SITE_AUTHOR: "Redaktion", LANGUAGE: "de-AT" }),
    );
    expect(model).toMatchObject({
      id: "tag:localhost,2025:feeds/main",
      title: "Nachrichten",
      description: "Die neuesten Artikel von Nachrichten",
      language: "de-AT",
      authorName: "Redaktion",
      homeUrl: "https://news.example.org/",
      selfUrls: {
        rss: "https://news.example.org/feed.xml",
        atom: "https://news.example.org/atom.xml",
        json: "https://news.example.org/feed.json",
      },
    });
  });

  it("falls back to the site title as the feed-level author", () => {
    expect(buildFeedModel([], makeConfig({ SITE_TITLE: "Nachrichten" })).authorName).toBe(
      "Nachrichten",
    );
  });

  it("serves the three formats at feed.xml, atom.xml and feed.json", () => {
    expect(FEED_FILES).toEqual({ rss: "feed.xml", atom: "atom.xml", json: "feed.json" });
  });

  it.each(["https://other.example", "http://localhost:3000"])(
    "keeps the feed id when BASE_URL is %s",
    (baseUrl) => {
      expect(buildFeedModel([], makeConfig({ BASE_URL: baseUrl })).id).toBe(
        "tag:localhost,2025:feeds/main",
      );
    },
  );

  it("makes the feed id from ID_AUTHORITY", () => {
    expect(buildFeedModel([], makeConfig({ ID_AUTHORITY: "news.example.org,2025-12" })).id).toBe(
      "tag:news.example.org,2025-12:feeds/main",
    );
  });

  it("dates the feed by its newest item, keeping that item's offset", () => {
    const articles = [
      dated("b", "2025-07-01T00:00:00+02:00"),
      dated("a", "2025-03-30T00:00:00+01:00"),
    ];
    expect(buildFeedModel(articles, makeConfig()).updated).toBe("2025-07-01T00:00:00+02:00");
  });

  it("never dates the feed by the clock", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2030-01-01T12:00:00Z"));
    const later = buildFeedModel([makeArticle()], makeConfig());
    vi.setSystemTime(new Date("1999-01-01T12:00:00Z"));
    const earlier = buildFeedModel([makeArticle()], makeConfig());
    expect(later.updated).toBe("2025-12-04T00:00:00+01:00");
    expect(earlier).toEqual(later);
  });

  it("dates a feed without articles at the Unix epoch", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2030-01-01T12:00:00Z"));
    const model = buildFeedModel([], makeConfig());
    expect(model.updated).toBe("1970-01-01T00:00:00Z");
    expect(model.items).toEqual([]);
  });

  it.each([
    [1, ["d"]],
    [2, ["d", "c"]],
    [3, ["d", "c", "b"]],
    [50, ["d", "c", "b", "a"]],
  ])("keeps the newest FEED_LIMIT=%i articles", (limit, ids) => {
    const articles = [
      dated("d", "2025-12-07T00:00:00+01:00"),
      dated("c", "2025-12-06T00:00:00+01:00"),
      dated("b", "2025-12-05T00:00:00+01:00"),
      dated("a", "2025-12-04T00:00:00+01:00"),
    ];
    const model = buildFeedModel(articles, makeConfig({ FEED_LIMIT: String(limit) }));
    expect(model.items.map((item) => item.id)).toEqual(ids);
    expect(model.updated).toBe("2025-12-07T00:00:00+01:00");
  });

  it("defaults FEED_LIMIT to 50", () => {
    const articles = Array.from({ length: 60 }, (_, index) =>
      dated(`a${String(index).padStart(2, "0")}`, "2025-12-04T00:00:00+01:00"),
    );
    expect(buildFeedModel(articles, makeConfig()).items).toHaveLength(50);
  });

  it("does not change the articles it is given", () => {
    const articles = [
      dated("b", "2025-12-05T00:00:00+01:00"),
      dated("a", "2025-12-04T00:00:00+01:00"),
    ];
    const copy = structuredClone(articles);
    buildFeedModel(articles, makeConfig({ FEED_LIMIT: "1" }));
    expect(articles).toEqual(copy);
  });
});

describe("the words feeds add, in the site's language", () => {
  const credit = { name: "dpa", slug: "dpa" };
  it.each([
    ["de", "Die neuesten Artikel von Blatt", "Blatt (Archiv 1)", "Artikel von dpa bei Blatt"],
    ["de-AT", "Die neuesten Artikel von Blatt", "Blatt (Archiv 1)", "Artikel von dpa bei Blatt"],
    ["en", "The latest articles from Blatt", "Blatt (archive 1)", "Articles from dpa on Blatt"],
    ["en-GB", "The latest articles from Blatt", "Blatt (archive 1)", "Articles from dpa on Blatt"],
    ["fr", "The latest articles from Blatt", "Blatt (archive 1)", "Articles from dpa on Blatt"],
  ])("LANGUAGE=%s: %j, %j, %j", (language, description, archiveTitle, creditDescription) => {
    const settings = makeConfig({ LANGUAGE: language, SITE_TITLE: "Blatt" });
    expect(buildFeedModel([makeArticle()], settings).description).toBe(description);
    expect(buildArchiveModel([makeArticle()], settings, 1)?.title).toBe(archiveTitle);
    expect(buildCreditModel([makeArticle()], settings, credit)).toMatchObject({
      title: "Blatt: dpa",
      description: creditDescription,
    });
  });

  it("keeps SITE_DESCRIPTION as written, in any language", () => {
    const settings = makeConfig({ LANGUAGE: "en", SITE_DESCRIPTION: "Nachrichten" });
    expect(buildFeedModel([], settings).description).toBe("Nachrichten");
  });
});

// The order comes from loadArticles (buildFeedModel keeps it): the pipeline is what readers see.
describe("feed order from loadArticles to buildFeedModel", () => {
  const files = [
    seed("Älter date 2025-12-03 Teaser.", "c-old.txt"),
    seed("Zweiter am Tag date 2025-12-04 Teaser.", "b-same-day.txt"),
    seed("Erster am Tag date 2025-12-04 Teaser.", "a-same-day.txt"),
    seed("Neuer date 2025-12-05 Teaser.", "z-new.txt"),
    seed("Im Ordner date 2025-12-04 Teaser.", "2025/12/nested.txt"),
  ];

  it("puts the newest first and breaks ties by id", () => {
    const { articles, problems } = loadArticles(files, makeConfig());
    expect(problems).toEqual([]);
    expect(buildFeedModel(articles, makeConfig()).items.map((item) => item.id)).toEqual([
      "z-new",
      "2025/12/nested",
      "a-same-day",
      "b-same-day",
      "c-old",
    ]);
  });

  it("gives the same order whatever order the files were read in", () => {
    const forwards = loadArticles(files, makeConfig()).articles;
    const backwards = loadArticles([...files].reverse(), makeConfig()).articles;
    expect(backwards.map((article) => article.id)).toEqual(forwards.map((article) => article.id));
  });

  it("compares instants, not local dates, across a DST change", () => {
    const { articles } = loadArticles(
      [
        seed("Winter date 2025-10-26 Teaser.", "winter.txt"),
        seed("Sommer date 2025-10-25 Teaser.", "summer.txt"),
      ],
      makeConfig(),
    );
    expect(buildFeedModel(articles, makeConfig()).items.map((item) => item.published)).toEqual([
      "2025-10-26T00:00:00+02:00",
      "2025-10-25T00:00:00+02:00",
    ]);
  });
});
