import { describe, expect, it } from "vitest";
import {
  NEWS_SITEMAP_MAX_ARTICLES,
  newsLanguage,
  recentArticles,
  renderNewsSitemap,
} from "../../src/site/news-sitemap.ts";
import { makeArticle, makeConfig } from "../support/builders.ts";
import { parseXml } from "../support/parse-xml.ts";

/** Articles dated on each day, newest first, as a site lists them. */
function onDays(...days: string[]) {
  return days.map((day) => makeArticle({ id: day, published: `${day}T00:00:00+01:00` }));
}

interface NewsUrlset {
  urlset: {
    "@xmlns": string;
    "@xmlns:news": string;
    url: Array<{
      loc: string;
      "news:news": {
        "news:publication": { "news:name": string; "news:language": string };
        "news:publication_date": string;
        "news:title": string;
      };
    }>;
  };
}

describe("recentArticles", () => {
  const articles = onDays("2025-12-06", "2025-12-05", "2025-12-04", "2025-12-03");

  it.each([
    [
      "early on Dec 5 in Berlin",
      "2025-12-05T06:00:00+01:00",
      ["2025-12-06", "2025-12-05", "2025-12-04"],
    ],
    [
      "late on Dec 5 in Berlin",
      "2025-12-05T23:30:00+01:00",
      ["2025-12-06", "2025-12-05", "2025-12-04"],
    ],
    ["just after midnight on Dec 6", "2025-12-06T00:00:01+01:00", ["2025-12-06", "2025-12-05"]],
    ["a week later", "2025-12-13T12:00:00+01:00", []],
  ])("takes the articles of today and yesterday when it is %s", (_name, now, ids) => {
    expect(recentArticles(articles, Date.parse(now)).map((article) => article.id)).toEqual(ids);
  });

  it("keeps at most the newest 1,000, as Google allows", () => {
    const many = Array.from({ length: 1_200 }, (_, index) =>
      makeArticle({ id: `a${index}`, published: "2025-12-05T00:00:00+01:00" }),
    );
    const recent = recentArticles(many, Date.parse("2025-12-05T12:00:00+01:00"));
    expect(recent).toHaveLength(NEWS_SITEMAP_MAX_ARTICLES);
    expect(recent[0]?.id).toBe("a0");
  });
});

describe("renderNewsSitemap", () => {
  it("writes each article with Google's news: elements, URLs absolute under BASE_URL", () => {
    const settings = makeConfig({ SITE_TITLE: "Tagesblatt & Co", LANGUAGE: "de-AT" });
    const xml = renderNewsSitemap(
      [makeArticle({ id: "a", title: "Tom & Jerry <live>" })],
      settings,
    );
    const { urlset } = parseXml(xml) as unknown as NewsUrlset;
    expect(urlset["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(urlset["@xmlns:news"]).toBe("http://www.google.com/schemas/sitemap-news/0.9");
    expect(urlset.url).toEqual([
      {
        loc: "https://news.example.org/articles/a",
        "news:news": {
          "news:publication": { "news:name": "Tagesblatt & Co", "news:language": "de" },
          "news:publication_date": "2025-12-04T00:00:00+01:00",
          "news:title": "Tom & Jerry <live>",
        },
      },
    ]);
  });

  it("is an empty urlset when nothing is recent", () => {
    const xml = renderNewsSitemap([], makeConfig());
    expect((parseXml(xml) as { urlset: unknown }).urlset).toEqual({
      "@xmlns": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "@xmlns:news": "http://www.google.com/schemas/sitemap-news/0.9",
    });
  });
});

describe("newsLanguage", () => {
  it.each([
    ["de", "de"],
    ["de-AT", "de"],
    ["en-GB", "en"],
    ["EN", "en"],
    ["zh-CN", "zh-cn"],
    ["zh-Hans", "zh-cn"],
    ["zh-TW", "zh-tw"],
    ["zh-Hant-HK", "zh-tw"],
  ])("writes LANGUAGE=%s as %s", (tag, language) => {
    expect(newsLanguage(tag)).toBe(language);
  });
});
