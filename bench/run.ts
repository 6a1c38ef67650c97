import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, statfs, writeFile } from "node:fs/promises";
import { cpus, release, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateCorpusSeed, writeCorpus } from "./corpus.ts";
import {
  type Child,
  ChildError,
  clockTicksPerSecond,
  coreTicks,
  cpuTicks,
  endedChildrenCpuTicks,
  findExecutable,
  findFreePort,
  header,
  httpGet,
  killAllNow,
  memoryOf,
  type RawResponse,
  sleep,
  startChild,
  stopAll,
  tail,
} from "./processes.ts";
import {
  type BenchResults,
  type LoadRow,
  type LoadSection,
  loadTable,
  nginxRowFor,
  type ReloadResult,
  type RequestMode,
  reloadTable,
  renderChart,
  renderMarkdown,
  type ServerName,
  type StartupRow,
  startupTable,
  type TargetCheck,
  targetTable,
} from "./report.ts";
import { parseWrkOutput } from "./wrk.ts";

/**
 * `npm run bench`: the load benchmark against nginx, start-up time and memory per corpus size,
 * and the incremental-reload time. Loopback only, bounded in time, installs nothing. See the
 * README's "Performance" section.
 */

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
const WORK_DIR = join(REPO_ROOT, "bench", ".work");
const CORPUS_SOURCE = join(REPO_ROOT, "bench", "corpus.ts");
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const SERVER_CORE = "0";
const LOAD_CORE = "1";
const WRK_THREADS = 1;
const WRK_CONNECTIONS = 50;
// The server's defaults, which the bench does not change.
const ARCHIVE_PAGE_SIZE = 50;
const RELOAD_DEBOUNCE_MS = 250;
const MIN_FREE_BYTES_FOR_LARGE_CORPUS = 2 * GIB;
const LARGE_CORPUS = 50_000;
const DEBIAN_PACKAGES = "apt-get install -y wrk nginx";
const QUIET_BUSY_PERCENT = 10;
const QUIET_CORE_PERCENT = 10;
const QUIET_SAMPLE_MS = 500;

const IDENTITY = { "Accept-Encoding": "identity" } as const;

interface Options {
  readonly isQuick: boolean;
  readonly loadArticles: number;
  readonly sizes: readonly number[];
  readonly seed: number;
  readonly wrkSeconds: number;
  readonly warmupSeconds: number;
  /** How long, in all, the run may wait for other processes to leave the two cores alone. */
  readonly quietBudget: { remainingMs: number };
  readonly paths: readonly string[];
  readonly timeoutMs: number;
  readonly startupRuns: (articles: number) => number;
  readonly resultsDir: string;
}

class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A step of the benchmark went wrong; the message says which and what the child printed. */
class BenchError extends Error {
  override readonly name = "BenchError";
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      sizes: { type: "string" },
      seed: { type: "string", default: "1" },
      duration: { type: "string" },
      timeout: { type: "string" },
    },
  });
  const isQuick = values.quick === true;
  const sizes = (values.sizes ?? (isQuick ? "1000" : "1000,10000,100000"))
    .split(",")
    .map((size) => Number(size.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 1 || size > 1_000_000)) {
    throw new UsageError("--sizes must be whole numbers from 1 to 1000000, such as 1000,10000");
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UsageError("--seed must be a whole number from 0 to 4294967295");
  }
  const wrkSeconds = Number(values.duration ?? (isQuick ? 1 : 10));
  if (!Number.isInteger(wrkSeconds) || wrkSeconds < 1 || wrkSeconds > 120) {
    throw new UsageError("--duration must be whole seconds from 1 to 120");
  }
  const timeoutSeconds = Number(values.timeout ?? (isQuick ? 120 : 1800));
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 10) {
    throw new UsageError("--timeout must be whole seconds, at least 10");
  }
  return {
    isQuick,
    loadArticles: isQuick ? 200 : 1000,
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    seed,
    wrkSeconds,
    warmupSeconds: isQuick ? 0 : 2,
    quietBudget: { remainingMs: isQuick ? 3_000 : 180_000 },
    paths: isQuick ? ["/feed.xml"] : ["/feed.xml", "/atom.xml", "/feed.json"],
    timeoutMs: timeoutSeconds * 1000,
    // Small corpora start in a second or two: the median of three runs steadies them.
    startupRuns: (articles) => (isQuick || articles > 10_000 ? 1 : 3),
    // A smoke run must not overwrite the figures of a full run.
    resultsDir: isQuick ? join(WORK_DIR, "quick") : join(REPO_ROOT, "bench"),
  };
}

const log = (message: string) => console.log(message);

// ---- requirements ----------------------------------------------------------------------------

interface Tools {
  readonly wrk: string;
  readonly nginx: string;
  readonly taskset: string;
}

