import { afterEach, describe, expect, it, vi } from "vitest";
import { assertValidJsonFeed } from "../../harness/json-feed-schema.ts";
import type { Article } from "../../src/articles/schema.ts";
import {
  JSON_FEED_CONTENT_TYPE,
  JSON_FEED_VERSION,
  renderJsonFeed,
} from "../../src/feeds/json-feed.ts";
import { buildArchiveModel, buildFeedModel } from "../../src/feeds/model.ts";
import { makeArticle, makeConfig } from "../support/builders.ts";
import { loadRealSeed, parseJson, REAL_SEED_ID, readJson } from "../support/parse-feeds.ts";

function jsonOf(articles: readonly Article[], env: Record<string, string> = {}): string {
  return renderJsonFeed(buildFeedModel(articles, makeConfig(env)));
}

function onlyItem(text: string) {
  const item = readJson(text).items[0];
  if (item === undefined) throw new Error("the feed has no item");
  return item;
}

/** Every key anywhere in a JSON document, to find what must never be written. */
function allKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, member]) => [key, ...allKeys(member)]);
}

/** `count` articles, newest first, one day apart. */
function manyArticles(count: number): Article[] {
  return Array.from({ length: count }, (_, index) =>
    makeArticle({
      id: `a${count - index}`,
      published: `2025-11-${String(count - index).padStart(2, "0")}T00:00:00+01:00`,
    }),
  );
}

// JSON Feed 1.1: RFC 3339 date-time with a numeric offset, as the other formats write it.
const RFC_3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/u;

