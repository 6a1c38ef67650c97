import { afterEach, describe, expect, it, vi } from "vitest";
import { loadArticles } from "../../src/articles/load.ts";
import type { SeedFile } from "../../src/articles/parse-seed.ts";
import type { Config } from "../../src/config.ts";
import { createSite } from "../../src/site/site.ts";
import type { FeedFormat } from "../../src/urls.ts";
import { makeConfig, seed } from "../support/builders.ts";
import {
  parseAtom,
  parseRss,
  REAL_SEED_ID,
  REAL_SEEDS_DIR,
  readJson,
  readSeedFiles,
} from "../support/parse-feeds.ts";

const FORMATS: readonly FeedFormat[] = ["rss", "atom", "json"];

// Two clocks far apart on either side of every article's date.
const CLOCKS = ["2030-06-15T12:34:56Z", "1999-01-01T00:00:00Z"] as const;

function seedFiles(): SeedFile[] {
  return [
    ...readSeedFiles(REAL_SEEDS_DIR),
    seed("Ohne Quelle date 2025-12-05 Ein Anriss.\n\nEin Absatz.", "no-credit.txt"),
    seed("Zeitumstellung date 2025-03-30 Sommerzeit.\n\nQuelle: dpa", "2025/03/dst.txt"),
  ];
}

/** Every document of a freshly built site, as the exact bytes it would serve. */
async function renderDocuments(
  files: readonly SeedFile[],
  config: Config,
): Promise<Record<string, Uint8Array>> {
  const site = createSite(loadArticles(files, config), config);
  const documents: Record<string, Uint8Array> = {};
  for (const format of FORMATS) {
    documents[`feed:${format}`] = (await site.feed(format)).representation.body;
  }
  const index = await site.indexPage(1);
  if (index === undefined) throw new Error("the site has no index page");
  documents.index = index.representation.body;
  for (const article of site.articles) {
    const page = await site.articlePage(article.id);
    if (page === undefined) throw new Error(`no page for ${article.id}`);
    documents[`article:${article.id}`] = page.representation.body;
  }
  return documents;
}

async function renderAt(clock: string, files: readonly SeedFile[], config: Config) {
  vi.setSystemTime(new Date(clock));
  return renderDocuments(files, config);
}

describe("determinism", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("serves identical bytes for every feed and page whatever the clock says", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const [first, second] = CLOCKS;
    const early = await renderAt(first, seedFiles(), makeConfig());
    const late = await renderAt(second, seedFiles(), makeConfig());
    expect(Object.keys(early)).toEqual(
      expect.arrayContaining([
        "feed:rss",
        "feed:atom",
        "feed:json",
        "index",
        `article:${REAL_SEED_ID}`,
      ]),
    );
    expect(late).toEqual(early);
  });

  it("never writes the clock's year into a document", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const documents = await renderAt("2031-02-03T04:05:06Z", seedFiles(), makeConfig());
    const decoder = new TextDecoder();
    for (const [name, body] of Object.entries(documents)) {
      expect(decoder.decode(body), name).not.toContain("2031");
    }
  });

  it("serves identical bytes whatever the host's time zone", async () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = "America/Los_Angeles";
      const west = await renderDocuments(seedFiles(), makeConfig());
      process.env.TZ = "Asia/Tokyo";
      const east = await renderDocuments(seedFiles(), makeConfig());
      expect(east).toEqual(west);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("serves identical bytes whatever order the seeds were read in", async () => {
    const forwards = await renderDocuments(seedFiles(), makeConfig());
    const backwards = await renderDocuments([...seedFiles()].reverse(), makeConfig());
    expect(backwards).toEqual(forwards);
  });

  describe("with no articles", () => {
    const empty = { articles: [], problems: [] };

    it("serves valid feeds dated at the Unix epoch", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(new Date(CLOCKS[0]));
      const site = createSite(empty, makeConfig());
      const decoder = new TextDecoder();
      const text = async (format: FeedFormat) =>
        decoder.decode((await site.feed(format)).representation.body);
      const rss = parseRss(await text("rss"));
      expect(rss.lastBuildDate).toBe("Thu, 01 Jan 1970 00:00:00 +0000");
      expect(rss.items).toBeUndefined();
      const atom = parseAtom(await text("atom"));
      expect(atom.updated).toBe("1970-01-01T00:00:00Z");
      expect(atom.entries).toBeUndefined();
      expect(readJson(await text("json")).items).toEqual([]);
    });

    it("serves identical bytes whatever the clock says", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      const [first, second] = CLOCKS;
      const early = await renderAt(first, [], makeConfig());
      const late = await renderAt(second, [], makeConfig());
      expect(late).toEqual(early);
    });
  });
});
