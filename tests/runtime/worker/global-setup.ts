import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { writeSiteFixture } from "../../support/site-fixture.ts";
import { renderWorkerFixture } from "../../support/worker-fixture.ts";
import { parityPaths, recordParityCases } from "./parity-cases.ts";
import { PARITY_ASSETS } from "./settings.ts";

/**
 * Runs on Node before the workers project starts: writes a fixture seeds folder, renders it
 * with the build's code into the assets folder the Worker's ASSETS binding serves in these
 * tests (article pages in shards, the Worker's harder path), and records what the Node server
 * (SeedLibrary reading the folder, the same app) answers on every route.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), "worker-parity-"));
  await writeSiteFixture(folder);

  const { app, site, archivePageSize } = await renderWorkerFixture(folder, PARITY_ASSETS, "shards");
  const cases = await recordParityCases(app, parityPaths(site(), archivePageSize));
  project.provide("parityCases", cases);

  return () => rm(folder, { recursive: true, force: true });
}
