import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { type AccessLogEntry, type RunningServer, startServer } from "../../harness/server.ts";
import { requireCommands, runCommand } from "./support/commands.ts";
import {
  createSeedsFolder,
  EXPECTED_ARTICLES,
  type ExpectedArticle,
  type GeneratedSeed,
  midnightSeconds,
  permalink,
  type SeedsFolder,
} from "./support/seeds.ts";

const NEWSBOAT_TIMEOUT_MS = 60_000;
const RELOAD_LOG_TIMEOUT_MS = 15_000;

const CacheRowsSchema = z.array(
  z.object({
    title: z.string(),
    url: z.string(),
    author: z.string(),
    pubDate: z.number().int(),
    feedurl: z.string(),
  }),
);
type CacheRow = z.infer<typeof CacheRowsSchema>[number];

/** A seed written while the server runs, to prove the next reload fetches it. */
const LATE_SEED: GeneratedSeed = {
  file: "nachgereicht.txt",
  title: "Nachgereicht: ein neuer Artikel",
  date: "2025-12-05",
  offsetHours: 1,
  germanDate: "5. Dezember 2025",
  textCredit: "epd",
  photoCredit: undefined,
  text: `Nachgereicht: ein neuer Artikel date 2025-12-05 Er erscheint, während der Server läuft.

Der Leser muss ihn beim nächsten Abruf bekommen.

Quelle: epd
`,
};

type Format = "rss" | "atom";
const FORMATS: readonly Format[] = ["rss", "atom"];

/** One Newsboat user with a home folder, cache and urls file of their own. */
interface Subscriber {
  readonly feedUrl: string;
  /** Runs `newsboat -x reload …`, failing on a non-zero exit or any USERERROR in its log. */
  reload(times: number): Promise<void>;
  readCache(): Promise<CacheRow[]>;
  remove(): Promise<void>;
}

async function createSubscriber(feedUrl: string): Promise<Subscriber> {
  const home = await mkdtemp(join(tmpdir(), "feed-publisher-e2e-newsboat-"));
  const cache = join(home, "cache.db");
  await writeFile(join(home, "config"), "");
  await writeFile(join(home, "urls"), `${feedUrl}\n`);
  let runCount = 0;
  return {
    feedUrl,
    async reload(times) {
      runCount++;
      const log = join(home, `newsboat-${runCount}.log`);
      const args = ["-u", join(home, "urls"), "-c", cache, "-C", join(home, "config")];
      args.push("-x", ...Array<string>(times).fill("reload"), "-l", "1", "-d", log);
      const result = await runCommand("newsboat", args, {
        timeoutMs: NEWSBOAT_TIMEOUT_MS,
        env: { PATH: process.env.PATH, HOME: home, TZ: "UTC", LANG: "C.UTF-8" },
      });
      const logText = await readFile(log, "utf8").catch(() => "");
      expect(result.code, `newsboat failed:\n${result.stdout}${result.stderr}${logText}`).toBe(0);
      expect(logText).not.toContain("USERERROR");
    },
    async readCache() {
      const query = "select title, url, author, pubDate, feedurl from rss_item";
      const result = await runCommand("sqlite3", ["-json", cache, query], { timeoutMs: 10_000 });
      expect(result.code, result.stderr).toBe(0);
      return CacheRowsSchema.parse(result.stdout.trim() === "" ? [] : JSON.parse(result.stdout));
    },
    remove: () => rm(home, { recursive: true, force: true }),
  };
}

