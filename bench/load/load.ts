import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Child, startChild } from "../../harness/child.ts";
import { findFreePort, header, httpGet, waitForStatus } from "../../harness/http.ts";
import { REPO_ROOT, SERVING_LINE } from "../../harness/server.ts";
import { writeCorpus } from "../../src/runtime/node/write-corpus.ts";
import type { LoadRow, LoadSection } from "../report/results.ts";
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
 * measured with wrk from the other, in turns.
 */

const log = (message: string) => console.log(message);

/**
 * Serves an `options.loadArticles` corpus with our server and captures what it sends, starts the
 * bare node:http server and nginx with the same bytes and checks that they send them, then runs
 * the schedule: every path and request on every server, in turns, `options.repetitions` times.
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
    const node = await startOurs(options, tools, seeds, children, current);
    const bare = await startBare(node.captured, tools, temp, children, current);
    const nginx = await startNginx(node.captured, tools, temp, children, current);
    current.child = undefined;
    const targets = new Map([
      ["node", node.target],
      ["bare", bare],
      ["nginx", nginx],
    ] as const);
    log(
      `load: node (PID ${node.target.pid}), bare node:http (PID ${bare.pid}) and nginx (PID ${nginx.pid}) on core ${SERVER_CORE}, wrk on core ${LOAD_CORE}; ${options.repetitions} turns`,
    );
    const rows: LoadRow[] = [];
    for (const run of loadSchedule(options.paths, [...targets.keys()], options.repetitions)) {
      const target = targets.get(run.server) as ServerUnderTest;
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

/** Starts our server pinned to the server core, and captures each feed as it answers it. */
async function startOurs(
  options: RunOptions,
  tools: Tools,
  seeds: string,
  children: Child[],
  current: { child: Child | undefined },
): Promise<{ target: ServerUnderTest; captured: Map<string, CapturedFeed> }> {
  const port = await findFreePort();
  const server = startNodeServer(tools, seeds, port, SERVER_CORE);
  children.push(server);
  current.child = server;
  await server.waitForLine(SERVING_LINE, 60_000);
  const base = `http://127.0.0.1:${port}`;
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
  const etags = new Map([...captured].map(([path, { etag }]) => [path, etag]));
  return { target: { server: "node", pid: server.pid, base, etags }, captured };
}

/**
 * Starts the bare node:http server with the captured responses, pinned like ours, and checks
 * that it sends exactly what ours sent (status, headers in order, bytes) for every request.
 */
async function startBare(
  captured: ReadonlyMap<string, CapturedFeed>,
  tools: Tools,
  temp: string,
  children: Child[],
  current: { child: Child | undefined },
): Promise<ServerUnderTest> {
  const captureFile = join(temp, "capture.json");
  await writeFile(captureFile, encodeCapture(captured));
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
  for (const [path, feed] of captured) {
    for (const mode of MODES) {
      const got = captureResponse(await httpGet(base + path, requestHeaders(mode, feed.etag)));
      const expected =
        mode === "conditional" ? feed.notModified : mode === "gzip" ? feed.gzip : feed.plain;
      const differences = responseDifferences(expected, got);
      if (differences.length > 0) {
        throw new BenchError(`bare node:http ${path} ${mode}: ${differences.join("; ")}`);
      }
    }
  }
  const etags = new Map([...captured].map(([path, { etag }]) => [path, etag]));
  return { server: "bare", pid: bare.pid, base, etags };
}

/** Starts nginx on the captured identity bytes, pinned like ours, and checks what it sends. */
async function startNginx(
  captured: ReadonlyMap<string, CapturedFeed>,
  tools: Tools,
  temp: string,
  children: Child[],
  current: { child: Child | undefined },
): Promise<ServerUnderTest> {
  const nginxDir = join(temp, "nginx");
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
