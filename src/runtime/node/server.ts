import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Config } from "../../config.ts";
import { createPublisher } from "../../http/publisher.ts";
import type { Site } from "../../site/site.ts";
import { describeError } from "../describe-error.ts";
import { cacheFolderOf, seedsCacheFolder } from "./cache-folder.ts";
import { compress } from "./compress.ts";
import { watchFolder } from "./folder-watcher.ts";
import { log, logProblem } from "./log.ts";
import { parserFingerprint } from "./parser-fingerprint.ts";
import { createReloader } from "./reloader.ts";
import { SeedCache } from "./seed-cache.ts";
import { type ScanReport, SeedLibrary } from "./seed-library.ts";
import { announceChangedFeeds } from "./websub.ts";

const SHUTDOWN_GRACE_MS = 10_000;
// While the first scan of a large archive runs, say how far it got this often.
const PROGRESS_INTERVAL_MS = 2_000;

/**
 * `npm start`: reads the seeds folder, serves the site on HOST:PORT, follows every change of the
 * folder, and drains and exits on SIGTERM or SIGINT.
 * @throws {SeedsFolderError} when the seeds folder cannot be read at start.
 */
export async function startServer(config: Config): Promise<void> {
  const started = Date.now();
  let lastProgress = started;
  const cache = openCache(config);
  const library = await SeedLibrary.open(
    config.seedsDir,
    config,
    (read, total) => {
      if (Date.now() - lastProgress > PROGRESS_INTERVAL_MS) {
        lastProgress = Date.now();
        log(`reading seeds: ${read} of ${total}`);
      }
    },
    { ...(cache === undefined ? {} : { cache }) },
  );
  for (const problem of library.input.problems) logProblem(`skipped ${problem.message}`);
  const restored = library.firstScan?.restored ?? 0;
  if (cache !== undefined) log(`cache: ${restored} seeds unchanged since it was saved, not read`);
  const publisher = createPublisher(library.input, {
    settings: config,
    now: () => Date.now(),
    compress,
    clientAddress: (c) => getConnInfo(c).remote.address,
    logError: (message, error) => logProblem(`${message}: ${describeError(error)}`),
  });
  const { articles, problems } = publisher.site();
  log(`published ${articles.length}, skipped ${problems.length} (${Date.now() - started} ms)`);

  const { app } = publisher;
  // ACCESS_LOG=on: one line per request, so a test (or an operator) can see what a reader got.
  const handle: typeof app.fetch = config.isAccessLogOn
    ? async (request, env, executionCtx) => {
        const response = await app.fetch(request, env, executionCtx);
        log(`${request.method} ${new URL(request.url).pathname} ${response.status}`);
        return response;
      }
    : app.fetch;

  const server = serve({ fetch: handle, hostname: config.host, port: config.port }, (info) => {
    log(
      `serving ${config.seedsDir} on http://${info.address}:${info.port} (BASE_URL ${config.baseUrl})`,
    );
  }) as Server;
  server.on("error", (error: NodeJS.ErrnoException) => {
    const reason =
      error.code === "EADDRINUSE"
        ? `port ${config.port} on ${config.host} is already in use (set PORT to another port)`
        : describeError(error);
    logProblem(`cannot serve: ${reason}`);
    process.exit(1);
  });

  const reload = createReloader(library, (report) => {
    const { previous, next } = publisher.publish(library.input);
    logReport(report, next);
    void announceChangedFeeds(previous, next, config, log);
  });
  const stopWatching = watchFolder(
    config.seedsDir,
    config.reloadDebounceMs,
    (path) => library.input.folderTimes?.has(path) ?? false,
    reload,
  );

  const shutdown = (signal: string) => {
    log(`${signal}: finishing in-flight requests, then exiting`);
    stopWatching();
    // A snapshot being written is finished first: the next start is quick only with it.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    void Promise.all([closed, cache?.settled()]).then(() => {
      cache?.close();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

/**
 * The seeds folder's cache in CACHE_DIR, if there is to be one. Whatever goes wrong with it is
 * one line in the log, and the server starts without it (reading every seed).
 */
function openCache(config: Config): SeedCache | undefined {
  const folder = cacheFolderOf(config.cacheDir, process.env);
  if (folder === undefined) return undefined;
  let fingerprint: string | undefined;
  try {
    fingerprint = parserFingerprint(config);
  } catch (error) {
    logProblem(
      `cache: cannot fingerprint the parser (${describeError(error)}); every seed is read at start`,
    );
  }
  return SeedCache.open({
    folder: seedsCacheFolder(folder, config.seedsDir),
    settings: config,
    fingerprint,
    warn: logProblem,
    log,
  });
}

function logReport(report: ScanReport, site: Site): void {
  for (const path of report.added) log(`added ${path}`);
  for (const path of report.updated) log(`updated ${path}`);
  for (const path of report.removed) log(`removed ${path}`);
  for (const problem of report.broken) {
    logProblem(`skipped ${problem.message} (any earlier valid version stays published)`);
  }
  log(`published ${site.articles.length}, skipped ${site.problems.length}`);
}
