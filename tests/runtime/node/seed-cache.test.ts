import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../../src/config.ts";
import { parserFingerprint } from "../../../src/runtime/node/parser-fingerprint.ts";
import { SeedCache } from "../../../src/runtime/node/seed-cache.ts";
import { SeedLibrary } from "../../../src/runtime/node/seed-library.ts";
import { makeConfig } from "../../support/builders.ts";

let seeds: string;
let cacheFolder: string;
let warnings: string[];
const open: SeedCache[] = [];

beforeEach(async () => {
  seeds = await mkdtemp(join(tmpdir(), "seed-cache-seeds-"));
  cacheFolder = await mkdtemp(join(tmpdir(), "seed-cache-"));
  warnings = [];
});

afterEach(async () => {
  for (const cache of open.splice(0)) {
    await cache.settled();
    cache.close();
  }
  await rm(seeds, { recursive: true, force: true });
  await rm(cacheFolder, { recursive: true, force: true });
});

function article(title: string, body = "Der ganze Text.", day = "2025-12-04") {
  return `${title} date ${day} Teaser zu ${title}.\n\n${body}\n\nQuelle: dpa\n`;
}

async function write(path: string, text: string) {
  const file = join(seeds, path);
  await mkdir(join(file, ".."), { recursive: true });
  await writeFile(`${file}.tmp`, text);
  // Renamed into place, as the README asks writers to do.
  await rename(`${file}.tmp`, file);
}

interface StartOptions {
  readonly config?: Config;
  readonly folder?: string;
  readonly fullTextCacheSize?: number;
  readonly compactionSlackBytes?: number;
}

/** One start of the server's seed loading: a cache opened on the folder, then a first scan. */
async function start(options: StartOptions = {}) {
  const config = options.config ?? makeConfig();
  const cache = SeedCache.open({
    folder: options.folder ?? cacheFolder,
    settings: config,
    fingerprint: parserFingerprint(config),
    warn: (message) => warnings.push(message),
    ...(options.compactionSlackBytes === undefined
      ? {}
      : { compactionSlackBytes: options.compactionSlackBytes }),
  });
  open.push(cache);
  const library = await SeedLibrary.open(seeds, config, undefined, {
    cache,
    ...(options.fullTextCacheSize === undefined
      ? {}
      : { fullTextCacheSize: options.fullTextCacheSize }),
  });
  await cache.settled();
  return { cache, library, restored: library.firstScan?.restored };
}

/** Ends a start as the server does on SIGTERM: the snapshot finished, the folder let go. */
async function stop(cache: SeedCache) {
  await cache.settled();
  cache.close();
  open.splice(open.indexOf(cache), 1);
}

async function fullText(library: SeedLibrary, id: string): Promise<string | undefined> {
  const meta = library.input.articles.find((candidate) => candidate.id === id);
  return meta === undefined ? undefined : (await library.loadArticle(meta)).contentHtml;
}

