import type { SeedError } from "../../articles/errors.ts";
import type { Config } from "../../config.ts";
import { createPublisher } from "../../http/publisher.ts";
import { nodeSha256 } from "./node-sha256.ts";
import { SeedLibrary } from "./seed-library.ts";
import { readStylesheet } from "./stylesheet-file.ts";
import {
  buildWorkerAssets,
  type WorkerAssetsOptions,
  type WorkerAssetsResult,
} from "./worker-assets.ts";

export interface WorkerSiteOptions {
  readonly plan: WorkerAssetsOptions["plan"];
  readonly articlePages: WorkerAssetsOptions["articlePages"];
  readonly out: string;
  readonly onProgress?: (written: number, total: number) => void;
}

export interface WorkerSite extends WorkerAssetsResult {
  /** The broken seeds that were skipped, sorted by file. */
  readonly problems: readonly SeedError[];
}

/**
 * The start of every Worker build (`npm run build:worker`, `npm run dev:worker`): SEEDS_DIR
 * read exactly as the Node server reads it, published by the same app, rendered into `out`.
 */
export async function renderWorkerSite(
  config: Config,
  options: WorkerSiteOptions,
): Promise<WorkerSite> {
  const stylesheet = await readStylesheet(config.stylesheetPath);
  const library = await SeedLibrary.open(config.seedsDir, config);
  const { input } = library;
  const { app, site } = createPublisher(input, {
    settings: config,
    now: () => Date.now(),
    stylesheet,
    // Tens of thousands of documents in a row: hashing on this thread beats the thread pool.
    sha256: nodeSha256,
  });
  const result = await buildWorkerAssets({
    app,
    site: site(),
    config,
    // Without a loader, the library's articles are whole articles already.
    loadArticle: input.loadArticle ?? (async (meta) => meta as never),
    plan: options.plan,
    articlePages: options.articlePages,
    out: options.out,
    now: Date.now(),
    onProgress: options.onProgress,
  });
  return { ...result, problems: input.problems };
}
