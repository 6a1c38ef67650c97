import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../support/run-program.ts";

const BUILD_WORKER = ["--import", "tsx", "src/runtime/cli/build-worker.ts"];
const DEV_WORKER = ["--import", "tsx", "src/runtime/cli/dev-worker.ts"];

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "build-worker-cli-"));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("npm run build:worker", () => {
  it("explains itself with --help", async () => {
    const run = await runCommand(process.execPath, [...BUILD_WORKER, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("--article-pages MODE");
    expect(run.stdout).toContain("WORKER_PLAN");
  });

  it.each([
    [["--article-pages", "some"], "--article-pages must be auto, files or shards"],
    [["--nope"], "--nope"],
    [["extra"], "extra"],
  ])("exits 2 with one line on %j", async (args, phrase) => {
    const run = await runCommand(process.execPath, [...BUILD_WORKER, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(phrase);
  });

  it("refuses an unknown WORKER_PLAN in one line, before rendering anything", async () => {
    const assets = join(work, "assets");
    const run = await runCommand(process.execPath, [...BUILD_WORKER, "--assets", assets], {
      WORKER_PLAN: "enterprise",
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      "invalid setting WORKER_PLAN: must be free or paid, not enterprise",
    );
    await expect(readdir(assets)).rejects.toThrow();
  });

  it("renders the bundled seeds into --assets with --assets-only", async () => {
    const assets = join(work, "assets");
    const run = await runCommand(process.execPath, [
      ...BUILD_WORKER,
      "--assets",
      assets,
      "--assets-only",
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^worker assets: 1 articles from seeds \(0 invalid\)/mu);
    expect((await readdir(assets)).sort()).toEqual(
      expect.arrayContaining(["_edge", "_headers", "feed.xml", "index.html", "style.css"]),
    );
  });
});

describe("npm run dev:worker", () => {
  it("explains itself with --help, naming where wrangler dev's options are", async () => {
    const run = await runCommand(process.execPath, [...DEV_WORKER, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("--assets DIR");
    expect(run.stdout).toContain("npx wrangler dev --help");
  });

  it("refuses an unknown WORKER_PLAN in one line, as build:worker does", async () => {
    const run = await runCommand(process.execPath, [...DEV_WORKER, "--port", "1"], {
      WORKER_PLAN: "enterprise",
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      "invalid setting WORKER_PLAN: must be free or paid, not enterprise",
    );
  });

  it("exits 2 with one line when --assets has no folder", async () => {
    const run = await runCommand(process.execPath, [...DEV_WORKER, "--assets"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });
});