describe("a restart with the seed cache", () => {
  it("reads no seed that did not change, and publishes the very same metadata", async () => {
    await write("a.txt", article("Eins"));
    await write("2025/b.txt", article("Zwei", "Text.", "2025-12-05"));
    const first = await start();
    expect(first.restored).toBe(0);
    await stop(first.cache);

    const second = await start();
    expect(second.restored).toBe(2);
    expect(second.library.input.articles).toEqual(first.library.input.articles);
    expect(await fullText(second.library, "a")).toContain("Der ganze Text.");
  });

  it("says which seeds it may restore without reading, under the same parser only, and forgets none by saying it", async () => {
    await write("a.txt", article("Eins"));
    await stop((await start()).cache);
    const open = (config: Config) =>
      SeedCache.open({
        folder: cacheFolder,
        settings: config,
        fingerprint: parserFingerprint(config),
        warn: (message) => warnings.push(message),
      });
    const same = open(makeConfig());
    expect(same.mayRestore("a.txt")).toBe(true);
    expect(same.mayRestore("a.txt")).toBe(true);
    expect(same.mayRestore("new.txt")).toBe(false);
    expect(same.recall("a.txt")?.meta?.title).toBe("Eins");
    expect(same.mayRestore("a.txt")).toBe(false); // recalled: asked once
    same.close();
    const other = open(makeConfig({ MAX_TITLE_LENGTH: "150" }));
    expect(other.mayRestore("a.txt")).toBe(false);
    other.close();
  });

  it("reads again only the seeds changed, added or removed while it was down", async () => {
    await write("a.txt", article("Eins"));
    await write("b.txt", article("Zwei"));
    await write("c.txt", article("Drei"));
    await stop((await start()).cache);
    await write("a.txt", article("Eins, neu"));
    await rm(join(seeds, "b.txt"));
    await write("d.txt", article("Vier"));

    const { library, restored } = await start();
    expect(restored).toBe(1);
    expect(library.input.articles.map((meta) => meta.title).sort()).toEqual([
      "Drei",
      "Eins, neu",
      "Vier",
    ]);
  });

  it("replays changes saved after the last snapshot (the journal)", async () => {
    await write("a.txt", article("Eins"));
    await write("b.txt", article("Zwei"));
    const first = await start();
    await write("a.txt", article("Eins, neu"));
    await first.library.scan();
    await stop(first.cache);

    const { library, restored } = await start();
    expect(restored).toBe(2);
    expect(library.input.articles.map((meta) => meta.title).sort()).toEqual(["Eins, neu", "Zwei"]);
  });

  it.each([
    ["BASE_URL", { BASE_URL: "https://other.example.org" }],
    ["TIME_ZONE", { TIME_ZONE: "America/New_York" }],
    ["MAX_TITLE_LENGTH", { MAX_TITLE_LENGTH: "200" }],
  ])("reads every seed again after a change of %s", async (_, change) => {
    await write("a.txt", article("Eins"));
    await stop((await start()).cache);
    const { library, restored } = await start({ config: makeConfig(change) });
    expect(restored).toBe(0);
    expect(library.input.articles).toHaveLength(1);
  });

  it.each([
    ["a cut-short index", (bytes: Buffer) => bytes.subarray(0, bytes.length - 10)],
    [
      "an index with one byte changed",
      (bytes: Buffer) => Buffer.from(bytes.toString().replace("Eins", "Einz")),
    ],
    ["some other file as index", () => Buffer.from("not a cache\n")],
  ])("ignores %s with a warning, and rebuilds it", async (_, damage) => {
    await write("a.txt", article("Eins"));
    await stop((await start()).cache);
    const index = join(cacheFolder, "index");
    await writeFile(index, damage(await readFile(index)));

    const damaged = await start();
    expect(damaged.restored).toBe(0);
    expect(damaged.library.input.articles.map((meta) => meta.title)).toEqual(["Eins"]);
    expect(warnings).toEqual([
      expect.stringMatching(/^cache: ignoring .*index .*; rebuilding it$/u),
    ]);
    await stop(damaged.cache);
    expect((await start()).restored).toBe(1);
  });

  it("starts without it, with one warning, when its folder cannot be made", async () => {
    await write("a.txt", article("Eins"));
    const file = join(cacheFolder, "a-file");
    await writeFile(file, "");
    const { library, cache } = await start({ folder: join(file, "cache") });
    expect(cache.isWritable).toBe(false);
    expect(library.input.articles.map((meta) => meta.title)).toEqual(["Eins"]);
    expect(warnings).toEqual([
      expect.stringMatching(/^cache: cannot create .*; starting without a cache$/u),
    ]);
  });

  it("lets a second process on the same seeds only read it", async () => {
    await write("a.txt", article("Eins"));
    const first = await start();
    const second = await start();
    expect(first.cache.isWritable).toBe(true);
    expect(second.cache.isWritable).toBe(false);
    expect(warnings).toEqual([
      `cache: process ${process.pid} is writing ${cacheFolder}; this one only reads it`,
    ]);
  });
});

