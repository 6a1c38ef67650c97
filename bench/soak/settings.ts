/** The soak's fixed settings: corpus, writer, clients, limits and the time each step may take. */

export const CORPUS_SEED = 7;
/** Edits take their bytes from other corpora, so an edited seed really changes. */
export const EDIT_SEED_BASE = 1_000;
export const INITIAL_SEEDS = 500;
/** Seeds 0 … STABLE_SEEDS-1 are never touched by the writer: their pages must always be 200. */
export const STABLE_SEEDS = 250;
/** The writer keeps the seeds it may touch between these counts (400 to 600 seeds in all). */
export const MIN_VOLATILE = 150;
export const MAX_VOLATILE = 350;
export const CLIENTS = 32;
/**
 * The warm-up: half the run, from 10 s up to 150 s. The server's bounded caches (documents, their
 * compressed variants, full texts, validators) and the memory allocator's pools fill during the
 * first two minutes of the mix: in 300 s runs RSS rose for 110-130 s of churn, then stayed within
 * a few per cent while the JS heap stayed flat (30-50 MiB used) throughout. A baseline taken
 * earlier measures that filling, not a leak.
 */
export const WARMUP_MS = 10_000;
export const MAX_WARMUP_MS = 150_000;

/** The warm-up before a main phase of `seconds`. */
export function warmupMsFor(seconds: number): number {
  return Math.min(MAX_WARMUP_MS, Math.max(WARMUP_MS, seconds * 500));
}
export const SETTLE_MS = 3_000;
export const WRITE_INTERVAL_MS = 200;
export const RELOAD_DEBOUNCE_MS = 100;
/** After the last write: the debounce and a margin for the scan, before anything is measured. */
export const RELOAD_SETTLE_MS = RELOAD_DEBOUNCE_MS + 2_000;
/** Every write must be reloaded by then (the measurements after a phase wait longer). */
export const RELOAD_LIMIT_MS = 5_000;
export const MAX_REQUESTS = 2_000_000;
/** As long as a patient feed reader waits; a slower answer counts as a failed request. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Past this many failures the picture is clear: stop early instead of hammering a dead server. */
export const MAX_FAILURES = 1_000;
/** One in this many 200 feed bodies of each format is parsed strictly. */
export const CHECK_EVERY = 10;
/** RSS growth allowed after a full warm-up (MAX_WARMUP_MS: `npm run soak -- --seconds 300`). */
export const MAX_MEMORY_GROWTH = 0.1;
/** RSS growth allowed in shorter runs, whose warm-up ends while the caches still fill. */
export const FILLING_MAX_MEMORY_GROWTH = 0.2;
/** RSS is the median of this many samples, half a second apart, once the server is idle. */
export const RSS_SAMPLES = 7;
export const RSS_SAMPLE_INTERVAL_MS = 500;
export const PROGRESS_EVERY_MS = 10_000;
/** Beyond the run's own length: start-up, warm-up, settling and the final checks. */
export const WATCHDOG_MARGIN_MS = 180_000;
export const MAX_ARCHIVE_PAGES = 1_000;
/** The server rescans the whole folder every 30 s, whatever its watcher says. */
export const LATE_CHECK_MS = 30_000 + RELOAD_SETTLE_MS + 1_000;
export const MIB = 1024 ** 2;

/** Seeds the server must report and skip, never publish. */
export const GARBAGE_FILES: ReadonlyArray<readonly [string, Uint8Array]> = [
  // A PNG signature: NUL bytes.
  [
    "zz-garbage-binary.txt",
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x00, 0x00, 0xff]),
  ],
  // A valid header written in Latin-1: reported as not UTF-8, never guessed.
  [
    "zz-garbage-latin1.txt",
    Uint8Array.from(
      [..." date 2025-01-02 Gr\u00fc\u00dfe aus M\u00fcnchen.\n"].map((c) => c.charCodeAt(0)),
    ),
  ],
  ["zz-garbage-empty.txt", new Uint8Array()],
];
