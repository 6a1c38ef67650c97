import { describe, expect, it } from "vitest";
import { loadArticles } from "../../src/articles/load.ts";
import { publishSeeds } from "../../src/site/input.ts";
import { makeConfig, seed } from "../support/builders.ts";

/** A seed file with a modification time, as a runtime hands it to publishSeeds. */
function timed(text: string, path: string, modifiedMs = 1_000) {
  return { ...seed(text, path), modifiedMs };
}

describe("publishSeeds", () => {
  it("publishes what loadArticles loads, newest first, with problems sorted by file", () => {
    const files = [
      timed(" date 2025-12-01 Eins.", "z/one.txt"),
      timed(" date 2025-02-30 Kaputt.", "b.txt"),
      timed("no header", "Bad Name.txt"),
      timed(" date 2025-12-03 Drei.", "three.txt"),
    ];
    const input = publishSeeds(files, new Map(), makeConfig());
    const loaded = loadArticles(files, makeConfig());
    expect(input.articles).toEqual(loaded.articles);
    expect(input.problems.map((problem) => problem.file)).toEqual(["Bad Name.txt", "b.txt"]);
    expect(input.problems).toEqual(loaded.problems);
  });

  it("keeps each article's file time and every folder's time for Last-Modified", () => {
    const folderTimes = new Map([
      ["", 5_000],
      ["z", 6_000],
    ]);
    const input = publishSeeds(
      [timed(" date 2025-12-01 Eins.", "z/one.txt", 4_000)],
      folderTimes,
      makeConfig(),
    );
    expect(input.modifiedTimes?.get("z/one")).toBe(4_000);
    expect(input.folderTimes).toEqual(folderTimes);
  });

  it("reports every seed past MAX_ARTICLES by its file instead of publishing it", () => {
    const input = publishSeeds(
      [timed(" date 2025-12-01 Alt.", "old.txt"), timed(" date 2025-12-02 Neu.", "new.txt")],
      new Map(),
      makeConfig({ MAX_ARTICLES: "1" }),
    );
    expect(input.articles.map((article) => article.id)).toEqual(["new"]);
    expect(input.problems.map((problem) => problem.message)).toEqual([
      "old.txt: not published: older than the newest MAX_ARTICLES (1) articles",
    ]);
  });
});