function findTools(): Tools | undefined {
  const wrk = findExecutable("wrk");
  const nginx = findExecutable("nginx");
  const taskset = findExecutable("taskset");
  if (wrk !== undefined && nginx !== undefined && taskset !== undefined) {
    return { wrk, nginx, taskset };
  }
  const missing = [
    wrk === undefined ? "wrk" : "",
    nginx === undefined ? "nginx" : "",
    taskset === undefined ? "taskset (util-linux)" : "",
  ].filter((name) => name !== "");
  console.error(
    `bench: missing ${missing.join(", ")}. The benchmark installs nothing itself; on Debian run:\n  ${DEBIAN_PACKAGES}`,
  );
  return undefined;
}

/** The commit being measured (read-only git commands). */
function codeVersion(): { commit: string; isSrcChanged: boolean } {
  const git = (args: readonly string[]) =>
    spawnSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" }).stdout?.trim() ?? "";
  return {
    commit: git(["rev-parse", "HEAD"]) || "unknown",
    isSrcChanged: git(["status", "--porcelain", "--", "src"]) !== "",
  };
}

/** A hash of every file under src/ as it is on disk, to notice code changing during a run. */
function sourceFingerprint(): string {
  const src = join(REPO_ROOT, "src");
  const hash = createHash("sha256");
  const files = readdirSync(src, { recursive: true, encoding: "utf8" }).sort();
  for (const file of files) {
    try {
      hash.update(file).update(readFileSync(join(src, file)));
    } catch {
      // a folder, or a file removed meanwhile
    }
  }
  return hash.digest("hex");
}

function versionOf(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: "utf8" });
  return `${result.stdout ?? ""}${result.stderr ?? ""}`.split("\n")[0]?.trim() ?? "?";
}

// ---- cleanup ---------------------------------------------------------------------------------

/** Synchronous undo steps (restore an edited seed, remove the temp folder), run on any exit. */
const cleanups = new Map<string, () => void>();

function runCleanups(): void {
  for (const [name, cleanup] of cleanups) {
    try {
      cleanup();
    } catch (error) {
      console.error(`bench: cleanup "${name}" failed: ${String(error)}`);
    }
  }
  cleanups.clear();
}

function abort(reason: string, code: number): never {
  console.error(`bench: ${reason}; stopping every child process`);
  killAllNow();
  runCleanups();
  process.exit(code);
}

// ---- the Node server -------------------------------------------------------------------------

function serverEnv(port: number, seedsDir: string): NodeJS.ProcessEnv {
  // A clean environment: a developer's own FEED_LIMIT or WEBSUB_HUB must not change the figures.
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    TMPDIR: process.env.TMPDIR ?? "/tmp",
    HOST: "127.0.0.1",
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
    SEEDS_DIR: seedsDir,
  };
}

/** Node itself (not npx), so the PID measured is the server's; pinned with taskset if asked. */
function startNodeServer(
  tools: Tools,
  seedsDir: string,
  port: number,
  core: string | undefined,
): Child {
  const node = [process.execPath, "--import", "tsx", "src/runtime/node.ts"];
  const [command, ...args] = core === undefined ? node : [tools.taskset, "-c", core, ...node];
  return startChild(`node server (port ${port})`, command as string, args, {
    cwd: REPO_ROOT,
    env: serverEnv(port, seedsDir),
    onLine: (line) => {
      if (/reading seeds: \d+ of \d+/u.test(line)) log(`    server: ${line}`);
    },
  });
}

const SERVING = /serving .* on http:\/\/127\.0\.0\.1:\d+/u;
const PUBLISHED = /published (\d+), skipped (\d+) \((\d+) ms\)/u;

// ---- nginx -----------------------------------------------------------------------------------

function nginxConfig(dir: string, docroot: string, port: number, types: Map<string, string>) {
  const locations = [...types]
    .map(([path, type]) => `    location = ${path} { default_type "${type}"; }`)
    .join("\n");
  // One process (master_process off), like the single pinned Node process. Static-file defaults
  // as Debian ships them (sendfile, tcp_nopush); keepalive_requests raised so that neither server
  // closes wrk's connections during a run.
  return `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  gzip off;
  etag on;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server_tokens off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  types { }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port};
    root ${docroot};
${locations}
  }
}
`;
}

// ---- load ------------------------------------------------------------------------------------

/** A feed as our server sent it (identity), to be served by nginx too. */
interface Served {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
}

function requestHeaders(mode: RequestMode, etag: string): Record<string, string> {
  if (mode === "gzip") return { "Accept-Encoding": "gzip" };
  if (mode === "conditional") return { "If-None-Match": etag };
  return {};
}

async function runWrk(
  tools: Tools,
  url: string,
  headers: Readonly<Record<string, string>>,
  seconds: number,
): Promise<string> {
  const args = [
    "-c",
    LOAD_CORE,
    tools.wrk,
    `-t${WRK_THREADS}`,
    `-c${WRK_CONNECTIONS}`,
    `-d${seconds}s`,
    "--latency",
    ...Object.entries(headers).flatMap(([name, value]) => ["-H", `${name}: ${value}`]),
    url,
  ];
  const wrk = startChild("wrk", tools.taskset, args);
  const timer = setTimeout(() => void wrk.stop(), (seconds + 20) * 1000);
  const code = await wrk.exited;
  clearTimeout(timer);
  const output = wrk.lines.join("\n");
  if (code !== 0) throw new BenchError(`wrk ${url} ended with ${code}${tail(wrk.lines)}`);
  return output;
}

