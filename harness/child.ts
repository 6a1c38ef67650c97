import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * Child processes of a test, a benchmark or the soak: started with their output captured, and
 * stopped by their own PID (never by name), at the latest when this process exits.
 */

const STOP_GRACE_MS = 5_000;

/** A child process: its PID, everything it printed, and how to stop it. */
export interface Child {
  readonly name: string;
  readonly pid: number;
  /** What a stop signals: the PID, or minus it for a process group. */
  readonly signalTarget: number;
  /** stdout and stderr lines in arrival order. */
  readonly lines: string[];
  /** performance.now() when each line arrived. */
  readonly lineTimes: number[];
  /**
   * Resolves with the exit code (or the signal's name) when the process has ended and all its
   * output has been read.
   */
  readonly exited: Promise<number | string>;
  readonly hasExited: () => boolean;
  /** The exit code once it has ended (null while running or when a signal ended it). */
  exitCode(): number | null;
  /**
   * Resolves with the first line at index `after` or later that matches.
   * @throws {ChildError} when none arrives within `timeoutMs` or the process ends first.
   */
  waitForLine(pattern: RegExp, timeoutMs: number, after?: number): Promise<string>;
  /** SIGTERM to this PID, SIGKILL after 5 s; resolves when it has ended. */
  stop(): Promise<void>;
}

/** A child did not do what its starter waited for; the message quotes its last lines. */
export class ChildError extends Error {
  override readonly name = "ChildError";
}

export interface StartChildOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Called with each line of stdout or stderr as it arrives. */
  readonly onLine?: (line: string) => void;
  /**
   * Starts it as the leader of its own process group and signals the whole group: for a
   * launcher (wrangler) whose real work runs in a grandchild (workerd).
   */
  readonly isProcessGroup?: boolean;
}

const running = new Set<Child>();

/**
 * Starts a process that `stopAll` stops, and that is killed when this process exits.
 * @throws {ChildError} when the system gives it no PID.
 */
export function startChild(
  name: string,
  command: string,
  args: readonly string[],
  options: StartChildOptions = {},
): Child {
  const process_: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.isProcessGroup === true,
  });
  const pid = process_.pid;
  if (pid === undefined) throw new ChildError(`${name}: cannot start ${command}`);
  // kill(2): a negative PID signals every process of that group, the child's own only.
  const target = options.isProcessGroup === true ? -pid : pid;
  // If this process dies first (a crashed test runner), take the child with it.
  const killOnExit = () => signal(target, "SIGKILL");
  process.once("exit", killOnExit);
  const lines: string[] = [];
  const lineTimes: number[] = [];
  const waiters = new Set<() => void>();
  let isEnded = false;
  let code: number | null = null;
  const end = () => {
    isEnded = true;
    process.removeListener("exit", killOnExit);
    for (const wake of waiters) wake();
  };
  const readers: Array<Promise<void>> = [];
  for (const stream of [process_.stdout, process_.stderr]) {
    if (stream === null) continue;
    const reader = createInterface({ input: stream });
    reader.on("line", (line) => {
      lines.push(line);
      lineTimes.push(performance.now());
      options.onLine?.(line);
      for (const wake of waiters) wake();
    });
    readers.push(new Promise((resolve) => reader.once("close", () => resolve())));
  }
  const exited = new Promise<number | string>((resolve) => {
    // "close", and then the line readers' own close: only by then has every line been read.
    process_.once("close", (exitCode, exitSignal) => {
      void Promise.all(readers).then(() => {
        code = exitCode;
        end();
        resolve(exitCode ?? exitSignal ?? "unknown");
      });
    });
    process_.once("error", (error) => {
      lines.push(`(${error.message})`);
      end();
      resolve("error");
    });
  });

  const child: Child = {
    name,
    pid,
    signalTarget: target,
    lines,
    lineTimes,
    exited,
    hasExited: () => isEnded,
    exitCode: () => code,
    waitForLine(pattern, timeoutMs, after = 0) {
      return new Promise((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const check = () => {
          const line = lines.slice(after).find((candidate) => pattern.test(candidate));
          if (line !== undefined || isEnded) {
            clearTimeout(timer);
            waiters.delete(check);
            if (line !== undefined) resolve(line);
            else reject(new ChildError(`${name} ended before printing ${pattern}${tail(lines)}`));
          }
        };
        timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new ChildError(`${name} did not print ${pattern} within ${timeoutMs} ms${tail(lines)}`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (!isEnded) {
        signal(target, "SIGTERM");
        const timer = setTimeout(() => signal(target, "SIGKILL"), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      running.delete(child);
    },
  };
  running.add(child);
  void exited.then(() => running.delete(child));
  return child;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** The last lines a child printed, for an error message; empty when it printed nothing. */
export function tail(lines: readonly string[], count = 15): string {
  return lines.length === 0 ? "" : `; its last output:\n  ${lines.slice(-count).join("\n  ")}`;
}

/** Stops every child still running, each by its own PID. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop()));
}

/** Sends SIGKILL to every child still running, synchronously: the last resort on exit. */
export function killAllNow(): void {
  for (const child of running) signal(child.signalTarget, "SIGKILL");
}
