import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { parseConfig } from "../../../src/config.ts";
import { createPublisher } from "../../../src/http/publisher.ts";
import { SeedLibrary } from "../../../src/runtime/node/seed-library.ts";
import { buildWorkerAssets } from "../../../src/runtime/node/worker-assets.ts";
import { writeSiteFixture } from "../../support/site-fixture.ts";
import { parityPaths, recordParityCases } from "./parity-cases.ts";
import { PARITY_ASSETS, PARITY_STYLESHEET, WORKER_TEST_VARS } from "./settings.ts";

/**
 * Runs on Node before the workers project starts: writes a fixture seeds folder, renders it
 * with the build's code into the assets folder the Worker's ASSETS binding serves in these
 * tests (article pages in shards, the Worker's harder path), and records what the Node server
 * (SeedLibrary reading the folder, the same app) answers on every route.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), "worker-parity-"));
  await writeSiteFixture(folder);

  const config = parseConfig(WORKER_TEST_VARS);
  const library = await SeedLibrary.open(folder, config);
  const { app, site } = createPublisher(library.input, {
    settings: config,
    now: () => Date.now(),
    stylesheet: PARITY_STYLESHEET,
  });
  await buildWorkerAssets({
    app,
    site: site(),
    config,
    loadArticle: library.input.loadArticle ?? (async (meta) => meta as never),
    plan: "free",
    articlePages: "shards",
    out: PARITY_ASSETS,
    now: Date.now(),
  });
  const cases = await recordParityCases(app, parityPaths(site(), config.archivePageSize));
  project.provide("parityCases", cases);

  return () => rm(folder, { recursive: true, force: true });
}
