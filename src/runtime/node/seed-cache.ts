import { createHash } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { articleIdFromPath } from "../../articles/article-id.ts";
import { type ArticleSettings, articleMetaOf } from "../../articles/normalize.ts";
import type { ArticleMeta } from "../../articles/schema.ts";
import { describeError } from "../describe-error.ts";
import {
  type CachedSeed,
  decodeJournal,
  encodeRemoval,
  encodeSeed,
  FORMAT_VERSION,
  JOURNAL_FORMAT,
  journalLine,
  newId,
  openSnapshot,
  SNAPSHOT_FORMAT,
  type Snapshot,
  type StatKey,
  snapshotHeaderLine,
  snapshotTrailerLine,
  type TextRef,
  textHash,
} from "./seed-cache-format.ts";
import { yieldToEventLoop } from "./seed-files.ts";
import { packIdOf, TextPacks } from "./text-pack.ts";

/**
 * The Node server's cache of one seeds folder, in its own folder outside the seeds: what each
 * seed parsed to (so a restart reads only the seeds that changed), and the bytes of every
 * published seed version (so a seed edited into an invalid one keeps its last good text at any
 * archive size, also across restarts). See seed-cache-format.ts for the files.
 *
 * Never required: when the folder cannot be created, read or written, the server says so in one
 * line and works as without a cache (every seed read at start; a broken seed's text kept only in
 * memory). One process writes a folder's cache at a time (a `lock` file with its PID); a second
 * one on the same seeds only reads it.
 */

// More changes than this in one reload are saved as a new snapshot rather than journal lines.
const JOURNAL_BATCH_LIMIT = 256;
// A journal longer than this (or than an eighth of the seeds) is folded into a new snapshot.
const JOURNAL_LINE_LIMIT = 1_024;
// Seed lines encoded between two yields to the event loop while a snapshot is written.
const SNAPSHOT_SLICE = 1_000;
// The packs are rewritten with only the texts still referenced when they hold more than twice
// those, plus this much.
const COMPACTION_SLACK_BYTES = 64 * 1024 * 1024;

const INDEX_FILE = "index";
const LOCK_FILE = "lock";
const journalFileName = (snapshotId: string) => `journal-${snapshotId}`;

/** Where a published seed version came from: its file's stat key, and its bytes in the packs. */
export interface SeedSource {
  readonly stat: StatKey;
  readonly text: TextRef | undefined;
}

/** What the cache remembered of a seed when the server started. */
export interface RememberedSeed {
  readonly source: SeedSource;
  /** Its metadata: only when cached by the same parser with the same settings. */
  readonly meta: ArticleMeta | undefined;
}

export interface SeedCacheOptions {
  /** This seeds folder's cache folder (seedsCacheFolder). */
  readonly folder: string;
  readonly settings: ArticleSettings;
  /** parserFingerprint(settings), or undefined when it could not be taken (then no metadata is reused). */
  readonly fingerprint: string | undefined;
  /** Says what went wrong with the cache, in one line; the server carries on without it. */
  readonly warn: (message: string) => void;
  /** Says what the cache did (a snapshot saved). */
  readonly log?: (message: string) => void;
  /** COMPACTION_SLACK_BYTES; tests make it small. */
  readonly compactionSlackBytes?: number;
}

interface Journal {
  readonly snapshotId: string;
  readonly descriptor: number;
}

/** A seeds folder's cache; see the module comment. */
export class SeedCache {
  readonly #options: SeedCacheOptions;
  readonly #packs: TextPacks;
  /** What the start found: each seed's line in the snapshot, or its journal entry. */
  #remembered = new Map<string, number | CachedSeed>();
  #snapshot: Snapshot | undefined;
  /** Whether the remembered metadata was cached by this parser with these settings. */
  #isCurrent = false;
  #isWritable = false;
  #hasLock = false;
  #snapshotId: string | undefined;
  #snapshotSeeds = 0;
  #journals: Journal[] = [];
  #journalLines = 0;
  /** Packs referenced by journal lines since the snapshot being written began. */
  #journaledPacks = new Set<string>();
  /** Where a compaction moved each text, by its old place. */
  readonly #moved = new Map<string, TextRef>();
  #job: Promise<void> | undefined;
  #isSnapshotWanted = false;
  #state: (() => Array<[string, CachedSeed]>) | undefined;