// Newsboat 2.21 writes $HOME/.newsboat, exits 0 even when a fetch fails (only its log says
// USERERROR), stores the validators on the second reload and sends them from the third. It keys
// items by guid across all feeds of a cache, and our RSS guid and Atom id are the same tag: URI,
// so each format gets a subscriber (and cache) of its own.
describe("Newsboat subscribed to the RSS or the Atom feed", () => {
  let seeds: SeedsFolder | undefined;
  let server: RunningServer | undefined;
  const subscribers = new Map<Format, Subscriber>();
  let publishedCount = 0;
  const rowsAfterThreeReloads = new Map<Format, CacheRow[]>();
  const requestsOfThreeReloads = new Map<Format, AccessLogEntry[]>();

  const subscriber = (format: Format): Subscriber => {
    const found = subscribers.get(format);
    if (found === undefined) throw new Error(`no ${format} subscriber: setup failed`);
    return found;
  };

  const statusesOf = (requests: readonly AccessLogEntry[] | undefined, format: Format) =>
    (requests ?? [])
      .filter(
        (request) =>
          request.method === "GET" && request.path === new URL(subscriber(format).feedUrl).pathname,
      )
      .map((request) => request.status);

  beforeAll(async () => {
    requireCommands(["newsboat", "sqlite3", "xmllint"]);
    seeds = await createSeedsFolder();
    const running = await startServer({ seedsDir: seeds.path });
    server = running;
    const health = z
      .object({ articles: z.number() })
      .parse(await (await fetch(`${running.baseUrl}/healthz`)).json());
    publishedCount = health.articles;
    subscribers.set("rss", await createSubscriber(`${running.baseUrl}/feed.xml`));
    subscribers.set("atom", await createSubscriber(`${running.baseUrl}/atom.xml`));

    for (const format of FORMATS) {
      const mark = running.lines.length;
      await subscriber(format).reload(3);
      requestsOfThreeReloads.set(format, running.accessLog(mark));
      rowsAfterThreeReloads.set(format, await subscriber(format).readCache());
    }
  });

  afterAll(async () => {
    await server?.stop();
    await seeds?.remove();
    for (const each of subscribers.values()) await each.remove();
  });

  it.each(FORMATS)("serves the %s feed as well-formed XML", async (format) => {
    const response = await fetch(subscriber(format).feedUrl);
    expect(response.status).toBe(200);
    const result = await runCommand("xmllint", ["--noout", "-"], {
      timeoutMs: 10_000,
      input: await response.text(),
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("publishes every fixture article", () => {
    expect(publishedCount).toBe(EXPECTED_ARTICLES.length);
  });

  it.each(FORMATS)("stores every article of the %s feed once", (format) => {
    const rows = rowsAfterThreeReloads.get(format) ?? [];
    expect(rows.every((row) => row.feedurl === subscriber(format).feedUrl)).toBe(true);
    expect(rows).toHaveLength(publishedCount);
    expect(new Set(rows.map((row) => row.url)).size).toBe(publishedCount);
  });

  it.each(EXPECTED_ARTICLES.flatMap((article) => FORMATS.map((format) => ({ format, article }))))(
    "stores $article.file from the $format feed with title, permalink, date and author",
    ({ format, article }) => {
      expectStored(rowsAfterThreeReloads.get(format) ?? [], article);
    },
  );

  it.each(FORMATS)("gets 200, 200, then 304 for the %s feed", (format) => {
    expect(statusesOf(requestsOfThreeReloads.get(format), format)).toEqual([200, 200, 304]);
  });

  it("fetches a seed added while the server runs on the next reload, losing nothing", async () => {
    if (server === undefined || seeds === undefined) throw new Error("setup failed");
    const beforeAdding = server.lines.length;
    await seeds.add(LATE_SEED);
    await server.waitForLine(/ added nachgereicht\.txt$/u, RELOAD_LOG_TIMEOUT_MS, beforeAdding);

    for (const format of FORMATS) {
      const mark = server.lines.length;
      await subscriber(format).reload(1);
      expect(statusesOf(server.accessLog(mark), format)).toEqual([200]);
      const rows = await subscriber(format).readCache();
      expect(rows, `${format} cache`).toHaveLength(publishedCount + 1);
      for (const article of [...EXPECTED_ARTICLES, LATE_SEED]) expectStored(rows, article);
    }
  });

  function expectStored(rows: readonly CacheRow[], article: ExpectedArticle) {
    if (server === undefined) throw new Error("setup failed");
    const url = permalink(server.baseUrl, article);
    const row = rows.find((candidate) => candidate.url === url);
    expect(row, `${url} is missing from the cache`).toBeDefined();
    expect({ title: row?.title, pubDate: row?.pubDate, author: row?.author }).toEqual({
      title: article.title,
      pubDate: midnightSeconds(article),
      // Atom entries without an author of their own get none in Newsboat; RSS has no fallback.
      author: article.textCredit ?? "",
    });
  }
});
