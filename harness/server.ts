import { fileURLToPath } from "node:url";
import * as z from "zod";
import { type Child, startChild } from "./child.ts";
import { findFreePort } from "./http.ts";

/**
 * The publisher's Node server as a child process on 127.0.0.1, for the runtime and end-to-end
 * tests, the load and start-up benchmark, and the soak.
 */

/**
 * The command-line program, relative to the repository root. Everything that starts the server
 * runs `node --import tsx SERVER_ENTRY serve`: Node itself, not npx, so the PID is the server's.
 */
export const SERVER_ENTRY = "src/runtime/cli/feed-publisher.ts";

/**
 * The same program compiled by `npm run build`, as operators run it (docs/production.md):
 * `node BUILT_ENTRY serve`. The bench measures this one: tsx compiles every module at start
 * and wraps every closure it creates (esbuild's keepNames), which production never pays.
 */
export const BUILT_ENTRY = "dist/node/runtime/cli/feed-publisher.js";

/** The program's command that runs the server. */
export const SERVER_COMMAND = "serve";

export const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The line the server prints once it listens: `… serving DIR on http://127.0.0.1:PORT (…)`. */
export const SERVING_LINE = / serving .* on http:\/\/127\.0\.0\.1:\d+ /u;

const STARTUP_TIMEOUT_MS = 20_000;

export interface SpawnServerOptions {
  readonly seedsDir: string;
  readonly port: number;
  /** More settings, such as SITE_TITLE; HOST, PORT and SEEDS_DIR are set here, BASE_URL unless given. */
  readonly env?: Readonly<Record<string, string>>;
  /** A command that execs node, such as `taskset -c 0`: the PID stays the server's. */
  readonly wrapper?: readonly string[];
  readonly name?: string;
  readonly onLine?: (line: string) => void;
  /** The TypeScript source through tsx (default), or the compiled build (BUILT_ENTRY). */
  readonly program?: "source" | "build";
}

/**
 * The server's environment: only what is given, so a developer's own settings never leak in.
 * No cache unless CACHE_DIR is given: a test's temporary seeds folder would otherwise leave its
 * cache behind in the home folder.
 */
export function serverEnv(
  port: number,
  seedsDir: string,
  env: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    TMPDIR: process.env.TMPDIR ?? "/tmp",
    CACHE_DIR: "off",
    // A fixed BASE_URL may be given: the cache is keyed by it, and ports change between runs.
    BASE_URL: `http://127.0.0.1:${port}`,
    ...env,
    HOST: "127.0.0.1",
    PORT: String(port),
    SEEDS_DIR: seedsDir,
  };
}

/**
 * Spawns the server on `port` without waiting for it: the caller times its start-up.
 * @throws {ChildError} when it cannot be started at all.
 */
export function spawnServer(options: SpawnServerOptions): Child {
  const node =
    options.program === "build"
      ? [process.execPath, BUILT_ENTRY, SERVER_COMMAND]
      : [process.execPath, "--import", "tsx", SERVER_ENTRY, SERVER_COMMAND];
  const [command = process.execPath, ...args] = [...(options.wrapper ?? []), ...node];
  return startChild(options.name ?? `node server (port ${options.port})`, command, args, {
    cwd: REPO_ROOT,
    env: serverEnv(options.port, options.seedsDir, options.env),
    ...(options.onLine === undefined ? {} : { onLine: options.onLine }),
  });
}

/** One line of the server's ACCESS_LOG=on output (docs/operations.md, Access log). */
export interface AccessLogEntry {
  readonly time: string;
  readonly client: string;
  readonly method: string;
  /** The request target: path and query. */
  readonly path: string;
  readonly status: number;
  readonly bytes: number;
  readonly durationMs: number;
  readonly userAgent: string;
}

const AccessLineSchema = z.object({
  time: z.string(),
  client: z.string(),
  method: z.string().regex(/^[A-Z]+$/u),
  path: z.string().startsWith("/"),
  status: z.number().int(),
  bytes: z.number().int().min(0),
  duration_ms: z.number().min(0),
  user_agent: z.string(),
});

/**
 * The requests among a server's lines, in order: each access line is one JSON object
 * (`{"time":…,"client":…,"method":"GET","path":"/feed.xml","status":304,…}`); every other line
 * (the server's own, stamped with the time) is left out.
 */
export function parseAccessLog(lines: readonly string[]): AccessLogEntry[] {
  return lines.flatMap((line) => {
    if (!line.startsWith("{")) return [];
    let fields: z.infer<typeof AccessLineSchema>;
    try {
      fields = AccessLineSchema.parse(JSON.parse(line));
    } catch {
      return [];
    }
    const { duration_ms: durationMs, user_agent: userAgent, ...rest } = fields;
    return [{ ...rest, durationMs, userAgent }];
  });
}

/** The publisher running as a child process on 127.0.0.1. */
export interface RunningServer {
  readonly baseUrl: string;
  readonly pid: number;
  /** Everything the server printed so far, stdout and stderr, in arrival order. */
  readonly lines: readonly string[];
  /**
   * Resolves with the first line at index `after` or later that matches.
   * @throws {ChildError} when no such line arrives within `timeoutMs` or the server exits first.
   */
  waitForLine(pattern: RegExp, timeoutMs: number, after?: number): Promise<string>;
  /** The requests logged at index `after` or later. */
  accessLog(after?: number): AccessLogEntry[];
  /** SIGTERM, then SIGKILL if it is still running after 5 s; only this process is signalled. */
  stop(): Promise<void>;
  /** The exit code once it has exited (null while running or when killed by a signal). */
  exitCode(): number | null;
}

export interface ServerOptions {
  readonly seedsDir: string;
  /** More settings, such as SITE_TITLE; PORT, HOST, BASE_URL and ACCESS_LOG are set here. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Starts the server on a free port of 127.0.0.1 with ACCESS_LOG=on and waits for its "serving"
 * line.
 * @throws {ChildError} when it does not say so within 20 s; the error quotes what it printed.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = await findFreePort();
  const child = spawnServer({
    seedsDir: options.seedsDir,
    port,
    env: { ...options.env, ACCESS_LOG: "on" },
    name: "server",
  });
  let isStopping = false;
  void child.exited.then((code) => {
    // Every later request would fail with "connection refused": say why, once, here.
    if (!isStopping) {
      console.error(`the server exited unexpectedly (${code}):\n${child.lines.join("\n")}`);
    }
  });
  const stop = () => {
    isStopping = true;
    return child.stop();
  };
  try {
    await child.waitForLine(SERVING_LINE, STARTUP_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid,
    lines: child.lines,
    waitForLine: (pattern, timeoutMs, after) => child.waitForLine(pattern, timeoutMs, after),
    accessLog: (after = 0) => parseAccessLog(child.lines.slice(after)),
    stop,
    exitCode: () => child.exitCode(),
  };
}
