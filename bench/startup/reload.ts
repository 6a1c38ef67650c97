import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Child } from "../../harness/child.ts";
import { header, httpGet } from "../../harness/http.ts";
import { sleep } from "../../harness/sleep.ts";
import { generateCorpusSeed } from "../../src/corpus/generate.ts";
import { MAIN_FEED, paths } from "../../src/urls.ts";
import type { ReloadResult } from "../report/results.ts";
import { BenchError, expectResponse } from "../run/bench-error.ts";
import type { Cleanups } from "../run/cleanups.ts";
import { IDENTITY } from "../run/node-server.ts";
import type { RunOptions } from "../run/options.ts";
import type { Corpus } from "./corpus-cache.ts";
import { corpusSeedOfUrl, retitle, untouchedArchivePaths } from "./reload-edit.ts";

/** The incremental reload: one seed rewritten under a running server, timed to its new feed. */

// The server's default, which the bench does not change.
const RELOAD_DEBOUNCE_MS = 250;
const MAIN_RSS = paths.feed(MAIN_FEED, "rss");
const MAIN_JSON = paths.feed(MAIN_FEED, "json");

const log = (message: string) => console.log(message);

/** The ETag of a 200 response to an identity GET. */
async function etagOf(url: string): Promise<string> {
  const response = await httpGet(url, IDENTITY, 30_000);
  expectResponse(response, 200, `GET ${url}`);
  return header(response, "etag") ?? "";
}

/** Rewrites the title of the newest seed and times how long until /feed.xml serves it. */
export async function measureReload(
  server: Child,
  base: string,
  corpus: Corpus,
  options: RunOptions,
  cleanups: Cleanups,
): Promise<ReloadResult> {
  const feed = await httpGet(`${base}${MAIN_JSON}`, IDENTITY, 30_000);
  expectResponse(feed, 200, `GET ${MAIN_JSON}`);
  const newest = (JSON.parse(feed.body.toString("utf8")) as { items?: Array<{ url?: string }> })
    .items?.[0]?.url;
  const seed = corpusSeedOfUrl(newest);
  const original = seed === undefined ? undefined : generateCorpusSeed(options.seed, seed.index);
  if (seed === undefined || original === undefined || original.path !== `${seed.id}.txt`) {
    throw new BenchError(`reload: cannot tell which seed the newest article ${newest} comes from`);
  }
  const file = join(corpus.dir, original.path);
  const archiveUrls = untouchedArchivePaths(corpus.articles);
  const before = await Promise.all(archiveUrls.map((path) => etagOf(base + path)));
  let feedEtag = await etagOf(`${base}${MAIN_RSS}`);

  const token = `Bench reload ${Date.now().toString(36)}`;
  // TextDecoder drops a leading byte-order mark; the edited seed has none.
  const decoded = new TextDecoder().decode(original.bytes);
  const edited = retitle(decoded, token);
  if (edited === undefined) throw new BenchError(`reload: no header date in ${file}`);
  const replace = (bytes: Uint8Array | string) => {
    writeFileSync(`${file}.bench-tmp`, bytes);
    renameSync(`${file}.bench-tmp`, file);
  };
  cleanups.set("restore the edited seed", () => replace(original.bytes));
  const logMark = server.lines.length;
  log(`reload: retitling ${original.path} in the ${corpus.articles}-article corpus`);
  replace(edited);
  const written = performance.now();
  let msToNewFeed: number | undefined;
  const deadline = written + (options.isQuick ? 15_000 : 60_000);
  try {
    while (performance.now() < deadline) {
      const response = await httpGet(
        `${base}${MAIN_RSS}`,
        { ...IDENTITY, "If-None-Match": feedEtag },
        30_000,
      );
      if (response.status === 200) {
        if (response.body.includes(token)) {
          msToNewFeed = response.receivedAt - written;
          break;
        }
        feedEtag = header(response, "etag") ?? feedEtag;
      }
      await sleep(10);
    }
    const after = await Promise.all(archiveUrls.map((path) => etagOf(base + path)));
    const updatedLine = server.lines.findIndex(
      (line, i) => i >= logMark && line.includes(`updated ${original.path}`),
    );
    const updatedAt = updatedLine === -1 ? undefined : server.lineTimes[updatedLine];
    log(
      `    new /feed.xml after ${msToNewFeed === undefined ? "(never)" : `${Math.round(msToNewFeed)} ms`}; archive ETags ${after.every((etag, i) => etag === before[i]) ? "unchanged" : "CHANGED"}`,
    );
    return {
      articles: corpus.articles,
      file: original.path,
      msToNewFeed,
      msToUpdatedLog: updatedAt === undefined ? undefined : updatedAt - written,
      debounceMs: RELOAD_DEBOUNCE_MS,
      untouched: archiveUrls.map((path, i) => ({
        path,
        before: before[i] ?? "",
        after: after[i] ?? "",
      })),
      serverLog: server.lines.slice(logMark),
    };
  } finally {
    replace(original.bytes);
    cleanups.delete("restore the edited seed");
  }
}
