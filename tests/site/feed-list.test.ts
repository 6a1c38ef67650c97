import { describe, expect, it } from "vitest";
import { renderFeedList } from "../../src/site/feed-list.ts";
import { makeConfig } from "../support/builders.ts";
import { parseXml } from "../support/parse-xml.ts";

interface Outline {
  "@text": string;
  "@type"?: string;
  "@version"?: string;
  "@title"?: string;
  "@description"?: string;
  "@language"?: string;
  "@xmlUrl"?: string;
  "@htmlUrl"?: string;
  outline?: Outline[];
}

interface Opml {
  opml: {
    "@version": string;
    head: { title: string; docs: string };
    body: { outline: Outline[] };
  };
}

const CREDITS = [
  { name: "dpa", slug: "dpa" },
  { name: "picture alliance / TASS", slug: "picture-alliance-tass" },
];

function feedListOf(env: Record<string, string> = {}) {
  return parseXml(renderFeedList(CREDITS, makeConfig(env))) as unknown as Opml;
}

describe("renderFeedList", () => {
  it("is OPML 2.0 with a title in the site's language", () => {
    const { opml } = feedListOf({ SITE_TITLE: "Tagesblatt" });
    expect(opml["@version"]).toBe("2.0");
    expect(opml.head).toEqual({
      title: "Alle Feeds von Tagesblatt",
      docs: "http://opml.org/spec2.opml",
    });
    expect(feedListOf({ SITE_TITLE: "Daily", LANGUAGE: "en" }).opml.head.title).toBe(
      "All feeds from Daily",
    );
  });

  it.each([
    ["RSS", "feed.xml", "RSS"],
    ["Atom", "atom.xml", undefined],
    ["JSON Feed", "feed.json", undefined],
  ])("lists the main and every per-credit feed as %s", (format, file, version) => {
    const group = feedListOf().opml.body.outline.find((outline) => outline["@text"] === format);
    expect(
      group?.outline?.map((feed) => [
        feed["@type"],
        feed["@version"],
        feed["@text"],
        feed["@xmlUrl"],
      ]),
    ).toEqual([
      ["rss", version, "Feed Publisher", `https://news.example.org/${file}`],
      ["rss", version, "Feed Publisher: dpa", `https://news.example.org/credits/dpa/${file}`],
      [
        "rss",
        version,
        "Feed Publisher: picture alliance / TASS",
        `https://news.example.org/credits/picture-alliance-tass/${file}`,
      ],
    ]);
  });

  it("describes each feed as the feed does, with every URL absolute under BASE_URL", () => {
    const feeds = feedListOf({ BASE_URL: "https://example.org/news" }).opml.body.outline.flatMap(
      (group) => group.outline ?? [],
    );
    expect(feeds).toHaveLength(9);
    for (const feed of feeds) {
      expect(feed["@xmlUrl"]).toMatch(/^https:\/\/example\.org\/news\//u);
      expect(feed["@htmlUrl"]).toBe("https://example.org/news/");
      expect(feed["@language"]).toBe("de");
    }
    expect(feeds[1]?.["@description"]).toBe("Artikel von dpa bei Feed Publisher");
  });

  it("lists only the main feed when no article has a text credit", () => {
    const xml = renderFeedList([], makeConfig());
    const { opml } = parseXml(xml) as unknown as Opml;
    expect(opml.body.outline.map((group) => group.outline?.length)).toEqual([1, 1, 1]);
  });
});
