import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSeedPath } from "../../src/articles/article-id.ts";
import { SeedError } from "../../src/articles/errors.ts";
import {
  articleFromSummary,
  insertionIndex,
  limitArticles,
  loadArticles,
  loadFullText,
  loadSeed,
  seedNameProblem,
  sortNewestFirst,
} from "../../src/articles/load.ts";
import { normalizeArticle } from "../../src/articles/normalize.ts";
import type { SeedFile } from "../../src/articles/parse-seed.ts";
import { parseSeed } from "../../src/articles/parse-seed.ts";
import { makeArticle, makeConfig, seed } from "../support/builders.ts";

const FIXTURES = new URL("../fixtures/seeds/", import.meta.url);

/** Every `*.txt` fixture seed, read recursively, named by its path with `/`, in sorted order. */
function readFixtureSeeds(): SeedFile[] {
  return readdirSync(fileURLToPath(FIXTURES), { recursive: true, encoding: "utf8" })
    .map((path) => path.split("\\").join("/"))
    .filter(isSeedPath)
    .sort()
    .map((path) => ({ path, bytes: new Uint8Array(readFileSync(new URL(path, FIXTURES))) }));
}

describe("loadArticles", () => {
  it("publishes the good seeds around a broken one and reports the broken one", () => {
    const loaded = loadArticles(
      [
        seed(" date 2025-12-01 Eins.", "one.txt"),
        seed(" date 2025-02-30 Kaputt.", "broken.txt"),
        seed(" date 2025-12-02 Zwei.", "two.txt"),
      ],
      makeConfig(),
    );
    expect(loaded.articles.map((article) => article.id)).toEqual(["two", "one"]);
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toBeInstanceOf(SeedError);
    expect(loaded.problems[0]).toMatchObject({
      file: "broken.txt",
      line: 1,
      message: "broken.txt:1: impossible date 2025-02-30: that month has 28 days",
    });
  });

  it("reports a bad file name and still publishes the rest", () => {
    const loaded = loadArticles(
      [seed(" date 2025-12-04 Gut.", "good.txt"), seed(" date 2025-12-04 Gut.", "Bad Name ä.txt")],
      makeConfig(),
    );
    expect(loaded.articles.map((article) => article.id)).toEqual(["good"]);
    expect(loaded.problems.map((problem) => problem.message)).toEqual([
      "Bad Name ä.txt: file name has characters an article id cannot have (only A-Z a-z 0-9 . _ - and /): rename it to Bad-Name-ae.txt",
    ]);
  });

  it("publishes every valid fixture seed, newest first", () => {
    const loaded = loadArticles(readFixtureSeeds(), makeConfig());
    expect(loaded.articles.map((article) => [article.id, article.published])).toEqual([
      ["nested/2025/12/foo", "2025-12-09T00:00:00+01:00"],
      ["title-with-date-word", "2025-12-09T00:00:00+01:00"],
      ["bom", "2025-12-04T00:00:00+01:00"],
      ["crlf", "2025-12-04T00:00:00+01:00"],
      ["no-blank-line-after-header", "2025-12-04T00:00:00+01:00"],
      ["no-body", "2025-12-04T00:00:00+01:00"],
      ["dst-end-day", "2025-10-26T00:00:00+02:00"],
      ["dst-day", "2025-03-30T00:00:00+01:00"],
    ]);
  });

  it("reports every broken fixture seed with file and line", () => {
    const loaded = loadArticles(readFixtureSeeds(), makeConfig());
    expect(loaded.problems.map((problem) => problem.message)).toEqual([
      "Bad Name ä.txt: file name has characters an article id cannot have (only A-Z a-z 0-9 . _ - and /): rename it to Bad-Name-ae.txt",
      "binary.txt:3: binary file (it contains NUL bytes): a seed is UTF-8 text",
      "empty.txt: file is empty",
      "impossible-date.txt:1: impossible date 2025-02-30: that month has 28 days",
      "latin1.txt:1: not valid UTF-8 (byte 0xFC at offset 19); save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
      "month-13.txt:1: impossible date 2025-13-01: there is no month 13",
      "no-date.txt:1: header has no date: expected '[TITLE] date YYYY-MM-DD TEASER'",
      "no-title-no-teaser.txt:1: header has neither a title nor a teaser after the date",
      "whitespace-only.txt: file has no text, only white space",
    ]);
  });

  it("orders articles newest first and breaks ties by id", () => {
    const loaded = loadArticles(
      [
        seed(" date 2025-12-03 Alt.", "c.txt"),
        seed(" date 2025-12-04 Neu.", "b.txt"),
        seed(" date 2025-12-04 Neu.", "a.txt"),
        seed(" date 2025-12-05 Neuer.", "z.txt"),
      ],
      makeConfig(),
    );
    expect(loaded.articles.map((article) => article.id)).toEqual(["z", "a", "b", "c"]);
  });

  it("rethrows an error that is not a SeedError unchanged: that is our bug", () => {
    const bug = new TypeError("disk on fire");
    const failing: SeedFile = {
      path: "b.txt",
      get bytes(): Uint8Array {
        throw bug;
      },
    };
    let thrown: unknown;
    try {
      loadArticles([seed(" date 2025-12-04 Gut.", "a.txt"), failing], makeConfig());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBe(bug);
  });

  it("loads nothing from no seeds", () => {
    expect(loadArticles([], makeConfig())).toEqual({ articles: [], problems: [] });
  });

  it("publishes the newest MAX_ARTICLES and reports each older seed by its file, in file order", () => {
    const loaded = loadArticles(
      [
        seed(" date 2025-12-01 Eins.", "one.txt"),
        seed(" date 2025-12-03 Drei.", "three.txt"),
        seed(" date 2025-12-02 Zwei.", "two.txt"),
        seed(" date 2025-02-30 Kaputt.", "broken.txt"),
      ],
      makeConfig({ MAX_ARTICLES: "1" }),
    );
    expect(loaded.articles.map((article) => article.id)).toEqual(["three"]);
    expect(loaded.problems.map((problem) => problem.message)).toEqual([
      "broken.txt:1: impossible date 2025-02-30: that month has 28 days",
      "one.txt: not published: older than the newest MAX_ARTICLES (1) articles",
      "two.txt: not published: older than the newest MAX_ARTICLES (1) articles",
    ]);
  });

  it("publishes every article when there are exactly MAX_ARTICLES", () => {
    const loaded = loadArticles(
      [seed(" date 2025-12-01 Eins.", "one.txt"), seed(" date 2025-12-02 Zwei.", "two.txt")],
      makeConfig({ MAX_ARTICLES: "2" }),
    );
    expect(loaded.articles).toHaveLength(2);
    expect(loaded.problems).toEqual([]);
  });

  it("counts only valid seeds against MAX_ARTICLES", () => {
    const loaded = loadArticles(
      [seed("kaputt", "broken.txt"), seed(" date 2025-12-01 Eins.", "one.txt")],
      makeConfig({ MAX_ARTICLES: "1" }),
    );
    expect(loaded.articles.map((article) => article.id)).toEqual(["one"]);
    expect(loaded.problems.map((problem) => problem.file)).toEqual(["broken.txt"]);
  });

  it("applies the size and length limits of its settings to every seed", () => {
    const loaded = loadArticles(
      [seed(`${"T".repeat(121)} date 2025-12-01 Eins.`, "long.txt")],
      makeConfig({ MAX_TITLE_LENGTH: "120" }),
    );
    expect(loaded.problems.map((problem) => problem.message)).toEqual([
      "long.txt:1: title is 121 characters long, more than MAX_TITLE_LENGTH (120)",
    ]);
  });
});

describe("limitArticles", () => {
  it("keeps a list no longer than the limit as it is", () => {
    const articles = [makeArticle({ id: "a" }), makeArticle({ id: "b" })];
    expect(limitArticles(articles, 2)).toEqual({ published: articles, skipped: [] });
  });

  it("keeps the first (newest) articles and names the file of each one it skips", () => {
    const articles = ["c", "b", "a"].map((id) => makeArticle({ id }));
    const { published, skipped } = limitArticles(articles, 1);
    expect(published).toEqual(articles.slice(0, 1));
    expect(skipped.map((problem) => [problem.file, problem.line])).toEqual([
      ["b.txt", undefined],
      ["a.txt", undefined],
    ]);
    expect(skipped.every((problem) => problem instanceof SeedError)).toBe(true);
  });
});

describe("sortNewestFirst", () => {
  it("compares instants, not strings, across time zone offsets", () => {
    const articles = [
      makeArticle({ id: "berlin", published: "2025-12-04T00:00:00+01:00" }),
      makeArticle({ id: "new-york", published: "2025-12-03T20:00:00-05:00" }),
    ];
    expect(sortNewestFirst(articles).map((article) => article.id)).toEqual(["new-york", "berlin"]);
  });

  it("orders ties by id in code-point order, whatever the input order", () => {
    const published = "2025-12-04T00:00:00+01:00";
    const articles = ["b", "B", "a/z", "a", "10", "9"].map((id) => makeArticle({ id, published }));
    expect(sortNewestFirst(articles).map((article) => article.id)).toEqual([
      "10",
      "9",
      "B",
      "a",
      "a/z",
      "b",
    ]);
  });

  it("orders the same moment written with two offsets by id, as one tie", () => {
    const articles = [
      makeArticle({ id: "z", published: "2025-12-04T00:00:00+01:00" }),
      makeArticle({ id: "m", published: "2025-12-05T00:00:00+01:00" }),
      makeArticle({ id: "a", published: "2025-12-03T23:00:00+00:00" }),
    ];
    expect(sortNewestFirst(articles).map((article) => article.id)).toEqual(["m", "a", "z"]);
  });

  it("gives the order of a plain sort by instant, then id, for any list", () => {
    const days = ["2025-12-01T00:00:00+01:00", "2025-12-02T00:00:00+01:00", "2025-12-01T23:00:00Z"];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-c0-9/]{1,3}$/u), fc.constantFrom(...days)), {
          selector: ([id]) => id,
        }),
        (pairs) => {
          const articles = pairs.map(([id, published]) => makeArticle({ id, published }));
          const expected = [...articles].sort(
            (a, b) =>
              Date.parse(b.published) - Date.parse(a.published) ||
              (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
          );
          expect(sortNewestFirst(articles)).toEqual(expected);
        },
      ),
    );
  });

  it("leaves its input unchanged", () => {
    const articles = [
      makeArticle({ id: "old", published: "2025-12-01T00:00:00+01:00" }),
      makeArticle({ id: "new", published: "2025-12-02T00:00:00+01:00" }),
    ];
    sortNewestFirst(articles);
    expect(articles.map((article) => article.id)).toEqual(["old", "new"]);
  });
});

