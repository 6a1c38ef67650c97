import type { Server } from "node:http";
import type { Http2Bindings, HttpBindings } from "@hono/node-server";
import { serve } from "@hono/node-server";
import type { Config } from "../../config.ts";
import { createPublisher } from "../../http/publisher.ts";
import { SubscriberCounter } from "../../http/subscribers.ts";
import { catalogueWarning } from "../../i18n/catalogue.ts";
import { idAuthorityWarning } from "../../publish-guards.ts";
import type { Site } from "../../site/site.ts";
import { describeError } from "../describe-error.ts";
import { compress } from "./compress.ts";
import { watchFolder } from "./folder-watcher.ts";
import { log, logAccess, logProblem } from "./log.ts";
import { createMetrics } from "./metrics.ts";
import { clientAddress, createObserver } from "./observe.ts";
import { openSeedCache } from "./open-seed-cache.ts";
import { createReloader } from "./reloader.ts";
import { type ScanReport, SeedLibrary } from "./seed-library.ts";
import { readStylesheet } from "./stylesheet-file.ts";
import { announceChangedFeeds } from "./websub.ts";

const SHUTDOWN_GRACE_MS = 10_000;
// While the first scan of a large archive runs, say how far it got this often.
const PROGRESS_INTERVAL_MS = 2_000;

/**
 * `npm start`: reads the seeds folder, serves the site on HOST:PORT, follows every change of the
 * folder, and drains and exits on SIGTERM or SIGINT.
 * @throws {SeedsFolderError} when the seeds folder cannot be read at start.
 * @throws {StylesheetError} when STYLESHEET names a file that cannot be served.
 */
export async function startServer(config: Config): Promise<void> {
  const started = Date.now();
  // First, before any reader can fetch an id that could never change again.
  const warning = idAuthorityWarning(config);
  if (warning !== undefined) logProblem(warning);
  const catalogue = catalogueWarning(config.language);
  if (catalogue !== undefined) logProblem(catalogue);
  const stylesheet = await readStylesheet(config.stylesheetPath);
  let lastProgress = started;
  const cache = openSeedCache(config, { warn: logProblem, log });
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
  const subscribers = new SubscriberCounter();
  // /healthz is public and counting walks every tracked reader: once a second is enough.
  let subscriberTotal = { at: Number.NEGATIVE_INFINITY, value: 0 };
  const currentSubscriberTotal = () => {
    const now = Date.now();
    if (now - subscriberTotal.at >= 1000) {
      subscriberTotal = { at: now, value: subscribers.total(now) };
    }
    return subscriberTotal.value;
  };
  const metrics = config.isMetricsOn
    ? createMetrics({ site: () => publisher.site(), subscribers, now: () => Date.now() })
    : undefined;
  const restored = library.firstScan?.restored ?? 0;
  if (cache !== undefined) log(`cache: ${restored} seeds unchanged since it was saved, not read`);
  const publisher = createPublisher(library.input, {
    settings: config,
    now: () => Date.now(),
    stylesheet,
    compress,
    clientAddress: (c) => clientAddress((c.env as HttpBindings).incoming, config.isProxyTrusted),
    logError: (message, error) => logProblem(`${message}: ${describeError(error)}`),
    metrics,
    subscriberTotal: currentSubscriberTotal,
  });
  const { articles, problems } = publisher.site();
  log(`published ${articles.length}, skipped ${problems.length} (${Date.now() - started} ms)`);

  const { app } = publisher;
  // Subscribers, METRICS and ACCESS_LOG (one JSON line per request) are recorded after the app
  // has answered, outside it: the app stays the same on every runtime.
  const observe = createObserver({
    subscribers,
    metrics,
    logAccess: config.isAccessLogOn ? logAccess : undefined,
    isProxyTrusted: config.isProxyTrusted,
  });
  // Synchronous when the app is: @hono/node-server writes a Response it gets at once.
  const handle = (
    request: Request,
    env: HttpBindings | Http2Bindings,
  ): Response | Promise<Response> => {
    const startedAt = config.isAccessLogOn ? performance.now() : 0;
    const answered = app.fetch(request, env);
    if (answered instanceof Promise) {
      return answered.then((response) => {
        observe(env.incoming, response, startedAt);
        return response;
      });
    }
    observe(env.incoming, answered, startedAt);
    return answered;
  };

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

  const reload = createReloader(
    library,
    (report) => {
      const { previous, next } = publisher.publish(library.input);
      logReport(report, next);
      void announceChangedFeeds(previous, next, config, log);
    },
    metrics?.observeReload,
  );
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

function logReport(report: ScanReport, site: Site): void {
  for (const path of report.added) log(`added ${path}`);
  for (const path of report.updated) log(`updated ${path}`);
  for (const path of report.removed) log(`removed ${path}`);
  for (const problem of report.broken) {
    logProblem(`skipped ${problem.message} (any earlier valid version stays published)`);
  }
  log(`published ${site.articles.length}, skipped ${site.problems.length}`);
}
