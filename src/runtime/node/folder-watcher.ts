import { existsSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { isSeedPath } from "../../articles/article-id.ts";
import { type TreeWatcher, watchTree } from "./watch-tree.ts";

// fs.watch can miss events (network file systems, a folder replaced wholesale): a slow
// rescan catches whatever it missed.
const SAFETY_RESCAN_MS = 30_000;
// How often a watcher is checked to still watch our folder (it stays silent once deleted).
const REARM_MS = 1_000;

/**
 * Debounced recursive watching, re-armed when the folder disappears and comes back. Events name
 * paths relative to the folder; seed paths are collected so only they are read again.
 */
export function watchFolder(
  folder: string,
  debounceMs: number,
  isKnownFolder: (path: string) => boolean,
  onChange: (changed: ReadonlySet<string> | "all") => void,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let watcher: TreeWatcher | undefined;
  let changed: Set<string> | "all" = new Set();
  const flush = () => {
    const batch = changed;
    changed = new Set();
    onChange(batch);
  };
  const trigger = (path: string | null | undefined) => {
    if (changed !== "all") {
      const normalised = path?.split(sep).join("/");
      // Only a seed file can be re-read alone; a folder or an unknown path rescans everything.
      if (normalised !== undefined && isSeedPath(normalised)) changed.add(normalised);
      else if (normalised === undefined || !isIgnorable(folder, normalised, isKnownFolder)) {
        changed = "all";
      }
    }
    clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };
  const arm = () => {
    if (watcher !== undefined) return;
    try {
      watcher = watchTree(folder, trigger);
    } catch {
      watcher = undefined; // the folder is gone: re-armed when it is back
    }
  };
  arm();
  const safety = setInterval(() => {
    arm();
    onChange("all");
  }, SAFETY_RESCAN_MS);
  safety.unref();
  // A watcher on a folder that was deleted stays silent: check it is still ours more often.
  const rearm = setInterval(() => {
    if (!existsSync(folder)) {
      watcher?.close();
      watcher = undefined;
      trigger(undefined);
    } else if (watcher === undefined) {
      arm();
      if (watcher !== undefined) trigger(undefined);
    }
  }, REARM_MS);
  rearm.unref();
  return () => {
    clearTimeout(timer);
    clearInterval(safety);
    clearInterval(rearm);
    watcher?.close();
  };
}

/**
 * A changed path that is not a seed changes nothing when it is a plain file (an editor's backup)
 * or a vanished one that was never a folder of ours (a temporary file renamed into place).
 */
function isIgnorable(
  folder: string,
  path: string,
  isKnownFolder: (path: string) => boolean,
): boolean {
  try {
    return statSync(join(folder, path)).isFile();
  } catch {
    return !isKnownFolder(path);
  }
}
