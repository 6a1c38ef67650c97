import {
  closeSync,
  type Dirent,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { isSeedPath } from "../../articles/article-id.ts";
import { SeedError, sortByFile } from "../../articles/errors.ts";
import { describeError } from "../describe-error.ts";
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
  /**
   * The symbolic links that are not followed, one problem each (sorted by path): a link that
   * leaves the seeds folder, leads nowhere, or makes a cycle. A targeted listing reports only the
   * paths it was given.
   */
  readonly linkProblems: readonly SeedError[];
}

/** A folder still to list, with the real paths of the folders that lead to it (to see cycles). */
interface PendingFolder {
  readonly path: string;
  readonly real: string;
  readonly ancestors: readonly string[];
}

/**
 * Lists every `*.txt` below the folder with its stats, sorted by path, and every folder's
 * modification time. Synchronous calls, in slices that yield to the event loop: the promise API
 * costs several times more per call, and a large archive makes hundreds of thousands of them.
 *
 * Symbolic links are followed while they stay inside the folder: a linked seed is published
 * under the link's path, a linked folder's seeds under the link's folder. A link that leaves the
 * folder is reported and not published (the seeds folder is what an operator reviewed; a link
 * must not publish /etc or another site's drafts); so is a dangling link, and a link back to a
 * folder that contains it, once per cycle. Nothing is skipped without a word.
 * @throws the file system's error when the root folder cannot be listed.
 */
