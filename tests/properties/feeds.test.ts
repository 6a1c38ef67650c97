import * as fc from "fast-check";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { assertValidJsonFeed } from "../../harness/json-feed-schema.ts";
import { assertWellFormedXml } from "../../harness/well-formed-xml.ts";
import { deriveTitle } from "../../src/articles/derive-title.ts";
import type { SeedFile } from "../../src/articles/parse-seed.ts";
import type { Article } from "../../src/articles/schema.ts";
import { renderAtom } from "../../src/feeds/atom.ts";
import { renderJsonFeed } from "../../src/feeds/json-feed.ts";
import { buildFeedModel } from "../../src/feeds/model.ts";
import { renderRss } from "../../src/feeds/rss.ts";
import { createSite } from "../../src/site/site.ts";
import { FEED_FORMATS } from "../../src/urls.ts";
import {
  expectedArticleOf,
  PROPERTY_PARAMETERS,
  PROPERTY_TIMEOUT_MS,
  realisticSeed,
  seedBatch,
} from "../support/arbitraries.ts";
import { makeConfig } from "../support/builders.ts";
import {
  blockTextsOf,
  createNeutralizer,
  loadWithSeeds,
  skeletonOf,
  tagsOf,
} from "../support/markup.ts";
import { photoCreditsInHtml, rssItemText } from "../support/parse-feeds.ts";

// Every article of a batch is in the feed.
const config = makeConfig({ FEED_LIMIT: "1000" });

// The elements our XML writers emit; seed text can add none.
const RSS_ELEMENTS = new Set([
  "rss",
  "channel",
  "title",
  "link",
  "description",
  "language",
  "lastBuildDate",
  "docs",
  "atom:link",
  "fh:complete",
  "ttl",
  "sy:updatePeriod",
  "sy:updateFrequency",
  "item",
  "guid",
  "pubDate",
  "content:encoded",
  "dc:creator",
  "media:credit",
]);
const ATOM_ELEMENTS = new Set([
  "feed",
  "id",
  "title",
  "subtitle",
  "updated",
  "link",
  "fh:complete",
  "author",
  "name",
  "entry",
  "published",
  "summary",
  "content",
]);

const load = (files: readonly SeedFile[]) => loadWithSeeds(files, config);

function renderAll(articles: readonly Article[]) {
  const model = buildFeedModel(articles, config);
  return { rss: renderRss(model), atom: renderAtom(model), json: renderJsonFeed(model) };
}

/** One item as a reader sees it, whichever format it came from. */
interface ItemView {
  readonly title: string | undefined;
  readonly summary: string;
  readonly publishedMs: number;
  readonly authors: readonly string[];
  readonly contentHtml: string;
  readonly photoCredits: readonly string[];
}

/** Every format's items read back with feedsmith, by guid. */
function readBack(documents: { rss: string; atom: string; json: string }) {
  const rss = parseRssFeed(documents.rss);
  const atom = parseAtomFeed(documents.atom);
  const json = parseJsonFeed(documents.json);
  const instant = (text: string | undefined, rfc822: boolean) =>
    (rfc822
      ? DateTime.fromRFC2822(text ?? "", { setZone: true })
      : DateTime.fromISO(text ?? "", { setZone: true })
    ).toMillis();
  const view = (item: Omit<ItemView, "photoCredits">): ItemView => ({
    ...item,
    photoCredits: photoCreditsInHtml(item.contentHtml),
  });
  return {
    rss: new Map(
      (rss.items ?? []).map((item) => [
        item.guid?.value,
        {
          ...view({
            title: item.title,
            ...rssItemText(item),
            publishedMs: instant(item.pubDate, true),
            authors: item.dc?.creators ?? [],
          }),
          photoCredits: (item.media?.credits ?? []).map((credit) => credit.value ?? ""),
        },
      ]),
    ),
    atom: new Map(
      (atom.entries ?? []).map((entry) => [
        entry.id,
        view({
          title: entry.title?.value,
          summary: entry.summary?.value ?? "",
          publishedMs: instant(entry.published, false),
          authors: (entry.authors ?? []).map((author) => author.name ?? ""),
          contentHtml: entry.content?.value ?? "",
        }),
      ]),
    ),
    json: new Map(
      (json.items ?? []).map((item) => [
        item.id,
        view({
          title: item.title,
          summary: item.summary ?? "",
          publishedMs: instant(item.date_published, false),
          authors: (item.authors ?? []).map((author) => author.name ?? ""),
          contentHtml: item.content_html ?? "",
        }),
      ]),
    ),
  };
}

