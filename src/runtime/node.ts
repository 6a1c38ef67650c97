import { watch } from "node:fs";
import type { Server } from "node:http";
import { promisify } from "node:util";
import { brotliCompress, gzip, constants as zlib } from "node:zlib";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { type Config, ConfigError, parseConfig } from "../config.ts";
import { FEED_FORMATS, feedUrls } from "../feeds/model.ts";
import { type ContentEncoding, createApp } from "../http/app.ts";
import { createSite, type Site } from "../http/site.ts";
import { type ScanReport, SeedLibrary } from "./seed-library.ts";
import { pingHub } from "./websub.ts";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
// The subscription feeds are compressed once per change and served thousands of times:
// spend the CPU on the best ratio.
const compress = async (body: Uint8Array, encoding: ContentEncoding): Promise<Uint8Array> =>
  encoding === "br"
    ? brotli(body, {
        params: {
          [zlib.BROTLI_PARAM_QUALITY]: 11,
          [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
          [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : gzipAsync(body, { level: 9 });

const SHUTDOWN_GRACE_MS = 10_000;
// fs.watch can miss events (network file systems, a folder replaced wholesale): a slow
// rescan catches whatever it missed.
const SAFETY_RESCAN_MS = 30_000;

function log(message: string): void {
  console.log(`${new Date().toISOString()} ${message}`);
}

function logProblem(message: string): void {
  console.error(`${new Date().toISOString()} ${message}`);
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined ? message : `${code}: ${message}`;
}

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const library = new SeedLibrary(config.seedsDir, config);
  const started = Date.now();
  let lastProgress = started;
  try {
    await library.scan((read, total) => {
      if (Date.now() - lastProgress > 2000) {
        lastProgress = Date.now();
        log(`reading seeds: ${read} of ${total}`);
      }
    });
  } catch (error) {
    throw new StartupError(`cannot read the seeds folder ${config.seedsDir} (${describe(error)})`);
  }
  for (const problem of library.input.problems) logProblem(`skipped ${problem.message}`);
  let site = createSite(library.input, config);
  log(
    `published ${site.articles.length}, skipped ${site.problems.length} (${Date.now() - started} ms)`,
  );

  const app = createApp({
    getSite: () => site,
    settings: config,
    now: () => Date.now(),
    compress,
    clientAddress: (c) => getConnInfo(c).remote.address,
    logError: (message, error) => logProblem(`${message}: ${describe(error)}`),
  });

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    log(
      `serving ${config.seedsDir} on http://${info.address}:${info.port} (BASE_URL ${config.baseUrl})`,
    );
  }) as Server;
  server.on("error", (error: NodeJS.ErrnoException) => {
    const reason =
      error.code === "EADDRINUSE"
        ? `port ${config.port} on ${config.host} is already in use (set PORT to another port)`
        : describe(error);
    logProblem(`cannot serve: ${reason}`);
    process.exit(1);
  });

  const reload = createReloader(library, config, (report) => {
    const previous = site;
    site = createSite(library.input, config);
    logReport(report, site);
    void announceChangedFeeds(previous, site, config);
  });
  const stopWatching = watchFolder(config.seedsDir, config.reloadDebounceMs, reload);

  const shutdown = (signal: string) => {
    log(`${signal}: finishing in-flight requests, then exiting`);
    stopWatching();
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

/** Serialises rescans: one at a time, and one more if changes arrived during it. */
function createReloader(
  library: SeedLibrary,
  config: Config,
  onChange: (report: ScanReport) => void,
): () => void {
  let isRunning = false;
  let isPending = false;
  let wasFolderMissing = false;
  const run = async () => {
    if (isRunning) {
      isPending = true;
      return;
    }
    isRunning = true;
    try {
      const report = await library.scan();
      if (wasFolderMissing) log(`the seeds folder ${config.seedsDir} is readable again`);
      wasFolderMissing = false;
      if (report.isChanged) onChange(report);
    } catch (error) {
      if (!wasFolderMissing) {
        logProblem(
          `cannot read the seeds folder ${config.seedsDir} (${describe(error)}); still serving the last good articles`,
        );
      }
      wasFolderMissing = true;
    } finally {
      isRunning = false;
      if (isPending) {
        isPending = false;
        void run();
      }
    }
  };
  return () => void run();
}

/** Debounced recursive watching, re-armed when the folder disappears and comes back. */
function watchFolder(folder: string, debounceMs: number, onChange: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  let watcher: ReturnType<typeof watch> | undefined;
  const trigger = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const arm = () => {
    if (watcher !== undefined) return;
    try {
      watcher = watch(folder, { recursive: true }, trigger);
      watcher.on("error", () => {
        watcher?.close();
        watcher = undefined;
        trigger();
      });
    } catch {
      watcher = undefined; // the folder is gone: the safety rescan notices when it is back
    }
  };
  arm();
  const safety = setInterval(() => {
    arm();
    onChange();
  }, SAFETY_RESCAN_MS);
  safety.unref();
  // A watcher on a folder that was deleted stays silent: check it is still ours more often.
  const rearm = setInterval(() => {
    if (watcher === undefined) {
      arm();
      if (watcher !== undefined) trigger();
    }
  }, 1000);
  rearm.unref();
  return () => {
    clearTimeout(timer);
    clearInterval(safety);
    clearInterval(rearm);
    watcher?.close();
  };
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

/** Pings the WebSub hub for each subscription feed whose bytes changed. */
async function announceChangedFeeds(previous: Site, next: Site, config: Config): Promise<void> {
  const hub = config.websubHub;
  if (hub === undefined) return;
  const changed: string[] = [];
  for (const format of FEED_FORMATS) {
    const [before, after] = await Promise.all([previous.feed(format), next.feed(format)]);
    if (before.representation.etag !== after.representation.etag) {
      changed.push(feedUrls(config.baseUrl, "")[format]);
    }
  }
  if (changed.length > 0) await pingHub(hub, changed, log);
}

class StartupError extends Error {
  override readonly name = "StartupError";
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    logProblem(error.message);
  } else {
    logProblem(`failed to start: ${describe(error)}`);
  }
  process.exit(1);
});
