import { DateTime } from "luxon";

/** RFC 822 (as RSS 2.0 uses it) with a numeric offset: `Thu, 04 Dec 2025 00:00:00 +0100`. */
export function formatRfc822(rfc3339: string): string {
  return DateTime.fromISO(rfc3339, { setZone: true, locale: "en-US" }).toFormat(
    "ccc, dd LLL yyyy HH:mm:ss ZZZ",
  );
}
