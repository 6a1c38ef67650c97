import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { loadArticles } from "../../src/articles/load.ts";
import { makeConfig, seed } from "../support/builders.ts";
import {
  parseAtom,
  parseJson,
  parseRss,
  REAL_SEED_ID,
  REAL_SEEDS_DIR,
  readSeedFiles,
  renderFeeds,
} from "../support/parse-feeds.ts";

const FIXTURE = "tests/feeds/published-ids.json";

const PublishedIdsSchema = z.array(
  z.object({ id: z.string().min(1), guid: z.string().min(1), url: z.url() }),
);

type PublishedId = z.infer<typeof PublishedIdsSchema>[number];

/** What readers have already seen: ids, guids and permalinks that must never change. */
function readFixture(): PublishedId[] {
  const text = readFileSync(new URL("./published-ids.json", import.meta.url), "utf8");
  return PublishedIdsSchema.parse(JSON.parse(text));
}

/** What `seeds/` publishes today with the settings of `npm start` behind news.example.org. */
function publishedNow(env: Record<string, string> = {}): PublishedId[] {
  const { articles, problems } = loadArticles(readSeedFiles(REAL_SEEDS_DIR), makeConfig(env));
  expect(problems.map(String), "every seed in seeds/ must load").toEqual([]);
  return byId(articles.map(({ id, guid, url }) => ({ id, guid, url })));
}

function byId(entries: PublishedId[]): PublishedId[] {
  return entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

describe("GUID stability of seeds/", () => {
  it("has the example article in the fixture, reviewed by hand", () => {
    expect(readFixture()).toContainEqual({
      id: REAL_SEED_ID,
      guid: `tag:localhost,2025:articles/${REAL_SEED_ID}`,
      url: `https://news.example.org/articles/${REAL_SEED_ID}`,
    });
  });

  it("keeps every published id, guid and permalink", () => {
    const now = new Map(publishedNow().map((entry) => [entry.id, entry]));
    for (const before of readFixture()) {
      const after = now.get(before.id);
      expect(
        after,
        `${before.id} is no longer published: readers who saw ${before.guid} lose it. Restore the seed, or remove it from ${FIXTURE} only if unpublishing is intended`,
      ).toBeDefined();
      expect(
        after?.guid,
        `the guid of ${before.id} changed: every reader would show it again as a new item`,
      ).toBe(before.guid);
      expect(after?.url, `the permalink of ${before.id} changed: old links would break`).toBe(
        before.url,
      );
    }
  });

  it("publishes nothing the fixture does not list", () => {
    const known = new Set(readFixture().map((entry) => entry.id));
    const added = publishedNow().filter((entry) => !known.has(entry.id));
    expect(
      added,
      `new articles: add these entries to ${FIXTURE} (entries may be added, never changed)`,
    ).toEqual([]);
  });

  it("publishes the fixture's guids and permalinks in all three feeds", () => {
    const config = makeConfig({ FEED_LIMIT: "1000" });
    const { articles } = loadArticles(readSeedFiles(REAL_SEEDS_DIR), config);
    const { rss, atom, json } = renderFeeds(articles, config);
    const expected = readFixture()
      .map(({ guid, url }) => ({ guid, url }))
      .sort((a, b) => (a.guid < b.guid ? -1 : 1));
    const sorted = (entries: { guid: string | undefined; url: string | undefined }[]) =>
      entries.sort((a, b) => ((a.guid ?? "") < (b.guid ?? "") ? -1 : 1));
    expect(
      sorted(
        (parseRss(rss).items ?? []).map((item) => ({ guid: item.guid?.value, url: item.link })),
      ),
    ).toEqual(expected);
    expect(
      sorted(
        (parseAtom(atom).entries ?? []).map((entry) => ({
          guid: entry.id,
          url: entry.links?.find((link) => link.rel === "alternate")?.href,
        })),
      ),
    ).toEqual(expected);
    expect(
      sorted((parseJson(json).items ?? []).map((item) => ({ guid: item.id, url: item.url }))),
    ).toEqual(expected);
  });

  it("gives every article a distinct guid", () => {
    const guids = readFixture().map((entry) => entry.guid);
    expect(new Set(guids).size).toBe(guids.length);
  });

  it.each(["https://other.example", "http://localhost:3000"])(
    "keeps every guid when BASE_URL is %s, and moves only the permalink",
    (baseUrl) => {
      expect(publishedNow({ BASE_URL: baseUrl })).toEqual(
        byId(readFixture().map(({ id, guid }) => ({ id, guid, url: `${baseUrl}/articles/${id}` }))),
      );
    },
  );

  it("keeps the guid when the text and the derived title change", () => {
    const path = `${REAL_SEED_ID}.txt`;
    const before = loadArticles([seed(" date 2025-12-04 Erster Anriss.", path)], makeConfig());
    const after = loadArticles(
      [seed("Neuer Titel date 2025-12-05 Ganz anderer Anriss.\n\nNeuer Text.", path)],
      makeConfig(),
    );
    expect(after.articles[0]?.guid).toBe(before.articles[0]?.guid);
    expect(after.articles[0]?.guid).toBe(`tag:localhost,2025:articles/${REAL_SEED_ID}`);
  });
});
