import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { catalogueWarning } from "../../i18n/catalogue.ts";
import { renderWorkerSite } from "../node/worker-build.ts";
import { brokenLimits, describeWorkerSize, measureWorker } from "../node/worker-limits.ts";
import { type CommandSpec, commandHelp, parseCommand, usageError } from "./args.ts";
import { BuildError, exitWith, readWorkerConfig, readWorkerPlan } from "./worker-config.ts";

const DEFAULT_ASSETS = "dist/assets";
const SCRIPT_DIR = "dist/worker";
const ARTICLE_PAGES = ["auto", "files", "shards"] as const;

const SPEC: CommandSpec = {
  name: "build:worker",
  program: "npm run build:worker --",
  synopsis: "[--assets DIR] [--article-pages auto|files|shards] [--assets-only]",
  brief: "build:worker",
  summary: "render the site into the Worker's static assets and bundle the Worker",
  description: [
    "Renders SEEDS_DIR (default seeds) with wrangler.toml's [vars] into the static assets folder",
    "(every page and feed as a file, _headers, and the data the Worker reads), bundles the Worker",
    "with wrangler (a dry run: nothing is uploaded) into dist/worker, and fails when the result is",
    "over the limits of WORKER_PLAN (free, the default: 20,000 files and 3 MiB gzip; paid:",
    "100,000 files and 10 MiB). Broken seeds are listed like `npm run check` and skipped.",
  ].join("\n"),
  options: {
    assets: {
      type: "string",
      value: "DIR",
      default: DEFAULT_ASSETS,
      description: "the assets folder to write (wrangler.toml's [assets] directory)",
    },
    "article-pages": {
      type: "string",
      value: "MODE",
      default: "auto",
      description:
        "article pages as files, in shards the Worker reads, or auto: files while they fit",
    },
    "assets-only": {
      type: "boolean",
      description: "render the assets only: no bundle, no limits check",
    },
  },
};

/**
 * `npm run build:worker`: the Worker's site rendered at build time by the same pipeline and
 * renderer as `npm start` and `npm run export`, then the Worker bundled and the plan's limits
 * checked. docs/workers.md says what runs where.
 */
async function main(): Promise<number> {
  const parsed = parseCommand(SPEC, process.argv.slice(2));
  if (parsed.isHelp) {
    process.stdout.write(commandHelp(SPEC));
    return 0;
  }
  const assetsDir = String(parsed.values.assets ?? DEFAULT_ASSETS);
  const articlePages = String(parsed.values["article-pages"] ?? "auto");
  if (!(ARTICLE_PAGES as readonly string[]).includes(articlePages)) {
    throw usageError(SPEC, `--article-pages must be auto, files or shards, not ${articlePages}`);
  }
  const plan = readWorkerPlan();
  const started = Date.now();
  const config = readWorkerConfig();
  const warning = catalogueWarning(config.language);
  if (warning !== undefined) console.error(warning);
  let lastReport = Date.now();
  const { manifest, problems } = await renderWorkerSite(config, {
    plan: plan,
    articlePages: articlePages as (typeof ARTICLE_PAGES)[number],
    out: assetsDir,
    onProgress: (written, total) => {
      if (Date.now() - lastReport < 2000) return;
      lastReport = Date.now();
      console.error(`rendering: ${written} of ${total} files`);
    },
  });
  for (const problem of problems) console.log(join(config.seedsDir, problem.message));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const rendered =
    `${manifest.articleCount} articles from ${config.seedsDir} (${problems.length} invalid), ` +
    `article pages as ${manifest.articlePages === "files" ? "files" : `${manifest.shardCount} shards`}`;
  if (parsed.values["assets-only"] === true) {
    console.error(`worker assets: ${rendered} in ${assetsDir}, ${seconds} s`);
    return 0;
  }
  bundle(assetsDir);
  const size = await measureWorker(assetsDir, SCRIPT_DIR);
  const total = ((Date.now() - started) / 1000).toFixed(1);
  console.error(`worker build: ${describeWorkerSize(size, plan)}, ${total} s; ${rendered}`);
  const broken = brokenLimits(size, plan);
  if (broken.length > 0) {
    throw new BuildError(
      `Cloudflare would refuse this deploy: ${broken.join("; ")}` +
        (plan === "free" ? ". On the paid plan, set WORKER_PLAN=paid." : "."),
    );
  }
  return 0;
}

/** wrangler's own bundling, as a deploy would do it, without uploading anything. */
function bundle(assetsDir: string): void {
  const wrangler = resolve("node_modules/.bin/wrangler");
  const result = spawnSync(
    wrangler,
    ["deploy", "--dry-run", "--outdir", SCRIPT_DIR, "--assets", assetsDir],
    {
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_HIDE_BANNER: "true",
      },
    },
  );
  if (result.status !== 0) {
    throw new BuildError(
      `wrangler could not bundle the Worker (exit ${result.status ?? result.signal})`,
    );
  }
}

exitWith(main);
