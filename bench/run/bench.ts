import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { cpus, release, tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../harness/server.ts";
import { WRANGLER } from "../../harness/wrangler-dev.ts";
import { runEdge } from "../edge/edge.ts";
import { runExportSection } from "../export/export.ts";
import { runLoad } from "../load/load.ts";
import { renderChart } from "../report/chart.ts";
import { evaluateEdgeTargets, evaluateExportTargets } from "../report/edge-targets.ts";
import { renderMarkdown } from "../report/markdown.ts";
import type { BenchResults } from "../report/results.ts";
import { summaryLines } from "../report/summary.ts";
import { evaluateTargets } from "../report/targets.ts";
import { clockTicksPerSecond } from "../shared/proc.ts";
import { runStartupAndReload } from "../startup/startup.ts";
import { BenchError } from "./bench-error.ts";
import type { Cleanups } from "./cleanups.ts";
import { codeVersion, sourceFingerprint, type Tools, versionOf } from "./environment.ts";
import type { RunOptions } from "./options.ts";
import { machineBusyPercent } from "./quiet.ts";

/** One whole run: load, start-up and reload measured, targets checked, results written. */

const QUIET_BUSY_PERCENT = 10;

const log = (message: string) => console.log(message);

/**
 * `npm run build`: the load, start-up and export sections run the compiled program, as
 * operators do (docs/production.md), not the TypeScript source through tsx.
 * @throws {BenchError} when it does not compile.
 */
function buildProgram(): void {
  log("bench: npm run build (the sections run the compiled program, as in production)");
  try {
    execFileSync("npm", ["run", "-s", "build"], { cwd: REPO_ROOT, stdio: "inherit" });
  } catch (error) {
    throw new BenchError(`npm run build failed: ${error instanceof Error ? error.message : error}`);
  }
}

/**
 * Measures, writes results.json, results.md and chart.svg into `options.resultsDir` and prints
 * the tables; every child it starts is stopped by the caller's `stopAll`.
 */
export async function runBench(
  options: RunOptions,
  tools: Tools | undefined,
  cleanups: Cleanups,
): Promise<void> {
  const temp = await mkdtemp(join(tmpdir(), "feed-bench-"));
  cleanups.set("remove the temporary folder", () => rmSync(temp, { recursive: true, force: true }));
  const started = performance.now();
  const notes: string[] = [];
  const sourceAtStart = sourceFingerprint();
  const ticksPerSecond = clockTicksPerSecond();
  const busyBeforePercent = await machineBusyPercent();
  log(`bench: the machine was ${busyBeforePercent.toFixed(0)} % busy in the last second`);
  if (busyBeforePercent > QUIET_BUSY_PERCENT) {
    const note = `The machine was not quiet: ${busyBeforePercent.toFixed(0)} % of all cores were busy in the second before the run; other processes compete with the pinned server and with wrk, so the figures are noisy.`;
    log(`bench: warning: ${note}`);
    notes.push(note);
  }
  const { sections } = options;
  const needTools = () => {
    if (tools === undefined)
      throw new BenchError("the load and start-up sections need wrk, nginx and taskset");
    return tools;
  };
  if (sections.has("load") || sections.has("startup") || sections.has("export")) buildProgram();
  const load = sections.has("load")
    ? await runLoad(options, needTools(), temp, ticksPerSecond)
    : undefined;
  const { startup, reload } = sections.has("startup")
    ? await runStartupAndReload(options, needTools(), notes, cleanups)
    : { startup: [], reload: undefined };
  // Before the edge section: its builds remove thousands of files, which slows the creation of
  // files for a while afterwards on this machine's disk (see runExportSection).
  const staticExport = sections.has("export")
    ? await runExportSection(
        options.sizes,
        options.seed,
        options.exportRuns,
        notes,
        options.quietBudget,
      )
    : undefined;
  const edge = sections.has("edge")
    ? await runEdge(
        {
          sizes: options.sizes,
          seed: options.seed,
          runs: options.edgeRuns,
          warmRequests: options.edgeWarmRequests,
        },
        notes,
      )
    : undefined;
  const targets = [
    // Issue 13's targets only when their sections ran: `--only edge` leaves them out.
    ...(load === undefined && startup.length === 0 ? [] : evaluateTargets(load, startup, reload)),
    ...evaluateEdgeTargets(edge?.sizes ?? []),
    ...evaluateExportTargets(staticExport ?? []),
  ];
  if (sourceFingerprint() !== sourceAtStart) {
    const note =
      "src/ changed on disk during the run: servers started at different times may have run different code.";
    log(`bench: warning: ${note}`);
    notes.push(note);
  }
  if (load !== undefined)
    notes.push(
      "nginx: one process (master_process off), pinned to core 0 like the Node server, sendfile on, gzip off, access_log off, etag on, keepalive_requests raised so neither server closes wrk's connections.",
    );
  if (options.warmupSeconds > 0) {
    notes.push(
      `Each request kind was warmed up for ${options.warmupSeconds} s before it was measured.`,
    );
  }
  const results: BenchResults = {
    createdAt: new Date().toISOString(),
    isQuick: options.isQuick,
    code: codeVersion(),
    busyBeforePercent,
    machine: {
      cpu: cpus()[0]?.model.trim() ?? "?",
      cpuCount: cpus().length,
      kernel: release(),
      node: process.version,
      nginx:
        tools === undefined ? "–" : versionOf(tools.nginx, ["-v"]).replace(/^nginx version: /u, ""),
      wrk: tools === undefined ? "–" : versionOf(tools.wrk, ["-v"]).replace(/ Copyright.*$/u, ""),
      wrangler: `wrangler ${versionOf(WRANGLER, ["--version"])}`,
      clockTicksPerSecond: ticksPerSecond,
    },
    load,
    startup,
    reload,
    edge,
    staticExport,
    targets,
    notes,
  };
  await mkdir(options.resultsDir, { recursive: true });
  await writeFile(
    join(options.resultsDir, "results.json"),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  await writeFile(join(options.resultsDir, "results.md"), renderMarkdown(results));
  await writeFile(join(options.resultsDir, "chart.svg"), renderChart(results));
  for (const line of summaryLines(results)) log(line);
  log("");
  log(
    `bench: wrote ${join(options.resultsDir, "results.json")}, results.md and chart.svg in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}