describe("the last good version of a seed, with the cache", () => {
  it("stays published with its full text in an archive larger than the texts kept in memory", async () => {
    await write("a.txt", article("Gut", "Guter Text."));
    await write("b.txt", article("Zwei"));
    await write("c.txt", article("Drei"));
    const { library } = await start({ fullTextCacheSize: 1 });
    await write("a.txt", "kaputt\n");
    const report = await library.scan();
    expect(report.broken.map((problem) => problem.file)).toEqual(["a.txt"]);
    expect(library.input.articles.find((meta) => meta.id === "a")?.title).toBe("Gut");
    expect(await fullText(library, "a")).toBe("<p>Teaser zu Gut.</p>\n<p>Guter Text.</p>");
  });

  it("stays published with its full text after a restart", async () => {
    await write("a.txt", article("Gut", "Guter Text."));
    await stop((await start()).cache);
    await write("a.txt", "kaputt\n");

    const { library } = await start();
    expect(library.input.problems.map((problem) => problem.message)).toEqual([
      "a.txt:1: header has no date: expected '[TITLE] date YYYY-MM-DD TEASER'",
    ]);
    expect(library.input.articles.map((meta) => meta.title)).toEqual(["Gut"]);
    expect(await fullText(library, "a")).toContain("Guter Text.");
  });

  it("stays published after a restart with other settings, parsed again from its kept bytes", async () => {
    await write("a.txt", article("Gut", "Guter Text."));
    await stop((await start()).cache);
    await write("a.txt", "kaputt\n");

    const { library } = await start({ config: makeConfig({ TIME_ZONE: "America/New_York" }) });
    const [meta] = library.input.articles;
    expect(meta?.title).toBe("Gut");
    expect(meta?.published).toBe("2025-12-04T00:00:00-05:00");
    expect(await fullText(library, "a")).toContain("Guter Text.");
  });

  it("is the newest valid one, also when a later edit came after the last snapshot", async () => {
    await write("a.txt", article("Erste Fassung"));
    const first = await start();
    await write("a.txt", article("Zweite Fassung", "Zweiter Text."));
    await first.library.scan();
    await write("a.txt", "kaputt\n");
    await first.library.scan();
    await stop(first.cache);

    const { library } = await start();
    expect(library.input.articles.map((meta) => meta.title)).toEqual(["Zweite Fassung"]);
    expect(await fullText(library, "a")).toContain("Zweiter Text.");
  });

  it("is gone with its seed: a deleted seed does not come back", async () => {
    await write("a.txt", article("Eins"));
    const first = await start();
    await rm(join(seeds, "a.txt"));
    await first.library.scan();
    await stop(first.cache);
    await write("a.txt", "kaputt\n");

    const { library } = await start();
    expect(library.input.articles).toEqual([]);
  });

  it("keeps a text only while it is referenced: replaced versions are compacted away", async () => {
    const long = "Ein langer Absatz. ".repeat(200);
    await write("a.txt", article("Version 0", long));
    await write("b.txt", article("Wird gelöscht", long));
    const first = await start({ compactionSlackBytes: 0 });
    for (let version = 1; version <= 5; version++) {
      await write("a.txt", article(`Version ${version}`, long));
      await first.library.scan();
    }
    await rm(join(seeds, "b.txt"));
    await first.library.scan();
    await stop(first.cache);
    const published = (await readFile(join(seeds, "a.txt"))).length;
    expect(await packBytes()).toBeGreaterThan(6 * published);

    // A new snapshot (here after a change of settings) keeps only the text still published.
    const second = await start({
      config: makeConfig({ TIME_ZONE: "Europe/London" }),
      compactionSlackBytes: 0,
    });
    expect(await packBytes()).toBe(published);
    expect(await fullText(second.library, "a")).toContain("Version 5");
  });
});

async function packBytes(): Promise<number> {
  let total = 0;
  for (const name of await readdir(cacheFolder)) {
    if (name.endsWith(".pack")) total += (await readFile(join(cacheFolder, name))).length;
  }
  return total;
}
