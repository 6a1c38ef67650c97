import { describe, expect, it } from "vitest";
import {
  assertValidJsonFeed,
  JSON_FEED_1_1_VERSION,
  JsonFeed11Schema,
} from "../../harness/json-feed-schema.ts";

type Json = Record<string, unknown>;

/** A realistic 1.1 feed of a German local news site; each call returns a fresh copy to mutate. */
function germanFeed(): Json {
  return {
    version: JSON_FEED_1_1_VERSION,
    title: "Musterstädter Nachrichten",
    home_page_url: "https://news.example.org/",
    feed_url: "https://news.example.org/feed.json",
    description: "Die neuesten Meldungen aus Musterstadt und Umgebung",
    user_comment: "Dieser Feed ist für Feed-Reader gedacht.",
    next_url: "https://news.example.org/feed.json?page=2",
    icon: "https://news.example.org/icon-512.png",
    favicon: "https://news.example.org/favicon-64.png",
    authors: [
      { name: "Redaktion Musterstadt", url: "mailto:redaktion@news.example.org" },
      { name: "Jörg Müller", avatar: "https://news.example.org/avatars/jmueller.png" },
    ],
    language: "de",
    expired: false,
    hubs: [{ type: "WebSub", url: "https://pubsubhubbub.appspot.com/" }],
    _musterstadt: { about: "https://news.example.org/extension", ressort: "Lokales" },
    items: [
      {
        id: "tag:news.example.org,2025:weihnachtsmarkt-eroeffnet",
        url: "https://news.example.org/2025/12/weihnachtsmarkt-eroeffnet",
        title: "Weihnachtsmarkt auf dem Marktplatz eröffnet",
        content_html:
          "<p>Am Donnerstagabend hat Bürgermeisterin Schäfer den Weihnachtsmarkt eröffnet.</p>",
        summary: "Bürgermeisterin Schäfer eröffnet den Weihnachtsmarkt.",
        image: "https://news.example.org/bilder/weihnachtsmarkt.jpg",
        date_published: "2025-12-04T18:30:00+01:00",
        date_modified: "2025-12-04T19:05:12.250Z",
        authors: [{ name: "Jörg Müller" }],
        tags: ["Lokales", "Weihnachten"],
        language: "de-DE",
        attachments: [
          {
            url: "https://news.example.org/audio/weihnachtsmarkt.mp3",
            mime_type: "audio/mpeg",
            title: "Audiobeitrag",
            size_in_bytes: 2_483_200,
            duration_in_seconds: 155.5,
          },
        ],
      },
      {
        id: "tag:news.example.org,2025:stadtrat-haushalt",
        url: "https://news.example.org/2025/12/stadtrat-haushalt",
        content_text: "Der Stadtrat hat den Haushalt für 2026 beschlossen.",
        date_published: "2025-12-03T21:00:00Z",
      },
    ],
  };
}

function items(feed: Json): Json[] {
  return feed.items as Json[];
}

function firstItem(feed: Json): Json {
  const item = items(feed)[0];
  if (!item) throw new Error("the fixture feed has no items");
  return item;
}

