import {
  closeSync,
  type Dirent,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  type Stats,
  statSync,
} from "node:fs";
import { join } from "node:path";
import { isSeedPath } from "../../articles/article-id.ts";
import { type StatKey, statKeyOf } from "./seed-cache-format.ts";

// A file whose size or time changes while it is read is read again, this many times at most.
const STABLE_READ_ATTEMPTS = 5;
// Listing calls between two yields to the event loop.
const YIELD_EVERY = 256;

/**
 * What one listing of a seeds folder found: its seeds, sorted by path, and its folders' times.
 * Of each stat only size and version are kept: 100k whole Stats objects held 90 MiB at start-up.
 */
export interface Listing {
  readonly files: ReadonlyArray<{ readonly path: string; readonly stats: StatKey }>;
  readonly folderTimes: Map<string, number>;
}

/**
 * Lists every `*.txt` below the folder with its stats, sorted by path, and every folder's
 * modification time. Synchronous calls, in slices that yield to the event loop: the promise API
 * costs several times more per call, and a large archive makes hundreds of thousands of them.
 * @throws the file system's error when the root folder cannot be listed.
 */
export async function listSeeds(root: string): Promise<Listing> {
  const files: Array<{ path: string; stats: StatKey }> = [];
  const folderTimes = new Map<string, number>();
  const pending = [""];
  let calls = 0;
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    const absolute = folder === "" ? root : join(root, folder);
    let entries: Dirent[];
    try {
      folderTimes.set(folder, statSync(absolute).mtimeMs);
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch (error) {
      // The root must be readable; a subfolder removed while listing is simply gone.
      if (folder === "" || !isMissing(error)) throw error;
      continue;
    }
    for (const entry of entries) {
      const path = folder === "" ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) pending.push(path);
      if (!entry.isFile() || !isSeedPath(path)) continue;
      try {
        files.push({ path, stats: statKeyOf(statSync(join(root, path))) });
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
      if (++calls % YIELD_EVERY === 0) await yieldToEventLoop();
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, folderTimes };
}

/** Stats only the named seeds and their folders (a missing one is left out: it was deleted). */
export function statSeeds(root: string, paths: ReadonlySet<string>): Listing {
  statSync(root); // the folder itself must still be there
  const files: Array<{ path: string; stats: StatKey }> = [];
  const folderTimes = new Map<string, number>();
  for (const path of paths) {
    const folder = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    try {
      if (!folderTimes.has(folder)) folderTimes.set(folder, statSync(join(root, folder)).mtimeMs);
      const stats = statSync(join(root, path));
      if (stats.isFile()) files.push({ path, stats: statKeyOf(stats) });
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return { files, folderTimes };
}

/** Lets pending requests and timers run between slices of synchronous file system work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A file that turned out larger than MAX_SEED_BYTES when it was opened or read. */
export class FileTooLargeError extends Error {
  override readonly name = "FileTooLargeError";
  readonly stats: Stats;

  constructor(stats: Stats) {
    super(`file is ${stats.size} bytes`);
    this.stats = stats;
  }
}

/**
 * Reads a file until the sizes and times before and after the read agree, so a file still being
 * written is not taken half-way (the watcher's next event reads it again when it is done).
 * @throws {FileTooLargeError} when the file is larger than `maxBytes`; at most `maxBytes + 1`
 *   bytes of it are read.
 */
export function readStable(file: string, maxBytes: number): { bytes: Uint8Array; stats: Stats } {
  for (let attempt = 1; ; attempt++) {
    const descriptor = openSync(file, "r");
    try {
      const before = fstatSync(descriptor);
      if (before.size > maxBytes) throw new FileTooLargeError(before);
      const bytes = readAll(descriptor, before.size, maxBytes);
      const after = fstatSync(descriptor);
      if (after.size > maxBytes) throw new FileTooLargeError(after);
      const isStable =
        after.size === before.size &&
        after.mtimeMs === before.mtimeMs &&
        bytes.length === after.size;
      if (isStable || attempt >= STABLE_READ_ATTEMPTS) return { bytes, stats: after };
    } finally {
      closeSync(descriptor);
    }
  }
}

/**
 * Reads from the start to the end of the file, which may have grown since it was measured, but
 * never more than `maxBytes + 1` bytes (enough to see that it is too large).
 */
function readAll(descriptor: number, expectedSize: number, maxBytes: number): Uint8Array {
  let buffer = new Uint8Array(expectedSize + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const larger = new Uint8Array(Math.min(buffer.length * 2, maxBytes + 1));
      larger.set(buffer);
      buffer = larger;
    }
    const read = readSync(descriptor, buffer, length, buffer.length - length, length);
    if (read === 0) return buffer.subarray(0, length);
    length += read;
    if (length > maxBytes) return buffer.subarray(0, length);
  }
}

/** Whether a file system error says the path is not there (any more). */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
