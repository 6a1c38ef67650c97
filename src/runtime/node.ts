import { existsSync, statSync } from "node:fs";
import type { Server } from "node:http";
import { join, sep } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, gzip, constants as zlib } from "node:zlib";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { isSeedPath } from "../articles/article-id.ts";
import { type Config, ConfigError, parseConfig } from "../config.ts";
import { FEED_FORMATS, feedUrls } from "../feeds/model.ts";
import { type ContentEncoding, createApp } from "../http/app.ts";
import { createSite, DocumentStore, type Site } from "../http/site.ts";
import { type ScanReport, SeedLibrary, SeedsFolderError } from "./seed-library.ts";
import { type TreeWatcher, watchTree } from "./watch-tree.ts";
import { pingHub } from "./websub.ts";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
// Compressed once per change and served many times. Brotli's top quality took 360 ms for a
// 300 KB feed, which a newsroom changing seeds every few seconds cannot afford; quality 6 is
// about as fast as gzip -6 and still clearly smaller.
const compress = async (body: Uint8Array, encoding: ContentEncoding): Promise<Uint8Array> =>
  encoding === "br"
    ? brotli(body, {
        params: {
          [zlib.BROTLI_PARAM_QUALITY]: 6,
          [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
          [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : gzipAsync(body, { level: 6 });

const SHUTDOWN_GRACE_MS = 10_000;
// fs.watch can miss events (network file systems, a folder replaced wholesale): a slow
// rescan catches whatever it missed.
const SAFETY_RESCAN_MS = 30_000;
const FOLDER_RETRY_MS = 1_000;

function log(message: string): void {
  console.log(`${new Date().toISOString()} ${message}`);
}

function logProblem(message: string): void {
  console.error(`${new Date().toISOString()} ${message}`);
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined || message.startsWith(code) ? message : `${code}: ${message}`;
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
    if (!(error instanceof SeedsFolderError)) throw error;
    throw new StartupError(error.message);
  }
  for (const problem of library.input.problems) logProblem(`skipped ${problem.message}`);
  const store = new DocumentStore();
  let site = createSite(library.input, config, store);
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
        : describe(error);
    logProblem(`cannot serve: ${reason}`);
    process.exit(1);
  });

  const reload = createReloader(library, config, (report) => {
    const previous = site;
    site = createSite(library.input, config, store);
    logReport(report, site);
    void announceChangedFeeds(previous, site, config);
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

/**
 * Serialises rescans: one at a time, and one more if changes arrived during it. Paths a watcher
 * named are re-read alone; anything else (a folder, an unnamed event) rescans the whole folder.
 */
function createReloader(
  library: SeedLibrary,
  config: Config,
  onChange: (report: ScanReport) => void,
): (changed: ReadonlySet<string> | "all") => void {
  let isRunning = false;
  let pending: Set<string> | "all" | undefined;
  let wasFolderMissing = false;
  const run = async (changed: ReadonlySet<string> | "all") => {
    if (isRunning) {
      pending =
        pending === "all" || changed === "all" ? "all" : new Set([...(pending ?? []), ...changed]);
      return;
    }
    isRunning = true;
    try {
      const report = await library.scan(undefined, changed === "all" ? undefined : changed);
      if (wasFolderMissing) log(`the seeds folder ${config.seedsDir} is readable again`);
      wasFolderMissing = false;
      if (report.isChanged) onChange(report);
    } catch (error) {
      // A bug of ours during a reload is logged, but it must not take the server down either.
      if (!(error instanceof SeedsFolderError)) {
        logProblem(`reload failed: ${describe(error)}; still serving the last good articles`);
      } else {
        if (!wasFolderMissing) logProblem(`${error.message}; still serving the last good articles`);
        wasFolderMissing = true;
        // Try again until the folder is back (a watcher may never say so), then read everything.
        setTimeout(() => void run("all"), FOLDER_RETRY_MS).unref();
      }
    } finally {
      isRunning = false;
      const next = pending;
      pending = undefined;
      if (next !== undefined && !wasFolderMissing) void run(next);
    }
  };
  return (changed) => void run(changed);
}

/**
 * Debounced recursive watching, re-armed when the folder disappears and comes back. Events name
 * paths relative to the folder; seed paths are collected so only they are read again.
 */
function watchFolder(
  folder: string,
  debounceMs: number,
  isKnownFolder: (path: string) => boolean,
  onChange: (changed: ReadonlySet<string> | "all") => void,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let watcher: TreeWatcher | undefined;
  let changed: Set<string> | "all" = new Set();
  const flush = () => {
    const batch = changed;
    changed = new Set();
    onChange(batch);
  };
  const trigger = (path: string | null | undefined) => {
    if (changed !== "all") {
      const normalised = path?.split(sep).join("/");
      // Only a seed file can be re-read alone; a folder or an unknown path rescans everything.
      if (normalised !== undefined && isSeedPath(normalised)) changed.add(normalised);
      else if (normalised === undefined || !isIgnorable(folder, normalised, isKnownFolder)) {
        changed = "all";
      }
    }
    clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };
  const arm = () => {
    if (watcher !== undefined) return;
    try {
      watcher = watchTree(folder, trigger);
    } catch {
      watcher = undefined; // the folder is gone: re-armed when it is back
    }
  };
  arm();
  const safety = setInterval(() => {
    arm();
    onChange("all");
  }, SAFETY_RESCAN_MS);
  safety.unref();
  // A watcher on a folder that was deleted stays silent: check it is still ours more often.
  const rearm = setInterval(() => {
    if (!existsSync(folder)) {
      watcher?.close();
      watcher = undefined;
      trigger(undefined);
    } else if (watcher === undefined) {
      arm();
      if (watcher !== undefined) trigger(undefined);
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

/**
 * A changed path that is not a seed changes nothing when it is a plain file (an editor's backup)
 * or a vanished one that was never a folder of ours (a temporary file renamed into place).
 */
function isIgnorable(
  folder: string,
  path: string,
  isKnownFolder: (path: string) => boolean,
): boolean {
  try {
    return statSync(join(folder, path)).isFile();
  } catch {
    return !isKnownFolder(path);
  }
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
