import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startChild } from "../harness/child.ts";
import { findFreePort, header, httpGet, waitForStatus } from "../harness/http.ts";
import { BUILT_ENTRY, REPO_ROOT, SERVER_COMMAND, serverEnv } from "../harness/server.ts";
import { writeCorpus } from "../src/runtime/node/write-corpus.ts";
import { runWrk } from "./load/measure.ts";
import { requestHeaders } from "./load/rows.ts";
import { SERVER_CORE } from "./load/settings.ts";
import { parseWrkOutput } from "./load/wrk-output.ts";
import { type CpuProfile, sharesPerRequest } from "./profile/summarise.ts";
import type { RequestMode } from "./report/results.ts";
import { findTools } from "./run/environment.ts";

/**
 * `npm run bench:profile`: where the Node server's CPU goes per request. The compiled server
 * runs under `node --cpu-prof` on core 0 with a 1,000-article corpus, wrk loads /feed.xml from
 * core 1, and the main thread's samples inside the load window are summed per module group and
 * divided by wrk's request count.
 */

const USAGE =
  "usage: npm run bench:profile -- [--request plain|gzip|conditional] [--seconds N] [--access-log] [--help]";
const HELP = `${USAGE}

Profiles the compiled server (npm run build) under wrk on /feed.xml of a 1,000-article corpus
and prints the microseconds per request each part of the code took on the main thread.
  --request   what wrk sends: plain (identity GET), gzip, conditional (a 304; default)
  --seconds   how long wrk loads the server while it is profiled (default 10, 1-120)
  --access-log  runs the server with ACCESS_LOG=on (one JSON line per request on stdout)
Needs wrk and taskset (see bench/README.md).`;

const MODES: readonly RequestMode[] = ["plain", "gzip", "conditional"];
const WARMUP_SECONDS = 2;

function parse(
  args: readonly string[],
): { mode: RequestMode; seconds: number; isAccessLogOn: boolean } | "help" {
  const { values } = parseArgs({
    args: [...args],
    options: {
      request: { type: "string", default: "conditional" },
      seconds: { type: "string", default: "10" },
      "access-log": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help === true) return "help";
  const mode = values.request as RequestMode;
  if (!MODES.includes(mode)) throw new Error(`--request must be one of ${MODES.join(", ")}`);
  const seconds = Number(values.seconds);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 120) {
    throw new Error("--seconds must be a whole number from 1 to 120");
  }
  return { mode, seconds, isAccessLogOn: values["access-log"] === true };
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    console.error(`bench:profile: ${error instanceof Error ? error.message : error} (${USAGE})`);
    return 2;
  }
  if (options === "help") {
    console.log(HELP);
    return 0;
  }
  const tools = findTools();
  if (tools === undefined) return 1;
  const { mode, seconds } = options;
  execFileSync("npm", ["run", "-s", "build"], { cwd: REPO_ROOT, stdio: "inherit" });
  const temp = await mkdtemp(join(tmpdir(), "feed-profile-"));
  try {
    const seeds = join(temp, "seeds");
    const profiles = join(temp, "profiles");
    await writeCorpus({ count: 1000, out: seeds, seed: 1 });
    const port = await findFreePort();
    const server = startChild(
      "profiled server",
      tools.taskset,
      [
        "-c",
        SERVER_CORE,
        process.execPath,
        "--cpu-prof",
        `--cpu-prof-dir=${profiles}`,
        BUILT_ENTRY,
        SERVER_COMMAND,
      ],
      {
        cwd: REPO_ROOT,
        env: serverEnv(port, seeds, options.isAccessLogOn ? { ACCESS_LOG: "on" } : {}),
      },
    );
    const url = `http://127.0.0.1:${port}/feed.xml`;
    await waitForStatus(server, url, 200, 60_000);
    const first = await httpGet(url, { "Accept-Encoding": "identity" });
    const headers = requestHeaders(mode, header(first, "etag") ?? "");
    await runWrk(tools, url, headers, WARMUP_SECONDS);
    const loadStarted = performance.now();
    const measured = parseWrkOutput(await runWrk(tools, url, headers, seconds));
    const loadEnded = performance.now();
    const stopped = performance.now();
    await server.stop();
    const [file] = (await readdir(profiles)).filter((name) => name.endsWith(".cpuprofile")).sort();
    if (file === undefined) throw new Error("the server wrote no CPU profile");
    const profile = JSON.parse(await readFile(join(profiles, file), "utf8")) as CpuProfile;
    // The profile ends when the server exits, just after SIGTERM: count back from there.
    const microsBeforeStop = (at: number) => (stopped - at) * 1000;
    const shares = sharesPerRequest(
      profile,
      profile.endTime - microsBeforeStop(loadStarted),
      profile.endTime - microsBeforeStop(loadEnded),
      measured.requests,
    );
    const total = shares.reduce((sum, share) => sum + share.microsPerRequest, 0);
    console.log(
      `bench:profile: ${mode} /feed.xml, ${measured.requests} requests in ${seconds} s (${Math.round(measured.requestsPerSecond)} req/s); main thread ${total.toFixed(1)} µs per request:`,
    );
    for (const share of shares.filter((share) => share.microsPerRequest >= 0.05)) {
      console.log(`  ${share.microsPerRequest.toFixed(2).padStart(6)} µs  ${share.name}`);
    }
    return 0;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

process.exitCode = await main();