/** Every issue as "path: message", the way the project's error messages show it. */
function issuesOf(feed: unknown): string[] {
  const result = JsonFeed11Schema.safeParse(feed);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

/** Matches an issue line about exactly this path; dots in extension names are literal. */
function startsWithPath(path: string): RegExp {
  return new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `);
}

describe("JsonFeed11Schema", () => {
  it("accepts a realistic German JSON Feed 1.1 with authors, language and hubs", () => {
    const feed = germanFeed();

    expect(issuesOf(feed)).toEqual([]);
    expect(JsonFeed11Schema.parse(feed)).toEqual(feed);
  });

  it("accepts the spec's own minimal example", () => {
    const example = {
      version: "https://jsonfeed.org/version/1.1",
      title: "My Example Feed",
      home_page_url: "https://example.org/",
      feed_url: "https://example.org/feed.json",
      items: [
        { id: "2", content_text: "This is a second item.", url: "https://example.org/second-item" },
        { id: "1", content_html: "<p>Hello, world!</p>", url: "https://example.org/initial-post" },
      ],
    };

    expect(issuesOf(example)).toEqual([]);
  });

  it.each<[string, (feed: Json) => void, string, string]>([
    [
      "the JSON Feed 1.0 version URL",
      (feed) => {
        feed.version = "https://jsonfeed.org/version/1";
      },
      "version",
      'must be "https://jsonfeed.org/version/1.1"',
    ],
    [
      "a missing title",
      (feed) => {
        delete feed.title;
      },
      "title",
      "is required",
    ],
    [
      "missing items",
      (feed) => {
        delete feed.items;
      },
      "items",
      "is required",
    ],
    [
      "an item without an id",
      (feed) => {
        delete firstItem(feed).id;
      },
      "items.0.id",
      "must be a string",
    ],
    [
      "a numeric item id",
      (feed) => {
        firstItem(feed).id = 42;
      },
      "items.0.id",
      "must be a string",
    ],
    [
      "an item with neither content_html nor content_text",
      (feed) => {
        delete firstItem(feed).content_html;
      },
      "items.0",
      'needs "content_html" or "content_text"',
    ],
    [
      "a date_published without a time (2025-12-04)",
      (feed) => {
        firstItem(feed).date_published = "2025-12-04";
      },
      "items.0.date_published",
      "must be an RFC 3339 date-time",
    ],
    [
      "a date_published in RFC 822 form (Thu, 04 Dec 2025 00:00:00 +0100)",
      (feed) => {
        firstItem(feed).date_published = "Thu, 04 Dec 2025 00:00:00 +0100";
      },
      "items.0.date_published",
      "must be an RFC 3339 date-time",
    ],
    [
      "a singular 1.0 author at the top level",
      (feed) => {
        feed.author = { name: "Redaktion Musterstadt" };
      },
      "author",
      'emit "authors"',
    ],
    [
      "a singular 1.0 author on an item",
      (feed) => {
        firstItem(feed).author = { name: "Jörg Müller" };
      },
      "items.0.author",
      'emit "authors"',
    ],
    [
      "an empty author object",
      (feed) => {
        feed.authors = [{}];
      },
      "authors.0",
      'needs at least one of "name", "url" or "avatar"',
    ],
    [
      "two items with the same id",
      (feed) => {
        const [first, second] = items(feed);
        if (second && first) second.id = first.id;
      },
      "items.1.id",
      'duplicate id "tag:news.example.org,2025:weihnachtsmarkt-eroeffnet", already used by items[0]',
    ],
    [
      "an unknown key without an underscore",
      (feed) => {
        firstItem(feed).categories = ["Lokales"];
      },
      "items.0.categories",
      'unknown item key "categories"',
    ],
    [
      "a relative feed_url",
      (feed) => {
        feed.feed_url = "/feed.json";
      },
      "feed_url",
      "must be an absolute http(s) URL",
    ],
  ])("rejects %s", (_name, mutate, path, message) => {
    const feed = germanFeed();
    mutate(feed);

    const issues = issuesOf(feed);

    expect(issues).toContainEqual(expect.stringContaining(`${path}: `));
    expect(issues.find((issue) => issue.startsWith(`${path}: `))).toContain(message);
  });

  it.each([
    ["UTC with Z", "2025-12-04T09:30:00Z"],
    ["a positive offset", "2025-12-04T09:30:00+01:00"],
    ["a negative offset, as in the spec's example", "2010-02-07T14:04:00-05:00"],
    ["fractional seconds", "2025-12-04T09:30:00.123456+01:00"],
    ["a leap day", "2024-02-29T12:00:00Z"],
  ])("accepts a date_published with %s", (_name, date) => {
    const feed = germanFeed();
    firstItem(feed).date_published = date;

    expect(issuesOf(feed)).toEqual([]);
  });

  it.each([
    ["no seconds", "2025-12-04T09:30+01:00"],
    ["no offset", "2025-12-04T09:30:00"],
    ["a space instead of T", "2025-12-04 09:30:00Z"],
    ["an offset without a colon", "2025-12-04T09:30:00+0100"],
    ["a day that does not exist", "2025-02-29T12:00:00Z"],
    ["hour 24", "2025-12-04T24:00:00Z"],
  ])("rejects a date_modified with %s", (_name, date) => {
    const feed = germanFeed();
    firstItem(feed).date_modified = date;

    expect(issuesOf(feed)).toEqual([
      expect.stringMatching(/^items\.0\.date_modified: must be an RFC 3339 date-time/),
    ]);
  });

  it.each([
    ["a non-object extension", { _musterstadt: "Lokales" }, "_musterstadt"],
    ["an extension name without a letter after _", { _1st: {} }, "_1st"],
    ["an extension name with a dot", { "_muster.stadt": {} }, "_muster.stadt"],
  ])("rejects %s", (_name, extension, path) => {
    const feed = germanFeed();
    delete feed._musterstadt;
    Object.assign(feed, extension);

    expect(issuesOf(feed)).toEqual([expect.stringMatching(startsWithPath(path))]);
  });

  it.each([
    ["an invalid language tag", { language: "Deutsch" }, "language"],
    [
      "a next_url equal to feed_url",
      { next_url: "https://news.example.org/feed.json" },
      "next_url",
    ],
    ["an empty authors array", { authors: [] }, "authors"],
    ["a javascript: icon", { icon: "javascript:alert(1)" }, "icon"],
    ["a non-boolean expired", { expired: "no" }, "expired"],
    ["a hub without a url", { hubs: [{ type: "WebSub" }] }, "hubs.0.url"],
  ])("rejects %s", (_name, change, path) => {
    const feed = { ...germanFeed(), ...change };

    expect(issuesOf(feed)).toEqual([expect.stringMatching(startsWithPath(path))]);
  });

  it("rejects an attachment without a mime_type", () => {
    const feed = germanFeed();
    const attachments = firstItem(feed).attachments as Json[];
    delete attachments[0]?.mime_type;

    expect(issuesOf(feed)).toEqual([
      expect.stringMatching(/^items\.0\.attachments\.0\.mime_type: /),
    ]);
  });
});

describe("assertValidJsonFeed", () => {
  it("returns the parsed feed when the text is valid", () => {
    const feed = germanFeed();

    expect(assertValidJsonFeed(JSON.stringify(feed))).toEqual(feed);
  });

  it("lists every issue as a path: message line, not just the first", () => {
    const feed = germanFeed();
    feed.version = "https://jsonfeed.org/version/1";
    feed.author = { name: "Redaktion Musterstadt" };
    firstItem(feed).date_published = "2025-12-04";
    firstItem(feed).categories = ["Lokales"];
    const [first, second] = items(feed);
    if (first && second) second.id = first.id;

    expect(() => assertValidJsonFeed(JSON.stringify(feed))).toThrowError(
      new Error(
        [
          "not a valid JSON Feed 1.1 document:",
          'version: must be "https://jsonfeed.org/version/1.1" (spec: Top-level, version)',
          "items[0].date_published: must be an RFC 3339 date-time such as 2010-02-07T14:04:00-05:00 (spec: Items, date_published)",
          'items[0].categories: unknown item key "categories": JSON Feed 1.1 does not define it, and extension names must start with "_" (spec: Extensions)',
          'author: the JSON Feed 1.0 field "author" is deprecated in 1.1; emit "authors" (an array of author objects) instead (spec: Deprecations)',
          'items[1].id: duplicate id "tag:news.example.org,2025:weihnachtsmarkt-eroeffnet", already used by items[0] (spec: Items, id)',
        ].join("\n"),
      ),
    );
  });

  it("throws a readable error when the text is not JSON", () => {
    expect(() => assertValidJsonFeed("<rss/>")).toThrowError(
      /^not a valid JSON Feed 1\.1 document:\n\(root\): not JSON: /,
    );
  });
});