/** Every path × request mode against one server, measured with wrk and /proc/PID/stat. */
async function measureServer(
  server: ServerName,
  pid: number,
  base: string,
  etags: ReadonlyMap<string, string>,
  options: Options,
  tools: Tools,
  ticksPerSecond: number,
): Promise<LoadRow[]> {
  const rows: LoadRow[] = [];
  for (const mode of ["plain", "gzip", "conditional"] as const) {
    const firstPath = options.paths[0] ?? "/feed.xml";
    if (options.warmupSeconds > 0) {
      const headers = requestHeaders(mode, etags.get(firstPath) ?? "");
      await runWrk(tools, base + firstPath, headers, options.warmupSeconds);
    }
    for (const path of options.paths) {
      const headers = requestHeaders(mode, etags.get(path) ?? "");
      const probe = await httpGet(base + path, headers);
      await waitForQuiet(options.quietBudget);
      const before = cpuTicks(pid);
      const coreBefore = coreTicks(Number(SERVER_CORE));
      const loadCoreBefore = coreTicks(Number(LOAD_CORE));
      const wrkBefore = endedChildrenCpuTicks();
      const output = await runWrk(tools, base + path, headers, options.wrkSeconds);
      const after = cpuTicks(pid);
      const coreAfter = coreTicks(Number(SERVER_CORE));
      const loadCoreAfter = coreTicks(Number(LOAD_CORE));
      // wrk has ended and been reaped: its CPU time is in our children's total.
      const wrkTicks = endedChildrenCpuTicks() - wrkBefore;
      const wrk = parseWrkOutput(output);
      const coreElapsed = Math.max(1, coreAfter.total - coreBefore.total);
      const others = Math.max(0, coreAfter.busy - coreBefore.busy - (after - before));
      const othersOnLoadCore = Math.max(0, loadCoreAfter.busy - loadCoreBefore.busy - wrkTicks);
      const loadCoreElapsed = Math.max(1, loadCoreAfter.total - loadCoreBefore.total);
      const row: LoadRow = {
        path,
        mode,
        server,
        status: probe.status,
        contentEncoding: header(probe, "content-encoding") ?? "identity",
        bodyBytes: probe.body.length,
        requests: wrk.requests,
        requestsPerSecond: wrk.requestsPerSecond,
        p50Ms: wrk.p50Ms,
        p99Ms: wrk.p99Ms,
        cpuMicrosPerRequest:
          (((after - before) / ticksPerSecond) * 1e6) / Math.max(1, wrk.requests),
        non2xx3xx: wrk.non2xx3xx,
        socketErrors: wrk.socketErrors,
        otherLoadCore0Percent: (others / coreElapsed) * 100,
        otherLoadCore1Percent: (othersOnLoadCore / loadCoreElapsed) * 100,
        wrkOutput: output,
      };
      rows.push(row);
      const problems =
        wrk.non2xx3xx + wrk.socketErrors > 0
          ? ` (${wrk.non2xx3xx} non-2xx/3xx, ${wrk.socketErrors} socket errors)`
          : "";
      log(
        `  ${server.padEnd(5)} ${path.padEnd(10)} ${mode.padEnd(11)} ${row.status} ${Math.round(
          row.requestsPerSecond,
        )
          .toString()
          .padStart(
            6,
          )} req/s  p50 ${row.p50Ms.toFixed(2)} ms  p99 ${row.p99Ms.toFixed(2)} ms  ${row.cpuMicrosPerRequest.toFixed(1)} µs CPU/req  others on cores 0/1 ${row.otherLoadCore0Percent.toFixed(0)}/${row.otherLoadCore1Percent.toFixed(0)} %${problems}`,
      );
    }
  }
  return rows;
}

/** An error of a step with a child, with whether the child still runs and what it printed. */
function withOutput(error: unknown, child: Child): BenchError {
  const message = error instanceof Error ? error.message : String(error);
  const state = child.hasExited() ? "it had ended" : "it was still running";
  return new BenchError(
    `${message} (${child.name}, PID ${child.pid}: ${state})${tail(child.lines)}`,
    {
      cause: error,
    },
  );
}

function expectResponse(response: RawResponse, status: number, what: string): void {
  if (response.status !== status) {
    throw new BenchError(`${what}: expected ${status}, got ${response.status}`);
  }
}

