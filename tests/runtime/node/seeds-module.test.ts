import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SERVER_ENTRY } from "../../../harness/server.ts";
import { parseConfig } from "../../../src/config.ts";
import { SeedLibrary } from "../../../src/runtime/node/seed-library.ts";
import { readBundledSeeds, renderSeedsModule } from "../../../src/runtime/node/seeds-module.ts";
import {
  type BundledSeeds,
  seedBytes,
  siteInputFromBundle,
} from "../../../src/runtime/worker/bundled-seeds.ts";
import { writeSiteFixture } from "../../support/site-fixture.ts";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const FIXTURES = "tests/fixtures/seeds";
const TSX = join(REPO_ROOT, "node_modules/.bin/tsx");
const GENERATOR = join(REPO_ROOT, "src/runtime/cli/build-seeds.ts");
const run = promisify(execFile);
// Wrangler's config reader is loaded by the build step: it must never phone home.
const QUIET_WRANGLER = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};

/** The test runner's environment without BASE_URL, which Vite sets to "/" for itself. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { BASE_URL: _, ...env } = process.env;
  return { ...env, ...QUIET_WRANGLER, ...extra };
}

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "seeds-module-test-"));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("readBundledSeeds", () => {
  it("keeps every *.txt below the folder, sorted by path, byte for byte with its time", async () => {
    const folder = join(work, "seeds");
    await writeSiteFixture(folder);
    await writeFile(join(folder, "notes.md"), "not a seed");
    const { bundle, unreadable } = await readBundledSeeds(folder);
    const paths = bundle.files.map((seed) => seed.path);
    expect(unreadable).toEqual([]);
    expect(paths).toEqual([...paths].sort());
    expect(paths).toContain("nested/2025/12/foo.txt");
    expect(paths).not.toContain("notes.md");
    for (const seed of bundle.files) {
      const file = join(folder, seed.path);
      expect(seedBytes(seed), seed.path).toEqual(new Uint8Array(await readFile(file)));
      expect(seed.modifiedMs, seed.path).toBe((await stat(file)).mtimeMs);
    }
    expect(bundle.folderTimes.map(([name]) => name)).toContain("nested/2025");
    expect(new Map(bundle.folderTimes).get("")).toBe((await stat(folder)).mtimeMs);
  });

  it.each([
    ["latin1.txt", "base64"],
    ["binary.txt", "base64"],
    ["empty.txt", "text"],
    ["bom.txt", "text"],
    ["crlf.txt", "text"],
  ])("stores %s as %s, so a broken seed stays broken", async (path, kind) => {
    const { bundle } = await readBundledSeeds(FIXTURES);
    const seed = bundle.files.find((candidate) => candidate.path === path);
    expect(seed && kind in seed).toBe(true);
  });
});

describe("renderSeedsModule", () => {
  it("writes the same bytes for the same folder, and a module that reads back to the bundle", async () => {
    const folder = join(work, "seeds");
    await writeSiteFixture(folder);
    const first = renderSeedsModule((await readBundledSeeds(folder)).bundle, "./bundled-seeds.ts");
    const { bundle } = await readBundledSeeds(folder);
    const second = renderSeedsModule(bundle, "./bundled-seeds.ts");
    expect(second).toBe(first);
    const modulePath = join(work, "seeds-module.ts");
    await writeFile(modulePath, second);
    const imported = (await import(modulePath)) as { BUNDLED_SEEDS: BundledSeeds };
    expect(imported.BUNDLED_SEEDS).toEqual(bundle);
  });
});

describe("siteInputFromBundle", () => {
  it("publishes and skips exactly what the Node server's SeedLibrary does", async () => {
    const folder = join(work, "seeds");
    await writeSiteFixture(folder);
    const config = parseConfig({ BASE_URL: "https://news.example.org" });
    const library = new SeedLibrary(folder, config);
    await library.scan();
    const node = library.input;
    const worker = siteInputFromBundle((await readBundledSeeds(folder)).bundle, config);
    expect(worker.articles.map((article) => article.id)).toEqual(
      node.articles.map((article) => article.id),
    );
    expect(worker.articles.map((article) => article.published)).toEqual(
      node.articles.map((article) => article.published),
    );
    expect(worker.problems.map((problem) => problem.message)).toEqual(
      node.problems.map((problem) => problem.message),
    );
    expect(worker.modifiedTimes).toEqual(node.modifiedTimes);
    expect(worker.folderTimes).toEqual(node.folderTimes);
  });
});

// Each case starts tsx, which loads wrangler to read wrangler.toml: seconds on a busy machine.
describe("npm run build:seeds", { timeout: 30_000 }, () => {
  it("reports broken seeds with the lines of npm run check and still succeeds", async () => {
    const out = join(work, "seeds.ts");
    const env = childEnv({ SEEDS_DIR: FIXTURES });
    const built = await run(TSX, [GENERATOR, "--out", out], { cwd: REPO_ROOT, env });
    const checked = await run(TSX, [SERVER_ENTRY, "check"], { cwd: REPO_ROOT, env }).catch(
      (error: { stdout: string }) => error,
    );
    expect(built.stdout).toBe(checked.stdout);
    expect(built.stdout.split("\n")).toContain(
      "tests/fixtures/seeds/latin1.txt:1: not valid UTF-8 (byte 0xFC at offset 19); save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
    );
    expect(built.stderr).toContain("8 valid, 9 invalid");
    expect(await readFile(out, "utf8")).toContain("export const BUNDLED_SEEDS");
  });

  it("bundles the STYLESHEET file beside the seeds, and fails in one line without it", async () => {
    const css = join(work, "brand.css");
    await writeFile(css, "body{color:#123}\n");
    const out = join(work, "seeds.ts");
    const env = childEnv({ SEEDS_DIR: join(REPO_ROOT, "seeds"), STYLESHEET: css });
    await run(TSX, [GENERATOR, "--out", out], { cwd: REPO_ROOT, env });
    expect(await readFile(join(work, "stylesheet.ts"), "utf8")).toContain(
      'export const BUNDLED_STYLESHEET: string | undefined = "body{color:#123}\\n";',
    );
    const missing = childEnv({
      SEEDS_DIR: join(REPO_ROOT, "seeds"),
      STYLESHEET: join(work, "x.css"),
    });
    const failure = await run(TSX, [GENERATOR, "--out", out], {
      cwd: REPO_ROOT,
      env: missing,
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toBe(
      `invalid setting STYLESHEET: ${join(work, "x.css")} cannot be read (ENOENT: no such file or directory)\n`,
    );
  });

  it("fails with one line naming an invalid setting in wrangler.toml", async () => {
    const wrangler = await readFile(join(REPO_ROOT, "wrangler.toml"), "utf8");
    await writeFile(
      join(work, "wrangler.toml"),
      wrangler.replace(/^FEED_LIMIT = .*$/mu, 'FEED_LIMIT = "0"'),
    );
    const env = childEnv({ SEEDS_DIR: join(REPO_ROOT, "seeds") });
    const failure = await run(TSX, [GENERATOR, "--out", join(work, "seeds.ts")], {
      cwd: work,
      env,
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toBe(
      "wrangler.toml [vars]: invalid setting FEED_LIMIT: must be at least 1\n",
    );
  });
});
