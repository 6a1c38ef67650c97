import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { dateLabel } from "../../src/site/date-label.ts";

const LONG: Intl.DateTimeFormatOptions = { day: "numeric", month: "long", year: "numeric" };
const SHORT: Intl.DateTimeFormatOptions = { day: "2-digit", month: "2-digit", year: "numeric" };

describe("dateLabel", () => {
  it.each([
    ["2022-03-04T00:30:00+01:00", "Europe/Berlin", "de", "4. März 2022"],
    ["2022-03-04T00:30:00+01:00", "America/New_York", "en", "March 3, 2022"],
    ["2022-03-04T23:30:00+00:00", "Asia/Kolkata", "en", "March 5, 2022"],
  ])("formats %s in %s (%s) as luxon does", (published, zone, locale, expected) => {
    expect(dateLabel(published, zone, locale, LONG)).toBe(expected);
    expect(expected).toBe(
      DateTime.fromISO(published, { zone }).setLocale(locale).toLocaleString(LONG),
    );
  });

  it("remembers dates apart by zone, locale and format", () => {
    const published = "2022-03-04T23:30:00+00:00";
    expect(dateLabel(published, "Europe/London", "en", LONG)).toBe("March 4, 2022");
    expect(dateLabel(published, "Europe/Berlin", "en", LONG)).toBe("March 5, 2022");
    expect(dateLabel(published, "Europe/Berlin", "de", LONG)).toBe("5. März 2022");
    expect(dateLabel(published, "Europe/Berlin", "de", SHORT)).toBe("05.03.2022");
    expect(dateLabel(published, "Europe/Berlin", "de", LONG)).toBe("5. März 2022");
  });

  it("keeps answering correctly after forgetting what it remembered", () => {
    for (let day = 0; day < 10_050; day++) {
      const published = DateTime.fromISO("2000-01-01T12:00:00Z").plus({ days: day }).toISO() ?? "";
      dateLabel(published, "UTC", "en", LONG);
    }
    expect(dateLabel("2022-03-04T12:00:00+00:00", "UTC", "en", LONG)).toBe("March 4, 2022");
  });
});