async function runLoad(
  options: Options,
  tools: Tools,
  temp: string,
  ticksPerSecond: number,
): Promise<LoadSection> {
  const seeds = join(temp, "load-seeds");
  await writeCorpus({ count: options.loadArticles, out: seeds, seed: options.seed });
  log(`load: ${options.loadArticles}-article corpus in ${seeds}`);
  const served = new Map<string, Served>();
  const rows: LoadRow[] = [];

  const port = await findFreePort();
  const server = startNodeServer(tools, seeds, port, SERVER_CORE);
  try {
    await server.waitForLine(SERVING, 60_000);
    const base = `http://127.0.0.1:${port}`;
    for (const path of options.paths) {
      const plain = await httpGet(base + path, IDENTITY);
      expectResponse(plain, 200, `node GET ${path}`);
      const etag = header(plain, "etag");
      const contentType = header(plain, "content-type");
      if (etag === undefined || contentType === undefined || header(plain, "content-encoding")) {
        throw new BenchError(`node GET ${path}: expected an ETag, a type and no coding`);
      }
      served.set(path, { body: plain.body, contentType, etag });
      const gzip = await httpGet(base + path, { "Accept-Encoding": "gzip" });
      if (header(gzip, "content-encoding") !== "gzip") {
        throw new BenchError(`node GET ${path} with Accept-Encoding: gzip was not gzipped`);
      }
      const conditional = await httpGet(base + path, { "If-None-Match": etag });
      expectResponse(conditional, 304, `node GET ${path} If-None-Match`);
      log(`  ${path}: ${plain.body.length} bytes, gzip ${gzip.body.length} bytes, ${etag}`);
    }
    const etags = new Map([...served].map(([path, { etag }]) => [path, etag]));
    log(`load: node server (PID ${server.pid}) on core ${SERVER_CORE}, wrk on core ${LOAD_CORE}`);
    rows.push(
      ...(await measureServer("node", server.pid, base, etags, options, tools, ticksPerSecond)),
    );
  } catch (error) {
    throw withOutput(error, server);
  } finally {
    await server.stop();
  }

  const nginxDir = join(temp, "nginx");
  const docroot = join(nginxDir, "docroot");
  await mkdir(docroot, { recursive: true });
  for (const [path, { body }] of served) await writeFile(join(docroot, path), body);
  const nginxPort = await findFreePort();
  const config = join(nginxDir, "nginx.conf");
  const types = new Map([...served].map(([path, { contentType }]) => [path, contentType]));
  await writeFile(config, nginxConfig(nginxDir, docroot, nginxPort, types));
  const nginx = startChild("nginx", tools.taskset, [
    "-c",
    SERVER_CORE,
    tools.nginx,
    "-p",
    `${nginxDir}/`,
    "-c",
    config,
    "-e",
    join(nginxDir, "error.log"),
  ]);
  try {
    const base = `http://127.0.0.1:${nginxPort}`;
    await waitForStatus(nginx, `${base}${options.paths[0]}`, 200, 10_000);
    const etags = new Map<string, string>();
    for (const [path, { body, contentType }] of served) {
      const plain = await httpGet(base + path, IDENTITY);
      expectResponse(plain, 200, `nginx GET ${path}`);
      if (!plain.body.equals(body) || header(plain, "content-type") !== contentType) {
        throw new BenchError(`nginx GET ${path}: not the bytes and type our server sent`);
      }
      const etag = header(plain, "etag");
      if (etag === undefined) throw new BenchError(`nginx GET ${path}: no ETag`);
      expectResponse(
        await httpGet(base + path, { "If-None-Match": etag }),
        304,
        `nginx ${path} 304`,
      );
      etags.set(path, etag);
    }
    log(`load: nginx (PID ${nginx.pid}) on core ${SERVER_CORE}, same bytes, gzip off`);
    rows.push(
      ...(await measureServer("nginx", nginx.pid, base, etags, options, tools, ticksPerSecond)),
    );
  } catch (error) {
    throw withOutput(error, nginx);
  } finally {
    await nginx.stop();
  }
  return {
    articles: options.loadArticles,
    wrk: { threads: WRK_THREADS, connections: WRK_CONNECTIONS, seconds: options.wrkSeconds },
    rows,
  };
}

/**
 * Polls `url` every 10 ms until it answers `status`; resolves with the moment the response's
 * headers arrived.
 */
async function waitForStatus(
  child: Child,
  url: string,
  status: number,
  timeoutMs: number,
): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (child.hasExited())
      throw new ChildError(`${child.name} ended while starting${tail(child.lines)}`);
    try {
      const response = await httpGet(url, IDENTITY, 30_000);
      if (response.status === status) return response.receivedAt;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs) {
      throw new ChildError(
        `${child.name}: ${url} did not answer ${status} within ${timeoutMs} ms${tail(child.lines)}`,
      );
    }
    await sleep(10);
  }
}

// ---- start-up --------------------------------------------------------------------------------

interface Corpus {
  readonly dir: string;
  readonly articles: number;
  readonly bytes: number;
}

