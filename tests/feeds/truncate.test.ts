import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadArticles } from "../../src/articles/load.ts";
import type { Article } from "../../src/articles/schema.ts";
import { parseConfig } from "../../src/config.ts";
import { buildCreditModel, buildFeedModel, type FeedModel } from "../../src/feeds/model.ts";
import { firstItems } from "../../src/feeds/truncate.ts";
import { FEED_RENDERERS } from "../../src/site/site.ts";
import { FEED_FORMATS } from "../../src/urls.ts";
import { publishableHostileSeedText, realisticSeed } from "../support/arbitraries.ts";
import { makeConfig } from "../support/builders.ts";

const settings = parseConfig({ BASE_URL: "https://news.example.org", FEED_LIMIT: "8" });
const encoder = new TextEncoder();

/** Articles from realistic and hostile seeds, newest first, as every list is. */
function articlesOf(minLength: number, maxLength: number): fc.Arbitrary<readonly Article[]> {
  return fc
    .array(
      fc.oneof(
        realisticSeed.map(({ file }) => file.bytes),
        publishableHostileSeedText.map((text) => encoder.encode(text)),
      ),
      { minLength, maxLength },
    )
    .map((contents) => {
      const files = contents.map((bytes, index) => ({ path: `2025/seed-${index}.txt`, bytes }));
      return loadArticles(files, makeConfig({ BASE_URL: "https://news.example.org" })).articles;
    })
    .filter((articles) => articles.length >= minLength);
}

function render(model: FeedModel, format: (typeof FEED_FORMATS)[number]): string {
  return FEED_RENDERERS[format][0](model);
}

describe("firstItems", () => {
  it.each(FEED_FORMATS)(
    "gives %s exactly what rendering the first N items gives, whatever the articles hold",
    (format) => {
      fc.assert(
        fc.property(articlesOf(9, 14), fc.integer({ min: 1, max: 8 }), (articles, count) => {
          const full = render(buildFeedModel(articles, settings), format);
          const expected = render(buildFeedModel(articles, settings, count), format);
          expect(firstItems(full, format, count)).toBe(expected);
        }),
        { numRuns: 60 },
      );
    },
  );

  // Up to FEED_LIMIT (8): a feed of more than the rendered one holds is rendered, never cut.
  it.each(FEED_FORMATS)("cuts a credit's %s feed the same way", (format) => {
    fc.assert(
      fc.property(articlesOf(1, 10), fc.integer({ min: 1, max: 8 }), (articles, count) => {
        const credit = { name: "dpa", slug: "dpa" };
        const full = render(buildCreditModel(articles, settings, credit) as FeedModel, format);
        const expected = render(
          buildCreditModel(articles, settings, credit, count) as FeedModel,
          format,
        );
        expect(firstItems(full, format, count)).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });

  it("leaves a document with no more items than asked as it is", () => {
    const text = render(buildFeedModel([], settings), "rss");
    expect(firstItems(text, "rss", 3)).toBe(text);
  });
});
