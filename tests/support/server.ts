import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { findFreePort } from "../../bench/processes.ts";

export { findFreePort };

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

const STARTUP_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 5_000;

/** One line of the server's ACCESS_LOG=on output. */
export interface AccessLogEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/** The publisher running as a child process on 127.0.0.1. */
export interface RunningServer {
  readonly baseUrl: string;
  readonly pid: number;
  /** Everything the server printed so far, stdout and stderr, in arrival order. */
  readonly lines: readonly string[];
  /**
   * Resolves with the first line at index `after` or later that matches.
   * @throws when no such line arrives within `timeoutMs` or the server exits first.
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

// "2025-12-04T10:00:00.000Z GET /feed.xml 304"
const ACCESS_LINE = /^\S+ ([A-Z]+) (\/\S*) (\d{3})$/u;

/**
 * Starts `src/runtime/node.ts` on a free port of 127.0.0.1 with ACCESS_LOG=on and waits for its
 * "serving" line.
 * @throws when it does not say so within 20 s; the error carries everything it printed.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // A clean environment: a developer's own PORT, WEBSUB_HUB or SITE_TITLE must not leak in.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    TMPDIR: process.env.TMPDIR ?? "/tmp",
    ...options.env,
    HOST: "127.0.0.1",
    PORT: String(port),
    BASE_URL: baseUrl,
    SEEDS_DIR: options.seedsDir,
    ACCESS_LOG: "on",
  };
  // Node itself, not npx: the PID we signal is the server's own.
  const child = spawn(process.execPath, ["--import", "tsx", "src/runtime/node.ts"], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("cannot start the server: spawn returned no PID");
  // If the test runner dies first, take the server with it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const onLine = (line: string) => {
    lines.push(line);
    for (const check of waiters) check();
  };
  createInterface({ input: child.stdout }).on("line", onLine);
  createInterface({ input: child.stderr }).on("line", onLine);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let isStopping = false;
  child.once("exit", (code, signal) => {
    for (const check of waiters) check();
    // Every later request would fail with "connection refused": say why, once, here.
    if (!isStopping) {
      console.error(`the server exited unexpectedly (${code ?? signal}):\n${lines.join("\n")}`);
    }
  });

  const waitForLine = (pattern: RegExp, timeoutMs: number, after = 0): Promise<string> =>
    new Promise((resolve, reject) => {
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        outcome();
      };
      const check = () => {
        const found = lines.slice(after).find((line) => pattern.test(line));
        if (found !== undefined) finish(() => resolve(found));
        else if (child.exitCode !== null || child.signalCode !== null) {
          finish(() =>
            reject(
              new Error(
                `server exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${lines.join("\n")}`,
              ),
            ),
          );
        }
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(
              new Error(
                `server printed no line matching ${pattern} within ${timeoutMs} ms:\n${lines.join("\n")}`,
              ),
            ),
          ),
        timeoutMs,
      );
      waiters.add(check);
      check();
    });

  const stop = async () => {
    isStopping = true;
    process.removeListener("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    if (await settlesWithin(exited, STOP_GRACE_MS)) return;
    child.kill("SIGKILL");
    await settlesWithin(exited, STOP_GRACE_MS);
  };

  try {
    await waitForLine(/ serving .* on http:\/\/127\.0\.0\.1:\d+ /u, STARTUP_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    baseUrl,
    pid,
    lines,
    waitForLine,
    accessLog: (after = 0) => parseAccessLog(lines.slice(after)),
    stop,
    exitCode: () => child.exitCode,
  };
}

function parseAccessLog(lines: readonly string[]): AccessLogEntry[] {
  return lines.flatMap((line) => {
    const match = ACCESS_LINE.exec(line);
    if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) return [];
    return [{ method: match[1], path: match[2], status: Number(match[3]) }];
  });
}

async function settlesWithin(promise: Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const result = await Promise.race([promise.then(() => true), timeout]);
  clearTimeout(timer);
  return result;
}
