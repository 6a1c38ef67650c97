import { Settings } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { formatRfc822 } from "../../src/feeds/dates.ts";

// RSS 2.0 "Elements of <item>": dates conform to RFC 822, here with a numeric zone (§5.1).
describe("formatRfc822", () => {
  const defaultLocale = Settings.defaultLocale;
  afterEach(() => {
    Settings.defaultLocale = defaultLocale;
  });

  it.each([
    ["2025-12-04T00:00:00+01:00", "Thu, 04 Dec 2025 00:00:00 +0100"],
    ["2025-07-01T00:00:00+02:00", "Tue, 01 Jul 2025 00:00:00 +0200"],
    // Europe/Berlin's DST change days keep the offset that midnight had.
    ["2025-03-30T00:00:00+01:00", "Sun, 30 Mar 2025 00:00:00 +0100"],
    ["2025-10-26T00:00:00+02:00", "Sun, 26 Oct 2025 00:00:00 +0200"],
    ["1970-01-01T00:00:00Z", "Thu, 01 Jan 1970 00:00:00 +0000"],
    ["2024-02-29T23:59:59-05:30", "Thu, 29 Feb 2024 23:59:59 -0530"],
    ["2025-12-04T05:45:00+05:45", "Thu, 04 Dec 2025 05:45:00 +0545"],
  ])("formats %s as %s", (rfc3339, rfc822) => {
    expect(formatRfc822(rfc3339)).toBe(rfc822);
  });

  it("keeps the wall-clock time and offset instead of converting to UTC", () => {
    expect(formatRfc822("2025-12-04T23:30:00-08:00")).toBe("Thu, 04 Dec 2025 23:30:00 -0800");
  });

  it.each([
    ["01", "Jan"],
    ["02", "Feb"],
    ["03", "Mar"],
    ["04", "Apr"],
    ["05", "May"],
    ["06", "Jun"],
    ["07", "Jul"],
    ["08", "Aug"],
    ["09", "Sep"],
    ["10", "Oct"],
    ["11", "Nov"],
    ["12", "Dec"],
  ])("names month %s %s, the RFC 822 abbreviation", (month, name) => {
    expect(formatRfc822(`2025-${month}-15T12:00:00Z`)).toMatch(
      new RegExp(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), 15 ${name} 2025 12:00:00 \\+0000$`),
    );
  });

  it("writes English names whatever luxon's default locale is", () => {
    Settings.defaultLocale = "de-DE";
    expect(formatRfc822("2025-05-01T00:00:00+02:00")).toBe("Thu, 01 May 2025 00:00:00 +0200");
  });

  it("names the same instant as the RFC 3339 input", () => {
    const rfc3339 = "2025-12-04T00:00:00+01:00";
    expect(Date.parse(formatRfc822(rfc3339))).toBe(Date.parse(rfc3339));
  });
});
