import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChild } from "../../harness/child.ts";
import { findFreePort, waitForStatus } from "../../harness/http.ts";
import { REPO_ROOT } from "../../harness/server.ts";
import { startWranglerDev, type WranglerDev } from "../../harness/wrangler-dev.ts";
import { exportFileOf } from "../../src/urls.ts";
import {
  differencesOf,
  IDENTITY,
  isPlainFeedRequest,
  type ParityCase,
  PLATFORM_OWNED,
  parityPaths,
  type RecordedResponse,
  recordParityCases,
  recordResponse,
} from "../runtime/worker/parity-cases.ts";
import { WORKER_TEST_VARS } from "../runtime/worker/settings.ts";
import { writeSiteFixture } from "../support/site-fixture.ts";
import { renderWorkerFixture } from "../support/worker-fixture.ts";

/**
 * The deployment as Cloudflare runs it, locally: `wrangler dev` serving a fixture site built
 * with article pages as files, the platform's asset serving (`_headers`, its ETag) in front of
 * the Worker. vitest-pool-workers calls the Worker directly (tests/runtime/worker/), so this is
 * where the files the platform serves are compared with the Node server.
 */

let work: string;
let wrangler: WranglerDev | undefined;
let cases: ParityCase[] = [];
let assets: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "worker-assets-e2e-"));
  const seeds = join(work, "seeds");
  await writeSiteFixture(seeds);
  assets = join(work, "assets");
  const { app, site, archivePageSize } = await renderWorkerFixture(seeds, assets, "files");
  cases = await recordParityCases(app, parityPaths(site(), archivePageSize));
  const vars = Object.entries(WORKER_TEST_VARS).flatMap(([name, value]) => [
    "--var",
    `${name}:${value}`,
  ]);
  wrangler = await startWranglerDev({
    extraArgs: ["--assets", assets, ...vars],
    probePath: "/robots.txt",
    timeoutMs: 60_000,
  });
}, 120_000);

afterAll(async () => {
  await wrangler?.stop();
  await rm(work, { recursive: true, force: true });
});

/**
 * Whether the platform answers from a file: a path with a file that does not run the Worker
 * first, or a feed the Worker hands to the platform.
 */
function isServedAsFile(parityCase: ParityCase): boolean {
  if (isPlainFeedRequest(parityCase)) return true;
  const { path } = parityCase;
  // As the client sends it: `/articles/..` is `/`.
  const bare = new URL(path, "http://x").pathname;
  const isWorkerFirst =
    ["/feed.xml", "/atom.xml", "/feed.json", "/sitemap-news.xml", "/healthz"].includes(bare) ||
    bare.startsWith("/credits/");
  return !isWorkerFirst && bare !== "/" ? existsSync(join(assets, exportFileOf(bare))) : true;
}

async function ask(parityCase: ParityCase): Promise<RecordedResponse> {
  const response = await fetch(`${wrangler?.baseUrl}${parityCase.path}`, {
    method: parityCase.method,
    headers: { ...IDENTITY, ...parityCase.headers },
    redirect: "manual",
  });
  return recordResponse(response);
}

describe("the Worker's deployment under wrangler dev, compared with the Node server", () => {
  it("answers the Worker's paths and the misses exactly as Node, validators included", async () => {
    const compared = cases.filter(
      (parityCase) => parityCase.method !== "OPTIONS" && !isServedAsFile(parityCase),
    );
    expect(compared.length).toBeGreaterThan(20);
    const differences: string[] = [];
    for (const parityCase of compared) {
      differences.push(...differencesOf(parityCase, await ask(parityCase), new Set()));
    }
    expect(differences).toEqual([]);
  }, 120_000);

  it("serves every file with Node's bytes and headers but those the platform owns", async () => {
    const compared = cases.filter(
      (parityCase) =>
        (parityCase.method === "GET" || parityCase.method === "HEAD") &&
        Object.keys(parityCase.headers).length === 0 &&
        isServedAsFile(parityCase),
    );
    expect(compared.length).toBeGreaterThan(100);
    const differences: string[] = [];
    for (const parityCase of compared) {
      differences.push(...differencesOf(parityCase, await ask(parityCase), PLATFORM_OWNED));
    }
    expect(differences).toEqual([]);
  }, 120_000);

  it("answers a conditional request for a file with 304 on the platform's own ETag", async () => {
    for (const path of ["/", "/archive/1/feed.xml", "/style.css", "/feeds"]) {
      const first = await fetch(`${wrangler?.baseUrl}${path}`, { headers: IDENTITY });
      const etag = first.headers.get("ETag");
      expect(etag, path).not.toBeNull();
      const again = await fetch(`${wrangler?.baseUrl}${path}`, {
        headers: { ...IDENTITY, "If-None-Match": etag ?? "" },
      });
      expect(again.status, path).toBe(304);
    }
  });
});

describe("npm run dev:worker", () => {
  it("renders a seed edit into the assets and serves it within seconds", async () => {
    const seeds = join(work, "dev-seeds");
    await mkdir(seeds);
    await writeFile(
      join(seeds, "erste.txt"),
      "Erste Meldung date 2025-12-04 Der Anfang.\n\nText.\n",
    );
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    const dev = startChild(
      "npm run dev:worker",
      "npm",
      ["run", "-s", "dev:worker", "--", "--port", String(port), "--assets", join(work, "dev")],
      { cwd: REPO_ROOT, env: { ...process.env, SEEDS_DIR: seeds }, isProcessGroup: true },
    );
    try {
      await waitForStatus(dev, `${base}/healthz`, 200, 60_000);
      expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ articles: 1 });

      await writeFile(join(seeds, "zweite.txt"), "Zweite Meldung date 2025-12-05 Neu.\n\nText.\n");
      const started = performance.now();
      let index = "";
      while (!index.includes("Zweite Meldung") && performance.now() - started < 20_000) {
        await new Promise((done) => setTimeout(done, 200));
        index = await (await fetch(`${base}/`)).text();
      }
      expect(index).toContain("Zweite Meldung");
      expect(await (await fetch(`${base}/feed.xml`)).text()).toContain("Zweite Meldung");
    } finally {
      await dev.stop();
    }
  }, 120_000);
});