describe("loadSeed", () => {
  it("gives the same article as parsing and normalising on their own", () => {
    const file = seed("Titel date 2025-12-04 Anriss.\n\nText.", "2025/titel.txt");
    const loaded = loadSeed(file, makeConfig());
    expect(loaded.article()).toEqual(normalizeArticle(parseSeed(file), makeConfig()));
    const { contentHtml: _text, ...meta } = loaded.article();
    expect(loaded.meta).toEqual(meta);
  });

  it("reports a bad file name before anything the file holds", () => {
    expect(() => loadSeed(seed("no header at all", "Bad Name.txt"), makeConfig())).toThrow(
      "Bad Name.txt: file name has characters an article id cannot have",
    );
  });

  it("reports the text's problem with file and line when the name is good", () => {
    expect(() => loadSeed(seed(" date 2025-02-30 X."), makeConfig())).toThrow(
      "a.txt:1: impossible date 2025-02-30",
    );
  });
});

describe("loadFullText", () => {
  it("gives the article loadSeed gives, keeping the metadata it is handed", () => {
    const file = seed("Titel date 2025-12-04 Anriss.\n\nText.", "2025/titel.txt");
    const loaded = loadSeed(file, makeConfig());
    expect(loadFullText(file, loaded.meta, makeConfig())).toEqual(loaded.article());
  });

  it("refuses bytes that no longer parse, naming the file and line", () => {
    const { contentHtml: _text, ...meta } = makeArticle();
    expect(() => loadFullText(seed(" date 2025-02-30 X."), meta, makeConfig())).toThrow(
      "a.txt:1: impossible date 2025-02-30",
    );
  });
});