export async function listSeeds(root: string): Promise<Listing> {
  const files: Array<{ path: string; stats: StatKey }> = [];
  const folderTimes = new Map<string, number>();
  const linkProblems: SeedError[] = [];
  // One report per cycle, by its folders; the link with the first path reports it.
  const cycles = new Map<string, SeedError>();
  const rootReal = realpathSync(root);
  const pending: PendingFolder[] = [{ path: "", real: rootReal, ancestors: [] }];
  let calls = 0;
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    const absolute = folder.path === "" ? root : join(root, folder.path);
    let entries: Dirent[];
    try {
      folderTimes.set(folder.path, statSync(absolute).mtimeMs);
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch (error) {
      // The root must be readable; a subfolder removed while listing is simply gone.
      if (folder.path === "" || !isMissing(error)) throw error;
      continue;
    }
    const ancestors = [...folder.ancestors, folder.real];
    for (const entry of entries) {
      const path = folder.path === "" ? entry.name : `${folder.path}/${entry.name}`;
      if (entry.isDirectory()) {
        pending.push({ path, real: join(folder.real, entry.name), ancestors });
        continue;
      }
      let stats: Stats;
      if (entry.isSymbolicLink()) {
        const link = followLink(root, rootReal, path);
        if (link.kind === "problem") {
          if (link.problem !== undefined) linkProblems.push(link.problem);
          continue;
        }
        if (link.stats.isDirectory()) {
          const cycleStart = ancestors.indexOf(link.real);
          if (cycleStart === -1) {
            pending.push({ path, real: link.real, ancestors });
          } else {
            const key = ancestors.slice(cycleStart).sort().join("\n");
            const earlier = cycles.get(key);
            if (earlier === undefined || path < earlier.file) {
              cycles.set(key, cycleProblem(path, relative(rootReal, link.real)));
            }
          }
          continue;
        }
        if (!link.stats.isFile() || !isSeedPath(path)) continue;
        stats = link.stats;
      } else {
        if (!entry.isFile() || !isSeedPath(path)) continue;
        try {
          stats = statSync(join(root, path));
        } catch (error) {
          if (!isMissing(error)) throw error;
          continue;
        }
      }
      files.push({ path, stats: statKeyOf(stats) });
      if (++calls % YIELD_EVERY === 0) await yieldToEventLoop();
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, folderTimes, linkProblems: sortByFile([...linkProblems, ...cycles.values()]) };
}

/** Where a symbolic link leads: followed (its target's real path and stats), or a problem. */
type FollowedLink =
  | { readonly kind: "followed"; readonly real: string; readonly stats: Stats }
  | { readonly kind: "problem"; readonly problem: SeedError | undefined };

/**
 * Follows the link at `path` (relative to the root) to its final target. Undefined as the
 * problem means "ignore it quietly": a link to a file that is not a seed, like any such file.
 */
function followLink(root: string, rootReal: string, path: string): FollowedLink {
  let real: string;
  let stats: Stats;
  try {
    real = realpathSync(join(root, path));
    stats = statSync(real);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    // A dangling link may have been a seed or a folder of seeds: unless its name says it was some
    // other kind of file, say that it leads nowhere.
    const couldBeSeeds = isSeedPath(path) || extname(path) === "";
    if (code === "ELOOP")
      return { kind: "problem", problem: linkProblem(path, "is a loop of symbolic links") };
    if (isMissing(error)) {
      return {
        kind: "problem",
        problem: couldBeSeeds
          ? linkProblem(path, "leads to nothing (its target does not exist)")
          : undefined,
      };
    }
    return {
      kind: "problem",
      problem: linkProblem(path, `cannot be followed (${describeError(error)})`, error),
    };
  }
  const isInside = real === rootReal || real.startsWith(`${rootReal}${sep}`);
  if (isInside) return { kind: "followed", real, stats };
  if (stats.isDirectory()) {
    return {
      kind: "problem",
      problem: linkProblem(
        path,
        `leads to the folder ${real}, outside the seeds folder: its seeds are not published`,
      ),
    };
  }
  if (!stats.isFile() || !isSeedPath(path)) return { kind: "problem", problem: undefined };
  return {
    kind: "problem",
    problem: linkProblem(
      path,
      `leads to ${real}, outside the seeds folder: not published (copy the file into the folder instead)`,
    ),
  };
}

function linkProblem(path: string, detail: string, cause?: unknown): SeedError {
  return new SeedError(
    path,
    undefined,
    `symbolic link ${detail}`,
    cause === undefined ? undefined : { cause },
  );
}

function cycleProblem(path: string, target: string): SeedError {
  return linkProblem(
    path,
    `leads back to ${target === "" ? "the seeds folder" : `the folder ${target}`}, which contains it: a cycle, not followed`,
  );
}

/**
 * Stats only the named seeds and their folders (a missing one is left out: it was deleted). A
 * seed whose real path is outside the folder (a link, or a linked folder on its way) is reported
 * and left out, as a full listing would.
 */
export function statSeeds(root: string, paths: ReadonlySet<string>): Listing {
  const rootReal = realpathSync(root); // the folder itself must still be there
  const files: Array<{ path: string; stats: StatKey }> = [];
  const folderTimes = new Map<string, number>();
  const linkProblems: SeedError[] = [];
  for (const path of paths) {
    const folder = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    try {
      if (!folderTimes.has(folder)) folderTimes.set(folder, statSync(join(root, folder)).mtimeMs);
      const real = realpathSync(join(root, path));
      if (real !== join(rootReal, path)) {
        const link = followLink(root, rootReal, path);
        if (link.kind === "problem") {
          if (link.problem !== undefined) linkProblems.push(link.problem);
          continue;
        }
      }
      const stats = statSync(real);
      if (stats.isFile()) files.push({ path, stats: statKeyOf(stats) });
    } catch (error) {
      if (!isMissing(error)) throw error;
      // Gone, or a link that now leads nowhere: only the second is worth a word.
      const link = isSymbolicLink(join(root, path)) ? followLink(root, rootReal, path) : undefined;
      if (link?.kind === "problem" && link.problem !== undefined) linkProblems.push(link.problem);
    }
  }
  return { files, folderTimes, linkProblems: sortByFile(linkProblems) };
}

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
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
 * `listed` is the file's stat from a listing just made: the first read takes it as its "before"
 * and spares an fstat (one system call of five per seed in a first start); a file that changed
 * since then does not agree with its stat after the read and is read again, measured afresh.
 * @throws {FileTooLargeError} when the file is larger than `maxBytes`; at most `maxBytes + 1`
 *   bytes of it are read.
 */
export function readStable(
  file: string,
  maxBytes: number,
  listed?: Pick<StatKey, "size" | "mtimeMs">,
): { bytes: Uint8Array; stats: Stats } {
  for (let attempt = 1; ; attempt++) {
    const descriptor = openSync(file, "r");
    try {
      const before =
        attempt === 1 && listed !== undefined && listed.size <= maxBytes
          ? listed
          : measure(descriptor, maxBytes);
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

/** The open file's stat, @throws {FileTooLargeError} when it is larger than `maxBytes`. */
function measure(descriptor: number, maxBytes: number): Stats {
  const stats = fstatSync(descriptor);
  if (stats.size > maxBytes) throw new FileTooLargeError(stats);
  return stats;
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
    // All the bytes the file had when measured: whether it grew since, the caller's fstat after
    // the read says, so no read is spent on finding the end (one syscall of six per seed).
    if (length === expectedSize) return buffer.subarray(0, length);
  }
}

/** Whether a file system error says the path is not there (any more). */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
