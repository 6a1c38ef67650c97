import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type CachedSeed,
  decodeJournal,
  decodeSeed,
  encodeRemoval,
  encodeSeed,
  FORMAT_VERSION,
  isSameStat,
  JOURNAL_FORMAT,
  journalLine,
  openSnapshot,
  SNAPSHOT_FORMAT,
  snapshotHeaderLine,
  snapshotTrailerLine,
  textHash,
} from "../../../src/runtime/node/seed-cache-format.ts";

const ID = "0123456789abcdef";
const FINGERPRINT = "f".repeat(64);

function cachedSeed(overrides: Partial<CachedSeed> = {}): CachedSeed {
  return {
    stat: { size: 120, mtimeMs: 1_764_000_000_000.125, ctimeMs: 1_764_000_000_001.5, ino: 4711 },
    fields: {
      title: "Ein Titel „zitiert“",
      isTitleDerived: false,
      summary: "Eine Zusammenfassung.",
      published: "2025-12-04T00:00:00+01:00",
      textCredits: ["dpa"],
      photoCredits: [{ credit: "picture alliance", caption: "Ein Bild." }],
      creditMarkers: ["Quelle"],
    },
    text: { pack: ID, offset: 0, length: 120, hash: textHash(new Uint8Array([1, 2, 3])) },
    ...overrides,
  };
}

/** A snapshot file as the cache writes it. */
function snapshot(lines: readonly string[]): Buffer {
  const head = snapshotHeaderLine({
    format: SNAPSHOT_FORMAT,
    version: FORMAT_VERSION,
    id: ID,
    fingerprint: FINGERPRINT,
  });
  const body = Buffer.from(head + lines.map((line) => `${line}\n`).join(""));
  const sha = createHash("sha256").update(body).digest("hex");
  return Buffer.concat([body, Buffer.from(snapshotTrailerLine(lines.length, sha))]);
}

function journal(lines: readonly string[], snapshotId = ID): string {
  const header = JSON.stringify({
    format: JOURNAL_FORMAT,
    version: FORMAT_VERSION,
    snapshot: snapshotId,
  });
  return `${header}\n${lines.join("")}`;
}

describe("encodeSeed and decodeSeed", () => {
  it("give back the same seed, file times to the last digit", () => {
    const seed = cachedSeed();
    expect(decodeSeed(JSON.parse(encodeSeed("2025/a.txt", seed)))).toEqual(["2025/a.txt", seed]);
  });

  it("keep a seed whose bytes are not kept (a read-only cache)", () => {
    const seed = cachedSeed({ text: undefined });
    expect(decodeSeed(JSON.parse(encodeSeed("a.txt", seed)))).toEqual(["a.txt", seed]);
  });

  it("read a removal as the path alone", () => {
    expect(decodeSeed(JSON.parse(encodeRemoval("a.txt")))).toEqual(["a.txt", undefined]);
  });

  it.each([
    ["not an array", { path: "a.txt" }],
    ["a path that is no seed", ["a.md"]],
    ["too few fields", ["a.txt", 1, 2, 3]],
    ["a size that is no count", ["a.txt", -1, 1, 1, 1, "T", "", "d", [], [], 0]],
    ["an empty title", ["a.txt", 1, 1, 1, 1, "", "", "d", [], [], 0]],
    ["a credit that is no string", ["a.txt", 1, 1, 1, 1, "T", "", "d", [1], [], 0]],
    ["a photo credit of one part", ["a.txt", 1, 1, 1, 1, "T", "", "d", [], [["x"]], 0]],
    ["a text in no pack", ["a.txt", 1, 1, 1, 1, "T", "", "d", [], [], ["..", 0, 1, "h"]]],
  ])("refuses %s", (_, value) => {
    expect(() => decodeSeed(value)).toThrow();
  });
});

describe("openSnapshot", () => {
  const lines = [encodeSeed("a.txt", cachedSeed()), encodeSeed("2025/b.txt", cachedSeed())];

  it("indexes a snapshot by path and reads each seed the way it was written", () => {
    const { header, lineStarts, seedAt } = openSnapshot(snapshot(lines));
    expect(header).toMatchObject({ id: ID, fingerprint: FINGERPRINT });
    expect([...lineStarts.keys()]).toEqual(["a.txt", "2025/b.txt"]);
    expect(seedAt("2025/b.txt", lineStarts.get("2025/b.txt") ?? -1)).toEqual(cachedSeed());
  });

  it("refuses to read a line as another seed's", () => {
    const { lineStarts, seedAt } = openSnapshot(snapshot(lines));
    expect(() => seedAt("2025/b.txt", lineStarts.get("a.txt") ?? -1)).toThrow("not the line");
  });

  it("refuses a snapshot cut short", () => {
    const whole = snapshot(lines);
    expect(() => openSnapshot(whole.subarray(0, whole.length - 30))).toThrow();
  });

  it("refuses a snapshot with one byte changed", () => {
    const altered = snapshot(lines);
    const at = altered.indexOf("Zusammenfassung");
    altered[at] = "z".charCodeAt(0);
    expect(() => openSnapshot(altered)).toThrow("checksum mismatch");
  });

  it.each([
    ["an empty file", Buffer.alloc(0)],
    ["some other file", Buffer.from("hello\nworld\n")],
    [
      "a snapshot of another version",
      Buffer.from(snapshot(lines).toString().replace(`"version":${FORMAT_VERSION}`, '"version":9')),
    ],
    ["a line that does not start with a seed path", snapshot(['{"a.txt":1}'])],
  ])("refuses %s", (_, bytes) => {
    expect(() => openSnapshot(bytes)).toThrow();
  });
});

describe("decodeJournal", () => {
  it("replays its lines in order, a removal included", () => {
    const seed = cachedSeed();
    const text = journal([
      journalLine(encodeSeed("a.txt", seed)),
      journalLine(encodeRemoval("b.txt")),
    ]);
    expect(decodeJournal(text, ID)).toEqual({
      entries: [
        ["a.txt", seed],
        ["b.txt", undefined],
      ],
      isTorn: false,
    });
  });

  it("stops at half a line, which a crash leaves, and says so", () => {
    const whole = journalLine(encodeSeed("b.txt", cachedSeed()));
    const text = journal([journalLine(encodeRemoval("a.txt")), whole.slice(0, 40)]);
    expect(decodeJournal(text, ID)).toEqual({ entries: [["a.txt", undefined]], isTorn: true });
  });

  it("stops at a line whose checksum fails", () => {
    const line = journalLine(encodeRemoval("a.txt")).replace("a.txt", "b.txt");
    expect(decodeJournal(journal([line]), ID)).toEqual({ entries: [], isTorn: true });
  });

  it("refuses the journal of another snapshot", () => {
    expect(() => decodeJournal(journal([], "fedcba9876543210"), ID)).toThrow("another snapshot");
  });
});

describe("isSameStat", () => {
  const stat = cachedSeed().stat;

  it.each([
    ["size", { ...stat, size: 121 }],
    ["modification time", { ...stat, mtimeMs: stat.mtimeMs + 0.001 }],
    [
      "change time (a file renamed into place, a restored backup)",
      { ...stat, ctimeMs: stat.ctimeMs + 1 },
    ],
    ["inode (another file under the same name)", { ...stat, ino: 4712 }],
  ])("tells a seed apart by its %s", (_, other) => {
    expect(isSameStat(stat, other)).toBe(false);
  });

  it("takes the same stat key for the same file", () => {
    expect(isSameStat(stat, { ...stat })).toBe(true);
  });
});
