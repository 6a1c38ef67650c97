import { describe, expect, it } from "vitest";
import {
  corpusSeedOfUrl,
  retitle,
  untouchedArchivePaths,
} from "../../../bench/startup/reload-edit.ts";

describe("corpusSeedOfUrl", () => {
  it.each([
    ["http://127.0.0.1:1/articles/000151_das-amt", { id: "000151_das-amt", index: 151 }],
    [
      "http://127.0.0.1:1/articles/2025/12/004711_streit",
      { id: "2025/12/004711_streit", index: 4711 },
    ],
  ])("finds the seed of %s", (url, seed) => {
    expect(corpusSeedOfUrl(url)).toEqual(seed);
  });

  it.each([
    ["no URL", undefined],
    ["a URL outside /articles/", "http://127.0.0.1:1/feed.xml"],
    ["an id without a corpus number", "http://127.0.0.1:1/articles/hello"],
  ])("finds nothing for %s", (_name, url) => {
    expect(corpusSeedOfUrl(url)).toBeUndefined();
  });
});

describe("untouchedArchivePaths", () => {
  it.each([
    [1000, ["/archive/1/feed.xml", "/archive/10/feed.xml"]],
    [120, ["/archive/1/feed.xml"]],
    [99, []],
    [100_000, ["/archive/1/feed.xml", "/archive/1000/feed.xml"]],
  ])("watches page 1 and a middle full page of %d articles", (articles, paths) => {
    expect(untouchedArchivePaths(articles)).toEqual(paths);
  });
});

describe("retitle", () => {
  it("replaces the title and keeps the date, the teaser and the body", () => {
    expect(retitle("Alt date 2025-01-02 Teaser.\n\nBody.\n", "Neu")).toBe(
      "Neu date 2025-01-02 Teaser.\n\nBody.\n",
    );
  });

  it("titles an untitled header", () => {
    expect(retitle(" date 2025-01-02 Teaser.\r\n\r\nBody.", "Neu")).toBe(
      "Neu date 2025-01-02 Teaser.\r\n\r\nBody.",
    );
  });

  it("gives nothing when the first line has no date", () => {
    expect(retitle("Just a line\ndate 2025-01-02", "Neu")).toBeUndefined();
  });
});
