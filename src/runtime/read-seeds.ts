import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { isSeedPath } from "../articles/article-id.ts";
import type { SeedFile } from "../articles/parse-seed.ts";

/** Reads every `*.txt` file below a folder, recursively, in a stable (sorted) order. */
export async function readSeedsFolder(folder: string): Promise<SeedFile[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .filter(isSeedPath)
    .sort();
  return Promise.all(
    paths.map(async (path) => ({
      path,
      bytes: new Uint8Array(await readFile(join(folder, path))),
    })),
  );
}
