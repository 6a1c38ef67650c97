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

  // The abbreviation table: where a stop may end an abbreviation, the sentence goes on.
  it.each([
    // German academic and professional titles
    [
      "Am 4. Dezember hat Dr. med. Anna Schmidt operiert. Dann ging sie.",
      "Am 4. Dezember hat Dr. med. Anna Schmidt operiert.",
    ],
    ["Prof. Dr. h. c. Hans Meier sprach. Dann ging er.", "Prof. Dr. h. c. Hans Meier sprach."],
    ["Dipl.-Ing. Petra Lange baute es. Dann nicht.", "Dipl.-Ing. Petra Lange baute es."],
    ["Dr.-Ing. Jan Roth prüfte. Dann nicht.", "Dr.-Ing. Jan Roth prüfte."],
    ["Dr. rer. nat. Eva Klein forscht. Dann nicht.", "Dr. rer. nat. Eva Klein forscht."],
    ["Dr. phil. Ute Berg lehrt. Dann nicht.", "Dr. phil. Ute Berg lehrt."],
    ["Dr. jur. Tim Wolf klagt. Dann nicht.", "Dr. jur. Tim Wolf klagt."],
    ["Dr. med. dent. Lea Vogt bohrt. Dann nicht.", "Dr. med. dent. Lea Vogt bohrt."],
    ["Prof. Dr. habil. Kai Ott liest. Dann nicht.", "Prof. Dr. habil. Kai Ott liest."],
    [
      "Mag. Eva Huber und Ing. Karl Gruber kamen. Dann nicht.",
      "Mag. Eva Huber und Ing. Karl Gruber kamen.",
    ],
    ["Fr. Müller und Hr. Maier kamen. Dann nicht.", "Fr. Müller und Hr. Maier kamen."],
    ["Hans Müller sen. übergab. Dann nicht.", "Hans Müller sen. übergab."],
    // English titles and ranks
    [
      "U.S. President Joe Smith met Gov. Jane Doe. Then he left.",
      "U.S. President Joe Smith met Gov. Jane Doe.",
    ],
    [
      "Sen. Amy Lee and Rep. Tom Ray voted. Then they left.",
      "Sen. Amy Lee and Rep. Tom Ray voted.",
    ],
    ["Mr. and Mrs. Smith arrived. Then they left.", "Mr. and Mrs. Smith arrived."],
    ["Ms. Jones spoke. Then she left.", "Ms. Jones spoke."],
    ["Lt. Gen. Mark Hale resigned. Then he left.", "Lt. Gen. Mark Hale resigned."],
    ["Capt. Ann Ford and Sgt. Bo Kim landed. Then not.", "Capt. Ann Ford and Sgt. Bo Kim landed."],
    ["Rev. Al Green and Pres. Lu Wei met. Then not.", "Rev. Al Green and Pres. Lu Wei met."],
    ["Martin Luther King Jr. spoke. Then he left.", "Martin Luther King Jr. spoke."],
    ["Acme Inc. and Foo Corp. merged. Then not.", "Acme Inc. and Foo Corp. merged."],
    ["Smith & Co. Ltd. grew. Then not.", "Smith & Co. Ltd. grew."],
    ["Smith et al. found it. Then not.", "Smith et al. found it."],
    ["They met in St. Louis. Then they left.", "They met in St. Louis."],
    ["Mt. Everest grew. Then not.", "Mt. Everest grew."],
    ["It rose approx. 5 percent. Then it fell.", "It rose approx. 5 percent."],
    ["It was No. 1 in Fig. 3 today. Then not.", "It was No. 1 in Fig. 3 today."],
    // Months, German and English
    ["On Jan. 5 the court ruled. Then not.", "On Jan. 5 the court ruled."],
    ["By Feb. 28 it was over. Then not.", "By Feb. 28 it was over."],
    ["From Sept. 1 it applies. Then not.", "From Sept. 1 it applies."],
    ["On Dec. 4 he came. Then not.", "On Dec. 4 he came."],
    ["Seit Okt. 2024 gilt es. Dann nicht.", "Seit Okt. 2024 gilt es."],
    ["Am 4. Dez. 2025 kam er. Dann nicht.", "Am 4. Dez. 2025 kam er."],
    // Initials and dotted letters
    ["J. R. R. Tolkien schrieb. Dann nicht.", "J. R. R. Tolkien schrieb."],
    ["Die U.S. Army and the U.K. Navy met. Then not.", "Die U.S. Army and the U.K. Navy met."],
    ["Fruit, e.g. Apples, helps. Then not.", "Fruit, e.g. Apples, helps."],
    ["At 9 a.m. Police arrived. Then not.", "At 9 a.m. Police arrived."],
    // German abbreviations
    ["Es gibt z. B. Äpfel. Und Birnen.", "Es gibt z. B. Äpfel."],
    ["Das heißt d. h. Mehr. Und Birnen.", "Das heißt d. h. Mehr."],
    ["Es kamen u. a. Gäste. Dann nicht.", "Es kamen u. a. Gäste."],
    ["Sie sah Abb. 4 und Nr. 5 an. Dann nicht.", "Sie sah Abb. 4 und Nr. 5 an."],
    ["Es gilt Art. 5 Abs. 2 GG. Dann nicht.", "Es gilt Art. 5 Abs. 2 GG."],
    ["Es kostet zzgl. Steuern 5 Mrd. Euro. Dann nicht.", "Es kostet zzgl. Steuern 5 Mrd. Euro."],
    ["Er wohnt in der Hauptstr. Zehn. Dann nicht.", "Er wohnt in der Hauptstr. Zehn."],
    ["Vgl. Kap. Drei. Dann nicht.", "Vgl. Kap. Drei."],
    // German ordinals in dates and counts
    ["Am 4. Dezember kam er. Dann ging er.", "Am 4. Dezember kam er."],
    ["Im 19. Jahrhundert war es so. Dann nicht.", "Im 19. Jahrhundert war es so."],
    ["Bis 31. März gilt es. Dann nicht.", "Bis 31. März gilt es."],
    ["Am 1. Jänner beginnt es. Dann nicht.", "Am 1. Jänner beginnt es."],
    // Sentence ends that stay sentence ends
    ["He loves art. Then he left.", "He loves art."],
    ["He said no. Then he left.", "He said no."],
    ["They sat. Then they left.", "They sat."],
    ["Er blieb seit 2019. Nun geht er.", "Er blieb seit 2019."],
    ["Er kam um 10 Uhr. 20 Leute warteten.", "Er kam um 10 Uhr."],
  ])("keeps %j whole up to %j", (text, sentence) => {
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
  it.each([
    [
      "U.S. President Joe Smith met Gov. Jane Doe in Washington on Sept. 4 to discuss the budget. Then he left.",
      "U.S. President Joe Smith met Gov. Jane Doe in Washington on Sept. 4 to discuss the budget.",
    ],
    [
      "Am 4. Dezember hat Dr. med. Anna Schmidt, Chefärztin der Klinik, die Operation geleitet. Es ging gut.",
      "Am 4. Dezember hat Dr. med. Anna Schmidt, Chefärztin der Klinik, die Operation geleitet.",
    ],
    // Where the end cannot be told ("Jan." may be a name), the longer sentence is cut at a word.
    [
      `Er traf Jan. ${"Dann ging er lange spazieren und ".repeat(4)}kam zurück. Ende.`,
      "Er traf Jan. Dann ging er lange spazieren und Dann ging er lange spazieren und Dann ging er lange spazieren und Dann…",
    ],
  ])("derives the title of %j", (teaser, title) => {
    expect(deriveTitle(teaser)).toBe(title);
    expect(codePointLength(deriveTitle(teaser))).toBeLessThanOrEqual(DERIVED_TITLE_MAX_LENGTH);
  });

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
