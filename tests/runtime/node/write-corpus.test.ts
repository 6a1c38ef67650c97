import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeCorpus } from "../../../src/runtime/node/write-corpus.ts";

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
    .sort();
}

describe("writeCorpus", () => {
  it("writes the same files with the same bytes for the same seed", async () => {
    const first = await mkdtemp(join(tmpdir(), "corpus-a-"));
    const second = await mkdtemp(join(tmpdir(), "corpus-b-"));
    try {
      await writeCorpus({ count: 40, out: first, seed: 5 });
      await writeCorpus({ count: 40, out: second, seed: 5, concurrency: 3 });
      const files = await listFiles(first);
      expect(files).toHaveLength(40);
      expect(await listFiles(second)).toEqual(files);
      for (const file of files) {
        expect(await readFile(join(second, file))).toEqual(await readFile(join(first, file)));
      }
    } finally {
      await rm(first, { recursive: true, force: true });
      await rm(second, { recursive: true, force: true });
    }
  });
});
