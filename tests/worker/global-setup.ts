import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { parseConfig } from "../../src/config.ts";
import { createApp } from "../../src/http/app.ts";
import { createSite } from "../../src/http/site.ts";
import { SeedLibrary } from "../../src/runtime/seed-library.ts";
import { readBundledSeeds, renderSeedsModule } from "../../src/runtime/seeds-module.ts";
import { writeSiteFixture } from "../support/site-fixture.ts";
import { recordParityCases, sitePaths } from "./parity-cases.ts";
import { PARITY_SEEDS_MODULE, WORKER_TEST_VARS } from "./settings.ts";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

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
  const typeImport = relative(dirname(modulePath), join(REPO_ROOT, "src/runtime/bundled-seeds.ts"));
  // A fixed folder name keeps the module's bytes the same on every run.
  const source = renderSeedsModule({ ...bundle, folder: "parity-fixture" }, typeImport);
  await mkdir(dirname(modulePath), { recursive: true });
  // Written aside and renamed, so a concurrent run never imports half a module.
  const partial = `${modulePath}.${process.pid}.partial`;
  await writeFile(partial, source);
  await rename(partial, modulePath);

  const config = parseConfig(WORKER_TEST_VARS);
  const library = new SeedLibrary(folder, config);
  await library.scan();
  const site = createSite(library.input, config);
  const app = createApp({ getSite: () => site, settings: config, now: () => Date.now() });
  const cases = await recordParityCases(app, sitePaths(site, config.archivePageSize));
  project.provide("parityCases", cases);

  return () => rm(folder, { recursive: true, force: true });
}
