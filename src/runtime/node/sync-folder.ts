import { copyFile, mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

/**
 * Makes `to` hold exactly the files of `from`, touching only what differs: a file is copied
 * when its bytes differ, removed when `from` no longer has it. A watcher of `to` (wrangler dev's
 * of the assets folder) sees only the documents an edit changed, and never a missing folder.
 */
export async function syncFolder(
  from: string,
  to: string,
): Promise<{ readonly copied: number; readonly removed: number }> {
  const source = await filesBelow(from);
  const target = await filesBelow(to).catch(() => new Set<string>());
  let copied = 0;
  for (const path of source) {
    if (target.has(path) && (await isSameFile(join(from, path), join(to, path)))) continue;
    await mkdir(dirname(join(to, path)), { recursive: true });
    await copyFile(join(from, path), join(to, path));
    copied++;
  }
  let removed = 0;
  for (const path of target) {
    if (source.has(path)) continue;
    await rm(join(to, path), { force: true });
    removed++;
  }
  return { copied, removed };
}

async function filesBelow(folder: string): Promise<Set<string>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return new Set(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(folder, join(entry.parentPath, entry.name))),
  );
}

async function isSameFile(a: string, b: string): Promise<boolean> {
  const [statA, statB] = await Promise.all([stat(a), stat(b)]);
  if (statA.size !== statB.size) return false;
  const [bytesA, bytesB] = await Promise.all([readFile(a), readFile(b)]);
  return bytesA.equals(bytesB);
}
