import { parseConfig } from "../../src/config.ts";
import { createPublisher, type Publisher } from "../../src/http/publisher.ts";
import { SeedLibrary } from "../../src/runtime/node/seed-library.ts";
import { buildWorkerAssets } from "../../src/runtime/node/worker-assets.ts";
import { PARITY_STYLESHEET, WORKER_TEST_VARS } from "../runtime/worker/settings.ts";

/**
 * The fixture seeds in `seeds`, served by the Node app with the Worker tests' settings and
 * rendered with the build's code into `out`, the Worker's assets: both sides of a parity test.
 */
export async function renderWorkerFixture(
  seeds: string,
  out: string,
  articlePages: "files" | "shards",
): Promise<Publisher & { readonly archivePageSize: number }> {
  const config = parseConfig(WORKER_TEST_VARS);
  const library = await SeedLibrary.open(seeds, config);
  const publisher = createPublisher(library.input, {
    settings: config,
    now: () => Date.now(),
    stylesheet: PARITY_STYLESHEET,
  });
  await buildWorkerAssets({
    app: publisher.app,
    site: publisher.site(),
    config,
    loadArticle: library.input.loadArticle ?? (async (meta) => meta as never),
    plan: "free",
    articlePages,
    out,
    now: Date.now(),
  });
  return { ...publisher, archivePageSize: config.archivePageSize };
}
