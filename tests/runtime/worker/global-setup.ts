import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { parseConfig } from "../../../src/config.ts";
import { createPublisher } from "../../../src/http/publisher.ts";
import { SeedLibrary } from "../../../src/runtime/node/seed-library.ts";
import { readBundledSeeds, renderSeedsModule } from "../../../src/runtime/node/seeds-module.ts";
import { renderStylesheetModule } from "../../../src/runtime/node/stylesheet-file.ts";
import { writeSiteFixture } from "../../support/site-fixture.ts";
import { parityPaths, recordParityCases } from "./parity-cases.ts";
import {
  PARITY_SEEDS_MODULE,
  PARITY_STYLESHEET,
  PARITY_STYLESHEET_MODULE,
  WORKER_TEST_VARS,
} from "./settings.ts";

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
  await writeModule(
    modulePath,
    renderSeedsModule({ ...bundle, folder: "parity-fixture" }, typeImport),
  );
  await writeModule(
    join(REPO_ROOT, PARITY_STYLESHEET_MODULE),
    renderStylesheetModule("parity.css", PARITY_STYLESHEET),
  );

  const config = parseConfig(WORKER_TEST_VARS);
  const library = await SeedLibrary.open(folder, config);
  const { app, site } = createPublisher(library.input, {
    settings: config,
    now: () => Date.now(),
    stylesheet: PARITY_STYLESHEET,
  });
  const cases = await recordParityCases(app, parityPaths(site(), config.archivePageSize));
  project.provide("parityCases", cases);

  return () => rm(folder, { recursive: true, force: true });
}

/** Writes a module aside and renames it, so a concurrent run never imports half of it. */
async function writeModule(path: string, source: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, source);
  await rename(partial, path);
}
