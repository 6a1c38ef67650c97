import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readSeed } from "../../../src/runtime/node/seed-reading.ts";
import { makeConfig } from "../../support/builders.ts";

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "seed-reading-"));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const VALID = "Titel date 2025-03-04 Teaser.\n\nText.\n\nQuelle: dpa\n";

describe("readSeed", () => {
  it("parses a valid seed, with its bytes and stat key, and its full text when asked", async () => {
    await writeFile(join(folder, "a.txt"), VALID);
    const withText = readSeed(folder, "a.txt", makeConfig(), true);
    expect(withText.kind).toBe("parsed");
    if (withText.kind !== "parsed") return;
    expect(withText.meta.id).toBe("a");
    expect(withText.contentHtml).toContain("<p>Text.</p>");
    expect(Buffer.from(withText.bytes).toString()).toBe(VALID);
    expect(withText.stats.size).toBe(Buffer.byteLength(VALID));
    const without = readSeed(folder, "a.txt", makeConfig(), false);
    expect(without.kind === "parsed" && without.contentHtml).toBeUndefined();
  });

  it("gives the same metadata without the full text, captions and credits included", async () => {
    const text =
      "Titel date 2025-03-04 Teaser.\r\n\r\nEin Bild\r\nvom Hafen. Quelle: Foto AG\r\n\r\nQuelle: dpa";
    await writeFile(join(folder, "c.txt"), text);
    const withText = readSeed(folder, "c.txt", makeConfig(), true);
    const without = readSeed(folder, "c.txt", makeConfig(), false);
    expect(without.kind === "parsed" && without.meta).toEqual(
      withText.kind === "parsed" && withText.meta,
    );
    expect(without).toMatchObject({
      meta: {
        photoCredits: [{ credit: "Foto AG", caption: "Ein Bild vom Hafen." }],
        textCredits: ["dpa"],
      },
    });
  });

  it("says where an invalid seed is wrong", async () => {
    await writeFile(join(folder, "b.txt"), "Titel date 2025-02-30 Teaser.\n\nText.\n");
    const reading = readSeed(folder, "b.txt", makeConfig(), false);
    expect(reading).toMatchObject({ kind: "invalid", problem: { file: "b.txt", line: 1 } });
    expect(reading.kind === "invalid" && reading.problem.detail).toMatch(/2025-02-30/u);
  });

  it("tells a vanished file from a file grown past MAX_SEED_BYTES", async () => {
    expect(readSeed(folder, "gone.txt", makeConfig(), false)).toEqual({ kind: "missing" });
    await writeFile(join(folder, "big.txt"), "x".repeat(2000));
    const reading = readSeed(folder, "big.txt", makeConfig({ MAX_SEED_BYTES: "1024" }), false);
    expect(reading).toMatchObject({ kind: "too-large", stats: { size: 2000 } });
  });
});
