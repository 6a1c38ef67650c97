import { mkdir, mkdtemp, rename, rm, unlink, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { parseAtomFeed } from "feedsmith";
import { slugify } from "../src/articles/slug.ts";
import { assertValidJsonFeed } from "../tests/support/json-feed-schema.ts";
import { assertWellFormedXml } from "../tests/support/parse-feeds.ts";
import { type RunningServer, startServer } from "../tests/support/server.ts";
import {
  type GeneratedSeed,
  generateCorpusSeed,
  mulberry32,
  type Rng,
  writeCorpus,
} from "./corpus.ts";
import { clockTicksPerSecond, coreTicks, cpuTicks, memoryOf, sleep } from "./processes.ts";

/**
 * `npm run soak`: concurrent mixed traffic against the Node server on loopback while a writer
 * adds, edits and deletes seeds underneath, then checks that nothing broke, leaked or got lost.
 * Bounded in time and in requests; stops its own server by PID and removes its temp folder.
 * See the README's "Soak test" section.
 */

const CORPUS_SEED = 7;
/** Edits take their bytes from other corpora, so an edited seed really changes. */
const EDIT_SEED_BASE = 1_000;
const INITIAL_SEEDS = 500;
/** Seeds 0 … STABLE_SEEDS-1 are never touched by the writer: their pages must always be 200. */
const STABLE_SEEDS = 250;
/** The writer keeps the seeds it may touch between these counts (400 to 600 seeds in all). */
const MIN_VOLATILE = 150;
const MAX_VOLATILE = 350;
const CLIENTS = 32;
const WARMUP_MS = 5_000;
const SETTLE_MS = 3_000;
const WRITE_INTERVAL_MS = 200;
const RELOAD_DEBOUNCE_MS = 100;
/** After the last write: the debounce and a margin for the scan, before anything is measured. */
const RELOAD_SETTLE_MS = RELOAD_DEBOUNCE_MS + 2_000;
/** Every write must be reloaded by then (the measurements after a phase wait longer). */
const RELOAD_LIMIT_MS = 5_000;
const MAX_REQUESTS = 2_000_000;
/** As long as a patient feed reader waits; a slower answer counts as a failed request. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Past this many failures the picture is clear: stop early instead of hammering a dead server. */
const MAX_FAILURES = 1_000;
/** One in this many 200 feed bodies of each format is parsed strictly. */
const CHECK_EVERY = 10;
const MAX_MEMORY_GROWTH = 0.2;
const PROGRESS_EVERY_MS = 10_000;
/** Beyond the run's own length: start-up, warm-up, settling and the final checks. */
const WATCHDOG_MARGIN_MS = 180_000;
const MAX_ARCHIVE_PAGES = 1_000;
/** The server rescans the whole folder every 30 s, whatever its watcher says. */
const LATE_CHECK_MS = 30_000 + RELOAD_SETTLE_MS + 1_000;
const MIB = 1024 ** 2;

// Pages that exist whatever the writer does: at least 400 seeds make 8 full archive pages of 50
// and 14 index pages of 30 (the server's defaults).
const ARCHIVE_PAGES = 7;
const INDEX_PAGES = 12;
const FEED_FILES = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" } as const;
type FeedFormat = keyof typeof FEED_FILES;
const FORMATS = Object.keys(FEED_FILES) as FeedFormat[];
type Encoding = "identity" | "gzip" | "br";
const ENCODINGS: readonly Encoding[] = ["identity", "gzip", "br"];
const LIMITS = [5, 10, 20, 100];
const NOT_FOUND_PATHS = [
  "/articles/no-such-article-4711",
  "/articles/..%2f..%2fetc%2fpasswd",
  // Not "%2e%2e/": fetch's URL parser would resolve that to "/etc/passwd" before sending.
  "/articles/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "/articles/000001%00.txt",
  "/archive/99999/atom.xml",
  "/credits/nobody-at-all/feed.xml",
  "/nothing-here",
];
const BAD_QUERY_PATHS = ["/feed.xml?limit=0", "/atom.xml?limit=201", "/feed.json?limit=ten"];
/** Seeds the server must report and skip, never publish. */
const GARBAGE_FILES: ReadonlyArray<readonly [string, Uint8Array]> = [
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

/** Requests sent by all phases together, against MAX_REQUESTS. */
let issued = 0;
let capReached = false;
/** Aborted on Ctrl-C, SIGTERM or the watchdog: every loop, the writer and every request stop. */
const abort = new AbortController();
/** Set by Ctrl-C or SIGTERM: the signal handler, not the run, decides the exit code then. */
let isInterrupted = false;

class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A step of the soak could not run at all (as opposed to a check that failed). */
class SoakError extends Error {
  override readonly name = "SoakError";
}

interface Options {
  readonly seconds: number;
}

/** @throws {UsageError} on an unknown option or a bad number of seconds. */
function parseOptions(): Options {
  let values: { seconds?: string; quick?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        seconds: { type: "string" },
        quick: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(messageOf(error), { cause: error });
  }
  const seconds = Number(values.seconds ?? (values.quick === true ? 15 : 60));
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3_600) {
    throw new UsageError("--seconds must be a whole number from 1 to 3600");
  }
  return { seconds };
}

/** What the soak found wrong, by reason, with the first few examples of each. */
class Failures {
  readonly #byReason = new Map<string, { count: number; examples: string[] }>();
  total = 0;

  add(reason: string, example: string): void {
    this.total++;
    let entry = this.#byReason.get(reason);
    if (entry === undefined) {
      entry = { count: 0, examples: [] };
      this.#byReason.set(reason, entry);
    }
    entry.count++;
    if (entry.examples.length < 3) entry.examples.push(example);
  }

  lines(): string[] {
    return [...this.#byReason].map(
      ([reason, { count, examples }]) =>
        `soak: FAIL: ${count} × ${reason} (first: ${examples.join("; ")})`,
    );
  }
}

/** One write of the writer: which seed, when it was in place, and what it was. */
interface WriteNote {
  readonly id: string;
  readonly path: string;
  readonly atMs: number;
  readonly what: string;
}

/** A seed the writer knows to be valid now: where it is, and what its latest bytes say. */
interface SeedRecord {
  readonly index: number;
  readonly path: string;
  date: string;
  /** How the title of its latest edit starts (`Korrektur 17:`); undefined if never edited. */
  titleMark: string | undefined;
}

const idOf = (path: string) => path.replace(/\.txt$/u, "");
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A generated seed's bytes with its header's title and date replaced. */
function withHeader(seed: GeneratedSeed, title: string, date: string): Uint8Array {
  const text = decoder.decode(seed.bytes);
  // corpus.ts writes the header as `${title} date ${date}…`, after an optional byte-order mark.
  const header = `${seed.title} date ${seed.date}`;
  const at = text.indexOf(header);
  if (at < 0 || at > 1) throw new SoakError(`seed ${seed.index} does not start with ${header}`);
  return encoder.encode(
    `${text.slice(0, at)}${title} date ${date}${text.slice(at + header.length)}`,
  );
}

/** The day `days` after 2026-01-01, after every date the corpus has: new articles are the newest. */
function newsDate(days: number): string {
  return new Date(Date.UTC(2026, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Adds, edits (a temporary name renamed into place, as the README asks writers to do) and
 * deletes seeds, and keeps its own record of which seeds are valid. Like a newsroom, most new
 * articles are the newest and most edits keep the date; a few are backdated or redated, which
 * moves articles between archive pages.
 */
class SeedWriter {
  readonly valid = new Map<string, SeedRecord>();
  /** The ids the writer may touch, for O(1) random picks. */
  readonly volatile: string[] = [];
  readonly deleted = new Set<string>();
  readonly counts = { added: 0, edited: 0, deleted: 0 };
  /** Every write, in order: to check that the server reloaded each, and to quote as evidence. */
  readonly journal: WriteNote[] = [];
  #nextIndex = INITIAL_SEEDS;
  #edits = 0;
  readonly #dir: string;
  readonly #rng: Rng;

  constructor(dir: string, rng: Rng) {
    this.#dir = dir;
    this.#rng = rng;
    for (let index = 0; index < INITIAL_SEEDS; index++) {
      const seed = generateCorpusSeed(CORPUS_SEED, index);
      const id = idOf(seed.path);
      this.valid.set(id, { index, path: seed.path, date: seed.date, titleMark: undefined });
      if (index >= STABLE_SEEDS) this.volatile.push(id);
    }
  }

  get operations(): number {
    return this.counts.added + this.counts.edited + this.counts.deleted;
  }

  async step(): Promise<void> {
    const roll = this.#rng();
    const size = this.volatile.length;
    if (size <= MIN_VOLATILE || (size < MAX_VOLATILE && roll < 0.35)) await this.#add();
    else if (roll < 0.8) await this.#edit();
    else await this.#delete();
  }

  async #add(): Promise<void> {
    const index = this.#nextIndex++;
    const seed = generateCorpusSeed(CORPUS_SEED, index);
    // One in ten is a late-filed older article; the rest are today's news, a few a day.
    const date = this.#rng() < 0.1 ? seed.date : newsDate(Math.floor(this.counts.added / 4));
    await this.#writeIntoPlace(seed.path, withHeader(seed, seed.title, date));
    const id = idOf(seed.path);
    this.valid.set(id, { index, path: seed.path, date, titleMark: undefined });
    this.volatile.push(id);
    this.counts.added++;
    this.#note(id, seed.path, `added (${date})`);
  }

  async #edit(): Promise<void> {
    const id = this.volatile[Math.floor(this.#rng() * this.volatile.length)];
    const record = id === undefined ? undefined : this.valid.get(id);
    if (id === undefined || record === undefined) return;
    // Another corpus's seed of the same number gives new text and credit; the title is marked
    // so the final check can tell this version from the last. One in six edits moves the date.
    const edit = this.#edits++;
    const seed = generateCorpusSeed(EDIT_SEED_BASE + edit, record.index);
    const titleMark = `Korrektur ${edit}:`;
    const date = this.#rng() < 1 / 6 ? seed.date : record.date;
    const title = `${titleMark} ${seed.title === "" ? "Nachtrag" : seed.title}`;
    await this.#writeIntoPlace(record.path, withHeader(seed, title, date));
    record.date = date;
    record.titleMark = titleMark;
    this.counts.edited++;
    this.#note(id, record.path, `edited: ${titleMark} (${date})`);
  }

  async #delete(): Promise<void> {
    const at = Math.floor(this.#rng() * this.volatile.length);
    const id = this.volatile[at];
    const record = id === undefined ? undefined : this.valid.get(id);
    if (id === undefined || record === undefined) return;
    // Swap-remove: order does not matter, picks stay O(1).
    this.volatile[at] = this.volatile.at(-1) as string;
    this.volatile.pop();
    this.valid.delete(id);
    await unlink(join(this.#dir, record.path));
    this.deleted.add(id);
    this.counts.deleted++;
    this.#note(id, record.path, "deleted");
  }

  async #writeIntoPlace(path: string, bytes: Uint8Array): Promise<void> {
    const file = join(this.#dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(`${file}.tmp`, bytes);
    await rename(`${file}.tmp`, file);
  }

  #note(id: string, path: string, what: string): void {
    this.journal.push({ id, path, atMs: Date.now(), what });
  }
}

/** One request a client makes, and the statuses that are correct for it. */
interface Probe {
  readonly kind: string;
  readonly method: "GET" | "HEAD" | "POST";
  readonly path: string;
  readonly encoding: Encoding;
  readonly expected: readonly number[];
  /** A feed whose 200 body may be checked. */
  readonly format?: FeedFormat;
  readonly ifNoneMatch?: string;
}

/** Everything the client loops share. */
interface World {
  readonly baseUrl: string;
  readonly stableIds: readonly string[];
  readonly creditSlugs: readonly string[];
  readonly writer: SeedWriter;
  readonly failures: Failures;
  readonly stats: Stats;
  readonly checked: Record<FeedFormat, number>;
  readonly seen: Record<FeedFormat, number>;
  /** Set to stop every loop at its next request. */
  isStopping: boolean;
}

/** Counters of one phase: every request's latency and kind, and the statuses. */
class Stats {
  readonly latencies = new Float64Array(MAX_REQUESTS);
  readonly kinds = new Uint8Array(MAX_REQUESTS);
  readonly kindNames: string[] = [];
  count = 0;
  readonly byStatus = new Map<string, number>();

  record(kind: string, status: string, ms: number): void {
    let kindId = this.kindNames.indexOf(kind);
    if (kindId === -1) kindId = this.kindNames.push(kind) - 1;
    if (this.count < this.latencies.length) {
      this.latencies[this.count] = ms;
      this.kinds[this.count] = kindId;
    }
    this.count++;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }

  /** Sorted latencies of one kind, or of all requests. */
  sortedLatencies(kind?: string): Float64Array {
    const recorded = Math.min(this.count, this.latencies.length);
    if (kind === undefined) return this.latencies.slice(0, recorded).sort();
    const kindId = this.kindNames.indexOf(kind);
    return this.latencies
      .slice(0, recorded)
      .filter((_, at) => this.kinds[at] === kindId)
      .sort();
  }
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

const feedPath = (prefix: string, format: FeedFormat) => `${prefix}/${FEED_FILES[format]}`;

/** Weighted kinds of request; each returns a fresh probe. */
const PROBES: ReadonlyArray<
  readonly [number, (rng: Rng, world: World, etags: Map<string, string>) => Probe]
> = [
  [
    20,
    (rng) => {
      const format = pick(rng, FORMATS);
      const encoding = pick(rng, ENCODINGS);
      return {
        kind: `feed ${encoding}`,
        method: "GET",
        path: feedPath("", format),
        encoding,
        expected: [200],
        format,
      };
    },
  ],
  [
    20,
    (rng, _world, etags) => {
      const format = pick(rng, FORMATS);
      const path = rng() < 0.6 ? feedPath("", format) : archivePath(rng, format);
      const encoding = pick(rng, ENCODINGS);
      const ifNoneMatch = etags.get(`${path} ${encoding}`);
      return {
        kind: "conditional",
        method: "GET",
        path,
        encoding,
        expected: ifNoneMatch === undefined ? [200] : [200, 304],
        format,
        ...(ifNoneMatch === undefined ? {} : { ifNoneMatch }),
      };
    },
  ],
  [
    5,
    (rng, world) => ({
      kind: "head",
      method: "HEAD",
      path:
        rng() < 0.5 ? feedPath("", pick(rng, FORMATS)) : `/articles/${pick(rng, world.stableIds)}`,
      encoding: pick(rng, ENCODINGS),
      expected: [200],
    }),
  ],
  [
    3,
    (rng) => {
      const format = pick(rng, FORMATS);
      return {
        kind: "feed ?limit",
        method: "GET",
        path: `${feedPath("", format)}?limit=${pick(rng, LIMITS)}`,
        encoding: pick(rng, ENCODINGS),
        expected: [200],
        format,
      };
    },
  ],
  [
    12,
    (rng, world) => ({
      kind: "article",
      method: "GET",
      path: `/articles/${pick(rng, world.stableIds)}`,
      encoding: pick(rng, ENCODINGS),
      expected: [200],
    }),
  ],
  [
    4,
    (rng, world) => ({
      // Added, edited or deleted underneath: either answer is right at any moment.
      kind: "article (changing)",
      method: "GET",
      path: `/articles/${pick(rng, world.writer.volatile)}`,
      encoding: pick(rng, ENCODINGS),
      expected: [200, 404],
    }),
  ],
  [
    8,
    (rng) => {
      const page = Math.floor(rng() * INDEX_PAGES) + 1;
      return {
        kind: "index page",
        method: "GET",
        path: page === 1 ? "/" : `/page/${page}`,
        encoding: pick(rng, ENCODINGS),
        expected: [200],
      };
    },
  ],
  [
    8,
    (rng) => {
      const format = pick(rng, FORMATS);
      return {
        kind: "archive page",
        method: "GET",
        path: archivePath(rng, format),
        encoding: pick(rng, ENCODINGS),
        expected: [200],
        format,
      };
    },
  ],
  [
    8,
    (rng, world) => {
      const format = pick(rng, FORMATS);
      const slug = pick(rng, world.creditSlugs);
      return {
        kind: "credit feed",
        method: "GET",
        path: `${feedPath(`/credits/${slug}`, format)}${rng() < 0.2 ? `?limit=${pick(rng, LIMITS)}` : ""}`,
        encoding: pick(rng, ENCODINGS),
        expected: [200],
        format,
      };
    },
  ],
  [
    5,
    (rng) => ({
      kind: "404",
      method: rng() < 0.8 ? "GET" : "HEAD",
      path: pick(rng, NOT_FOUND_PATHS),
      encoding: "identity",
      expected: [404],
    }),
  ],
  [
    4,
    (rng) => ({
      kind: "bad query",
      method: "GET",
      path: pick(rng, BAD_QUERY_PATHS),
      encoding: "identity",
      expected: [400],
    }),
  ],
  [
    2,
    (rng, world) => ({
      kind: "POST",
      method: "POST",
      path: pick(rng, ["/feed.xml", "/", `/articles/${pick(rng, world.stableIds)}`]),
      encoding: "identity",
      expected: [405],
    }),
  ],
  [
    1,
    (rng) => ({
      kind: "style, healthz",
      method: "GET",
      path: rng() < 0.5 ? "/style.css" : "/healthz",
      encoding: pick(rng, ENCODINGS),
      expected: [200],
    }),
  ],
];
const TOTAL_WEIGHT = PROBES.reduce((sum, [weight]) => sum + weight, 0);

function archivePath(rng: Rng, format: FeedFormat): string {
  return feedPath(`/archive/${Math.floor(rng() * ARCHIVE_PAGES) + 1}`, format);
}

function nextProbe(rng: Rng, world: World, etags: Map<string, string>): Probe {
  let roll = rng() * TOTAL_WEIGHT;
  for (const [weight, make] of PROBES) {
    roll -= weight;
    if (roll < 0) return make(rng, world, etags);
  }
  return (PROBES[0] as (typeof PROBES)[number])[1](rng, world, etags);
}

/** Every route kind once, in every format and encoding, so the caches hold what the mix asks. */
function sweepProbes(world: World): Probe[] {
  const probes: Probe[] = [];
  const get = (kind: string, path: string, format?: FeedFormat) => {
    for (const encoding of ENCODINGS) {
      probes.push({
        kind,
        method: "GET",
        path,
        encoding,
        expected: [200],
        ...(format === undefined ? {} : { format }),
      });
    }
  };
  for (const format of FORMATS) {
    get("feed", feedPath("", format), format);
    for (const limit of LIMITS) {
      get("feed ?limit", `${feedPath("", format)}?limit=${limit}`, format);
    }
    for (let page = 1; page <= ARCHIVE_PAGES; page++) {
      get("archive page", feedPath(`/archive/${page}`, format), format);
    }
    for (const slug of world.creditSlugs) {
      get("credit feed", feedPath(`/credits/${slug}`, format), format);
    }
  }
  for (let page = 1; page <= INDEX_PAGES; page++) {
    get("index page", page === 1 ? "/" : `/page/${page}`);
  }
  for (const id of world.writer.valid.keys()) get("article", `/articles/${id}`);
  get("style, healthz", "/style.css");
  return probes;
}

/** Sends one probe, records it, and checks what can be checked. */
async function send(world: World, probe: Probe, etags: Map<string, string>): Promise<void> {
  const headers: Record<string, string> = { "Accept-Encoding": probe.encoding };
  if (probe.ifNoneMatch !== undefined) headers["If-None-Match"] = probe.ifNoneMatch;
  const label = `${probe.method} ${probe.path} (${probe.encoding})`;
  const started = performance.now();
  try {
    const response = await fetch(`${world.baseUrl}${probe.path}`, {
      method: probe.method,
      headers,
      redirect: "manual",
      signal: AbortSignal.any([abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
    const status = response.status;
    const format = status === 200 && probe.method === "GET" ? probe.format : undefined;
    const isChecked = format !== undefined && ++world.seen[format] % CHECK_EVERY === 0;
    // Always read the whole body: a cut-off body is a dropped connection, and keep-alive needs it.
    const body = isChecked ? await response.text() : await response.arrayBuffer();
    world.stats.record(probe.kind, String(status), performance.now() - started);
    const etag = response.headers.get("ETag");
    if (etag !== null && probe.format !== undefined)
      etags.set(`${probe.path} ${probe.encoding}`, etag);
    if (status >= 500) world.failures.add("5xx response", `${label} → ${status}`);
    else if (!probe.expected.includes(status)) {
      world.failures.add(
        "unexpected status",
        `${label} → ${status}, expected ${probe.expected.join(" or ")}`,
      );
    }
    // Feeds are always over the 1 KiB below which the server sends identity bytes.
    if (status === 200 && probe.format !== undefined && probe.encoding !== "identity") {
      const encoding = response.headers.get("Content-Encoding");
      if (encoding !== probe.encoding) {
        world.failures.add("wrong Content-Encoding", `${label} → ${encoding ?? "none"}`);
      }
    }
    if (
      probe.method === "HEAD" &&
      (typeof body === "string" ? body.length : body.byteLength) !== 0
    ) {
      world.failures.add("HEAD with a body", label);
    }
    if (isChecked && typeof body === "string") {
      try {
        checkFeedBody(format, body);
        world.checked[format]++;
      } catch (error) {
        world.failures.add(
          "malformed feed body",
          `${label}: ${messageOf(error).split("\n", 2).join(" ")}`,
        );
      }
    }
  } catch (error) {
    world.stats.record(probe.kind, "network error", performance.now() - started);
    world.failures.add(
      "network error or dropped connection",
      `${label}: ${describeFetchError(error)}`,
    );
  }
}

function checkFeedBody(format: FeedFormat, body: string): void {
  if (format === "json") {
    // JSON.parse, then the JSON Feed 1.1 schema the tests use (version included).
    const feed = assertValidJsonFeed(body);
    if (feed.version !== "https://jsonfeed.org/version/1.1") {
      throw new Error(`version is ${feed.version}`);
    }
  } else {
    assertWellFormedXml(body);
  }
}

function describeFetchError(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  const detail = cause === undefined ? "" : ` (${cause.code ?? cause.message})`;
  return `${messageOf(error)}${detail}`;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs CLIENTS loops of mixed requests until `untilMs` (epoch ms), the request cap, or a stop. */
async function runClients(world: World, untilMs: number, seed: number): Promise<void> {
  const loop = async (client: number) => {
    const rng = mulberry32(seed * 1_000 + client);
    const etags = new Map<string, string>();
    while (!world.isStopping && !abort.signal.aborted && Date.now() < untilMs) {
      if (issued >= MAX_REQUESTS) {
        capReached = true;
        return;
      }
      if (world.failures.total >= MAX_FAILURES) return;
      issued++;
      await send(world, nextProbe(rng, world, etags), etags);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, client) => loop(client)));
}

/** Sends every probe once, CLIENTS at a time. */
async function runSweep(world: World, probes: readonly Probe[]): Promise<void> {
  let next = 0;
  const etags = new Map<string, string>();
  const loop = async () => {
    while (
      next < probes.length &&
      !world.isStopping &&
      !abort.signal.aborted &&
      world.failures.total < MAX_FAILURES
    ) {
      const probe = probes[next++] as Probe;
      issued++;
      await send(world, probe, etags);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, loop));
}

/**
 * Server RSS in bytes (VmRSS of /proc/PID/status).
 * @throws {SoakError} when the server has exited or the kernel does not say.
 */
function rssOf(server: RunningServer): number {
  let rss: number;
  try {
    ({ rss } = memoryOf(server.pid));
  } catch (error) {
    throw new SoakError(
      `the server (PID ${server.pid}) is gone: exit code ${server.exitCode()}, ${messageOf(error)}`,
    );
  }
  if (!Number.isFinite(rss)) throw new SoakError(`no VmRSS in /proc/${server.pid}/status`);
  return rss;
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

const latencySummary = (sorted: Float64Array) =>
  `p50 ${ms(percentile(sorted, 0.5))}, p90 ${ms(percentile(sorted, 0.9))}, p99 ${ms(percentile(sorted, 0.99))}, max ${ms(sorted.at(-1) ?? Number.NaN)}`;

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;
const counts = (map: ReadonlyMap<string, number>) =>
  [...map]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => `${key}: ${count}`)
    .join(", ");

/**
 * Reads the subscription feed chain as a mirroring reader does: /atom.xml, then each RFC 5005
 * prev-archive link, and returns every entry id with its published date.
 * @throws {SoakError} when a document is missing, malformed or the chain loops.
 */
async function readFeedChain(
  baseUrl: string,
): Promise<{ entries: Map<string, { published: string; title: string }>; pages: number }> {
  const entries = new Map<string, { published: string; title: string }>();
  const visited = new Set<string>();
  let url: string | undefined = `${baseUrl}/atom.xml`;
  while (url !== undefined) {
    if (visited.has(url) || visited.size >= MAX_ARCHIVE_PAGES) {
      throw new SoakError(`the prev-archive chain loops or never ends at ${url}`);
    }
    visited.add(url);
    const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const body = await response.text();
    if (response.status !== 200) throw new SoakError(`GET ${url} → ${response.status}`);
    try {
      assertWellFormedXml(body);
    } catch (error) {
      throw new SoakError(`GET ${url}: ${messageOf(error)}`);
    }
    const feed = parseAtomFeed(body);
    for (const entry of feed.entries ?? []) {
      if (entry.id === undefined) continue;
      entries.set(entry.id, { published: entry.published ?? "", title: entry.title?.value ?? "" });
    }
    url = feed.links?.find((link) => link.rel === "prev-archive")?.href;
  }
  return { entries, pages: visited.size };
}

/** How long a phase ran and how busy the cores were meanwhile, in cores (1 = one core busy). */
interface PhaseTimes {
  readonly seconds: number;
  readonly serverCores: number;
  readonly soakCores: number;
  /** Every other process on the machine (another benchmark, a test run). */
  readonly otherCores: number;
}

/**
 * Mixed traffic and the writer side by side for `durationMs`.
 * @throws {SoakError} when the writer fails: without its record the final check means nothing.
 */
async function runPhase(
  world: World,
  writer: SeedWriter,
  durationMs: number,
  seed: number,
  server: RunningServer,
): Promise<PhaseTimes> {
  const started = performance.now();
  const serverTicks = cpuTicks(server.pid);
  const soakCpu = process.cpuUsage();
  const machineTicks = coreTicks("all").busy;
  const untilMs = Date.now() + durationMs;
  let isWriting = true;
  let writerError: unknown;
  const writing = (async () => {
    while (isWriting && !abort.signal.aborted && Date.now() < untilMs) {
      try {
        await writer.step();
      } catch (error) {
        writerError = error;
        world.isStopping = true;
        return;
      }
      await sleep(WRITE_INTERVAL_MS);
    }
  })();
  const progress = setInterval(() => {
    const elapsed = (performance.now() - started) / 1000;
    let rss: string;
    try {
      rss = mib(rssOf(server));
    } catch (error) {
      rss = messageOf(error); // the requests fail and say so; keep going to the report
    }
    console.log(
      `soak: ${elapsed.toFixed(0)} s: ${world.stats.count} requests (${(world.stats.count / elapsed).toFixed(0)} req/s), ${writer.operations} writes, server RSS ${rss}, ${world.failures.total} failures`,
    );
  }, PROGRESS_EVERY_MS);
  try {
    await runClients(world, untilMs, seed);
  } finally {
    clearInterval(progress);
    isWriting = false;
  }
  const seconds = (performance.now() - started) / 1000;
  const ticks = clockTicksPerSecond();
  const serverSeconds = (cpuTicks(server.pid) - serverTicks) / ticks;
  const { user, system } = process.cpuUsage(soakCpu);
  const soakSeconds = (user + system) / 1e6;
  const machineSeconds = (coreTicks("all").busy - machineTicks) / ticks;
  await writing;
  if (writerError !== undefined) {
    throw new SoakError(`the writer failed: ${messageOf(writerError)}`, { cause: writerError });
  }
  return {
    seconds,
    serverCores: serverSeconds / seconds,
    soakCores: soakSeconds / seconds,
    otherCores: Math.max(0, machineSeconds - serverSeconds - soakSeconds) / seconds,
  };
}

/** Server RSS once the last write has been reloaded and the server has been idle a while. */
async function settledRss(server: RunningServer): Promise<number> {
  await sleep(RELOAD_SETTLE_MS);
  await sleep(SETTLE_MS);
  return rssOf(server);
}

async function main(): Promise<number> {
  const { seconds } = parseOptions();
  const dir = await mkdtemp(join(tmpdir(), "feed-soak-"));
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
        `soak: FAIL: still running after ${seconds} s + ${WATCHDOG_MARGIN_MS / 1000} s; stopping`,
      );
      void cleanUp().finally(() => process.exit(1));
    },
    seconds * 1_000 + WATCHDOG_MARGIN_MS,
  );
  try {
    return await soak(seconds, dir, (running) => {
      server = running;
    });
  } finally {
    clearTimeout(watchdog);
    await cleanUp();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}

async function soak(
  seconds: number,
  dir: string,
  onServer: (server: RunningServer) => void,
): Promise<number> {
  await writeCorpus({ count: INITIAL_SEEDS, out: dir, seed: CORPUS_SEED });
  for (const [name, bytes] of GARBAGE_FILES) await writeFile(join(dir, name), bytes);
  const server = await startServer({
    seedsDir: dir,
    env: { RELOAD_DEBOUNCE_MS: String(RELOAD_DEBOUNCE_MS) },
  });
  onServer(server);
  console.log(
    `soak: ${INITIAL_SEEDS} seeds and ${GARBAGE_FILES.length} garbage files in ${dir}; server PID ${server.pid} on ${server.baseUrl}`,
  );

  const failures = new Failures();
  const writer = new SeedWriter(dir, mulberry32(CORPUS_SEED));
  const stableIds = [...writer.valid.keys()].slice(0, STABLE_SEEDS);
  const creditNames = new Set<string>();
  for (let index = 0; index < STABLE_SEEDS; index++) {
    const credit = generateCorpusSeed(CORPUS_SEED, index).textCredit;
    if (credit !== undefined) creditNames.add(credit);
  }
  const newWorld = (stats: Stats): World => ({
    baseUrl: server.baseUrl,
    stableIds,
    creditSlugs: [...creditNames].map(slugify),
    writer,
    failures,
    stats,
    checked: { rss: 0, atom: 0, json: 0 },
    seen: { rss: 0, atom: 0, json: 0 },
    isStopping: false,
  });

  const health = (await (await fetch(`${server.baseUrl}/healthz`)).json()) as {
    articles?: unknown;
    problems?: unknown;
  };
  if (health.articles !== INITIAL_SEEDS || health.problems !== GARBAGE_FILES.length) {
    failures.add(
      "wrong initial load",
      `/healthz says ${JSON.stringify(health)}, expected ${INITIAL_SEEDS} articles and ${GARBAGE_FILES.length} problems`,
    );
  }

  // Warm-up: every route kind once, then the same mix as the main phase with the writer, so
  // the caches hold what the mix asks and the heap has seen reloads before the baseline.
  const warmup = newWorld(new Stats());
  const warmupStarted = performance.now();
  await runSweep(warmup, sweepProbes(warmup));
  await runPhase(warmup, writer, WARMUP_MS, 1, server);
  console.log(
    `soak: warm-up ${((performance.now() - warmupStarted) / 1000).toFixed(1)} s: ${warmup.stats.count} requests (${counts(warmup.stats.byStatus)}), ${writer.operations} writes`,
  );
  const baselineRss = await settledRss(server);
  console.log(
    `soak: baseline server RSS ${mib(baselineRss)} (${RELOAD_SETTLE_MS / 1000} s for the last reload, then a ${SETTLE_MS / 1000} s pause)`,
  );

  // Main phase: the clients and the writer side by side.
  const phase = newWorld(new Stats());
  console.log(
    `soak: ${seconds} s of traffic from ${CLIENTS} keep-alive clients; the writer changes a seed every ${WRITE_INTERVAL_MS} ms`,
  );
  const writesBefore = writer.operations;
  const times = await runPhase(phase, writer, seconds * 1_000, 2, server);
  const elapsedSeconds = times.seconds;
  if (capReached) console.log(`soak: stopped at the cap of ${MAX_REQUESTS} requests`);
  if (failures.total >= MAX_FAILURES) {
    console.log(`soak: stopped early after ${failures.total} failures`);
  }
  const endRss = await settledRss(server);

  const { stats } = phase;
  console.log(
    `soak: writer: ${writer.operations - writesBefore} writes in the main phase; in all ${writer.counts.added} added, ${writer.counts.edited} edited, ${writer.counts.deleted} deleted; ${writer.valid.size} valid seeds at the end`,
  );
  console.log(
    `soak: requests served: ${stats.count} in ${elapsedSeconds.toFixed(1)} s, ${(stats.count / elapsedSeconds).toFixed(0)} req/s`,
  );
  console.log(`soak: status: ${counts(stats.byStatus)}`);
  console.log(
    `soak: CPU meanwhile, in cores: server ${times.serverCores.toFixed(2)}, soak ${times.soakCores.toFixed(2)}, other processes ${times.otherCores.toFixed(2)} (${cpus().length} cores)`,
  );
  console.log(`soak: latency: ${latencySummary(stats.sortedLatencies())}`);
  for (const kind of [...stats.kindNames].sort()) {
    const sorted = stats.sortedLatencies(kind);
    console.log(
      `soak:   ${kind.padEnd(19)} ${String(sorted.length).padStart(7)} requests, ${latencySummary(sorted)}`,
    );
  }
  console.log(
    `soak: feed bodies parsed strictly (1 in ${CHECK_EVERY}, warm-up included): RSS ${warmup.checked.rss + phase.checked.rss}, Atom ${warmup.checked.atom + phase.checked.atom}, JSON Feed ${warmup.checked.json + phase.checked.json}`,
  );
  const growth = (endRss - baselineRss) / baselineRss;
  console.log(
    `soak: server RSS: ${mib(baselineRss)} at the start, ${mib(endRss)} at the end (${growth >= 0 ? "+" : ""}${(growth * 100).toFixed(1)} %, limit +${MAX_MEMORY_GROWTH * 100} %)`,
  );
  if (growth > MAX_MEMORY_GROWTH) {
    failures.add("memory growth", `${mib(baselineRss)} → ${mib(endRss)}`);
  }

  checkReloads(writer, server, failures);
  await checkFinalFeeds(server, writer, failures);
  if (server.exitCode() !== null) failures.add("server exited", `exit code ${server.exitCode()}`);

  const problems = server.lines.filter((line) => / failed: /u.test(line));
  for (const line of problems.slice(0, 5)) console.log(`soak: server logged: ${line}`);
  const lines = failures.lines();
  for (const line of lines) console.log(line);
  console.log(lines.length === 0 ? "soak: PASS" : "soak: FAIL");
  return lines.length === 0 ? 0 : 1;
}

// "2025-12-04T10:00:00.000Z updated 2023/04/000123_foo.txt": one line per seed a reload changed.
const RELOAD_LINE = /^(\S+) (?:added|updated|removed) (\S+)$/u;

/**
 * Every write was reloaded within RELOAD_LIMIT_MS: the server logged its seed's path by then,
 * unless a later write to the same seed came first (one reload may then cover both).
 */
function checkReloads(writer: SeedWriter, server: RunningServer, failures: Failures): void {
  const reloadedAt = new Map<string, number[]>();
  for (const line of server.lines) {
    const match = RELOAD_LINE.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const times = reloadedAt.get(match[2]) ?? [];
    times.push(Date.parse(match[1]));
    reloadedAt.set(match[2], times);
  }
  const byPath = new Map<string, WriteNote[]>();
  for (const note of writer.journal) {
    const notes = byPath.get(note.path) ?? [];
    notes.push(note);
    byPath.set(note.path, notes);
  }
  let superseded = 0;
  let late = 0;
  for (const [path, notes] of byPath) {
    const times = reloadedAt.get(path) ?? [];
    notes.forEach((note, at) => {
      const deadline = note.atMs + RELOAD_LIMIT_MS;
      const next = notes[at + 1];
      if (next !== undefined && next.atMs <= deadline) {
        superseded++;
        return;
      }
      // The server's clock is ours; its millisecond stamps may round below the write's.
      if (times.some((time) => time >= note.atMs - 5 && time <= deadline)) return;
      late++;
      const later = times.find((time) => time > deadline);
      failures.add(
        `write not reloaded within ${RELOAD_LIMIT_MS / 1000} s`,
        `${path} ${note.what} at ${new Date(note.atMs).toISOString()}, ${later === undefined ? "not reloaded by the end of the run" : `its next reload came ${((later - note.atMs) / 1000).toFixed(1)} s later`}`,
      );
    });
  }
  const total = writer.journal.length;
  console.log(
    `soak: reloads: ${total - superseded - late} of ${total} writes were published within ${RELOAD_LIMIT_MS / 1000} s, ${superseded} were replaced by a later write to the same seed first, ${late} were not`,
  );
}

/** How the final feeds differ from the writer's record: ids with what is wrong with each. */
interface FeedDifferences {
  readonly missing: readonly string[];
  /** Present, but with an older title or date than the writer last wrote. */
  readonly older: ReadonlyArray<readonly [string, string]>;
  /** Deleted by the writer, or a garbage file, and still published. */
  readonly resurrected: readonly string[];
  /** Entries no seed the writer knows of made. */
  readonly unknown: readonly string[];
}

const tagOf = (id: string) => `tag:localhost,2025:articles/${id}`;

function compareFeeds(
  entries: ReadonlyMap<string, { published: string; title: string }>,
  writer: SeedWriter,
): FeedDifferences {
  const missing: string[] = [];
  const older: Array<[string, string]> = [];
  for (const [id, record] of writer.valid) {
    const entry = entries.get(tagOf(id));
    if (entry === undefined) missing.push(id);
    else if (
      !entry.published.startsWith(record.date) ||
      (record.titleMark !== undefined && !entry.title.startsWith(record.titleMark))
    ) {
      older.push([
        id,
        `"${entry.title.slice(0, 40)}…" of ${entry.published.slice(0, 10)}, last written "${record.titleMark ?? "(unedited)"}" of ${record.date}`,
      ]);
    }
  }
  const gone = [...writer.deleted, ...GARBAGE_FILES.map(([name]) => idOf(name))];
  const resurrected = gone.filter((id) => entries.has(tagOf(id)));
  const known = new Set([...writer.valid.keys(), ...gone].map(tagOf));
  const unknown = [...entries.keys()].filter((tag) => !known.has(tag));
  return { missing, older, resurrected, unknown };
}

const countOf = (differences: FeedDifferences) =>
  differences.missing.length +
  differences.older.length +
  differences.resurrected.length +
  differences.unknown.length;

/**
 * Every valid seed in the feed chain in its latest version; no deleted or garbage one. When
 * something is wrong, quotes the writer's and the server's account of it, and looks again after
 * the server's 30 s safety rescan to tell a late change from a lost one.
 */
async function checkFinalFeeds(
  server: RunningServer,
  writer: SeedWriter,
  failures: Failures,
): Promise<void> {
  let chain: Awaited<ReturnType<typeof readFeedChain>>;
  try {
    chain = await readFeedChain(server.baseUrl);
  } catch (error) {
    failures.add("unreadable final feeds", messageOf(error));
    return;
  }
  const differences = compareFeeds(chain.entries, writer);
  const { missing, older, resurrected, unknown } = differences;
  for (const id of missing) failures.add("valid seed missing from the final feeds", id);
  for (const [id, what] of older)
    failures.add("seed published in an older version", `${id}: ${what}`);
  for (const id of resurrected) failures.add("deleted or invalid seed still published", id);
  for (const tag of unknown) failures.add("unknown entry in the final feeds", tag);
  const valid = writer.valid.size;
  console.log(
    `soak: final feeds: /atom.xml and ${chain.pages - 1} archive pages hold ${chain.entries.size} ids; ${valid - missing.length - older.length} of ${valid} valid seeds present in their latest version, ${missing.length} missing, ${older.length} older; ${resurrected.length} of ${writer.deleted.size} deleted and ${GARBAGE_FILES.length} garbage seeds published`,
  );
  if (countOf(differences) === 0) return;

  const wrong = [...missing, ...older.map(([id]) => id), ...resurrected];
  for (const id of wrong.slice(0, 3)) {
    console.log(`soak: evidence for ${id}:`);
    const notes = writer.journal.filter((note) => note.id === id);
    if (notes.length === 0) console.log("soak:   (never touched by the writer)");
    for (const note of notes) {
      console.log(`soak:   writer ${new Date(note.atMs).toISOString()} ${note.what}`);
    }
    for (const line of server.lines.filter(
      (line) => line.includes(id) && !line.includes(" GET "),
    )) {
      console.log(`soak:   server ${line}`);
    }
  }
  console.log(`soak: looking again in ${LATE_CHECK_MS / 1000} s, after the server's safety rescan`);
  await sleep(LATE_CHECK_MS);
  try {
    const late = compareFeeds((await readFeedChain(server.baseUrl)).entries, writer);
    console.log(
      `soak: ${LATE_CHECK_MS / 1000} s later: ${countOf(late)} of ${countOf(differences)} still wrong (${late.missing.length} missing, ${late.older.length} older, ${late.resurrected.length} deleted but published, ${late.unknown.length} unknown)`,
    );
  } catch (error) {
    console.log(`soak: ${LATE_CHECK_MS / 1000} s later: ${messageOf(error)}`);
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
        ? `soak: ${error.message}\nusage: npm run soak -- [--seconds N] [--quick]`
        : `soak: FAIL: ${messageOf(error)}`,
    );
    process.exit(1);
  },
);
