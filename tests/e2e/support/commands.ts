import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** The Debian packages the end-to-end tests need; CI and the README use this line. */
export const APT_INSTALL =
  "apt-get install -y newsboat sqlite3 libxml2-utils chromium fonts-liberation nginx";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Fails early, naming the package line, when a tool is missing.
 * @throws {Error} listing the missing commands.
 */
export function requireCommands(commands: readonly string[]): void {
  const missing = commands.filter((command) =>
    command.startsWith("/")
      ? !existsSync(command)
      : spawnSync("sh", ["-c", 'command -v "$1"', "sh", command]).status !== 0,
  );
  if (missing.length > 0) {
    throw new Error(
      `missing ${missing.join(", ")}: the end-to-end tests need Debian packages (${APT_INSTALL})`,
    );
  }
}

export interface CommandResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandOptions {
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Written to stdin; without it stdin is /dev/null. */
  readonly input?: string;
}

/**
 * Runs a command with stdin from /dev/null (or `input`) and collects its output.
 * @throws {Error} when it runs longer than `timeoutMs` (it is killed with SIGKILL first).
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    let isTimedOut = false;
    const timer = setTimeout(() => {
      isTimedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${error.message}`, { cause: error }));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (isTimedOut) {
        reject(
          new Error(
            `${command} ${args.join(" ")} ran longer than ${options.timeoutMs} ms and was killed\n${stdout}${stderr}`,
          ),
        );
      } else {
        resolve({ code, signal, stdout, stderr });
      }
    });
  });
}
