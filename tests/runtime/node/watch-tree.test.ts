import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "vitest";
import { type TreeWatcher, watchTree } from "../../../src/runtime/node/watch-tree.ts";

let folder: string;
let watcher: TreeWatcher | undefined;
let seen: Array<string | undefined>;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "watch-tree-"));
  seen = [];
});

afterEach(async () => {
  watcher?.close();
  await rm(folder, { recursive: true, force: true });
});

async function until(path: string, timeoutMs = 3_000): Promise<void> {
  const start = Date.now();
  while (!seen.includes(path)) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`no event for ${path}; saw ${seen.join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function replace(path: string, text: string) {
  await writeFile(join(folder, `${path}.tmp`), text);
  await rename(join(folder, `${path}.tmp`), join(folder, path));
}

describe("watchTree", () => {
  it("reports every replace-by-rename of the same file, and its deletion", async () => {
    await writeFile(join(folder, "a.txt"), "0");
    watcher = watchTree(folder, (path) => seen.push(path));
    for (const round of [1, 2, 3]) {
      seen = [];
      await replace("a.txt", String(round));
      await until("a.txt");
    }
    seen = [];
    await writeFile(join(folder, "a.txt"), "in place");
    await until("a.txt");
    seen = [];
    await rm(join(folder, "a.txt"));
    await until("a.txt");
  });

  it("reports changes in subfolders, including ones created after it started", async () => {
    await mkdir(join(folder, "2025"));
    watcher = watchTree(folder, (path) => seen.push(path));
    await replace("2025/a.txt", "x");
    await until("2025/a.txt");
    await mkdir(join(folder, "2026"));
    await until("2026");
    await new Promise((resolve) => setTimeout(resolve, 50));
    await replace("2026/b.txt", "y");
    await until("2026/b.txt");
  });
});
