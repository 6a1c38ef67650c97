import { Feed, type FeedOptions, type Item } from "feed";
import { parseAtomFeed } from "feedsmith";
import { afterEach, describe, expect, it, vi } from "vitest";
import { assertWellFormedXml } from "../../harness/well-formed-xml.ts";
import { parseAtom, parseRss } from "../support/parse-feeds.ts";

// docs/rendering.md says why RSS, Atom and JSON Feed are written without the `feed` package. Each test
// below asserts one of those reasons on feed@6's own output, so an upgrade that fixes one fails
// here and tells us to revisit our renderer (and the "why" in docs/rendering.md).

const PUBLISHED = new Date("2025-12-04T00:00:00+01:00");

/** What we would hand feed@6 for a feed like ours: the options we use plus any overrides. */
function feedOptions(overrides: Partial<FeedOptions> = {}): FeedOptions {
  return {
    id: "tag:localhost,2025:feeds/main",
    title: "Feed Publisher",
    description: "The latest articles from Feed Publisher",
    link: "https://news.example.org/",
    feedLinks: { json: "https://news.example.org/feed.json" },
    updated: PUBLISHED,
    generator: false,
    ...overrides,
  };
}

/** One article as we would hand it to feed@6, with any field overridden. */
function feedItem(overrides: Partial<Item> = {}): Item {
  return {
    id: "tag:localhost,2025:articles/a",
    link: "https://news.example.org/articles/a",
    title: "Ein Titel",
    date: PUBLISHED,
    published: PUBLISHED,
    description: "Eine Zusammenfassung.",
    content: "<p>Der Text.</p>",
    author: [{ name: "dpa" }],
    ...overrides,
  };
}

/** A feed@6 `Feed` holding the given items. */
function makeFeed(options: Partial<FeedOptions> = {}, items: readonly Item[] = []): Feed {
  const feed = new Feed(feedOptions(options));
  for (const item of items) feed.addItem(item);
  return feed;
}

type XmlFormat = "rss2" | "atom1";

const XML_FORMATS: readonly XmlFormat[] = ["rss2", "atom1"];

type JsonObject = Record<string, unknown>;

/** The top-level JSON Feed object feed@6 writes for one item, and that item. */
function jsonOf(options: Partial<FeedOptions>, item: Item): { feed: JsonObject; item: JsonObject } {
  const feed = JSON.parse(makeFeed(options, [item]).json1()) as JsonObject & {
    items: JsonObject[];
  };
  const [only] = feed.items;
  if (only === undefined) throw new Error("feed@6 wrote no item");
  return { feed, item: only };
}

