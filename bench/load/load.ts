import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Child, startChild } from "../../harness/child.ts";
import { findFreePort, header, httpGet, waitForStatus } from "../../harness/http.ts";
import { REPO_ROOT, SERVING_LINE } from "../../harness/server.ts";
import { writeCorpus } from "../../src/runtime/node/write-corpus.ts";
import type { LoadRow, LoadSection, ServerName } from "../report/results.ts";
import { BenchError, expectResponse, withOutput } from "../run/bench-error.ts";
import type { Tools } from "../run/environment.ts";
import { IDENTITY, startNodeServer } from "../run/node-server.ts";
import type { RunOptions } from "../run/options.ts";
import {
  type CapturedFeed,
  captureResponse,
  encodeCapture,
  responseDifferences,
} from "./capture.ts";
import { measureRun, type ServerUnderTest } from "./measure.ts";
import { nginxConfig } from "./nginx-config.ts";
import { requestHeaders } from "./rows.ts";
import { loadSchedule, MODES } from "./schedule.ts";
import { LOAD_CORE, SERVER_CORE, WRK_CONNECTIONS, WRK_THREADS } from "./settings.ts";

/**
 * The load benchmark: our Node server, a bare node:http server sending the very bytes and headers
 * ours sent, and nginx serving those bytes as static files, all three pinned to one core and
 * measured with wrk from the other, in turns, each turn on processes of its own.
 */

const log = (message: string) => console.log(message);

/**
 * Serves an `options.loadArticles` corpus with our server and captures what it sends, starts the
 * bare node:http server and nginx with the same bytes and checks that they send them, then runs
 * the schedule: every path and request on every server, in turns, `options.repetitions` times.
 * Every turn has its own process of each server, all started first and idle but for their turn:
 * the same code measured in two processes differed by up to 5 µs per GET on this bench's machine,
 * so one process per server would put that luck into every turn's ratio.
 * @throws {BenchError} when a server does not answer as the comparison needs.
 */
