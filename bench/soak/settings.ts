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
 * The warm-up: a tenth of the run, at least WARMUP_MS (10 s). The server's bounded caches (documents,
 * their compressed variants, full texts, validators) fill during the first minute of the mix: a
 * baseline taken before they are full measures their filling, not a leak (5 s of warm-up before
 * a 300 s run showed +20 % with the JS heap flat throughout).
 */
export const WARMUP_MS = 10_000;
export const WARMUP_SHARE = 0.1;
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
export const MAX_MEMORY_GROWTH = 0.1;
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
