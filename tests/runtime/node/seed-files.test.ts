import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileTooLargeError, readStable } from "../../../src/runtime/node/seed-files.ts";

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "seed-files-"));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("readStable", () => {
  it("reads every byte of a file, with the stats of what it read", async () => {
    const file = join(folder, "a.txt");
    const text = "Titel date 2025-01-02 Teaser.\n\nText.\n".repeat(500);
    await writeFile(file, text);
    const { bytes, stats } = readStable(file, 1_000_000);
    expect(Buffer.from(bytes).toString()).toBe(text);
    expect(stats.size).toBe(bytes.length);
  });

  it("reads an empty file as no bytes", async () => {
    const file = join(folder, "empty.txt");
    await writeFile(file, "");
    expect(readStable(file, 100).bytes).toHaveLength(0);
  });

  it("refuses a file larger than the limit, having read at most one byte more", async () => {
    const file = join(folder, "large.txt");
    await writeFile(file, "x".repeat(101));
    expect(() => readStable(file, 100)).toThrow(FileTooLargeError);
  });

  it("takes a listing's stat as the size to read when the file still matches it", async () => {
    const file = join(folder, "listed.txt");
    await writeFile(file, "Titel date 2025-01-02 Teaser.\n");
    const listed = await stat(file);
    const { bytes, stats } = readStable(file, 100, listed);
    expect(Buffer.from(bytes).toString()).toBe("Titel date 2025-01-02 Teaser.\n");
    expect(stats.mtimeMs).toBe(listed.mtimeMs);
  });

  it("reads a file again, measured afresh, when it changed since the listing's stat", async () => {
    const file = join(folder, "changed.txt");
    await writeFile(file, "short\n");
    const listed = await stat(file);
    const grown = "Titel date 2025-01-02 A longer teaser than before.\n";
    await writeFile(file, grown);
    const { bytes, stats } = readStable(file, 1_000, listed);
    expect(Buffer.from(bytes).toString()).toBe(grown);
    expect(stats.size).toBe(grown.length);
  });

  it("reads exactly the limit", async () => {
    const file = join(folder, "limit.txt");
    await writeFile(file, "x".repeat(100));
    expect(readStable(file, 100).bytes).toHaveLength(100);
  });
});
