import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, constants, readdirSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { REPO_ROOT } from "../../harness/server.ts";
import type { BenchFolders } from "./options.ts";

/** What the bench needs from the machine, and what it records about the code it measures. */

export const FOLDERS: BenchFolders = {
  workDir: join(REPO_ROOT, "bench", ".work"),
  benchDir: join(REPO_ROOT, "bench"),
};

const DEBIAN_PACKAGES = "apt-get install -y wrk nginx";

export interface Tools {
  readonly wrk: string;
  readonly nginx: string;
  readonly taskset: string;
}

/** An executable's path on PATH (or in /usr/sbin and /sbin, where Debian puts nginx). */
export function findExecutable(name: string): string | undefined {
  const folders = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/sbin"];
  for (const folder of folders) {
    if (folder === "") continue;
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** wrk, nginx and taskset, or undefined after saying which are missing and how to install them. */
export function findTools(): Tools | undefined {
  const wrk = findExecutable("wrk");
  const nginx = findExecutable("nginx");
  const taskset = findExecutable("taskset");
  if (wrk !== undefined && nginx !== undefined && taskset !== undefined) {
    return { wrk, nginx, taskset };
  }
  const missing = [
    wrk === undefined ? "wrk" : "",
    nginx === undefined ? "nginx" : "",
    taskset === undefined ? "taskset (util-linux)" : "",
  ].filter((name) => name !== "");
  console.error(
    `bench: missing ${missing.join(", ")}. The benchmark installs nothing itself; on Debian run:\n  ${DEBIAN_PACKAGES}`,
  );
  return undefined;
}

/** The commit being measured (read-only git commands). */
export function codeVersion(): { commit: string; isSrcChanged: boolean } {
  const git = (args: readonly string[]) =>
    spawnSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" }).stdout?.trim() ?? "";
  return {
    commit: git(["rev-parse", "HEAD"]) || "unknown",
    isSrcChanged: git(["status", "--porcelain", "--", "src"]) !== "",
  };
}

/** A hash of every file under src/ as it is on disk, to notice code changing during a run. */
export function sourceFingerprint(): string {
  const src = join(REPO_ROOT, "src");
  const hash = createHash("sha256");
  const files = readdirSync(src, { recursive: true, encoding: "utf8" }).sort();
  for (const file of files) {
    try {
      hash.update(file).update(readFileSync(join(src, file)));
    } catch {
      // a folder, or a file removed meanwhile
    }
  }
  return hash.digest("hex");
}

/** The first line a tool prints about its version. */
export function versionOf(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: "utf8" });
  return `${result.stdout ?? ""}${result.stderr ?? ""}`.split("\n")[0]?.trim() ?? "?";
}
