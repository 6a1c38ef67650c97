import { afterEach, describe, expect, it, vi } from "vitest";
import { assertWellFormedXml } from "../../harness/well-formed-xml.ts";
import type { Article } from "../../src/articles/schema.ts";
import { buildFeedModel } from "../../src/feeds/model.ts";
import { RSS_CONTENT_TYPE, renderRss } from "../../src/feeds/rss.ts";
import { makeArticle, makeConfig } from "../support/builders.ts";
import { loadRealSeed, parseRss, REAL_SEED_ID, unescapeHtmlOnce } from "../support/parse-feeds.ts";

function rssOf(articles: readonly Article[], env: Record<string, string> = {}): string {
  return renderRss(buildFeedModel(articles, makeConfig(env)));
}

function onlyItem(xml: string) {
  const item = parseRss(xml).items?.[0];
  if (item === undefined) throw new Error("the feed has no item");
  return item;
}

describe("renderRss", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is served as application/rss+xml in UTF-8", () => {
    expect(RSS_CONTENT_TYPE).toBe("application/rss+xml; charset=utf-8");
  });

  it("describes the channel: title, link, description, language, lastBuildDate and its own URL", () => {
    const channel = parseRss(rssOf([loadRealSeed(makeConfig())]));
    expect(channel.title).toBe("Feed Publisher");
    expect(channel.link).toBe("https://news.example.org/");
    expect(channel.description).toBe("Die neuesten Artikel von Feed Publisher");
    expect(channel.language).toBe("de");
    expect(channel.lastBuildDate).toBe("Thu, 04 Dec 2025 00:00:00 +0100");
    expect(channel.atom?.links).toContainEqual({
      href: "https://news.example.org/feed.xml",
      rel: "self",
      type: "application/rss+xml",
    });
  });

  it("writes the real seed's item field by field", () => {
    const article = loadRealSeed(makeConfig());
    const item = onlyItem(rssOf([article]));
    expect(item.guid).toEqual({
      value: `tag:localhost,2025:articles/${REAL_SEED_ID}`,
      isPermaLink: false,
    });
    expect(item.title).toBe(
      "Der US-Sondergesandte Witkoff will sich laut Berichten bereits am Donnerstag erneut mit ukrainischen Vertretern treffen.",
    );
    expect(item.link).toBe(`https://news.example.org/articles/${REAL_SEED_ID}`);
    expect(unescapeHtmlOnce(item.description ?? "")).toBe(
      "Der US-Sondergesandte Witkoff will sich laut Berichten bereits am Donnerstag erneut mit ukrainischen Vertretern treffen. Ein Gespräch mit Putin endete am Dienstag ohne Durchbruch.",
    );
    expect(item.content?.encoded).toBe(article.contentHtml);
    expect(item.content?.encoded).toContain(
      "<figure><figcaption>Der US-Sondergesandte Steve Witkoff war am Dienstag vom russischen Präsident Wladimir Putin in Moskau empfangen worden. <small>Quelle: picture alliance / TASS</small></figcaption></figure>",
    );
    expect(item.content?.encoded).toContain("<h2>Treffen in Moskau ohne Durchbruch</h2>");
    expect(item.pubDate).toBe("Thu, 04 Dec 2025 00:00:00 +0100");
    expect(item.dc?.creators).toEqual(["dpa"]);
    expect(item.media?.credits).toEqual([{ value: "picture alliance / TASS" }]);
  });

  it("writes one dc:creator per text credit, in order", () => {
    const item = onlyItem(rssOf([makeArticle({ textCredits: ["dpa", "AFP", "dpa/AFP"] })]));
    expect(item.dc?.creators).toEqual(["dpa", "AFP", "dpa/AFP"]);
  });

  it("writes no dc:creator for an article without a text credit, and invents none", () => {
    const xml = rssOf([makeArticle({ textCredits: [] })]);
    expect(onlyItem(xml).dc?.creators).toBeUndefined();
    expect(xml).not.toContain("<dc:creator");
    expect(xml).not.toContain("Feed Publisher</dc:creator>");
  });

  it("writes one media:credit per photo credit, in order", () => {
    const item = onlyItem(
      rssOf([
        makeArticle({
          photoCredits: [
            { credit: "picture alliance / TASS", caption: "Bild eins." },
            { credit: "AP", caption: "Bild zwei." },
          ],
        }),
      ]),
    );
    expect(item.media?.credits).toEqual([{ value: "picture alliance / TASS" }, { value: "AP" }]);
  });

  it("writes no media:credit for an article without photos", () => {
    const xml = rssOf([makeArticle({ photoCredits: [] })]);
    expect(onlyItem(xml).media).toBeUndefined();
    expect(xml).not.toContain("<media:credit");
  });

  it("writes the summary as HTML: escaped once as HTML, once more as XML", () => {
    const item = onlyItem(rssOf([makeArticle({ summary: "1 < 2 & <b>fett</b>" })]));
    expect(item.description).toBe("1 &lt; 2 &amp; &lt;b&gt;fett&lt;/b&gt;");
    expect(unescapeHtmlOnce(item.description ?? "")).toBe("1 < 2 & <b>fett</b>");
  });

  it("sends the full text as the description when there is no teaser, never content alone", () => {
    const xml = rssOf([
      makeArticle({ title: "Nur ein Titel", summary: "", contentHtml: "<p>Der Text.</p>" }),
    ]);
    expect(onlyItem(xml).title).toBe("Nur ein Titel");
    expect(onlyItem(xml).description).toBe("<p>Der Text.</p>");
    expect(xml).not.toContain("<content:encoded>");
  });

  it("puts the description before content:encoded (RSS Best Practices Profile)", () => {
    const xml = rssOf([makeArticle()]);
    expect(xml.indexOf("<description>", xml.indexOf("<item>"))).toBeLessThan(
      xml.indexOf("<content:encoded>"),
    );
  });

  it("lists items in the model's order, newest first", () => {
    const channel = parseRss(
      rssOf([
        makeArticle({ id: "b", published: "2025-12-05T00:00:00+01:00" }),
        makeArticle({ id: "a", published: "2025-12-04T00:00:00+01:00" }),
      ]),
    );
    expect(channel.items?.map((item) => item.guid?.value)).toEqual([
      "tag:localhost,2025:articles/b",
      "tag:localhost,2025:articles/a",
    ]);
  });

  it("is well-formed with no articles, dated at the Unix epoch", () => {
    const channel = parseRss(rssOf([]));
    expect(channel.lastBuildDate).toBe("Thu, 01 Jan 1970 00:00:00 +0000");
    expect(channel.items).toBeUndefined();
  });

  it("follows BASE_URL in the channel's links but never in guids", () => {
    const channel = parseRss(rssOf([makeArticle()], { BASE_URL: "https://other.example" }));
    expect(channel.link).toBe("https://other.example/");
    expect(channel.atom?.links?.find((link) => link.rel === "self")?.href).toBe(
      "https://other.example/feed.xml",
    );
    expect(channel.items?.[0]?.guid?.value).toBe("tag:localhost,2025:articles/sample");
  });
});

