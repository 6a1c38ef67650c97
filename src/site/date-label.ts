import { DateTime } from "luxon";

// Parsing a date and moving it to a zone is most of what a byline costs, and articles share
// their day (seeds give a date, not a time): a large export formats the same few thousand
// dates again and again. Bounded so a long-running server's memo cannot grow without end.
const MAX_REMEMBERED = 10_000;
const remembered = new Map<string, string>();
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
  let label = remembered.get(key);
  if (label === undefined) {
    label = DateTime.fromISO(published, { zone: timeZone })
      .setLocale(locale)
      .toLocaleString(format);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(key, label);
  }
  return label;
}