  private constructor(options: SeedCacheOptions) {
    this.#options = options;
    this.#packs = new TextPacks(options.folder);
  }

  /** Opens (or creates) a seeds folder's cache; never throws (see the module comment). */
  static open(options: SeedCacheOptions): SeedCache {
    const cache = new SeedCache(options);
    cache.#open();
    return cache;
  }

  /** Whether texts and changes are being saved. */
  get isWritable(): boolean {
    return this.#isWritable;
  }

  /**
   * Whether `recall(path)` may give metadata to restore the seed without reading it: the cache
   * remembers it, under this parser and these settings (whether the file is unchanged, only its
   * stat key says). Asks nothing of the entry and forgets nothing.
   */
  mayRestore(path: string): boolean {
    return this.#isCurrent && this.#remembered.has(path);
  }

  /**
   * What the cache remembered of `path` at start, once: metadata only if it was cached by this
   * parser with these settings, so a caller must still compare the stat key with the file's.
   */
  recall(path: string): RememberedSeed | undefined {
    const remembered = this.#remembered.get(path);
    if (remembered === undefined) return undefined;
    this.#remembered.delete(path);
    let seed: CachedSeed;
    try {
      seed =
        typeof remembered === "number"
          ? (this.#snapshot as Snapshot).seedAt(path, remembered)
          : remembered;
    } catch (error) {
      this.#options.warn(`cache: ignoring a damaged entry (${describeError(error)})`);
      return undefined;
    }
    let meta: ArticleMeta | undefined;
    if (this.#isCurrent) {
      try {
        meta = articleMetaOf(seed.fields, this.#options.settings, articleIdFromPath(path), path);
      } catch {
        meta = undefined; // a name no seed can have: read the file instead
      }
    }
    return { source: { stat: seed.stat, text: seed.text }, meta };
  }

  /** Forgets what no seed recalled (those seeds are gone), and says which paths they were. */
  forgetRemembered(): string[] {
    const paths = [...this.#remembered.keys()];
    this.#remembered = new Map();
    // The snapshot's bytes were kept only to decode its lines.
    this.#snapshot = undefined;
    return paths;
  }

  /**
   * Keeps the bytes of a seed version just read valid; `known` is the seed's kept text so far,
   * reused when the bytes are the same. Undefined when the cache is not writable.
   */
  storeText(bytes: Uint8Array, known?: TextRef): TextRef | undefined {
    if (!this.#isWritable) return undefined;
    try {
      const hash = textHash(bytes);
      if (known?.length === bytes.length && known.hash === hash) {
        return this.#moved.get(refKey(known)) ?? known;
      }
      return this.#packs.append(bytes, hash);
    } catch (error) {
      this.#fail("cannot write a text", error);
      return undefined;
    }
  }

  /** The bytes a reference names, if they are still there and unaltered. */
  readText(ref: TextRef): Uint8Array | undefined {
    return this.#packs.read(this.#moved.get(refKey(ref)) ?? ref);
  }

  /**
   * Saves what a scan changed: each path's published version, or undefined for a seed that is
   * gone. `state` lists every published version, for when a new snapshot is due.
   */
  save(
    changes: ReadonlyArray<readonly [string, CachedSeed | undefined]>,
    state: () => Array<[string, CachedSeed]>,
  ): void {
    this.#state = state;
    if (!this.#isWritable) return;
    const isFirst = this.#snapshotId === undefined && this.#job === undefined;
    const isBatch = changes.length > JOURNAL_BATCH_LIMIT;
    const isLong = this.#journalLines > Math.max(JOURNAL_LINE_LIMIT, this.#snapshotSeeds / 8);
    // A snapshot started now includes these changes; one already running is followed by another.
    if (isFirst || isBatch || isLong) this.#wantSnapshot();
    if (changes.length === 0 || isBatch || this.#journals.length === 0) return;
    try {
      // A journal line may only name texts that are on disk.
      this.#packs.flush();
      let lines = "";
      for (const [path, seed] of changes) {
        if (seed === undefined) {
          lines += journalLine(encodeRemoval(path));
          continue;
        }
        const translated = this.#translated(seed);
        if (translated.text !== undefined) this.#journaledPacks.add(translated.text.pack);
        lines += journalLine(encodeSeed(path, translated));
      }
      // Every journal: the old snapshot's stays complete until the new snapshot replaces it.
      for (const journal of this.#journals) writeAll(journal.descriptor, Buffer.from(lines));
      this.#journalLines += changes.length;
    } catch (error) {
      this.#fail("cannot write the journal", error);
    }
  }

  /** Resolves when no snapshot is being written (for tests and a clean shutdown). */
  async settled(): Promise<void> {
    while (this.#job !== undefined) await this.#job;
  }

  /** Writes out pending texts and lets go of the folder (the lock too). */
  close(): void {
    try {
      this.#packs.close();
      for (const journal of this.#journals) closeSync(journal.descriptor);
    } catch {
      // closing is best effort
    }
    this.#journals = [];
    this.#isWritable = false;
    this.#releaseLock();
  }

  #open(): void {
    const { folder, warn } = this.#options;
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      warn(`cache: cannot create ${folder} (${describeError(error)}); starting without a cache`);
      return;
    }
    this.#takeLock();
    this.#load();
    if (this.#isWritable) this.#removeLeftovers();
  }

  #takeLock(): void {
    const { folder, warn } = this.#options;
    const lock = join(folder, LOCK_FILE);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const descriptor = openSync(lock, "wx");
        writeSync(descriptor, `${process.pid}\n`);
        closeSync(descriptor);
        this.#hasLock = true;
        this.#isWritable = true;
        HELD_LOCKS.add(lock);
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "EEXIST") {
          warn(
            `cache: cannot write in ${folder} (${describeError(error)}); using it read-only, so starts stay slow`,
          );
          return;
        }
        const holder = Number.parseInt(readQuietly(lock) ?? "", 10);
        // Our own PID in a lock this process does not hold is a dead process's: in a container
        // the server is often PID 1 on every start.
        const isHeld = HELD_LOCKS.has(lock) || (holder !== process.pid && isAlive(holder));
        if (Number.isInteger(holder) && isHeld) {
          warn(`cache: process ${holder} is writing ${folder}; this one only reads it`);
          return;
        }
        // The process that held it has ended without removing it.
        try {
          unlinkSync(lock);
        } catch {
          // another process removed it first
        }
      }
    }
    warn(`cache: cannot lock ${folder}; using it read-only`);
  }

  #releaseLock(): void {
    if (!this.#hasLock) return;
    this.#hasLock = false;
    const lock = join(this.#options.folder, LOCK_FILE);
    HELD_LOCKS.delete(lock);
    unlinkQuietly(lock);
  }

  #load(): void {
    const { folder, fingerprint, warn } = this.#options;
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(folder, INDEX_FILE));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT")
        warn(`cache: cannot read its index (${describeError(error)}); rebuilding it`);
      return;
    }
    let snapshot: Snapshot;
    try {
      snapshot = openSnapshot(bytes);
    } catch (error) {
      warn(`cache: ignoring ${join(folder, INDEX_FILE)} (${describeError(error)}); rebuilding it`);
      return;
    }
    const remembered = new Map<string, number | CachedSeed>(snapshot.lineStarts);
    const journal = readQuietly(join(folder, journalFileName(snapshot.header.id)));
    if (journal !== undefined) {
      try {
        const { entries, isTorn } = decodeJournal(journal, snapshot.header.id);
        for (const [path, seed] of entries) {
          if (seed === undefined) remembered.delete(path);
          else remembered.set(path, seed);
        }
        this.#journalLines = entries.length;
        if (isTorn) {
          warn(
            "cache: its journal ends in a damaged line (a crash?); the lines before it are used",
          );
        }
      } catch (error) {
        warn(`cache: ignoring its journal (${describeError(error)}); changed seeds are read again`);
      }
    }
    this.#snapshot = snapshot;
    this.#remembered = remembered;
    // Metadata only counts under the same parser and settings; the texts always do.
    this.#isCurrent = fingerprint !== undefined && snapshot.header.fingerprint === fingerprint;
    if (this.#isWritable && journal !== undefined && this.#isCurrent) {
      try {
        // Carry on with this snapshot's journal.
        const descriptor = openSync(join(folder, journalFileName(snapshot.header.id)), "a");
        this.#journals = [{ snapshotId: snapshot.header.id, descriptor }];
        this.#snapshotId = snapshot.header.id;
        this.#snapshotSeeds = remembered.size;
      } catch (error) {
        this.#fail("cannot open the journal", error);
      }
    }
  }

  /**
   * Deletes what a crash or an older snapshot left: temporary files and old journals. Packs are
   * deleted when a snapshot no longer refers to them (writeSnapshot).
   */
  #removeLeftovers(): void {
    const keep = new Set<string>([INDEX_FILE, LOCK_FILE]);
    if (this.#snapshotId !== undefined) keep.add(journalFileName(this.#snapshotId));
    try {
      for (const name of readdirSync(this.#options.folder)) {
        if (!keep.has(name) && packIdOf(name) === undefined) {
          unlinkSync(join(this.#options.folder, name));
        }
      }
    } catch (error) {
      this.#fail("cannot tidy its folder", error);
    }
  }

  #wantSnapshot(): void {
    this.#isSnapshotWanted = true;
    if (this.#job !== undefined) return;
    this.#job = (async () => {
      try {
        while (this.#isSnapshotWanted && this.#isWritable && this.#state !== undefined) {
          this.#isSnapshotWanted = false;
          await this.#writeSnapshot(this.#state);
        }
      } catch (error) {
        this.#fail("cannot write a snapshot", error);
      } finally {
        this.#job = undefined;
      }
    })();
  }

  /**
   * Writes every published version into a new snapshot in slices, between which requests are
   * served; changes saved meanwhile go to both the old and the new snapshot's journal, so a
   * crash at any point leaves one consistent pair.
   */
  async #writeSnapshot(stateOf: () => Array<[string, CachedSeed]>): Promise<void> {
    const { folder, fingerprint } = this.#options;
    const started = performance.now();
    const id = newId();
    const journalPath = join(folder, journalFileName(id));
    const journalDescriptor = openSync(journalPath, "wx");
    writeAll(
      journalDescriptor,
      Buffer.from(
        `${JSON.stringify({ format: JOURNAL_FORMAT, version: FORMAT_VERSION, snapshot: id })}\n`,
      ),
    );
    this.#journals.push({ snapshotId: id, descriptor: journalDescriptor });
    this.#journaledPacks = new Set();
    const state = stateOf();
    await this.#compactIfWasteful(state);
    this.#packs.flush();

    const temp = join(folder, `${INDEX_FILE}.${id}.tmp`);
    const descriptor = openSync(temp, "w");
    const hash = createHash("sha256");
    const referenced = new Set<string>();
    try {
      const write = (text: string) => {
        const bytes = Buffer.from(text);
        hash.update(bytes);
        writeAll(descriptor, bytes);
      };
      write(
        snapshotHeaderLine({
          format: SNAPSHOT_FORMAT,
          version: FORMAT_VERSION,
          id,
          // Without a fingerprint the metadata must never be reused: no real one is all zeros.
          fingerprint: fingerprint ?? "0".repeat(64),
        }),
      );
      for (let start = 0; start < state.length; start += SNAPSHOT_SLICE) {
        let lines = "";
        for (const [path, seed] of state.slice(start, start + SNAPSHOT_SLICE)) {
          const translated = this.#translated(seed);
          if (translated.text !== undefined) referenced.add(translated.text.pack);
          lines += `${encodeSeed(path, translated)}\n`;
        }
        write(lines);
        await yieldToEventLoop();
      }
      writeAll(descriptor, Buffer.from(snapshotTrailerLine(state.length, hash.digest("hex"))));
    } finally {
      closeSync(descriptor);
    }
    // Atomic: a reader sees the old snapshot or the new one, never half of one.
    renameSync(temp, join(folder, INDEX_FILE));
    for (const journal of this.#journals.filter((candidate) => candidate.snapshotId !== id)) {
      closeSync(journal.descriptor);
      unlinkQuietly(join(folder, journalFileName(journal.snapshotId)));
    }
    this.#journals = this.#journals.filter((journal) => journal.snapshotId === id);
    this.#snapshotId = id;
    this.#snapshotSeeds = state.length;
    this.#journalLines = 0;
    // A pack no saved line refers to any more is deleted.
    for (const name of readdirSync(folder)) {
      const pack = packIdOf(name);
      if (pack === undefined || pack === this.#packs.currentId) continue;
      if (referenced.has(pack) || this.#journaledPacks.has(pack)) continue;
      this.#packs.release(pack);
      unlinkQuietly(join(folder, name));
    }
    const ms = Math.round(performance.now() - started);
    this.#options.log?.(`cache: saved ${state.length} seeds in ${ms} ms (${folder})`);
  }

  /**
   * Copies the texts still referenced into a new pack when the packs hold mostly texts nobody
   * references any more (edited or deleted seeds), so the folder does not grow forever.
   */
  async #compactIfWasteful(state: ReadonlyArray<readonly [string, CachedSeed]>): Promise<void> {
    let live = 0;
    for (const [, seed] of state) live += seed.text?.length ?? 0;
    let stored = 0;
    for (const name of readdirSync(this.#options.folder)) {
      if (packIdOf(name) !== undefined) stored += statSync(join(this.#options.folder, name)).size;
    }
    if (stored <= 2 * live + (this.#options.compactionSlackBytes ?? COMPACTION_SLACK_BYTES)) return;
    this.#packs.startPack();
    let copied = 0;
    for (const [, seed] of state) {
      if (seed.text === undefined) continue;
      const bytes = this.readText(seed.text);
      if (bytes === undefined) continue;
      this.#moved.set(refKey(seed.text), this.#packs.append(bytes));
      if (++copied % SNAPSHOT_SLICE === 0) await yieldToEventLoop();
    }
  }

  #translated(seed: CachedSeed): CachedSeed {
    if (seed.text === undefined) return seed;
    const moved = this.#moved.get(refKey(seed.text));
    return moved === undefined ? seed : { ...seed, text: moved };
  }

  #fail(what: string, error: unknown): void {
    if (!this.#isWritable) return;
    this.#isWritable = false;
    this.#options.warn(
      `cache: ${what} (${describeError(error)}); carrying on without saving to it`,
    );
  }
}

// Locks this process holds, removed when it exits however it exits (one listener for all).
const HELD_LOCKS = new Set<string>();
process.once("exit", () => {
  for (const lock of HELD_LOCKS) unlinkQuietly(lock);
});

function refKey(ref: TextRef): string {
  return `${ref.pack}:${ref.offset}`;
}

function writeAll(descriptor: number, bytes: Buffer): void {
  let written = 0;
  while (written < bytes.length) {
    written += writeSync(descriptor, bytes, written, bytes.length - written);
  }
}

function readQuietly(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/** Whether a process with this PID exists (EPERM: it does, but is not ours to signal). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