describe("feed@6 defects (if one of these fails, feed was fixed: revisit our renderer)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(XML_FORMATS)("%s() reads a literal &amp; in the feed title back as &", (format) => {
    const xml = makeFeed({ title: "A &amp; B" })[format]();
    // xml-js turns "&amp;" back into "&" before it escapes "&", so the text is escaped once too
    // few times: a reader sees "&".
    expect(xml).toContain("<title>A &amp; B</title>");
    const title = format === "rss2" ? parseRss(xml).title : parseAtom(xml).title?.value;
    expect(title).toBe("A & B");
  });

  // xml-js writeCdata calls String#replace with a string pattern, which replaces one match.
  it.each(XML_FORMATS)("%s() splits only the first ]]> of a CDATA section", (format) => {
    const xml = makeFeed({}, [feedItem({ title: "a ]]> b ]]> c" })])[format]();
    expect(xml).toContain("<![CDATA[a ]]]]><![CDATA[> b ]]> c]]>");
    expect(() => assertWellFormedXml(xml)).toThrow('"]]>" must not appear in text');
  });

  it.each([
    ["rss2", "U+0000", "\u0000"],
    ["atom1", "U+0000", "\u0000"],
    ["rss2", "U+001F", "\u001F"],
    // A lone surrogate: not even Unicode text.
    ["atom1", "U+D800", "\uD800"],
  ] as const)("%s() passes %s, which XML 1.0 forbids", (format, codePoint, character) => {
    const xml = makeFeed({ title: `a${character}b` })[format]();
    expect(xml).toContain(`a${character}b`);
    expect(() => assertWellFormedXml(xml)).toThrow(`XML 1.0 §2.2 forbids ${codePoint}`);
  });

  it.each([
    ["rss2", (xml: string) => parseRss(xml).lastBuildDate, "Sat, 15 Jun 2030 12:34:56 GMT"],
    ["atom1", (xml: string) => parseAtom(xml).updated, "2030-06-15T12:34:56.000Z"],
  ] as const)("%s() dates a feed without `updated` by the clock", (format, read, clock) => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2030-06-15T12:34:56Z"));
    expect(read(makeFeed({ updated: undefined })[format]())).toBe(clock);
  });

  it("rss2() puts a credit's name in <author>, which RSS 2.0 keeps for e-mail addresses", () => {
    const xml = makeFeed({}, [feedItem({ author: [{ name: "dpa" }] })]).rss2();
    expect(xml).toContain("<author>dpa</author>");
    expect(xml).not.toContain("dc:creator");
  });

  it("atom1() marks plain-text titles and summaries type=html", () => {
    const text = "Fish and Chips <b>teuer</b> < 5";
    const xml = makeFeed({}, [feedItem({ title: text, description: text })]).atom1();
    // feedsmith directly: our checker assumes text never holds a raw "<", which CDATA allows.
    const entry = parseAtomFeed(xml).entries?.[0];
    expect(entry?.title).toEqual({ value: text, type: "html" });
    expect(entry?.summary).toEqual({ value: text, type: "html" });
  });

  it("atom1() leaves out xml:lang even when given a language", () => {
    const xml = makeFeed({ language: "de" }).atom1();
    expect(xml).not.toContain("xml:lang");
    expect(parseAtom(xml).xml?.lang).toBeUndefined();
  });

  it("json1() writes version 1, not 1.1", () => {
    expect(jsonOf({}, feedItem()).feed.version).toBe("https://jsonfeed.org/version/1");
  });

  it("json1() writes the deprecated singular author and keeps only the first credit", () => {
    const { feed, item } = jsonOf(
      { author: { name: "Feed Publisher" } },
      feedItem({ author: [{ name: "dpa" }, { name: "AFP" }] }),
    );
    expect(feed).toMatchObject({ author: { name: "Feed Publisher" } });
    expect(feed).not.toHaveProperty("authors");
    expect(item).toMatchObject({ author: { name: "dpa" } });
    expect(item).not.toHaveProperty("authors");
  });

  it("json1() throws on an item with an empty author list", () => {
    expect(() => makeFeed({}, [feedItem({ author: [] })]).json1()).toThrow(TypeError);
  });

  it("json1() leaves out the language even when given one", () => {
    const { feed, item } = jsonOf({ language: "de" }, feedItem());
    expect(feed).not.toHaveProperty("language");
    expect(item).not.toHaveProperty("language");
  });

  it("json1() writes dates in UTC, not in their offset", () => {
    expect(jsonOf({}, feedItem()).item).toMatchObject({
      date_published: "2025-12-03T23:00:00.000Z",
      date_modified: "2025-12-03T23:00:00.000Z",
    });
  });

  it("json1() turns the summary of an item without content into its content", () => {
    const { content: _content, ...withoutContent } = feedItem({ description: "Nur ein Anriss." });
    const { item } = jsonOf({}, withoutContent);
    expect(item).not.toHaveProperty("summary");
    expect(item).toMatchObject({ content_html: "Nur ein Anriss." });
  });

  it("json1() leaves out the WebSub hub and the favicon even when given them", () => {
    const { feed } = jsonOf(
      { hub: "https://hub.example/", favicon: "https://news.example.org/icon.png" },
      feedItem(),
    );
    expect(feed).not.toHaveProperty("hubs");
    expect(feed).not.toHaveProperty("favicon");
  });

  it("json1() passes a lone surrogate, which is no Unicode text (RFC 8259 §8.2)", () => {
    const { item } = jsonOf({}, feedItem({ title: "a\uD800b" }));
    expect(item.title).toBe("a\uD800b");
  });
});