describe("renderJsonFeed", () => {
  it("is served as application/feed+json in UTF-8", () => {
    expect(JSON_FEED_CONTENT_TYPE).toBe("application/feed+json; charset=utf-8");
  });

  it("describes the feed: version 1.1, home page, feed URL, language and authors", () => {
    const text = jsonOf([loadRealSeed(makeConfig())]);
    const feed = readJson(text);
    expect(feed.version).toBe(JSON_FEED_VERSION);
    expect(feed).toMatchObject({
      version: "https://jsonfeed.org/version/1.1",
      title: "Feed Publisher",
      home_page_url: "https://news.example.org/",
      feed_url: "https://news.example.org/feed.json",
      description: "Die neuesten Artikel von Feed Publisher",
      language: "de",
      authors: [{ name: "Feed Publisher" }],
    });
    // A real reader sees the same.
    expect(parseJson(text)).toMatchObject({
      title: "Feed Publisher",
      home_page_url: "https://news.example.org/",
      feed_url: "https://news.example.org/feed.json",
      language: "de",
      authors: [{ name: "Feed Publisher" }],
    });
  });

  it("writes the real seed's item field by field", () => {
    const article = loadRealSeed(makeConfig());
    const text = jsonOf([article]);
    const item = onlyItem(text);
    expect(item).toEqual({
      id: `tag:localhost,2025:articles/${REAL_SEED_ID}`,
      url: `https://news.example.org/articles/${REAL_SEED_ID}`,
      title:
        "Der US-Sondergesandte Witkoff will sich laut Berichten bereits am Donnerstag erneut mit ukrainischen Vertretern treffen.",
      summary:
        "Der US-Sondergesandte Witkoff will sich laut Berichten bereits am Donnerstag erneut mit ukrainischen Vertretern treffen. Ein Gespräch mit Putin endete am Dienstag ohne Durchbruch.",
      content_html: article.contentHtml,
      date_published: "2025-12-04T00:00:00+01:00",
      authors: [{ name: "dpa" }],
      language: "de",
    });
    expect(parseJson(text).items?.[0]).toMatchObject({
      id: item.id,
      url: item.url,
      title: item.title,
      summary: item.summary,
      content_html: item.content_html,
      date_published: "2025-12-04T00:00:00+01:00",
      authors: [{ name: "dpa" }],
    });
  });

  it.each(["2025-12-04T00:00:00+01:00", "2025-07-01T00:00:00+02:00", "2025-03-30T00:00:00+01:00"])(
    "keeps date_published %s as RFC 3339 with its offset",
    (published) => {
      const item = onlyItem(jsonOf([makeArticle({ published })]));
      expect(item.date_published).toBe(published);
      expect(item.date_published).toMatch(RFC_3339_WITH_OFFSET);
    },
  );

  it("writes one author per text credit, in order", () => {
    expect(onlyItem(jsonOf([makeArticle({ textCredits: ["dpa", "AFP"] })])).authors).toEqual([
      { name: "dpa" },
      { name: "AFP" },
    ]);
  });

  it("leaves out the summary when it is empty", () => {
    const item = onlyItem(jsonOf([makeArticle({ title: "Nur ein Titel", summary: "" })]));
    expect(item.title).toBe("Nur ein Titel");
    expect(item).not.toHaveProperty("summary");
  });

  it("keeps the summary of an item without content", () => {
    const item = onlyItem(jsonOf([makeArticle({ summary: "Nur ein Anriss.", contentHtml: "" })]));
    expect(item).toMatchObject({ summary: "Nur ein Anriss.", content_html: "" });
  });

  it("is valid with no items", () => {
    expect(readJson(jsonOf([])).items).toEqual([]);
  });

  it("writes two-space indented JSON ending in a newline", () => {
    const text = jsonOf([]);
    expect(text).toMatch(/^\{\n {2}"version": /u);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it.each([
    [
      "icon and favicon from SITE_ICON",
      { SITE_ICON: "https://news.example.org/icon.png" },
      { icon: "https://news.example.org/icon.png", favicon: "https://news.example.org/icon.png" },
    ],
    [
      "a WebSub hub from WEBSUB_HUB",
      { WEBSUB_HUB: "https://hub.example/" },
      { hubs: [{ type: "WebSub", url: "https://hub.example/" }] },
    ],
  ])("writes %s", (_name, env, expected) => {
    expect(readJson(jsonOf([makeArticle()], env))).toMatchObject(expected);
  });

  it("leaves out icon, favicon, hubs and next_url when nothing calls for them", () => {
    const feed = readJson(jsonOf([makeArticle()]));
    for (const key of ["icon", "favicon", "hubs", "next_url"]) {
      expect(feed).not.toHaveProperty(key);
    }
  });

  it.each([
    ["the subscription feed", () => buildFeedModel(manyArticles(2), makeConfig(), 1)],
    [
      "archive page 2",
      () => buildArchiveModel(manyArticles(11), makeConfig({ ARCHIVE_PAGE_SIZE: "10" }), 2),
    ],
  ])("links %s to the older articles with next_url", (_name, model) => {
    const page = model();
    if (page === undefined) throw new Error("no such archive page");
    expect(readJson(renderJsonFeed(page)).next_url).toBe(
      "https://news.example.org/archive/1/feed.json",
    );
  });

  it("writes its keys in a fixed order, so the same model always gives the same bytes", () => {
    const config = makeConfig({
      SITE_ICON: "https://news.example.org/icon.png",
      WEBSUB_HUB: "https://hub.example/",
    });
    // JSON.parse, not readJson: the schema check returns its own key order.
    const feed = JSON.parse(renderJsonFeed(buildFeedModel(manyArticles(2), config, 1))) as {
      items: object[];
    };
    expect(Object.keys(feed)).toEqual([
      "version",
      "title",
      "home_page_url",
      "feed_url",
      "description",
      "language",
      "icon",
      "favicon",
      "next_url",
      "hubs",
      "authors",
      "items",
    ]);
    expect(Object.keys(feed.items[0] ?? {})).toEqual([
      "id",
      "url",
      "title",
      "summary",
      "content_html",
      "date_published",
      "authors",
      "language",
    ]);
  });

  it.each<[string, Partial<Article>[]]>([
    ["the real seed", []],
    ["an item without credits", [{ textCredits: [] }]],
    ["an item without summary", [{ summary: "" }]],
    ["an item without content", [{ contentHtml: "" }]],
    [
      "two photo credits",
      [
        {
          photoCredits: [
            { credit: "AP", caption: "a." },
            { credit: "B", caption: "b." },
          ],
        },
      ],
    ],
    [
      "markup in every field",
      [{ title: "<b>&amp;</b>", summary: "]]>", contentHtml: "<p>&lt;</p>" }],
    ],
    [
      "several items",
      [
        { id: "a", published: "2025-12-05T00:00:00+01:00" },
        { id: "b", published: "2025-12-04T00:00:00+01:00", textCredits: [] },
      ],
    ],
  ])("passes the JSON Feed 1.1 schema with %s", (_name, overrides) => {
    const articles =
      overrides.length === 0 ? [loadRealSeed(makeConfig())] : overrides.map((o) => makeArticle(o));
    expect(() => assertValidJsonFeed(jsonOf(articles))).not.toThrow();
  });
});

// What feed@6 gets wrong (tests/feeds/feed-package-defects.test.ts), which this renderer must not.
describe("renderJsonFeed: authors, dates and text as the model has them", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("never writes the deprecated singular author, at any level", () => {
    const text = jsonOf([makeArticle(), makeArticle({ id: "b", textCredits: [] })]);
    expect(allKeys(JSON.parse(text))).not.toContain("author");
  });

  it("renders an item without credits without throwing and without an authors key", () => {
    const text = jsonOf([makeArticle({ textCredits: [] })]);
    const item = onlyItem(text);
    expect(item).not.toHaveProperty("authors");
    // JSON Feed 1.1 "authors": an item without them falls back to the feed's.
    expect(readJson(text).authors).toEqual([{ name: "Feed Publisher" }]);
  });

  it("writes dates in the configured zone's offset, not UTC", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2030-06-15T12:00:00Z"));
    const item = onlyItem(jsonOf([makeArticle({ published: "2025-12-04T00:00:00+01:00" })]));
    expect(item.date_published).toBe("2025-12-04T00:00:00+01:00");
    expect(item).not.toHaveProperty("date_modified");
  });

  it("round-trips a title with & and < exactly", () => {
    const title = 'Fish & Chips <b>"teuer"</b> < 5 €';
    expect(parseJson(jsonOf([makeArticle({ title })])).items?.[0]?.title).toBe(title);
  });

  it("keeps a literal &amp; in title, summary and content as &amp;", () => {
    const item = onlyItem(
      jsonOf([
        makeArticle({ title: "A &amp; B", summary: "C &amp; D", contentHtml: "<p>&amp;amp;</p>" }),
      ]),
    );
    expect(item).toMatchObject({
      title: "A &amp; B",
      summary: "C &amp; D",
      content_html: "<p>&amp;amp;</p>",
    });
  });

  it.each(["a ]]> b ]]> c", "]]>]]>"])("keeps %j intact in every text field", (text) => {
    const item = onlyItem(
      jsonOf([
        makeArticle({
          title: text,
          summary: text,
          contentHtml: `<p>${text}</p>`,
          textCredits: [text],
        }),
      ]),
    );
    expect(item).toMatchObject({
      title: text,
      summary: text,
      content_html: `<p>${text}</p>`,
      authors: [{ name: text }],
    });
  });

  it.each([
    ["U+0000", "\u0000"],
    ["U+0008", "\u0008"],
    ["U+000B", "\u000B"],
    ["U+001F", "\u001F"],
    ["a lone surrogate U+D800", "\uD800"],
    ["U+FFFE", "\uFFFE"],
  ])(
    "drops %s like the XML formats do, so every format shows the same text",
    (_name, character) => {
      const text = `a${character}b`;
      const feed = readJson(
        jsonOf(
          [
            makeArticle({
              title: text,
              summary: text,
              contentHtml: `<p>${text}</p>`,
              textCredits: [text],
            }),
          ],
          { SITE_TITLE: text },
        ),
      );
      expect(feed.title).toBe("ab");
      expect(feed.items[0]).toMatchObject({
        title: "ab",
        summary: "ab",
        content_html: "<p>ab</p>",
        authors: [{ name: "ab" }],
      });
    },
  );
});