const decoder = new TextDecoder();

describe("every feed of any seeds", () => {
  it(
    "is well-formed XML 1.0 (RSS, Atom) or valid JSON Feed 1.1, for the site and for each credit",
    async () => {
      await fc.assert(
        fc.asyncProperty(seedBatch, async (files) => {
          const { articles } = load(files);
          const site = createSite({ articles, problems: [] }, config);
          const documents = await Promise.all(
            FEED_FORMATS.flatMap((format) => [
              site.feed(format),
              // A credit's name is seed text that also titles a feed.
              ...site.credits.map((credit) => site.creditFeed(credit.slug, format)),
            ]),
          );
          for (const document of documents) {
            if (document === undefined) throw new Error("a listed feed is missing");
            const text = decoder.decode(document.representation.body);
            if (document.representation.contentType.startsWith("application/feed+json")) {
              assertValidJsonFeed(text);
            } else {
              assertWellFormedXml(text);
            }
          }
        }),
        PROPERTY_PARAMETERS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "has exactly the elements and attributes of the same articles with placeholder text",
    () => {
      fc.assert(
        fc.property(seedBatch, (files) => {
          const { articles } = load(files);
          const actual = renderAll(articles);
          const neutralized = createNeutralizer();
          const placeholder = renderAll(articles.map((article) => neutralized(article)));
          expect(skeletonOf(actual.rss)).toEqual(skeletonOf(placeholder.rss));
          expect(skeletonOf(actual.atom)).toEqual(skeletonOf(placeholder.atom));
          for (const tag of tagsOf(actual.rss)) expect(RSS_ELEMENTS).toContain(tag.name);
          for (const tag of tagsOf(actual.atom)) expect(ATOM_ELEMENTS).toContain(tag.name);
          // JSON cannot gain elements, but seed text must not gain keys either.
          const keys = (json: string) =>
            JSON.stringify(JSON.parse(json), (_key, value: unknown) =>
              typeof value === "string" ? "" : value,
            );
          expect(keys(actual.json)).toBe(keys(placeholder.json));
        }),
        PROPERTY_PARAMETERS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe("parse → render → parse back", () => {
  it(
    "keeps what a realistic seed says in RSS, Atom and JSON Feed",
    () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(realisticSeed, {
            minLength: 1,
            maxLength: 3,
            selector: ({ file }) => file.path,
          }),
          (seeds) => {
            const { articles } = load(seeds.map(({ file }) => file));
            expect(articles).toHaveLength(seeds.length);
            const views = readBack(renderAll(articles));
            for (const { model, file } of seeds) {
              const article = articles.find((candidate) => candidate.sourceFile === file.path);
              const expected = expectedArticleOf(model);
              for (const format of [views.rss, views.atom, views.json]) {
                const item = format.get(article?.guid);
                expect(item?.title).toBe(expected.title ?? deriveTitle(expected.summary));
                expect(item?.summary).toBe(expected.summary);
                expect(item?.publishedMs).toBe(expected.publishedMs);
                expect(item?.photoCredits).toEqual(expected.photoCredits);
                expect(blockTextsOf(item?.contentHtml ?? "")).toEqual(expected.blocks);
              }
              // An article without a credit of its own has no authors; the feed's author applies.
              expect(views.rss.get(article?.guid)?.authors).toEqual(expected.textCredits);
              expect(views.atom.get(article?.guid)?.authors).toEqual(expected.textCredits);
              expect(views.json.get(article?.guid)?.authors).toEqual(expected.textCredits);
            }
          },
        ),
        PROPERTY_PARAMETERS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  // With the article property that its HTML has only the seed's tags, this shows that no feed
  // carries an element a seed made.
  it(
    "keeps every field of any article that loads, hostile text and its HTML included",
    () => {
      fc.assert(
        fc.property(seedBatch, (files) => {
          const { articles } = load(files);
          const views = readBack(renderAll(articles));
          for (const article of articles) {
            for (const format of [views.rss, views.atom, views.json]) {
              const item = format.get(article.guid);
              expect(item?.title).toBe(article.title);
              expect(item?.summary).toBe(article.summary);
              expect(item?.publishedMs).toBe(Date.parse(article.published));
              expect(item?.authors).toEqual(article.textCredits);
              expect(item?.contentHtml).toBe(article.contentHtml);
              expect(item?.photoCredits).toEqual(article.photoCredits.map((photo) => photo.credit));
            }
          }
        }),
        PROPERTY_PARAMETERS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
