import { type FSWatcher, readdirSync, statSync, watch } from "node:fs";
import { join } from "node:path";

/** A set of per-folder watchers covering a whole tree. */
export interface TreeWatcher {
  close(): void;
}

/**
 * Watches a folder and every subfolder, reporting changed paths relative to the root (or
 * undefined when a watcher failed and the caller should rescan).
 *
 * Not `fs.watch(root, { recursive: true })`: on Linux, Node 20 emulates it by watching each
 * file, and a file replaced by a rename (how writers are told to publish) is never watched
 * again, so later edits and the deletion of that seed went unnoticed. A folder's own watcher
 * reports every create, rename, write and delete inside it, whatever happens to the files.
 * @throws the file system's error when the root cannot be watched.
 */
export function watchTree(root: string, onChange: (path: string | undefined) => void): TreeWatcher {
  const watchers = new Map<string, FSWatcher>();

  const forget = (folder: string) => {
    for (const [path, watcher] of watchers) {
      if (path === folder || path.startsWith(`${folder}/`)) {
        watcher.close();
        watchers.delete(path);
      }
    }
  };

  const add = (folder: string) => {
    if (watchers.has(folder)) return;
    const absolute = folder === "" ? root : join(root, folder);
    let watcher: FSWatcher;
    try {
      watcher = watch(absolute, (_event, name) => {
        if (name === null) {
          onChange(undefined);
          return;
        }
        const path = folder === "" ? name : `${folder}/${name}`;
        if (isFolder(join(root, path))) add(path);
        else if (watchers.has(path)) forget(path);
        onChange(path);
      });
    } catch (error) {
      if (folder === "") throw error;
      return; // a subfolder that vanished while we looked
    }
    watcher.on("error", () => {
      forget(folder);
      onChange(undefined);
    });
    watchers.set(folder, watcher);
    try {
      for (const entry of readdirSync(absolute, { withFileTypes: true })) {
        if (entry.isDirectory()) add(folder === "" ? entry.name : `${folder}/${entry.name}`);
      }
    } catch {
      // Gone again: its watcher reports the change.
    }
  };

  add("");
  return {
    close: () => forget(""),
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