export async function runLoad(
  options: RunOptions,
  tools: Tools,
  temp: string,
  ticksPerSecond: number,
): Promise<LoadSection> {
  const seeds = join(temp, "load-seeds");
  await writeCorpus({ count: options.loadArticles, out: seeds, seed: options.seed });
  log(`load: ${options.loadArticles}-article corpus in ${seeds}`);
  const children: Child[] = [];
  const current: { child: Child | undefined } = { child: undefined };
  try {
    const first = await startOurs(options, tools, seeds, children, current);
    const { captured } = first;
    const captureFile = join(temp, "capture.json");
    await writeFile(captureFile, encodeCapture(captured));
    const turns: Map<ServerName, ServerUnderTest>[] = [];
    for (let turn = 1; turn <= options.repetitions; turn++) {
      const node =
        turn === 1
          ? first.target
          : await startAnotherOurs(tools, seeds, captured, children, current);
      const bare = await startBare(captured, captureFile, tools, children, current);
      const nginx = await startNginx(
        captured,
        tools,
        join(temp, `nginx-${turn}`),
        children,
        current,
      );
      turns.push(
        new Map<ServerName, ServerUnderTest>([
          ["node", node],
          ["bare", bare],
          ["nginx", nginx],
        ]),
      );
      log(
        `load: turn ${turn}: node (PID ${node.pid}), bare node:http (PID ${bare.pid}) and nginx (PID ${nginx.pid})`,
      );
    }
    current.child = undefined;
    log(
      `load: every server on core ${SERVER_CORE}, wrk on core ${LOAD_CORE}; ${options.repetitions} turns, each on its own processes`,
    );
    const rows: LoadRow[] = [];
    for (const run of loadSchedule(options.paths, SERVERS, options.repetitions)) {
      const target = turns[run.repetition - 1]?.get(run.server) as ServerUnderTest;
      rows.push(await measureRun(target, run, options, tools, ticksPerSecond));
    }
    return {
      articles: options.loadArticles,
      wrk: { threads: WRK_THREADS, connections: WRK_CONNECTIONS, seconds: options.wrkSeconds },
      repetitions: options.repetitions,
      rows,
    };
  } catch (error) {
    throw current.child === undefined ? error : withOutput(error, current.child);
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

const SERVERS: readonly ServerName[] = ["node", "bare", "nginx"];

/** Starts our server pinned to the server core, and captures each feed as it answers it. */
async function startOurs(
  options: RunOptions,
  tools: Tools,
  seeds: string,
  children: Child[],
  current: { child: Child | undefined },
): Promise<{ target: ServerUnderTest; captured: Map<string, CapturedFeed> }> {
  const { pid, base } = await startOursProcess(tools, seeds, children, current);
  const captured = new Map<string, CapturedFeed>();
  for (const path of options.paths) {
    const plain = await httpGet(base + path, IDENTITY);
    expectResponse(plain, 200, `node GET ${path}`);
    const etag = header(plain, "etag");
    if (etag === undefined || header(plain, "content-type") === undefined) {
      throw new BenchError(`node GET ${path}: expected an ETag and a type`);
    }
    if (header(plain, "content-encoding") !== undefined) {
      throw new BenchError(`node GET ${path} with Accept-Encoding: identity was encoded`);
    }
    // The very requests wrk sends (requestHeaders), so the capture is what wrk gets.
    const gzip = await httpGet(base + path, requestHeaders("gzip", etag));
    if (header(gzip, "content-encoding") !== "gzip") {
      throw new BenchError(`node GET ${path} with Accept-Encoding: gzip was not gzipped`);
    }
    const plainAsWrk = await httpGet(base + path, requestHeaders("plain", etag));
    const notModified = await httpGet(base + path, requestHeaders("conditional", etag));
    expectResponse(notModified, 304, `node GET ${path} If-None-Match`);
    captured.set(path, {
      etag,
      plain: captureResponse(plainAsWrk),
      gzip: captureResponse(gzip),
      notModified: captureResponse(notModified),
    });
    log(`  ${path}: ${plain.body.length} bytes, gzip ${gzip.body.length} bytes, ${etag}`);
  }
  return { target: { server: "node", pid, base, etags: etagsOf(captured) }, captured };
}

// Every process of our server publishes under this BASE_URL, so all send the same bytes.
const LOAD_BASE_URL = "http://127.0.0.1:3000";

async function startOursProcess(
  tools: Tools,
  seeds: string,
  children: Child[],
  current: { child: Child | undefined },
): Promise<{ pid: number; base: string }> {
  const port = await findFreePort();
  const server = startNodeServer(tools, seeds, port, SERVER_CORE, { BASE_URL: LOAD_BASE_URL });
  children.push(server);
  current.child = server;
  await server.waitForLine(SERVING_LINE, 60_000);
  return { pid: server.pid, base: `http://127.0.0.1:${port}` };
}

/** Another process of our server on the same seeds, checked to send what the first sent. */
async function startAnotherOurs(
  tools: Tools,
  seeds: string,
  captured: ReadonlyMap<string, CapturedFeed>,
  children: Child[],
  current: { child: Child | undefined },
): Promise<ServerUnderTest> {
  const { pid, base } = await startOursProcess(tools, seeds, children, current);
  await expectSameResponses("node", base, captured);
  return { server: "node", pid, base, etags: etagsOf(captured) };
}

/** The ETag a conditional request sends, by path: the one our server sent. */
function etagsOf(captured: ReadonlyMap<string, CapturedFeed>): Map<string, string> {
  return new Map([...captured].map(([path, { etag }]) => [path, etag]));
}

/** Checks that the server at `base` sends what our server sent (status, headers in order, bytes). */
async function expectSameResponses(
  name: string,
  base: string,
  captured: ReadonlyMap<string, CapturedFeed>,
): Promise<void> {
  for (const [path, feed] of captured) {
    for (const mode of MODES) {
      const got = captureResponse(await httpGet(base + path, requestHeaders(mode, feed.etag)));
      const expected =
        mode === "conditional" ? feed.notModified : mode === "gzip" ? feed.gzip : feed.plain;
      const differences = responseDifferences(expected, got);
      if (differences.length > 0) {
        throw new BenchError(`${name} ${path} ${mode}: ${differences.join("; ")}`);
      }
    }
  }
}

/**
 * Starts the bare node:http server with the captured responses, pinned like ours, and checks
 * that it sends exactly what ours sent (status, headers in order, bytes) for every request.
 */
async function startBare(
  captured: ReadonlyMap<string, CapturedFeed>,
  captureFile: string,
  tools: Tools,
  children: Child[],
  current: { child: Child | undefined },
): Promise<ServerUnderTest> {
  const port = await findFreePort();
  const bare = startChild(
    "bare node:http",
    tools.taskset,
    [
      "-c",
      SERVER_CORE,
      process.execPath,
      "--import",
      "tsx",
      "bench/load/bare-server.ts",
      captureFile,
      String(port),
    ],
    { cwd: REPO_ROOT },
  );
  children.push(bare);
  current.child = bare;
  await bare.waitForLine(/^bare node:http on /u, 30_000);
  const base = `http://127.0.0.1:${port}`;
  await expectSameResponses("bare node:http", base, captured);
  return { server: "bare", pid: bare.pid, base, etags: etagsOf(captured) };
}

/** Starts nginx on the captured identity bytes, pinned like ours, and checks what it sends. */
async function startNginx(
  captured: ReadonlyMap<string, CapturedFeed>,
  tools: Tools,
  nginxDir: string,
  children: Child[],
  current: { child: Child | undefined },
): Promise<ServerUnderTest> {
  const docroot = join(nginxDir, "docroot");
  await mkdir(docroot, { recursive: true });
  const types = new Map<string, string>();
  for (const [path, feed] of captured) {
    await writeFile(join(docroot, path), feed.plain.body);
    const type = feed.plain.headers.find(([name]) => name.toLowerCase() === "content-type");
    types.set(path, type?.[1] ?? "application/octet-stream");
  }
  const port = await findFreePort();
  const config = join(nginxDir, "nginx.conf");
  await writeFile(config, nginxConfig(nginxDir, docroot, port, types));
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
  children.push(nginx);
  current.child = nginx;
  const base = `http://127.0.0.1:${port}`;
  await waitForStatus(nginx, `${base}${[...captured.keys()][0] ?? "/"}`, 200, 10_000);
  const etags = new Map<string, string>();
  for (const [path, feed] of captured) {
    const plain = await httpGet(base + path, IDENTITY);
    expectResponse(plain, 200, `nginx GET ${path}`);
    if (!plain.body.equals(feed.plain.body) || header(plain, "content-type") !== types.get(path)) {
      throw new BenchError(`nginx GET ${path}: not the bytes and type our server sent`);
    }
    const etag = header(plain, "etag");
    if (etag === undefined) throw new BenchError(`nginx GET ${path}: no ETag`);
    expectResponse(await httpGet(base + path, { "If-None-Match": etag }), 304, `nginx ${path} 304`);
    etags.set(path, etag);
  }
  return { server: "nginx", pid: nginx.pid, base, etags };
}
