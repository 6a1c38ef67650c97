import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { parseConfig } from "../../../src/config.ts";
import { createPublisher } from "../../../src/http/publisher.ts";
import { SeedLibrary } from "../../../src/runtime/node/seed-library.ts";
import { readBundledSeeds, renderSeedsModule } from "../../../src/runtime/node/seeds-module.ts";
import { writeSiteFixture } from "../../support/site-fixture.ts";
import { parityPaths, recordParityCases } from "./parity-cases.ts";
import { PARITY_SEEDS_MODULE, WORKER_TEST_VARS } from "./settings.ts";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * Runs on Node before the workers project starts: writes a fixture seeds folder, bundles it
 * with the build step's code into the module the Worker imports in these tests, and records
 * what the Node server (SeedLibrary reading the folder, the same app) answers on every route.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), "worker-parity-"));
  await writeSiteFixture(folder);

  const { bundle } = await readBundledSeeds(folder);
  const modulePath = join(REPO_ROOT, PARITY_SEEDS_MODULE);
  const typeImport = relative(
    dirname(modulePath),
    join(REPO_ROOT, "src/runtime/worker/bundled-seeds.ts"),
  );
  // A fixed folder name keeps the module's bytes the same on every run.
  const source = renderSeedsModule({ ...bundle, folder: "parity-fixture" }, typeImport);
  await mkdir(dirname(modulePath), { recursive: true });
  // Written aside and renamed, so a concurrent run never imports half a module.
  const partial = `${modulePath}.${process.pid}.partial`;
  await writeFile(partial, source);
  await rename(partial, modulePath);

  const config = parseConfig(WORKER_TEST_VARS);
  const library = await SeedLibrary.open(folder, config);
  const { app, site } = createPublisher(library.input, { settings: config, now: () => Date.now() });
  const cases = await recordParityCases(app, parityPaths(site(), config.archivePageSize));
  project.provide("parityCases", cases);

  return () => rm(folder, { recursive: true, force: true });
}
