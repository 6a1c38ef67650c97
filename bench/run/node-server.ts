import type { Child } from "../../harness/child.ts";
import { spawnServer } from "../../harness/server.ts";
import type { Tools } from "./environment.ts";

/**
 * The Node server as the bench runs it: the compiled build (`npm run build`, as in production),
 * no access log, progress lines echoed, maybe pinned.
 */

/** The server's load report: `published N, skipped M (T ms)`. */
export const PUBLISHED_LINE = /published (\d+), skipped (\d+) \((\d+) ms\)/u;

/** Identity bytes: what the bench compares and times unless it asks for gzip. */
export const IDENTITY = { "Accept-Encoding": "identity" } as const;

/** Node itself (not npx), so the PID measured is the server's; pinned with taskset if asked. */
export function startNodeServer(
  tools: Tools,
  seedsDir: string,
  port: number,
  core: string | undefined,
  env: Readonly<Record<string, string>> = {},
): Child {
  return spawnServer({
    seedsDir,
    port,
    env,
    program: "build",
    ...(core === undefined ? {} : { wrapper: [tools.taskset, "-c", core] }),
    onLine: (line) => {
      if (/reading seeds: \d+ of \d+/u.test(line)) console.log(`    server: ${line}`);
    },
  });
}
