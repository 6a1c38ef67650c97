import { describe, expect, it } from "vitest";
import { SoakError } from "../../../bench/soak/errors.ts";
import { idOf, newsDate, withHeader } from "../../../bench/soak/seed-edit.ts";
import { parseSeed } from "../../../src/articles/parse-seed.ts";
import { generateCorpusSeed } from "../../../src/corpus/generate.ts";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("withHeader", () => {
  it("gives a seed a new title and date that the parser reads back", () => {
    const seed = generateCorpusSeed(7, 3);
    const parsed = parseSeed({
      path: seed.path,
      bytes: withHeader(seed, "Korrektur 1: Neu", "2026-02-03"),
    });
    expect({ title: parsed.title, date: parsed.date, teaser: parsed.teaser }).toEqual({
      title: "Korrektur 1: Neu",
      date: "2026-02-03",
      teaser: seed.teaser,
    });
  });

  it("keeps everything after the header byte for byte", () => {
    const seed = generateCorpusSeed(7, 4);
    const header = `${seed.title} date ${seed.date}`;
    const rest = (text: string, head: string) => text.slice(text.indexOf(head) + head.length);
    expect(rest(decode(withHeader(seed, "X", "2026-01-01")), "X date 2026-01-01")).toBe(
      rest(decode(seed.bytes), header),
    );
  });

  it("refuses a seed that does not start with its own header", () => {
    const seed = { ...generateCorpusSeed(7, 5), title: "Something else" };
    expect(() => withHeader(seed, "X", "2026-01-01")).toThrow(SoakError);
  });
});

describe("newsDate", () => {
  it.each([
    [0, "2026-01-01"],
    [31, "2026-02-01"],
    [365, "2027-01-01"],
  ])("is %d days after 2026-01-01: %s", (days, date) => {
    expect(newsDate(days)).toBe(date);
  });
});

describe("idOf", () => {
  it.each([
    ["000001_a.txt", "000001_a"],
    ["2025/12/000002_b.txt", "2025/12/000002_b"],
  ])("of %s is %s", (path, id) => {
    expect(idOf(path)).toBe(id);
  });
});
