import { describe, expect, it } from "vitest";
import {
  compareFeeds,
  countOf,
  type FeedEntry,
  tagOf,
  type WriterRecord,
} from "../../../bench/soak/compare-feeds.ts";

type Valid = WriterRecord["valid"] extends ReadonlyMap<string, infer V> ? V : never;

function makeWriter(valid: Record<string, Partial<Valid>>, deleted: string[] = []): WriterRecord {
  return {
    valid: new Map(
      Object.entries(valid).map(([id, record]) => [
        id,
        { date: "2026-01-01", titleMark: undefined, ...record },
      ]),
    ),
    deleted,
  };
}

function makeEntries(entries: Record<string, Partial<FeedEntry>>): Map<string, FeedEntry> {
  return new Map(
    Object.entries(entries).map(([id, entry]) => [
      tagOf(id),
      { published: "2026-01-01T00:00:00Z", title: "Titel", ...entry },
    ]),
  );
}

describe("compareFeeds", () => {
  it("finds nothing wrong when the feeds hold exactly the valid seeds", () => {
    const differences = compareFeeds(
      makeEntries({ a: {}, b: {} }),
      makeWriter({ a: {}, b: {} }),
      [],
    );
    expect(differences).toEqual({ missing: [], older: [], resurrected: [], unknown: [] });
    expect(countOf(differences)).toBe(0);
  });

  it("names a valid seed the feeds lack", () => {
    expect(compareFeeds(makeEntries({}), makeWriter({ a: {} }), []).missing).toEqual(["a"]);
  });

  it.each([
    ["an older date", { published: "2025-12-31T00:00:00Z" }, {}],
    ["an older title", { title: "Korrektur 3: x" }, { titleMark: "Korrektur 4:" }],
  ])("calls an entry with %s older", (_name, entry, record) => {
    const { older } = compareFeeds(makeEntries({ a: entry }), makeWriter({ a: record }), []);
    expect(older.map(([id]) => id)).toEqual(["a"]);
  });

  it("accepts the latest edit by the start of its title", () => {
    const differences = compareFeeds(
      makeEntries({ a: { title: "Korrektur 4: Neuer Titel" } }),
      makeWriter({ a: { titleMark: "Korrektur 4:" } }),
      [],
    );
    expect(countOf(differences)).toBe(0);
  });

  it("names deleted and garbage seeds that are still published", () => {
    const differences = compareFeeds(
      makeEntries({ gone: {}, "zz-garbage-empty": {} }),
      makeWriter({}, ["gone"]),
      ["zz-garbage-empty"],
    );
    expect(differences.resurrected).toEqual(["gone", "zz-garbage-empty"]);
    expect(differences.unknown).toEqual([]);
  });

  it("names an entry no seed made by its tag", () => {
    const { unknown } = compareFeeds(makeEntries({ stranger: {} }), makeWriter({}), []);
    expect(unknown).toEqual([tagOf("stranger")]);
  });
});

describe("tagOf", () => {
  it("builds the article's Atom id under the default ID_AUTHORITY", () => {
    expect(tagOf("2025/12/000001_a")).toBe("tag:localhost,2025:articles/2025/12/000001_a");
  });
});
