import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Child, startChild } from "../../../harness/child.ts";
import { findFreePort } from "../../../harness/http.ts";
import { descendantsOf, isPortFree, isRunning } from "../../../harness/processes.ts";
import { REPO_ROOT, SERVING_LINE, serverEnv } from "../../../harness/server.ts";
import { sleep } from "../../../harness/sleep.ts";

/**
 * `npm start` as a process supervisor runs it (systemd, Docker, a CI job): the supervisor signals
 * the PID it started, npm's. Everything npm started must stop with it and free the port.
 */

let folder: string;
let npm: Child | undefined;
// Every process npm started: stopped by their own PIDs if a test leaves one behind.
let started: number[] = [];

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "npm-start-"));
  await writeFile(join(folder, "a.txt"), "Eins date 2025-12-04 Teaser eins.\n");
});

afterEach(async () => {
  // First whatever npm left behind (it holds npm's output open), then npm itself.
  for (const pid of started) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone, as it should be
    }
  }
  started = [];
  await npm?.stop();
  npm = undefined;
  await rm(folder, { recursive: true, force: true });
});

/** Polls until `condition` holds; false when `timeoutMs` passed first. */
async function eventually(condition: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await condition()) return true;
    await sleep(50);
  }
  return false;
}

describe("npm start", { timeout: 60_000 }, () => {
  it("stops the server when npm's own PID gets SIGTERM, and frees the port", async () => {
    const port = await findFreePort();
    npm = startChild("npm start", "npm", ["start"], {
      cwd: REPO_ROOT,
      env: serverEnv(port, folder),
    });
    await npm.waitForLine(SERVING_LINE, 30_000);
    started = descendantsOf(npm.pid);
    expect(started.length).toBeGreaterThan(0);
    expect(await isPortFree(port)).toBe(false);

    process.kill(npm.pid, "SIGTERM");
    // Not `npm.exited`: that waits for npm's output to close, which a left-over child holds open.
    const npmPid = npm.pid;
    const isEverythingStopped = await eventually(
      async () => [npmPid, ...started].every((pid) => !isRunning(pid)) && (await isPortFree(port)),
      15_000,
    );
    expect(isEverythingStopped, `still running: ${started.filter(isRunning).join(", ")}`).toBe(
      true,
    );
    expect(npm.lines.join("\n")).toMatch(/SIGTERM: finishing in-flight requests, then exiting/u);
  });
});
