import { afterEach, describe, expect, it, vi } from "vitest";
import { assertWellFormedXml } from "../../harness/well-formed-xml.ts";
import type { Article } from "../../src/articles/schema.ts";
import { ATOM_CONTENT_TYPE, renderAtom } from "../../src/feeds/atom.ts";
import { buildFeedModel } from "../../src/feeds/model.ts";
import { makeArticle, makeConfig } from "../support/builders.ts";
import { loadRealSeed, parseAtom, REAL_SEED_ID } from "../support/parse-feeds.ts";

function atomOf(articles: readonly Article[], env: Record<string, string> = {}): string {
  return renderAtom(buildFeedModel(articles, makeConfig(env)));
}

type Entry = ReturnType<typeof onlyEntry>;

function onlyEntry(xml: string) {
  const entry = parseAtom(xml).entries?.[0];
  if (entry === undefined) throw new Error("the feed has no entry");
  return entry;
}

describe("renderAtom", () => {
  it("is served as application/atom+xml in UTF-8", () => {
    expect(ATOM_CONTENT_TYPE).toBe("application/atom+xml; charset=utf-8");
  });

  it("describes the feed: id, title, updated, self and alternate links, language and author", () => {
    const feed = parseAtom(atomOf([loadRealSeed(makeConfig())]));
    expect(feed.id).toBe("tag:localhost,2025:feeds/main");
    expect(feed.title).toEqual({ value: "Feed Publisher", type: "text" });
    expect(feed.subtitle).toEqual({
      value: "Die neuesten Artikel von Feed Publisher",
      type: "text",
    });
    expect(feed.updated).toBe("2025-12-04T00:00:00+01:00");
    expect(feed.links).toContainEqual({
      href: "https://news.example.org/atom.xml",
      rel: "self",
      type: "application/atom+xml",
    });
    expect(feed.links).toContainEqual({
      href: "https://news.example.org/",
      rel: "alternate",
      type: "text/html",
    });
    expect(feed.xml?.lang).toBe("de");
    expect(feed.authors).toEqual([{ name: "Feed Publisher" }]);
  });

  it("names SITE_AUTHOR as the feed-level author", () => {
    expect(parseAtom(atomOf([], { SITE_AUTHOR: "Redaktion" })).authors).toEqual([
      { name: "Redaktion" },
    ]);
  });

  it("writes the real seed's entry field by field", () => {
    const article = loadRealSeed(makeConfig());
    const entry = onlyEntry(atomOf([article]));
    expect(entry.id).toBe(`tag:localhost,2025:articles/${REAL_SEED_ID}`);
    expect(entry.title).toEqual({
      value:
        "Der US-Sondergesandte Witkoff will sich laut Berichten bereits am Donnerstag erneut mit ukrainischen Vertretern treffen.",
      type: "text",
    });
    expect(entry.links).toEqual([
      {
        href: `https://news.example.org/articles/${REAL_SEED_ID}`,
        rel: "alternate",
        type: "text/html",
      },
    ]);
    expect(entry.published).toBe("2025-12-04T00:00:00+01:00");
    expect(entry.updated).toBe("2025-12-04T00:00:00+01:00");
    expect(entry.summary).toEqual({
      value:
        "Der US-Sondergesandte Witkoff will sich laut Berichten bereits am Donnerstag erneut mit ukrainischen Vertretern treffen. Ein Gespräch mit Putin endete am Dienstag ohne Durchbruch.",
      type: "text",
    });
    expect(entry.content).toEqual({ value: article.contentHtml, type: "html" });
    expect(entry.authors).toEqual([{ name: "dpa" }]);
  });

  it("writes one author per text credit, in order", () => {
    const entry = onlyEntry(atomOf([makeArticle({ textCredits: ["dpa", "AFP"] })]));
    expect(entry.authors).toEqual([{ name: "dpa" }, { name: "AFP" }]);
  });

  it("writes no entry author without a text credit, so the feed-level author applies", () => {
    const xml = atomOf([makeArticle({ textCredits: [] })]);
    expect(onlyEntry(xml).authors).toBeUndefined();
    // RFC 4287 §4.1.1: then the feed itself must name an author.
    expect(parseAtom(xml).authors).toEqual([{ name: "Feed Publisher" }]);
  });

  it("leaves out the summary when it is empty", () => {
    const entry = onlyEntry(atomOf([makeArticle({ title: "Nur ein Titel", summary: "" })]));
    expect(entry.title?.value).toBe("Nur ein Titel");
    expect(entry.summary).toBeUndefined();
  });

  it("marks title and summary as text, never html", () => {
    const xml = atomOf([makeArticle()]);
    expect(xml).not.toMatch(/<(title|summary|subtitle)\b[^>]*type="html"/u);
    expect(xml).toContain('<content type="html">');
  });

  it("is well-formed with no entries, dated at the Unix epoch", () => {
    const feed = parseAtom(atomOf([]));
    expect(feed.updated).toBe("1970-01-01T00:00:00Z");
    expect(feed.entries).toBeUndefined();
  });

  it("follows BASE_URL in the feed's links but never in its id", () => {
    const feed = parseAtom(atomOf([], { BASE_URL: "https://other.example" }));
    expect(feed.id).toBe("tag:localhost,2025:feeds/main");
    expect(feed.links?.map((link) => link.href)).toContain("https://other.example/atom.xml");
  });
});

