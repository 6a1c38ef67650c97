import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Child, startChild } from "./child.ts";
import { findFreePort, waitForStatus } from "./http.ts";
import { descendantsOf, isRunning } from "./processes.ts";
import { REPO_ROOT } from "./server.ts";
import { sleep } from "./sleep.ts";

/**
 * `wrangler dev` as a child process on 127.0.0.1, for the edge bench: started in its own process
 * group (wrangler runs the Worker in a workerd grandchild), waited for over HTTP, and stopped by
 * that group's PID.
 */

/** Wrangler's own local binary: the version package.json pins, never a global one. */
export const WRANGLER = join(REPO_ROOT, "node_modules", ".bin", "wrangler");

/** Settings that keep wrangler from phoning home or printing its banner. */
export const WRANGLER_QUIET_ENV: Readonly<Record<string, string>> = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};

const WORKERD_COMMAND = "workerd";
const STOP_GRACE_MS = 5_000;

export interface WranglerDevOptions {
  /** Where wrangler runs (its wrangler.toml is read there); the repository root unless given. */
  readonly cwd?: string;
  /** More arguments after `dev --ip 127.0.0.1 --port P`, such as `["--assets", dir]`. */
  readonly extraArgs?: readonly string[];
  /** More environment (SEEDS_DIR …) over PATH, HOME, TMPDIR and WRANGLER_QUIET_ENV. */
  readonly env?: Readonly<Record<string, string>>;
  /** The path polled until it answers 200: one that wakes as little as possible (an asset). */
  readonly probePath: string;
  readonly timeoutMs: number;
  readonly name?: string;
}

/** A running `wrangler dev`: where it listens, its PID, and the workerd processes below it. */
export interface WranglerDev {
  readonly baseUrl: string;
  readonly child: Child;
  /** The workerd processes among wrangler's descendants once it answered; at least one. */
  readonly workerdPids: readonly number[];
  /**
   * The workerd that runs the Worker (and its assets): all of `workerdPids` but wrangler's dev
   * proxy, the workerd listening on the port wrangler was given, which has no part on the edge.
   */
  readonly runtimePids: readonly number[];
  /**
   * SIGTERM to wrangler's process group, SIGKILL after 5 s; resolves when wrangler and its
   * workerd processes have ended, so that the next one never overlaps it.
   */
  stop(): Promise<void>;
}

/** A wrangler dev did not start, answer, or run a workerd in time. */
export class WranglerDevError extends Error {
  override readonly name = "WranglerDevError";
}

/** The environment of a wrangler dev: only what is given, so a developer's settings never leak in. */
export function wranglerEnv(env: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    TMPDIR: process.env.TMPDIR ?? "/tmp",
    ...WRANGLER_QUIET_ENV,
    ...env,
  };
}

/** The PIDs among `pids` whose command (/proc/PID/comm) is `name`. */
export function pidsNamed(pids: readonly number[], name: string): number[] {
  return pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === name;
    } catch {
      return false; // ended while we looked
    }
  });
}

/** One process's command line, from /proc/PID/cmdline. */
export interface CommandLine {
  readonly pid: number;
  readonly args: readonly string[];
}

/**
 * The workerd processes that are not wrangler's dev proxy: the proxy is the one whose
 * `--socket-addr=entry=` is the address wrangler was told to listen on. When none can be told
 * apart (a single workerd), all of them.
 */
export function runtimeWorkerds(workerds: readonly CommandLine[], port: number): number[] {
  const proxyArg = `--socket-addr=entry=127.0.0.1:${port}`;
  const runtimes = workerds.filter((workerd) => !workerd.args.includes(proxyArg));
  return (runtimes.length === 0 ? workerds : runtimes).map((workerd) => workerd.pid);
}

function commandLineOf(pid: number): CommandLine {
  try {
    return { pid, args: readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0") };
  } catch {
    return { pid, args: [] }; // ended while we looked
  }
}

/**
 * Waits until every one of `pids` has ended; SIGKILLs those still running after `graceMs`.
 * workerd can outlive wrangler by a moment: it was signalled with wrangler's group.
 */
async function waitForEnd(pids: readonly number[], graceMs: number): Promise<void> {
  const started = performance.now();
  while (pids.some(isRunning)) {
    if (performance.now() - started > graceMs) {
      for (const pid of pids.filter(isRunning)) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      return;
    }
    await sleep(20);
  }
}

/**
 * Starts `wrangler dev` on a free port of 127.0.0.1 with no stdin (so no hotkeys), waits until
 * `probePath` answers 200 and a workerd runs below it.
 * @throws {WranglerDevError} or {ChildError} when it does not within `timeoutMs`; it is stopped.
 */
export async function startWranglerDev(options: WranglerDevOptions): Promise<WranglerDev> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(port), ...(options.extraArgs ?? [])];
  const child = startChild(options.name ?? `wrangler dev (port ${port})`, WRANGLER, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: wranglerEnv(options.env),
    isProcessGroup: true,
  });
  const started = performance.now();
  try {
    await waitForStatus(child, `${baseUrl}${options.probePath}`, 200, options.timeoutMs);
    let workerdPids = pidsNamed(descendantsOf(child.pid), WORKERD_COMMAND);
    while (workerdPids.length === 0) {
      if (performance.now() - started > options.timeoutMs) {
        throw new WranglerDevError(
          `${child.name} answered ${options.probePath} but runs no ${WORKERD_COMMAND} process`,
        );
      }
      await sleep(50);
      workerdPids = pidsNamed(descendantsOf(child.pid), WORKERD_COMMAND);
    }
    const runtimePids = runtimeWorkerds(workerdPids.map(commandLineOf), port);
    const stop = async () => {
      await child.stop();
      await waitForEnd(workerdPids, STOP_GRACE_MS);
    };
    return { baseUrl, child, workerdPids, runtimePids, stop };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
