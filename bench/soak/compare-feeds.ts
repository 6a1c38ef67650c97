/** How the feeds the server publishes at the end differ from what the writer left on disk. */

/** What the writer knows at the end: each valid seed's date and title mark, and what it deleted. */
export interface WriterRecord {
  readonly valid: ReadonlyMap<
    string,
    { readonly date: string; readonly titleMark: string | undefined }
  >;
  readonly deleted: Iterable<string>;
}

/** A published entry as a reader sees it. */
export interface FeedEntry {
  readonly published: string;
  readonly title: string;
}

/** How the final feeds differ from the writer's record: ids with what is wrong with each. */
export interface FeedDifferences {
  readonly missing: readonly string[];
  /** Present, but with an older title or date than the writer last wrote. */
  readonly older: ReadonlyArray<readonly [string, string]>;
  /** Deleted by the writer, or a garbage file, and still published. */
  readonly resurrected: readonly string[];
  /** Entries no seed the writer knows of made. */
  readonly unknown: readonly string[];
}

/** The Atom id the server gives the article `id` under the default ID_AUTHORITY. */
export const tagOf = (id: string) => `tag:localhost,2025:articles/${id}`;

/**
 * Compares entries by Atom id with the writer's record: every valid seed present in its latest
 * version, no deleted or garbage seed (`garbageIds`) published, nothing unknown.
 */
export function compareFeeds(
  entries: ReadonlyMap<string, FeedEntry>,
  writer: WriterRecord,
  garbageIds: readonly string[],
): FeedDifferences {
  const missing: string[] = [];
  const older: Array<[string, string]> = [];
  for (const [id, record] of writer.valid) {
    const entry = entries.get(tagOf(id));
    if (entry === undefined) missing.push(id);
    else if (
      !entry.published.startsWith(record.date) ||
      (record.titleMark !== undefined && !entry.title.startsWith(record.titleMark))
    ) {
      older.push([
        id,
        `"${entry.title.slice(0, 40)}…" of ${entry.published.slice(0, 10)}, last written "${record.titleMark ?? "(unedited)"}" of ${record.date}`,
      ]);
    }
  }
  const gone = [...writer.deleted, ...garbageIds];
  const resurrected = gone.filter((id) => entries.has(tagOf(id)));
  const known = new Set([...writer.valid.keys(), ...gone].map(tagOf));
  const unknown = [...entries.keys()].filter((tag) => !known.has(tag));
  return { missing, older, resurrected, unknown };
}

/** How many ids are wrong in all. */
export const countOf = (differences: FeedDifferences) =>
  differences.missing.length +
  differences.older.length +
  differences.resurrected.length +
  differences.unknown.length;
