import { mkdtemp, rm, writeFile } from "node:fs/promises";
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

  it("reads exactly the limit", async () => {
    const file = join(folder, "limit.txt");
    await writeFile(file, "x".repeat(100));
    expect(readStable(file, 100).bytes).toHaveLength(100);
  });
});
