import { describe, expect, it } from "vitest";
import { deriveTitle, firstSentence, truncateAtWord } from "../../src/articles/derive-title.ts";
import { codePointLength } from "../../src/articles/text.ts";
import { DERIVED_TITLE_MAX_LENGTH } from "../../src/config.ts";

const EXAMPLE_TEASER =
  "Der US-Sondergesandte Witkoff will sich laut Berichten bereits am Donnerstag erneut mit ukrainischen Vertretern treffen. Ein Gespräch mit Putin endete am Dienstag ohne Durchbruch.";

/** Words of five letters and a space each, `count` code points long in all. */
function words(count: number): string {
  return "abcde ".repeat(Math.ceil(count / 6)).slice(0, count);
}

describe("firstSentence", () => {
  it.each([
    ["Am 4. Dezember kam er. Dann ging er.", "Am 4. Dezember kam er."],
    ["Der 3. Oktober ist ein Feiertag. Dann nicht.", "Der 3. Oktober ist ein Feiertag."],
    ["Am 4. Jan. 2025 kam er. Dann ging er.", "Am 4. Jan. 2025 kam er."],
    ["Zum 2. Mal gewann er. Dann nicht.", "Zum 2. Mal gewann er."],
    ["Dr. Müller sagte es. Dann ging er.", "Dr. Müller sagte es."],
    ["Prof. Dr. Anna Schmidt sprach. Dann ging sie.", "Prof. Dr. Anna Schmidt sprach."],
    ["Es gibt z. B. Äpfel. Und Birnen.", "Es gibt z. B. Äpfel."],
    ["Es gibt z.B. Äpfel. Und Birnen.", "Es gibt z.B. Äpfel."],
    ["Es kamen ca. 20 Menschen. Dann gingen sie.", "Es kamen ca. 20 Menschen."],
    ["Es kamen ca. zwanzig Menschen. Dann gingen sie.", "Es kamen ca. zwanzig Menschen."],
    ["Donald J. Trump sprach. Dann ging er.", "Donald J. Trump sprach."],
    ["Die U.S. Army kam. Dann nicht.", "Die U.S. Army kam."],
    ["Es kostet 5 Mio. Euro. Das ist viel.", "Es kostet 5 Mio. Euro."],
    ["Die Müller & Co. KG wächst. Dann nicht.", "Die Müller & Co. KG wächst."],
    ["Er blieb seit 2019. Nun geht er.", "Er blieb seit 2019."],
    ["Es kamen 20.000 Menschen. Dann gingen sie.", "Es kamen 20.000 Menschen."],
    ["Was nun? Die Regierung schweigt.", "Was nun?"],
    ["Halt! Die Polizei kam.", "Halt!"],
    ["Wirklich?! Das glaubt keiner.", "Wirklich?!"],
    ["Was nun? fragte er. Dann ging er.", "Was nun? fragte er."],
    ["Er sagte: „Nein.“ Dann ging er.", "Er sagte: „Nein.“"],
    ["Er zögerte… Dann ging er.", "Er zögerte…"],
    ["Er kam um 10 Uhr. 20 Leute warteten.", "Er kam um 10 Uhr."],
    ["Ein Satz ohne Ende", "Ein Satz ohne Ende"],
    ["  Nur ein Satz.  ", "Nur ein Satz."],
  ])("reads the first sentence of %j", (text, sentence) => {
    expect(firstSentence(text)).toBe(sentence);
  });

  it.each([
    ["Er zögerte... Dann ging er.", "Er zögerte..."],
    ["Was?!?! Niemand weiß es.", "Was?!?!"],
    ["Ende.....x Und weiter.", "Ende.....x Und weiter."],
  ])("reads a run of marks as one sentence end in %j", (text, sentence) => {
    expect(firstSentence(text)).toBe(sentence);
  });

  // Found by the property tests: the pattern once rescanned the run from every mark in it, so a
  // teaser of 50 000 dots took five seconds; now each run is scanned once.
  it("reads a teaser that is one run of 200 000 marks as one sentence", () => {
    const marks = ".!?…".repeat(50_000);
    expect(firstSentence(`${marks}x`)).toBe(`${marks}x`);
  });
});

describe("truncateAtWord", () => {
  it("leaves a text of exactly the limit unchanged", () => {
    const text = words(120);
    expect(truncateAtWord(text, 120)).toBe(text);
  });

  it("cuts a text one code point over the limit, with a final ellipsis", () => {
    const text = `${"a".repeat(100)} ${"b".repeat(20)}`;
    expect(codePointLength(text)).toBe(121);
    expect(truncateAtWord(text, 120)).toBe(`${"a".repeat(100)}…`);
  });

  it("keeps the last word whole when it ends right at the limit", () => {
    const text = `${"a".repeat(100)} ${"b".repeat(18)} ${"c".repeat(10)}`;
    expect(truncateAtWord(text, 120)).toBe(`${"a".repeat(100)} ${"b".repeat(18)}…`);
  });

  it("drops punctuation that would dangle before the ellipsis", () => {
    const text = `${"a".repeat(100)}, ${"b".repeat(30)}`;
    expect(truncateAtWord(text, 120)).toBe(`${"a".repeat(100)}…`);
  });

  it("cuts inside a single word longer than the limit", () => {
    expect(truncateAtWord("a".repeat(200), 120)).toBe(`${"a".repeat(119)}…`);
  });

  it("counts an emoji as one code point", () => {
    expect(truncateAtWord("😀".repeat(120), 120)).toBe("😀".repeat(120));
  });

  it("never cuts an astral character in half", () => {
    expect(truncateAtWord("😀".repeat(121), 120)).toBe(`${"😀".repeat(119)}…`);
  });
});

describe("deriveTitle", () => {
  it("takes the example teaser's first sentence", () => {
    expect(deriveTitle(EXAMPLE_TEASER)).toBe(
      "Der US-Sondergesandte Witkoff will sich laut Berichten bereits am Donnerstag erneut mit ukrainischen Vertretern treffen.",
    );
  });

  it("keeps a first sentence of exactly 120 code points whole", () => {
    const sentence = `${words(119)}.`;
    expect(deriveTitle(`${sentence} Zweiter Satz.`)).toBe(sentence);
  });

  it("cuts a first sentence of 121 code points at a word boundary", () => {
    const sentence = `${"a".repeat(100)} ${"b".repeat(19)}.`;
    expect(codePointLength(sentence)).toBe(121);
    expect(deriveTitle(`${sentence} Zweiter Satz.`)).toBe(`${"a".repeat(100)}…`);
  });

  it("fills a cut title up to the last whole word that fits", () => {
    expect(deriveTitle(`${"Wort ".repeat(40)}Ende.`)).toBe(`${"Wort ".repeat(23)}Wort…`);
  });

  it.each([
    ["ASCII words", `${"Wort ".repeat(40)}Ende.`],
    ["one long word", `${"x".repeat(300)}.`],
    ["emoji", `${"😀 ".repeat(100)}Ende.`],
  ])("never makes a title longer than 120 code points from %s", (_name, teaser) => {
    expect(codePointLength(deriveTitle(teaser))).toBeLessThanOrEqual(DERIVED_TITLE_MAX_LENGTH);
  });
});