// Each test fails with what feed@6 writes on its own (issue 3, "Known defects of feed@6").
describe("renderRss: feed@6 defects", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("dates lastBuildDate by the newest item, not the clock", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2030-06-15T12:00:00Z"));
    const channel = parseRss(
      rssOf([
        makeArticle({ id: "new", published: "2025-12-05T00:00:00+01:00" }),
        makeArticle({ id: "old", published: "2025-12-04T00:00:00+01:00" }),
      ]),
    );
    expect(channel.lastBuildDate).toBe("Fri, 05 Dec 2025 00:00:00 +0100");
  });

  it("uses a tag: guid with isPermaLink=false", () => {
    const xml = rssOf([makeArticle()]);
    expect(xml).toContain('<guid isPermaLink="false">tag:localhost,2025:articles/sample</guid>');
  });

  it("round-trips a title with & and < exactly", () => {
    const title = 'Fish & Chips <b>"teuer"</b> < 5 €';
    expect(onlyItem(rssOf([makeArticle({ title })])).title).toBe(title);
  });

  it.each([
    ["title", { title: "A &amp; B" }, (item: ReturnType<typeof onlyItem>) => item.title],
    [
      "summary",
      { summary: "A &amp; B" },
      (item: ReturnType<typeof onlyItem>) => unescapeHtmlOnce(item.description ?? ""),
    ],
    [
      "content",
      { contentHtml: "<p>A &amp;amp; B</p>" },
      (item: ReturnType<typeof onlyItem>) => item.content?.encoded,
    ],
  ])("keeps a literal &amp; in the %s as &amp;", (_field, overrides, read) => {
    const expected = Object.values(overrides)[0];
    expect(read(onlyItem(rssOf([makeArticle(overrides)])))).toBe(expected);
  });

  it.each(["a ]]> b ]]> c", "]]>]]>"])("keeps %j intact in every text field", (text) => {
    const item = onlyItem(
      rssOf([
        makeArticle({
          title: text,
          summary: text,
          contentHtml: `<p>${text}</p>`,
          textCredits: [text],
          photoCredits: [{ credit: text, caption: "Bild." }],
        }),
      ]),
    );
    expect(item.title).toBe(text);
    expect(unescapeHtmlOnce(item.description ?? "")).toBe(text);
    expect(item.content?.encoded).toBe(`<p>${text}</p>`);
    expect(item.dc?.creators).toEqual([text]);
    expect(item.media?.credits).toEqual([{ value: text }]);
  });

  it.each([
    ["U+0000", "\u0000"],
    ["U+0008", "\u0008"],
    ["U+000B", "\u000B"],
    ["U+000C", "\u000C"],
    ["U+000E", "\u000E"],
    ["U+001F", "\u001F"],
    ["a lone surrogate U+D800", "\uD800"],
    ["U+FFFE", "\uFFFE"],
  ])("drops %s, which XML 1.0 forbids, and stays well-formed", (_name, character) => {
    const text = `a${character}b`;
    const xml = rssOf(
      [
        makeArticle({
          title: text,
          summary: text,
          contentHtml: `<p>${text}</p>`,
          textCredits: [text],
          photoCredits: [{ credit: text, caption: "Bild." }],
        }),
      ],
      { SITE_TITLE: text },
    );
    assertWellFormedXml(xml);
    expect(xml).not.toContain(character);
    const channel = parseRss(xml);
    expect(channel.title).toBe("ab");
    expect(channel.items?.[0]).toMatchObject({
      title: "ab",
      description: "ab",
      content: { encoded: "<p>ab</p>" },
      dc: { creators: ["ab"] },
      media: { credits: [{ value: "ab" }] },
    });
  });

  it("never writes <author> for a name without an e-mail: dc:creator instead", () => {
    const xml = rssOf([makeArticle({ textCredits: ["dpa"] })], { SITE_AUTHOR: "Redaktion" });
    const item = onlyItem(xml);
    expect(xml).not.toContain("<author");
    expect(item.authors).toBeUndefined();
    expect(item.dc?.creators).toEqual(["dpa"]);
  });

  it("credits photos with Media RSS media:credit in the Media RSS namespace", () => {
    const xml = rssOf([makeArticle({ photoCredits: [{ credit: "AP", caption: "Bild." }] })]);
    expect(xml).toContain('xmlns:media="http://search.yahoo.com/mrss/"');
    expect(onlyItem(xml).media?.credits).toEqual([{ value: "AP" }]);
  });
});
