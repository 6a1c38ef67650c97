import { spawn } from "node:child_process";
import { REPO_ROOT, SERVER_ENTRY } from "../../harness/server.ts";

/** What a command-line run printed and how it ended. */
export interface ProgramRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const RUN_TIMEOUT_MS = 30_000;

/**
 * Runs `feed-publisher ARGS` from the sources (node --import tsx, as the npm scripts do) with
 * only the given environment, and resolves when it exits.
 * @throws {Error} when it is still running after 30 s (it is killed first).
 */
export function runProgram(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<ProgramRun> {
  return runCommand(process.execPath, ["--import", "tsx", SERVER_ENTRY, ...args], env);
}

/** Runs any command in the repository with only the given environment (plus PATH and HOME). */
export function runCommand(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(`${command} ${args.join(" ")} still running after 30 s:\n${stdout}${stderr}`),
      );
    }, RUN_TIMEOUT_MS);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