// Each test fails with what feed@6 writes on its own (issue 3, "Known defects of feed@6").
describe("renderAtom: feed@6 defects", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("dates the feed's updated by the newest entry, not the clock", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2030-06-15T12:00:00Z"));
    const feed = parseAtom(
      atomOf([
        makeArticle({ id: "new", published: "2025-12-05T00:00:00+01:00" }),
        makeArticle({ id: "old", published: "2025-12-04T00:00:00+01:00" }),
      ]),
    );
    expect(feed.updated).toBe("2025-12-05T00:00:00+01:00");
  });

  it.each([
    ["a tag: URI", "tag:localhost,2025:articles/a", "a"],
    ["a tag: URI with an e-mail authority", "tag:desk@news.example.org,2025-12-04:articles/b", "b"],
  ])("accepts %s as an entry id (feed@6 passes ids through new URL())", (_name, guid, id) => {
    expect(onlyEntry(atomOf([makeArticle({ id, guid })])).id).toBe(guid);
  });

  it("accepts a tag: URI as the feed id", () => {
    const feed = parseAtom(atomOf([], { ID_AUTHORITY: "news.example.org,2025-12-04" }));
    expect(feed.id).toBe("tag:news.example.org,2025-12-04:feeds/main");
  });

  it("round-trips a title with & and < exactly", () => {
    const title = 'Fish & Chips <b>"teuer"</b> < 5 €';
    const entry = onlyEntry(atomOf([makeArticle({ title, summary: title })]));
    expect(entry.title).toEqual({ value: title, type: "text" });
    expect(entry.summary).toEqual({ value: title, type: "text" });
  });

  it.each([
    ["title", { title: "A &amp; B" }, (entry: Entry) => entry.title?.value],
    ["summary", { summary: "A &amp; B" }, (entry: Entry) => entry.summary?.value],
    ["content", { contentHtml: "<p>A &amp;amp; B</p>" }, (entry: Entry) => entry.content?.value],
  ])("keeps a literal &amp; in the %s as &amp;", (_field, overrides, read) => {
    const expected = Object.values(overrides)[0];
    expect(read(onlyEntry(atomOf([makeArticle(overrides)])))).toBe(expected);
  });

  it.each(["a ]]> b ]]> c", "]]>]]>"])("keeps %j intact in every text field", (text) => {
    const entry = onlyEntry(
      atomOf([
        makeArticle({
          title: text,
          summary: text,
          contentHtml: `<p>${text}</p>`,
          textCredits: [text],
        }),
      ]),
    );
    expect(entry.title?.value).toBe(text);
    expect(entry.summary?.value).toBe(text);
    expect(entry.content?.value).toBe(`<p>${text}</p>`);
    expect(entry.authors).toEqual([{ name: text }]);
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
    const xml = atomOf(
      [
        makeArticle({
          title: text,
          summary: text,
          contentHtml: `<p>${text}</p>`,
          textCredits: [text],
        }),
      ],
      { SITE_TITLE: text, SITE_AUTHOR: text },
    );
    assertWellFormedXml(xml);
    expect(xml).not.toContain(character);
    const feed = parseAtom(xml);
    expect(feed.title?.value).toBe("ab");
    expect(feed.authors).toEqual([{ name: "ab" }]);
    expect(feed.entries?.[0]).toMatchObject({
      title: { value: "ab" },
      summary: { value: "ab" },
      content: { value: "<p>ab</p>" },
      authors: [{ name: "ab" }],
    });
  });

  it("declares the feed's language with xml:lang", () => {
    const xml = atomOf([], { LANGUAGE: "de-AT" });
    expect(xml).toMatch(/<feed [^>]*xml:lang="de-AT"/u);
    expect(parseAtom(xml).xml?.lang).toBe("de-AT");
  });
});
