import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningServer } from "../harness/server.ts";
import { messageOf, UsageError } from "./soak/errors.ts";
import { parseSoakOptions, SOAK_USAGE } from "./soak/options.ts";
import { WATCHDOG_MARGIN_MS, warmupMsFor } from "./soak/settings.ts";
import { soak } from "./soak/soak.ts";

/**
 * `npm run soak`: concurrent mixed traffic against the Node server on loopback while a writer
 * adds, edits and deletes seeds underneath, then checks that nothing broke (statuses, encodings,
 * feed bodies), leaked (server memory) or got lost (every write reloaded in time, the final feed
 * chain equal to the writer's record). Bounded in time and in requests; stops its own server by
 * PID and removes its temp folder.
 */

/** Set by Ctrl-C or SIGTERM: the signal handler, not the run, decides the exit code then. */
let isInterrupted = false;

const HELP = `${SOAK_USAGE}

Mixed traffic from 32 clients against the server on loopback while a writer adds, edits and
deletes seeds, then checks statuses, feed bodies, memory and that every write was published.
--seconds sets the main phase (default 60), --quick runs 15 s. Details: bench/README.md.`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(HELP);
    return 0;
  }
  let seconds: number;
  try {
    ({ seconds } = parseSoakOptions(args));
  } catch (error) {
    console.error(`soak: ${messageOf(error)} (${SOAK_USAGE})`);
    return 2;
  }
  const dir = await mkdtemp(join(tmpdir(), "feed-soak-"));
  const abort = new AbortController();
  let server: RunningServer | undefined;
  let cleaning: Promise<void> | undefined;
  // Once only, whoever comes first: the end of the run, a signal or the watchdog.
  const cleanUp = () => {
    cleaning ??= (async () => {
      abort.abort();
      await server?.stop();
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    })();
    return cleaning;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    isInterrupted = true;
    console.error(`soak: ${signal}: stopping the server and removing ${dir}`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const watchdog = setTimeout(
    () => {
      console.error(
        `soak: FAIL: still running after ${seconds} s + ${(warmupMsFor(seconds) + WATCHDOG_MARGIN_MS) / 1000} s; stopping`,
      );
      void cleanUp().finally(() => process.exit(1));
    },
    seconds * 1_000 + warmupMsFor(seconds) + WATCHDOG_MARGIN_MS,
  );
  try {
    return await soak(seconds, dir, abort.signal, (running) => {
      server = running;
    });
  } finally {
    clearTimeout(watchdog);
    await cleanUp();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}

main().then(
  (code) => {
    if (!isInterrupted) process.exit(code);
  },
  (error: unknown) => {
    if (isInterrupted) return;
    console.error(
      error instanceof UsageError
        ? `soak: ${error.message}\n${SOAK_USAGE}`
        : `soak: FAIL: ${messageOf(error)}`,
    );
    process.exit(1);
  },
);