/** A cached corpus in bench/.work/, generated once; `undefined` when the disk is too full. */
async function ensureCorpus(
  articles: number,
  seed: number,
  notes: string[],
): Promise<Corpus | undefined> {
  const dir = join(WORK_DIR, `corpus-${articles}-seed-${seed}`);
  const marker = join(dir, ".complete.json");
  // A change to the generator makes a new corpus.
  const fingerprint = createHash("sha256")
    .update(await readFile(CORPUS_SOURCE))
    .update(`${articles}:${seed}`)
    .digest("hex");
  try {
    const saved = JSON.parse(await readFile(marker, "utf8")) as {
      fingerprint?: string;
      bytes?: number;
    };
    if (saved.fingerprint === fingerprint && typeof saved.bytes === "number") {
      return { dir, articles, bytes: saved.bytes };
    }
  } catch {
    // not generated yet, or interrupted
  }
  await mkdir(WORK_DIR, { recursive: true });
  if (articles >= LARGE_CORPUS) {
    const { bavail, bsize } = await statfs(WORK_DIR);
    const free = bavail * bsize;
    if (free < MIN_FREE_BYTES_FOR_LARGE_CORPUS) {
      const note = `skipped the ${articles}-article corpus: ${(free / GIB).toFixed(1)} GiB free in ${WORK_DIR}, it needs 2 GiB`;
      log(`start-up: ${note}`);
      notes.push(note);
      return undefined;
    }
  }
  await rm(dir, { recursive: true, force: true });
  log(`start-up: generating ${articles} seeds into ${dir} (once; cached for later runs)`);
  const started = performance.now();
  let lastReport = started;
  const bytes = await writeCorpus({
    count: articles,
    out: dir,
    seed,
    onProgress: (written, count) => {
      if (performance.now() - lastReport > 2000) {
        lastReport = performance.now();
        log(`    corpus: wrote ${written} of ${count}`);
      }
    },
  });
  await writeFile(marker, JSON.stringify({ fingerprint, articles, seed, bytes }));
  log(
    `    corpus: ${(bytes / MIB).toFixed(1)} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { dir, articles, bytes };
}

interface StartupRun {
  readonly firstByteMs: number;
  /** Share of both cores that other processes took during the start. */
  readonly otherLoadPercent: number;
  readonly listeningMs: number | undefined;
  readonly peakRssBytes: number;
  readonly rssBytes: number;
  readonly loadMs: number | undefined;
  readonly published: number | undefined;
  readonly skipped: number | undefined;
}

/** Spawns the server (not pinned) and times it to its first /feed.xml; leaves it running. */
async function startTimed(
  tools: Tools,
  corpus: Corpus,
): Promise<{ run: StartupRun; server: Child; base: string }> {
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const machineBefore = coreTicks("all");
  const ownBefore = process.cpuUsage();
  const spawned = performance.now();
  const server = startNodeServer(tools, corpus.dir, port, undefined);
  try {
    const timeoutMs = 60_000 + corpus.articles * 2;
    const firstByte = await waitForStatus(server, `${base}/feed.xml`, 200, timeoutMs);
    const memory = memoryOf(server.pid);
    const machineAfter = coreTicks("all");
    // The benchmark's own polling is not "others".
    const own = process.cpuUsage(ownBefore);
    const ownTicks = ((own.user + own.system) / 1e6) * clockTicksPerSecond();
    const othersTicks = machineAfter.busy - machineBefore.busy - cpuTicks(server.pid) - ownTicks;
    const published = server.lines
      .map((line) => PUBLISHED.exec(line))
      .find((match) => match !== null);
    const servingAt = server.lineTimes[server.lines.findIndex((line) => SERVING.test(line))];
    return {
      run: {
        firstByteMs: firstByte - spawned,
        listeningMs: servingAt === undefined ? undefined : servingAt - spawned,
        peakRssBytes: memory.peakRss,
        rssBytes: memory.rss,
        otherLoadPercent:
          (Math.max(0, othersTicks) / Math.max(1, machineAfter.total - machineBefore.total)) * 100,
        loadMs: published?.[3] === undefined ? undefined : Number(published[3]),
        published: published?.[1] === undefined ? undefined : Number(published[1]),
        skipped: published?.[2] === undefined ? undefined : Number(published[2]),
      },
      server,
      base,
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

async function runStartupAndReload(
  options: Options,
  tools: Tools,
  notes: string[],
): Promise<{ startup: StartupRow[]; reload: ReloadResult | undefined }> {
  const startup: StartupRow[] = [];
  const corpora: Corpus[] = [];
  for (const articles of [1, ...options.sizes.filter((size) => size !== 1)]) {
    const corpus = await ensureCorpus(articles, options.seed, notes);
    if (corpus !== undefined) corpora.push(corpus);
  }
  const largest = corpora.at(-1);
  let reload: ReloadResult | undefined;
  for (const corpus of corpora) {
    const runs: StartupRun[] = [];
    const count = options.startupRuns(corpus.articles);
    for (let index = 0; index < count; index++) {
      await waitForQuiet(options.quietBudget);
      log(`start-up: ${corpus.articles} articles, run ${index + 1} of ${count}`);
      const { run, server, base } = await startTimed(tools, corpus);
      runs.push(run);
      log(
        `    first /feed.xml after ${(run.firstByteMs / 1000).toFixed(2)} s (listening after ${run.listeningMs === undefined ? "?" : (run.listeningMs / 1000).toFixed(2)} s), peak RSS ${(run.peakRssBytes / MIB).toFixed(1)} MiB (server: published ${run.published}, skipped ${run.skipped}, ${run.loadMs} ms); others on cores 0+1 ${run.otherLoadPercent.toFixed(0)} %`,
      );
      try {
        // The largest corpus's last server stays up for the reload test.
        if (corpus === largest && index === count - 1 && corpus.articles > 1) {
          reload = await measureReload(server, base, corpus, options);
        }
      } finally {
        await server.stop();
      }
    }
    const last = runs.at(-1);
    startup.push({
      articles: corpus.articles,
      corpusBytes: corpus.bytes,
      firstByteMs: median(runs.map((run) => run.firstByteMs)),
      firstByteRunsMs: runs.map((run) => run.firstByteMs),
      listeningMs: runs.every((run) => run.listeningMs !== undefined)
        ? median(runs.map((run) => run.listeningMs ?? 0))
        : undefined,
      loadMs: last?.loadMs,
      published: last?.published,
      skipped: last?.skipped,
      peakRssBytes: Math.max(...runs.map((run) => run.peakRssBytes)),
      otherLoadPercent: Math.max(...runs.map((run) => run.otherLoadPercent)),
      rssBytes: Math.max(...runs.map((run) => run.rssBytes)),
    });
  }
  return { startup, reload };
}

// ---- incremental reload ----------------------------------------------------------------------

async function etagOf(url: string): Promise<string> {
  const response = await httpGet(url, IDENTITY, 30_000);
  expectResponse(response, 200, `GET ${url}`);
  return header(response, "etag") ?? "";
}

/** Rewrites the title of the newest seed and times how long until /feed.xml serves it. */
async function measureReload(
  server: Child,
  base: string,
  corpus: Corpus,
  options: Options,
): Promise<ReloadResult> {
  const feed = await httpGet(`${base}/feed.json`, IDENTITY, 30_000);
  expectResponse(feed, 200, "GET /feed.json");
  const newest = (JSON.parse(feed.body.toString("utf8")) as { items?: Array<{ url?: string }> })
    .items?.[0]?.url;
  const id = newest?.slice(newest.indexOf("/articles/") + "/articles/".length);
  const index = Number(/(\d{6})_[^/]*$/u.exec(id ?? "")?.[1]);
  const original = generateCorpusSeed(options.seed, index);
  if (id === undefined || original.path !== `${id}.txt`) {
    throw new BenchError(`reload: cannot tell which seed the newest article ${newest} comes from`);
  }
  const file = join(corpus.dir, original.path);
  const fullPages = Math.floor(corpus.articles / ARCHIVE_PAGE_SIZE);
  // Page 1 holds the oldest articles; the newest is on the last page.
  const pages = [...new Set([1, Math.max(1, Math.floor(fullPages / 2))])].filter(
    (page) => page < fullPages,
  );
  const archiveUrls = pages.map((page) => `/archive/${page}/feed.xml`);
  const before = await Promise.all(archiveUrls.map((path) => etagOf(base + path)));
  let feedEtag = await etagOf(`${base}/feed.xml`);

  const token = `Bench reload ${Date.now().toString(36)}`;
  // TextDecoder drops a leading byte-order mark; the edited seed has none.
  const decoded = new TextDecoder().decode(original.bytes);
  const lineEnd = decoded.search(/\r\n|\r|\n/u);
  const headerLine = decoded.slice(0, lineEnd);
  const dateAt = headerLine.search(/(?:^|\s)date \d{4}-\d{2}-\d{2}(?:\s|$)/u);
  if (dateAt === -1) throw new BenchError(`reload: no header date in ${file}`);
  const edited = `${token} ${headerLine.slice(dateAt).trimStart()}${decoded.slice(lineEnd)}`;
  const replace = (bytes: Uint8Array | string) => {
    writeFileSync(`${file}.bench-tmp`, bytes);
    renameSync(`${file}.bench-tmp`, file);
  };
  cleanups.set("restore the edited seed", () => replace(original.bytes));
  const logMark = server.lines.length;
  log(`reload: retitling ${original.path} in the ${corpus.articles}-article corpus`);
  replace(edited);
  const written = performance.now();
  let msToNewFeed: number | undefined;
  const deadline = written + (options.isQuick ? 15_000 : 60_000);
  try {
    while (performance.now() < deadline) {
      const response = await httpGet(
        `${base}/feed.xml`,
        { ...IDENTITY, "If-None-Match": feedEtag },
        30_000,
      );
      if (response.status === 200) {
        if (response.body.includes(token)) {
          msToNewFeed = response.receivedAt - written;
          break;
        }
        feedEtag = header(response, "etag") ?? feedEtag;
      }
      await sleep(10);
    }
    const after = await Promise.all(archiveUrls.map((path) => etagOf(base + path)));
    const updatedLine = server.lines.findIndex(
      (line, i) => i >= logMark && line.includes(`updated ${original.path}`),
    );
    const updatedAt = updatedLine === -1 ? undefined : server.lineTimes[updatedLine];
    log(
      `    new /feed.xml after ${msToNewFeed === undefined ? "(never)" : `${Math.round(msToNewFeed)} ms`}; archive ETags ${after.every((etag, i) => etag === before[i]) ? "unchanged" : "CHANGED"}`,
    );
    return {
      articles: corpus.articles,
      file: original.path,
      msToNewFeed,
      msToUpdatedLog: updatedAt === undefined ? undefined : updatedAt - written,
      debounceMs: RELOAD_DEBOUNCE_MS,
      untouched: archiveUrls.map((path, i) => ({
        path,
        before: before[i] ?? "",
        after: after[i] ?? "",
      })),
      serverLog: server.lines.slice(logMark),
    };
  } finally {
    replace(original.bytes);
    cleanups.delete("restore the edited seed");
  }
}

// ---- targets ---------------------------------------------------------------------------------

function evaluateTargets(
  load: LoadSection | undefined,
  startup: readonly StartupRow[],
  reload: ReloadResult | undefined,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const pair = (mode: RequestMode) => {
    const node = load?.rows.find(
      (r) => r.server === "node" && r.path === "/feed.xml" && r.mode === mode,
    );
    return node === undefined
      ? undefined
      : { node, nginx: load === undefined ? undefined : nginxRowFor(load.rows, node) };
  };
  const plain = pair("plain");
  const conditional = pair("conditional");
  const cpuRatio = (p: typeof plain) =>
    p?.nginx === undefined ? undefined : p.node.cpuMicrosPerRequest / p.nginx.cpuMicrosPerRequest;
  const plainCpu = cpuRatio(plain);
  checks.push({
    target: "GET /feed.xml: CPU per request ≤ 1.5× nginx",
    measured: plainCpu === undefined ? "–" : `${plainCpu.toFixed(2)}×`,
    isMet: plainCpu === undefined ? undefined : plainCpu <= 1.5,
  });
  const plainRate =
    plain?.nginx === undefined
      ? undefined
      : plain.node.requestsPerSecond / plain.nginx.requestsPerSecond;
  checks.push({
    target: "GET /feed.xml: req/s ≥ 0.85× nginx",
    measured: plainRate === undefined ? "–" : `${plainRate.toFixed(2)}×`,
    isMet: plainRate === undefined ? undefined : plainRate >= 0.85,
  });
  const conditionalCpu = cpuRatio(conditional);
  checks.push({
    target: "304: CPU per request ≤ 1.5× nginx's 304",
    measured: conditionalCpu === undefined ? "–" : `${conditionalCpu.toFixed(2)}×`,
    isMet: conditionalCpu === undefined ? undefined : conditionalCpu <= 1.5,
  });
  checks.push({
    target: "304: status 304, no body, p99 < 10 ms at 50 connections",
    measured:
      conditional === undefined
        ? "–"
        : `${conditional.node.status}, ${conditional.node.bodyBytes} body bytes, p99 ${conditional.node.p99Ms.toFixed(2)} ms`,
    isMet:
      conditional === undefined
        ? undefined
        : conditional.node.status === 304 &&
          conditional.node.bodyBytes === 0 &&
          conditional.node.p99Ms < 10,
  });
  const at = (articles: number) => startup.find((row) => row.articles === articles);
  const baseline = at(1);
  const tenK = at(10_000);
  const hundredK = at(100_000);
  const added =
    baseline === undefined || tenK === undefined
      ? undefined
      : tenK.firstByteMs - baseline.firstByteMs;
  checks.push({
    target: "10k articles add < 1 s to the first feed byte vs 1 article",
    measured: added === undefined ? "–" : `+${(added / 1000).toFixed(2)} s`,
    isMet: added === undefined ? undefined : added < 1000,
  });
  checks.push({
    target: "10k articles: peak RSS < 300 MiB",
    measured: tenK === undefined ? "–" : `${(tenK.peakRssBytes / MIB).toFixed(0)} MiB`,
    isMet: tenK === undefined ? undefined : tenK.peakRssBytes < 300 * MIB,
  });
  checks.push({
    target: "100k articles ready in < 10 s",
    measured: hundredK === undefined ? "–" : `${(hundredK.firstByteMs / 1000).toFixed(2)} s`,
    isMet: hundredK === undefined ? undefined : hundredK.firstByteMs < 10_000,
  });
  checks.push({
    target: "100k articles: peak RSS < 1 GiB",
    measured: hundredK === undefined ? "–" : `${(hundredK.peakRssBytes / MIB).toFixed(0)} MiB`,
    isMet: hundredK === undefined ? undefined : hundredK.peakRssBytes < GIB,
  });
  const isReloadOn100k = reload?.articles === 100_000;
  checks.push({
    target: "one changed seed in a 100k corpus: new bytes within 1 s of the write",
    measured:
      reload === undefined
        ? "–"
        : `${reload.msToNewFeed === undefined ? "never" : `${Math.round(reload.msToNewFeed)} ms`} (${reload.articles} articles)`,
    isMet:
      !isReloadOn100k || reload === undefined
        ? undefined
        : reload.msToNewFeed !== undefined && reload.msToNewFeed < 1000,
  });
  checks.push({
    target: "untouched archive pages keep their ETags",
    measured:
      reload === undefined
        ? "–"
        : `${reload.untouched.filter((page) => page.before === page.after).length} of ${reload.untouched.length}`,
    isMet:
      reload === undefined || reload.untouched.length === 0
        ? undefined
        : reload.untouched.every((page) => page.before === page.after),
  });
  return checks;
}

/**
 * Waits until both cores have been less than QUIET_CORE_PERCENT busy for half a second, so that a
 * run does not start while other processes (a test suite, a browser) hold a core; gives up when
 * the run's waiting budget is spent. Noise that arrives during a run shows in "others on core 0/1".
 */
async function waitForQuiet(budget: { remainingMs: number }): Promise<void> {
  let hasSaid = false;
  while (budget.remainingMs > 0) {
    const before = [coreTicks(0), coreTicks(1)];
    await sleep(QUIET_SAMPLE_MS);
    budget.remainingMs -= QUIET_SAMPLE_MS;
    const busy = [coreTicks(0), coreTicks(1)].map(
      (after, core) =>
        ((after.busy - (before[core]?.busy ?? 0)) /
          Math.max(1, after.total - (before[core]?.total ?? 0))) *
        100,
    );
    if (busy.every((percent) => percent < QUIET_CORE_PERCENT)) return;
    if (!hasSaid) {
      hasSaid = true;
      log(
        `    waiting for other processes: core 0 ${busy[0]?.toFixed(0)} %, core 1 ${busy[1]?.toFixed(0)} % busy (${Math.round(budget.remainingMs / 1000)} s of waiting left)`,
      );
    }
  }
}

/** Share of all cores busy over one second, from /proc/stat. */
async function machineBusyPercent(): Promise<number> {
  const before = coreTicks("all");
  await sleep(1000);
  const after = coreTicks("all");
  return ((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100;
}

// ---- main ------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const options = parseOptions();
  const tools = findTools();
  if (tools === undefined) return 1;
  const cpuCount = cpus().length;
  if (cpuCount < 2) {
    console.error("bench: needs two CPU cores (server on core 0, wrk on core 1)");
    return 1;
  }
  const hardTimer = setTimeout(
    () => abort(`hard timeout: the run took longer than ${options.timeoutMs / 1000} s`, 2),
    options.timeoutMs,
  );
  process.once("SIGINT", () => abort("interrupted", 130));
  process.once("SIGTERM", () => abort("terminated", 143));
  const temp = await mkdtemp(join(tmpdir(), "feed-bench-"));
  cleanups.set("remove the temporary folder", () => rmSync(temp, { recursive: true, force: true }));
  const started = performance.now();
  const notes: string[] = [];
  const sourceAtStart = sourceFingerprint();
  try {
    const ticksPerSecond = clockTicksPerSecond();
    const busyBeforePercent = await machineBusyPercent();
    log(`bench: the machine was ${busyBeforePercent.toFixed(0)} % busy in the last second`);
    if (busyBeforePercent > QUIET_BUSY_PERCENT) {
      const note = `The machine was not quiet: ${busyBeforePercent.toFixed(0)} % of all cores were busy in the second before the run; other processes compete with the pinned server and with wrk, so the figures are noisy.`;
      log(`bench: warning: ${note}`);
      notes.push(note);
    }
    const load = await runLoad(options, tools, temp, ticksPerSecond);
    const { startup, reload } = await runStartupAndReload(options, tools, notes);
    const targets = evaluateTargets(load, startup, reload);
    if (sourceFingerprint() !== sourceAtStart) {
      const note =
        "src/ changed on disk during the run: servers started at different times may have run different code.";
      log(`bench: warning: ${note}`);
      notes.push(note);
    }
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
        cpuCount,
        kernel: release(),
        node: process.version,
        nginx: versionOf(tools.nginx, ["-v"]).replace(/^nginx version: /u, ""),
        wrk: versionOf(tools.wrk, ["-v"]).replace(/ Copyright.*$/u, ""),
        clockTicksPerSecond: ticksPerSecond,
      },
      load,
      startup,
      reload,
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
    log("");
    log(
      `## Serving (${load.articles} articles; wrk -t${WRK_THREADS} -c${WRK_CONNECTIONS} -d${options.wrkSeconds}s on core ${LOAD_CORE}, server on core ${SERVER_CORE}; nginx gzip off)`,
    );
    log(loadTable(load));
    log("");
    log("## Start-up (spawn to first /feed.xml byte; not pinned)");
    log(startupTable(startup));
    if (reload !== undefined) {
      log("");
      log("## Incremental reload");
      log(reloadTable(reload));
    }
    log("");
    log("## Targets");
    log(targetTable(targets));
    for (const note of notes.filter((note) => note.startsWith("skipped"))) log(`\n${note}`);
    log("");
    log(
      `bench: wrote ${join(options.resultsDir, "results.json")}, results.md and chart.svg in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    return 0;
  } finally {
    await stopAll();
    runCleanups();
    clearTimeout(hardTimer);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      console.error(
        `bench: ${message}\nusage: npm run bench -- [--quick] [--sizes 1000,10000] [--seed S] [--duration SECONDS] [--timeout SECONDS]`,
      );
    } else {
      console.error(`bench: ${message}`);
    }
    killAllNow();
    runCleanups();
    process.exit(1);
  },
);
