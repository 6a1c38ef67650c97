import { DateTime } from "luxon";

// Every RSS item formats its date, and articles share their day (seeds give a date, not a
// time): an export of 100k articles formats the same few thousand dates for every archive page
// and credit feed, and luxon's parsing was most of that. Bounded like date-label.ts's memo.
const MAX_REMEMBERED = 10_000;
const remembered = new Map<string, string>();

/** RFC 822 (as RSS 2.0 uses it) with a numeric offset: `Thu, 04 Dec 2025 00:00:00 +0100`. */
export function formatRfc822(rfc3339: string): string {
  let formatted = remembered.get(rfc3339);
  if (formatted === undefined) {
    formatted = DateTime.fromISO(rfc3339, { setZone: true, locale: "en-US" }).toFormat(
      "ccc, dd LLL yyyy HH:mm:ss ZZZ",
    );
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(rfc3339, formatted);
  }
  return formatted;
}