describe("seedNameProblem", () => {
  it.each([
    ["a.txt", undefined],
    ["2025/12/a-b_c.1.txt", undefined],
    ["Bad Name ä.txt", "rename it to Bad-Name-ae.txt"],
    ["../x.txt", "rename it to"],
  ])("finds in %s the problem %s", (path, problem) => {
    const found = seedNameProblem(path);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found?.message).toContain(problem);
  });
});

describe("articleFromSummary", () => {
  it("shows the summary as the text", () => {
    const { contentHtml: _text, ...meta } = makeArticle({ summary: "Fish & Chips." });
    expect(articleFromSummary(meta).contentHtml).toBe("<p>Fish &amp; Chips.</p>");
  });

  it("shows no text at all when there is no summary", () => {
    const { contentHtml: _text, ...meta } = makeArticle({ summary: "" });
    expect(articleFromSummary(meta).contentHtml).toBe("");
  });
});

describe("insertionIndex", () => {
  it("keeps a newest-first list in the order sortNewestFirst gives", () => {
    const articles = [
      makeArticle({ id: "b", published: "2025-12-04T00:00:00+01:00" }),
      makeArticle({ id: "a", published: "2025-12-04T00:00:00+01:00" }),
      makeArticle({ id: "c", published: "2025-12-06T00:00:00+01:00" }),
      makeArticle({ id: "d", published: "2025-12-01T00:00:00+01:00" }),
    ];
    const ordered: typeof articles = [];
    for (const article of articles) ordered.splice(insertionIndex(ordered, article), 0, article);
    expect(ordered).toEqual(sortNewestFirst(articles));
  });
});
