import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { syncFolder } from "../../../src/runtime/node/sync-folder.ts";

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "sync-folder-"));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function write(path: string, text: string): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, text);
}

describe("syncFolder", () => {
  it("copies new and changed files, removes gone ones, and leaves equal files untouched", async () => {
    const from = join(work, "from");
    const to = join(work, "to");
    await write(join(from, "same.txt"), "same");
    await write(join(from, "a/changed.txt"), "new text");
    await write(join(from, "a/b/new.txt"), "new");
    await write(join(to, "same.txt"), "same");
    await write(join(to, "a/changed.txt"), "old text");
    await write(join(to, "gone.txt"), "gone");
    const untouched = (await stat(join(to, "same.txt"))).mtimeMs;
    await new Promise((done) => setTimeout(done, 20));

    expect(await syncFolder(from, to)).toEqual({ copied: 2, removed: 1 });

    expect(await readFile(join(to, "a/changed.txt"), "utf8")).toBe("new text");
    expect(await readFile(join(to, "a/b/new.txt"), "utf8")).toBe("new");
    expect((await readdir(to)).sort()).toEqual(["a", "same.txt"]);
    expect((await stat(join(to, "same.txt"))).mtimeMs).toBe(untouched);
  });

  it("creates the target folder when it does not exist", async () => {
    await write(join(work, "from/x.txt"), "x");
    expect(await syncFolder(join(work, "from"), join(work, "to"))).toEqual({
      copied: 1,
      removed: 0,
    });
  });

  it("copies a file of the same size whose bytes differ", async () => {
    await write(join(work, "from/x.txt"), "abc");
    await write(join(work, "to/x.txt"), "abd");
    expect(await syncFolder(join(work, "from"), join(work, "to"))).toEqual({
      copied: 1,
      removed: 0,
    });
    expect(await readFile(join(work, "to/x.txt"), "utf8")).toBe("abc");
  });
});
