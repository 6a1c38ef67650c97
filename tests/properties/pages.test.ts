import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertWellFormedXml } from "../../harness/well-formed-xml.ts";
import type { ArticleMeta } from "../../src/articles/schema.ts";
import type { SiteDocument } from "../../src/site/document.ts";
import { createSite } from "../../src/site/site.ts";
import { PROPERTY_PARAMETERS, PROPERTY_TIMEOUT_MS, seedBatch } from "../support/arbitraries.ts";
import { makeConfig } from "../support/builders.ts";
import {
  createNeutralizer,
  loadWithSeeds,
  placeholderContentHtml,
  skeletonOf,
  tagsOf,
} from "../support/markup.ts";

// One index page holds the whole batch (of up to 3 seeds).
const config = makeConfig({ INDEX_PAGE_SIZE: "5" });

// The elements our page templates write, and the article HTML inside them.
const PAGE_ELEMENTS = new Set([
  "html",
  "head",
  "meta",
  "title",
  "link",
  "body",
  "header",
  "main",
  "footer",
  "nav",
  "section",
  "article",
  "a",
  "h1",
  "h2",
  "p",
  "time",
  "ol",
  "ul",
  "li",
  "figure",
  "figcaption",
  "small",
  "span",
]);

const decoder = new TextDecoder();

async function textOf(document: Promise<SiteDocument | undefined>): Promise<string> {
  const found = await document;
  if (found === undefined) throw new Error("a page the site lists is missing");
  return decoder.decode(found.representation.body);
}

describe("HTML pages of any seeds", () => {
  it(
    "have exactly the tags of the same articles with placeholder text, and no script",
    async () => {
      await fc.assert(
        fc.asyncProperty(seedBatch, async (files) => {
          const { articles, seeds } = loadWithSeeds(files, config);
          const neutralize = createNeutralizer();
          const placeholders = articles.map((article) => {
            const seed = seeds.get(article.id);
            if (seed === undefined) throw new Error(`${article.id} was not parsed`);
            return neutralize(article, placeholderContentHtml(seed));
          });
          const site = createSite({ articles, problems: [] }, config);
          const placeholderSite = createSite({ articles: placeholders, problems: [] }, config);

          const pairs: Array<
            [Promise<SiteDocument | undefined>, Promise<SiteDocument | undefined>]
          > = [
            [site.indexPage(1), placeholderSite.indexPage(1)],
            [site.feedsPage(), placeholderSite.feedsPage()],
            ...articles.map(
              ({
                id,
              }: ArticleMeta): [
                Promise<SiteDocument | undefined>,
                Promise<SiteDocument | undefined>,
              ] => [site.articlePage(id), placeholderSite.articlePage(id)],
            ),
          ];
          for (const [page, placeholder] of pairs) {
            const html = await textOf(page);
            expect(html).not.toMatch(/<\s*script/iu);
            for (const tag of tagsOf(html)) expect(PAGE_ELEMENTS).toContain(tag.name);
            expect(skeletonOf(html)).toEqual(skeletonOf(await textOf(placeholder)));
          }
        }),
        PROPERTY_PARAMETERS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

// A clock long before any seed's date (seeds go back to year 0): every article is dated after
// the news sitemap's window opens, so the news sitemap lists the whole batch.
const LONG_AGO = Number.MIN_SAFE_INTEGER;

describe("discovery files of any seeds", () => {
  it(
    "are well-formed XML with exactly the elements of the same articles with placeholder text",
    async () => {
      await fc.assert(
        fc.asyncProperty(seedBatch, async (files) => {
          const { articles } = loadWithSeeds(files, config);
          const neutralize = createNeutralizer();
          const site = createSite({ articles, problems: [] }, config);
          const placeholderSite = createSite(
            { articles: articles.map((article) => neutralize(article)), problems: [] },
            config,
          );
          for (const [document, placeholder] of [
            [site.sitemap(), placeholderSite.sitemap()],
            [site.newsSitemap(LONG_AGO), placeholderSite.newsSitemap(LONG_AGO)],
            [site.feedList(), placeholderSite.feedList()],
          ] as const) {
            const xml = await textOf(document);
            assertWellFormedXml(xml);
            expect(skeletonOf(xml)).toEqual(skeletonOf(await textOf(placeholder)));
          }
        }),
        PROPERTY_PARAMETERS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
