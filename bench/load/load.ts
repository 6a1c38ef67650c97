import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startChild } from "../../harness/child.ts";
import { findFreePort, header, httpGet, waitForStatus } from "../../harness/http.ts";
import { SERVING_LINE } from "../../harness/server.ts";
import { writeCorpus } from "../../src/runtime/node/write-corpus.ts";
import type { LoadRow, LoadSection } from "../report/results.ts";
import { BenchError, expectResponse, withOutput } from "../run/bench-error.ts";
import type { Tools } from "../run/environment.ts";
import { IDENTITY, startNodeServer } from "../run/node-server.ts";
import type { RunOptions } from "../run/options.ts";
import { measureServer } from "./measure.ts";
import { nginxConfig } from "./nginx-config.ts";
import { LOAD_CORE, SERVER_CORE, WRK_CONNECTIONS, WRK_THREADS } from "./settings.ts";

/**
 * The load benchmark: our Node server pinned to one core, then nginx serving the very bytes it
 * sent as static files on the same core, both measured with wrk from the other core.
 */

const log = (message: string) => console.log(message);

/** A feed as our server sent it (identity), to be served by nginx too. */
interface Served {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
}

/**
 * Serves an `options.loadArticles` corpus with our server, checks its feeds (ETag, gzip, 304),
 * measures it, then does the same with nginx serving those bytes.
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
  const served = new Map<string, Served>();
  const rows: LoadRow[] = [];

  const port = await findFreePort();
  const server = startNodeServer(tools, seeds, port, SERVER_CORE);
  try {
    await server.waitForLine(SERVING_LINE, 60_000);
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
