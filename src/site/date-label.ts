import { DateTime } from "luxon";
import { BoundedMemo } from "../lru-cache.ts";

// Parsing a date and moving it to a zone is most of what a byline costs, and articles share
// their day (seeds give a date, not a time): a large export formats the same few thousand
// dates again and again. Bounded so a long-running server's memo cannot grow without end.
const remembered = new BoundedMemo<string, string>(10_000);
const formatIds = new WeakMap<Readonly<Intl.DateTimeFormatOptions>, number>();
let nextFormatId = 0;

/** `published` (ISO 8601) as a date in `timeZone`, in `locale`'s words: "4. März 2022". */
export function dateLabel(
  published: string,
  timeZone: string,
  locale: string,
  format: Readonly<Intl.DateTimeFormatOptions>,
): string {
  let formatId = formatIds.get(format);
  if (formatId === undefined) {
    // By identity: a catalogue's format object lives as long as the program.
    formatId = nextFormatId++;
    formatIds.set(format, formatId);
  }
  const key = `${formatId}\n${timeZone}\n${locale}\n${published}`;
  return (
    remembered.get(key) ??
    remembered.remember(
      key,
      DateTime.fromISO(published, { zone: timeZone }).setLocale(locale).toLocaleString(format),
    )
  );
}
