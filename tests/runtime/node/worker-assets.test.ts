import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Article } from "../../../src/articles/schema.ts";
import { parseConfig } from "../../../src/config.ts";
import { createPublisher } from "../../../src/http/publisher.ts";
import { SeedLibrary } from "../../../src/runtime/node/seed-library.ts";
import {
  buildWorkerAssets,
  WorkerAssetsError,
  type WorkerAssetsOptions,
} from "../../../src/runtime/node/worker-assets.ts";
import {
  decodeEdgeData,
  type EdgeManifest,
  type EdgeShard,
  shardOf,
} from "../../../src/site/edge-data.ts";
import { exportFileOf, FEED_FORMATS, MAIN_FEED, paths } from "../../../src/urls.ts";
import { writeSiteFixture } from "../../support/site-fixture.ts";

const SETTINGS = {
  BASE_URL: "https://edge.example.org",
  FEED_LIMIT: "8",
  ARCHIVE_PAGE_SIZE: "10",
  INDEX_PAGE_SIZE: "6",
};

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "worker-assets-"));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function build(options: Partial<WorkerAssetsOptions> = {}) {
  const seeds = join(work, "seeds");
  await writeSiteFixture(seeds);
  const config = parseConfig(SETTINGS);
  const library = await SeedLibrary.open(seeds, config);
  const publisher = createPublisher(library.input, { settings: config, now: () => Date.now() });
  const out = join(work, "assets");
  const result = await buildWorkerAssets({
    app: publisher.app,
    site: publisher.site(),
    config,
    loadArticle: library.input.loadArticle ?? (async (meta) => meta as Article),
    plan: "free",
    articlePages: "auto",
    out,
    now: Date.now(),
    ...options,
  });
  const read = (path: string) => readFile(join(out, path.slice(1)));
  const files = await readdir(out, { recursive: true, withFileTypes: true });
  const fileCount = files.filter((entry) => entry.isFile() && entry.name !== "_headers").length;
  return { ...result, publisher, out, read, fileCount };
}

describe("buildWorkerAssets", () => {
  it("writes article pages as files while the plan's file limit holds them", async () => {
    const { manifest, publisher, out, fileCount, files } = await build();
    // What the build reports is what it wrote.
    expect(manifest.articlePages).toBe("files");
    expect(manifest.shardCount).toBe(0);
    const [first] = publisher.site().articles;
    const page = await readFile(join(out, exportFileOf(paths.article(first?.id ?? ""))), "utf8");
    const served = await publisher.app.request(paths.article(first?.id ?? ""));
    expect(page).toBe(await served.text());
    expect(files).toBe(fileCount);
  });

  it("keeps article pages in shards, each once, byte for byte, when files would not fit", async () => {
    const asFiles = await build();
    // Ten files fewer than one per article, plus the margin the build keeps free.
    const maxAssetFiles = asFiles.fileCount - 10 + 50;
    const { manifest, publisher, read, fileCount } = await build({ maxAssetFiles });
    expect(manifest.articlePages).toBe("shards");
    expect(manifest.shardCount).toBe(publisher.site().articles.length - 10);
    expect(fileCount).toBeLessThanOrEqual(maxAssetFiles);
    const site = publisher.site();
    for (const article of site.articles) {
      const shard = await decodeEdgeData<EdgeShard>(
        await read(paths.edge.articleShard(shardOf(article.id, manifest.shardCount))),
      );
      const served = await publisher.app.request(paths.article(article.id));
      expect(shard[article.id]?.html).toBe(await served.text());
      expect(new Date(shard[article.id]?.lastModifiedMs ?? 0).toUTCString()).toBe(
        served.headers.get("Last-Modified"),
      );
    }
  });

  it("refuses a site whose shards would not fit, naming what would", async () => {
    const asFiles = await build();
    const articles = asFiles.publisher.site().articles.length;
    // No room for a single shard once the feeds and pages are counted.
    const tooSmall = () => build({ maxAssetFiles: asFiles.fileCount - articles + 50 });
    await expect(tooSmall()).rejects.toThrow(WorkerAssetsError);
    await expect(tooSmall()).rejects.toThrow(/WORKER_PLAN=paid/u);
  });

  it("writes the newest articles in chunks of ten, with their full text", async () => {
    const { read, publisher } = await build();
    const newest = publisher.site().articles.slice(0, 10);
    const chunk = await decodeEdgeData<Article[]>(await read(paths.edge.head(0)));
    expect(chunk.map((article) => article.id)).toEqual(newest.map((article) => article.id));
    expect(chunk.every((article) => article.contentHtml.length > 0)).toBe(true);
  });

  it("writes the main feed's ?limit=N below FEED_LIMIT as the server answers it, with its ETag", async () => {
    const { manifest, read, publisher } = await build();
    // FEED_LIMIT 8: every N from 1 to 7, in every format.
    expect(manifest.cutFeedLimit).toBe(7);
    for (const format of FEED_FORMATS) {
      for (let limit = 1; limit <= 7; limit++) {
        const served = await publisher.app.request(
          `${paths.feed(MAIN_FEED, format)}?limit=${limit}`,
        );
        const path = paths.edge.cutFeed(format, limit);
        expect((await read(path)).toString()).toBe(await served.text());
        expect(manifest.feedEtags[path]).toBe(served.headers.get("ETag"));
      }
    }
  });

  it("writes a manifest with the counts, the settings and every archive page's date", async () => {
    const { read, publisher } = await build();
    const manifest = JSON.parse((await read(paths.edge.manifest())).toString()) as EdgeManifest;
    const site = publisher.site();
    expect(manifest.articleCount).toBe(site.articles.length);
    expect(manifest.problemCount).toBe(site.problems.length);
    expect(manifest.settings.BASE_URL).toBe("https://edge.example.org");
    expect(manifest.archiveLastModifiedMs).toHaveLength(Math.floor(site.articles.length / 10) + 1);
    expect(manifest.credits.map((credit) => credit.slug)).toEqual(
      site.credits.map((credit) => credit.slug),
    );
  });
});
