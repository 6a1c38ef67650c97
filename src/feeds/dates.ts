import { DateTime } from "luxon";
import { BoundedMemo } from "../lru-cache.ts";

// Every RSS item formats its date, and articles share their day (seeds give a date, not a
// time): an export of 100k articles formats the same few thousand dates for every archive page
// and credit feed, and luxon's parsing was most of that. Bounded like date-label.ts's memo.
const remembered = new BoundedMemo<string, string>(10_000);

/** RFC 822 (as RSS 2.0 uses it) with a numeric offset: `Thu, 04 Dec 2025 00:00:00 +0100`. */
export function formatRfc822(rfc3339: string): string {
  return (
    remembered.get(rfc3339) ??
    remembered.remember(
      rfc3339,
      DateTime.fromISO(rfc3339, { setZone: true, locale: "en-US" }).toFormat(
        "ccc, dd LLL yyyy HH:mm:ss ZZZ",
      ),
    )
  );
}
