import { describe, expect, it } from "vitest";
import { edgeRoutesOf } from "../../../bench/edge/routes.ts";

describe("edgeRoutesOf", () => {
  it("picks the first archive page, credit feed and article page of an export", () => {
    const files = [
      "index.html",
      "feed.xml",
      "archive/2/feed.xml",
      "archive/1/feed.xml",
      "archive/1/atom.xml",
      "credits/dpa/feed.xml",
      "credits/afp/feed.xml",
      "articles/b.html",
      "articles/a.html",
      "_headers",
    ];
    expect(edgeRoutesOf(files)).toEqual([
      { kind: "feed", path: "/feed.xml" },
      { kind: "feed ?limit=7", path: "/feed.xml?limit=7" },
      { kind: "archive page", path: "/archive/1/feed.xml" },
      { kind: "per-credit feed", path: "/credits/afp/feed.xml" },
      { kind: "article page", path: "/articles/a" },
      { kind: "index", path: "/" },
      { kind: "404", path: "/no-such-page", status: 404 },
    ]);
  });

  it("names an article page kept as a folder's index.html by its one URL", () => {
    const article = edgeRoutesOf(["articles/a/index.html"]).find((r) => r.kind === "article page");
    expect(article?.path).toBe("/articles/a");
  });

  it("leaves out the kinds a site lacks", () => {
    expect(edgeRoutesOf(["feed.xml"]).map((route) => route.kind)).toEqual([
      "feed",
      "feed ?limit=7",
      "index",
      "404",
    ]);
  });

  it("names an article page kept in a shard, which has no file, by the id it is given", () => {
    const article = edgeRoutesOf(["feed.xml"], "000001_erste").find(
      (route) => route.kind === "article page",
    );
    expect(article?.path).toBe("/articles/000001_erste");
  });
});
