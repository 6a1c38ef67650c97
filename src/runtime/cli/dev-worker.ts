import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { resolve } from "node:path";
import { catalogueWarning } from "../../i18n/catalogue.ts";
import { watchFolder } from "../node/folder-watcher.ts";
import { syncFolder } from "../node/sync-folder.ts";
import { renderWorkerSite } from "../node/worker-build.ts";
import { type CommandSpec, commandHelp, usageError } from "./args.ts";
import { exitWith, isBuildProblem, readWorkerConfig, readWorkerPlan } from "./worker-config.ts";

const DEFAULT_ASSETS = "dist/assets";
// Long enough to take a save of several seeds (or a git checkout) as one rebuild.
const REBUILD_DEBOUNCE_MS = 300;

const SPEC: CommandSpec = {
  name: "dev:worker",
  program: "npm run dev:worker --",
  synopsis: "[--assets DIR] [WRANGLER-DEV-OPTIONS]",
  brief: "dev:worker",
  summary: "the Worker on http://127.0.0.1:8787, following seed edits",
  description: [
    "Renders SEEDS_DIR into dist/assets like `npm run build:worker`, then runs `wrangler dev`",
    "on 127.0.0.1 with any options given here (--port 8788, --var NAME:VALUE, …). Every change",
    "under SEEDS_DIR is rendered again; only the files whose bytes changed are replaced in",
    "dist/assets (or --assets DIR, which wrangler dev then serves), and wrangler dev serves them",
    "on the next request. Ctrl-C stops both.",
  ].join("\n"),
  options: {},
};

/**
 * `npm run dev:worker`: the Worker as a deploy would run it (the platform's asset serving and
 * the Worker, locally in workerd), kept up to date with the seeds folder.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(commandHelp(SPEC));
    process.stdout.write("\nwrangler dev's own options: npx wrangler dev --help\n");
    return 0;
  }
  const assetsAt = args.indexOf("--assets");
  const assets = assetsAt === -1 ? DEFAULT_ASSETS : args[assetsAt + 1];
  if (assets === undefined || assets.startsWith("-")) {
    throw usageError(SPEC, "--assets needs a folder");
  }
  const config = readWorkerConfig();
  const plan = readWorkerPlan();
  const warning = catalogueWarning(config.language);
  if (warning !== undefined) console.error(warning);

  const render = async () => {
    const started = Date.now();
    const staging = await mkdtemp(resolve("dist/.assets-dev-"));
    try {
      const { manifest, problems } = await renderWorkerSite(config, {
        plan,
        articlePages: "auto",
        out: staging,
      });
      const { copied, removed } = await syncFolder(staging, assets);
      for (const problem of problems)
        console.error(`skipped ${config.seedsDir}/${problem.message}`);
      console.error(
        `dev:worker: ${manifest.articleCount} articles rendered in ${Date.now() - started} ms, ` +
          `${copied} files replaced, ${removed} removed`,
      );
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  };
  await render();

  const wrangler = spawn(
    resolve("node_modules/.bin/wrangler"),
    ["dev", "--ip", "127.0.0.1", ...(assetsAt === -1 ? ["--assets", assets] : []), ...args],
    {
      stdio: ["inherit", "inherit", "inherit"],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_HIDE_BANNER: "true",
      },
    },
  );

  // One render at a time; edits during a render make one more afterwards.
  let rendering: Promise<void> | undefined;
  let isPending = false;
  const rerender = () => {
    if (rendering !== undefined) {
      isPending = true;
      return;
    }
    rendering = render()
      .catch((error: unknown) => {
        // A broken edit must not end the session: say why and keep serving the last render.
        console.error(`dev:worker: ${isBuildProblem(error) ? error.message : String(error)}`);
      })
      .finally(() => {
        rendering = undefined;
        if (isPending) {
          isPending = false;
          rerender();
        }
      });
  };
  const stopWatching = watchFolder(config.seedsDir, REBUILD_DEBOUNCE_MS, () => true, rerender);

  return new Promise((done) => {
    const stop = () => wrangler.kill("SIGTERM");
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    wrangler.on("exit", (code, signal) => {
      stopWatching();
      done(code ?? (signal === "SIGTERM" ? 0 : 1));
    });
  });
}

exitWith(main);
