import * as fc from "fast-check";
import { DateTime } from "luxon";
import type { SeedFile } from "../../src/articles/parse-seed.ts";

/**
 * fast-check generators for seeds: realistic ones, built from a model that says what the
 * published article must show, and hostile ones (any Unicode, markup, broken headers, raw bytes).
 */

const encoder = new TextEncoder();

/** Runs per property: FC_NUM_RUNS (the long run sets 20000), else a default that keeps `npm test` fast. */
export const NUM_RUNS = integerFrom(process.env.FC_NUM_RUNS, 1) ?? 200;

const replaySeed = integerFrom(process.env.FC_SEED, Number.MIN_SAFE_INTEGER);

/**
 * Parameters for `fc.assert`. A failure prints its `seed` and `path`: FC_SEED and FC_PATH replay
 * exactly that case.
 */
export const PROPERTY_PARAMETERS: fc.Parameters<unknown> = {
  numRuns: NUM_RUNS,
  ...(replaySeed === undefined ? {} : { seed: replaySeed, path: process.env.FC_PATH }),
};

/** A vitest timeout that grows with the number of runs, with room for a busy machine. */
export const PROPERTY_TIMEOUT_MS = Math.max(30_000, NUM_RUNS * 50);

function integerFrom(text: string | undefined, min: number): number | undefined {
  const value = text !== undefined && /^-?[0-9]+$/u.test(text.trim()) ? Number(text) : undefined;
  return value !== undefined && Number.isSafeInteger(value) && value >= min ? value : undefined;
}

// XML 1.0 §2.2 Char: the seed format removes everything outside it. Written out here rather than
// imported, so the tests do not check the code against itself.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text as the seed format reads it: characters XML 1.0 forbids removed. */
export function withoutForbiddenCharacters(text: string): string {
  return text.replace(NOT_XML_CHAR, "");
}

// Characters XML forbids, which the parser must drop wherever they stand (inside a word too).
const FORBIDDEN_CHARACTERS = [
  "\u0001",
  "\u0007",
  "\u0008",
  "\u000B",
  "\u000C",
  "\u001B",
  "\u001F",
  "\uFFFE",
  "\uFFFF",
];

// Words a wire story has, and words that look like markup, references or feed syntax.
const WORD_POOL = [
  "Der",
  "Bundestag",
  "beschloss",
  "Müller",
  "Straße",
  "Größe",
  "ÖPNV",
  "Dr.",
  "z.",
  "B.",
  "4.",
  "Dezember",
  "2025.",
  "€",
  "100",
  "%",
  "„Zitat“",
  "«Oui»",
  "‚so‘",
  "Kyiv/Kiew",
  "AT&T",
  "&",
  "&amp;",
  "&lt;b&gt;",
  "&#x26;",
  "&#0;",
  "&nbsp;",
  "<script>alert(1)</script>",
  "<script",
  "<b>fett</b>",
  "<p>",
  "</p>",
  "<img/src=x/onerror=alert(1)>",
  "<!--",
  "-->",
  "]]>",
  "<![CDATA[x]]>",
  '"',
  "'",
  '"/><x',
  "<",
  ">",
  "javascript:alert(1)",
  "{{x}}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: text that looks like a template is the point.
  "${x}",
  "\\u0000",
  "😀",
  "👩‍👩‍👧",
  "e\u0301",
  "\u200B",
  "\u202Eabc",
  "עברית",
  "日本語",
  "Ελλάδα",
  "…",
  "!",
  "?",
  ":",
  "dpa",
];

const forbiddenCharacter = fc.constantFrom(...FORBIDDEN_CHARACTERS);

/** A word with no white space; it may hold characters the parser removes. */
const word: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...WORD_POOL) },
      { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 }) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 6 }) },
    ),
    fc.option(fc.tuple(fc.nat(), forbiddenCharacter), { freq: 8 }),
  )
  .map(([text, insertion]) => {
    const bare = text.replace(/\s+/gu, "");
    if (insertion === null) return bare;
    // Between code points: splitting a surrogate pair would make the word invalid UTF-16.
    const codePoints = Array.from(bare);
    const [at, character] = insertion;
    codePoints.splice(at % (codePoints.length + 1), 0, character);
    return codePoints.join("");
  })
  .filter((text) => {
    // What the parser sees: a word that vanishes, or one that is a keyword of the format, would
    // change the structure the model promises.
    const seen = withoutForbiddenCharacters(text);
    // NUL marks a binary file, which is an error, not text.
    return (
      !text.includes("\u0000") &&
      !/^\s*$/u.test(seen) &&
      !/\s/u.test(seen) &&
      seen !== "date" &&
      !seen.includes("Quelle:")
    );
  });

const words = (minLength: number, maxLength: number) => fc.array(word, { minLength, maxLength });

/** The parts of a realistic seed, and the text of the file they make. */
export interface SeedModel {
  /** Words of the title; undefined when the header has none. */
  readonly title: readonly string[] | undefined;
  /** YYYY-MM-DD, a day that exists. */
  readonly date: string;
  readonly teaser: readonly string[];
  readonly blocks: readonly ModelBlock[];
  /** Words of the closing `Quelle: NAME`, if any. */
  readonly textCredit: readonly string[] | undefined;
  readonly lineEnd: "\n" | "\r\n" | "\r";
  readonly hasBom: boolean;
  readonly hasBlankLineAfterHeader: boolean;
  readonly hasFinalLineEnd: boolean;
  /** White space around lines and on blank lines, which the parser must not keep. */
  readonly padding: readonly string[];
}

/** A paragraph is lines of words; the parser joins its lines with one space. */
export type ModelBlock =
  | { readonly kind: "paragraph"; readonly lines: readonly (readonly string[])[] }
  | { readonly kind: "subheading"; readonly words: readonly string[] }
  | {
      readonly kind: "caption";
      readonly lines: readonly (readonly string[])[];
      readonly credit: readonly string[];
    };

const lines = fc.array(words(1, 8), { minLength: 1, maxLength: 3 });

const block: fc.Arbitrary<ModelBlock> = fc.oneof(
  {
    weight: 5,
    arbitrary: lines.map((paragraph) => ({ kind: "paragraph" as const, lines: paragraph })),
  },
  {
    weight: 2,
    arbitrary: words(1, 5).map((heading) => ({ kind: "subheading" as const, words: heading })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ lines, credit: words(1, 4) })
      .map((caption) => ({ kind: "caption" as const, ...caption })),
  },
);

/** A day that exists, YYYY-MM-DD, between `from` and `to`. */
const dayBetween = (from: string, to: string) =>
  fc
    .date({
      min: new Date(`${from}T00:00:00Z`),
      max: new Date(`${to}T00:00:00Z`),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString().slice(0, 10));

// Realistic seeds stay in the era of standard offsets: before 1893 Berlin kept local mean time
// (+00:53:28), which RFC 3339 cannot write, so the feeds' instant is 28 s off the true midnight.
const calendarDay = dayBetween("1950-01-01", "2100-12-31");
// Any day a header can name, year 0000 (a leap year) to 9999.
const anyCalendarDay = dayBetween("0000-01-01", "9999-12-31");

/** A realistic seed: a header with or without a title, a body of paragraphs, captions and subheadings. */
export const seedModel: fc.Arbitrary<SeedModel> = fc
  .record({
    title: fc.option(words(1, 10), { freq: 3 }).map((title) => title ?? undefined),
    date: calendarDay,
    teaser: words(0, 30),
    blocks: fc.array(block, { maxLength: 8 }),
    textCredit: fc
      .option(
        fc.oneof(
          fc.constantFrom(["dpa"], ["dpa/AFP"], ["AP"], ["epd", "&", "<KNA>"], ["Reuters"]),
          words(1, 3),
        ),
        { freq: 4 },
      )
      .map((credit) => credit ?? undefined),
    lineEnd: fc.constantFrom("\n" as const, "\r\n" as const, "\r" as const),
    hasBom: fc.boolean(),
    hasBlankLineAfterHeader: fc.boolean(),
    hasFinalLineEnd: fc.boolean(),
    padding: fc.array(fc.constantFrom("", "", "", " ", "  ", "\t", " \t "), {
      minLength: 1,
      maxLength: 12,
    }),
  })
  // The format's one rule a header must meet: a title or a teaser.
  .filter((model) => model.title !== undefined || model.teaser.length > 0);

/** The file a model describes, with white space around lines and on blank lines. */
export function seedTextOf(model: SeedModel): string {
  let padded = 0;
  const pad = () => model.padding[padded++ % model.padding.length] ?? "";
  const gap = () => pad() || " ";
  const line = (list: readonly string[]) => `${pad()}${list.join(" ")}${pad()}`;

  const title = model.title === undefined ? pad() : `${pad()}${model.title.join(" ")}${gap()}`;
  const teaser = model.teaser.length === 0 ? pad() : `${gap()}${model.teaser.join(" ")}${pad()}`;
  const paragraphs: string[][] = model.blocks.map((item) => {
    if (item.kind === "subheading") return [line(item.words)];
    if (item.kind === "paragraph") return item.lines.map(line);
    // A caption ends in `Quelle: NAME` on its last line.
    return item.lines.map((words, index) =>
      index === item.lines.length - 1 ? line([...words, "Quelle:", ...item.credit]) : line(words),
    );
  });
  if (model.textCredit !== undefined) {
    paragraphs.push([`${pad()}Quelle:${gap()}${model.textCredit.join(" ")}${pad()}`]);
  }
  const fileLines = [`${title}date${gap()}${model.date}${teaser}`];
  paragraphs.forEach((paragraph, index) => {
    if (index > 0 || model.hasBlankLineAfterHeader) fileLines.push(pad());
    fileLines.push(...paragraph);
  });
  const text = fileLines.join(model.lineEnd);
  return `${model.hasBom ? "\uFEFF" : ""}${text}${model.hasFinalLineEnd ? model.lineEnd : ""}`;
}

/** What a reader must see of the article a model describes, after the documented transformations. */
export interface ExpectedArticle {
  /** The title as written; undefined when it is derived from the teaser. */
  readonly title: string | undefined;
  readonly summary: string;
  /** 00:00 on the day in Europe/Berlin, in ms. */
  readonly publishedMs: number;
  readonly textCredits: readonly string[];
  readonly photoCredits: readonly string[];
  /** Every paragraph, subheading and caption as text: the teaser first, then the body. */
  readonly blocks: readonly string[];
}

const PHOTO_CREDIT_MAX_LENGTH = 120;

/** The seed format's rules applied by hand: forbidden characters removed, words joined by one space. */
export function expectedArticleOf(model: SeedModel): ExpectedArticle {
  const text = (list: readonly string[]) => list.map(withoutForbiddenCharacters).join(" ");
  const summary = text(model.teaser);
  const photoCredits: string[] = [];
  const blocks = model.blocks.map((item) => {
    if (item.kind === "subheading") return text(item.words);
    if (item.kind === "paragraph") return text(item.lines.flat());
    const credit = text(item.credit);
    // A longer NAME is prose: the paragraph stays a paragraph with the same text.
    if ([...credit].length <= PHOTO_CREDIT_MAX_LENGTH) photoCredits.push(credit);
    return `${text(item.lines.flat())} Quelle: ${credit}`;
  });
  return {
    title: model.title === undefined ? undefined : text(model.title),
    summary,
    publishedMs: DateTime.fromISO(model.date, { zone: "Europe/Berlin" }).toMillis(),
    textCredits: model.textCredit === undefined ? [] : [text(model.textCredit)],
    photoCredits,
    blocks: summary === "" ? blocks : [summary, ...blocks],
  };
}

// Single characters and fragments that break naive parsers and writers.
const HOSTILE_FRAGMENTS = [
  "\uD800",
  "\uDBFF",
  "\uDC00",
  "\uDFFF",
  "\u0000",
  "\u0001",
  "\u0008",
  "\u000B",
  "\u000C",
  "\u001F",
  "\u007F",
  "\u0085",
  "\uFFFE",
  "\uFFFF",
  "\uFEFF",
  "\u2028",
  "\u2029",
  "\u00A0",
  "\u3000",
  "\r",
  "\n",
  "\r\n",
  "\n\n",
  "\r\r",
  "\t",
  " ",
  "<",
  ">",
  "&",
  '"',
  "'",
  "]]>",
  "<![CDATA[",
  "<script>",
  "</script>",
  "<SCRIPT SRC=//x>",
  "<svg onload=alert(1)>",
  "&amp;",
  "&lt;",
  "&#0;",
  "&#x1F;",
  "&#xD800;",
  "&bogus;",
  "<!--",
  "-->",
  "<?xml ?>",
  "<!DOCTYPE x [<!ENTITY e 'x'>]>",
  "Quelle:",
  " Quelle: ",
  "\n\nQuelle: dpa",
  "date",
  " date 2025-12-04 ",
  "date 2025-02-30",
  "date 2025-13-01",
  "date 2025-00-10",
  "date 0000-02-29",
  "date 9999-12-31",
  "date 20251204",
  "date 2025-1-1",
  "😀",
  "\uD83D",
  "e\u0301",
  "\u202E",
];

/** One hostile character or fragment: anything a UTF-16 string can hold, lone surrogates included. */
const hostileUnit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  {
    weight: 2,
    arbitrary: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  },
);

/** Arbitrary text with hostile characters. */
export const hostileText = fc.string({ unit: hostileUnit, maxLength: 200 });

/** One very long line of 1 000 to `max` characters, with or without spaces. */
const longLineOf = (max: number) =>
  fc
    .tuple(
      fc.constantFrom("a", "ä", ".", "&", "<", "a ", "Wort. ", "]]>", "😀", " Quelle: x"),
      fc.integer({ min: 1_000, max }),
    )
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));

// The parser meets lines of up to 100 000 characters; rendered feeds are checked by slower
// validators, so their long lines stay shorter to keep `npm test` fast.
const longLine = longLineOf(100_000);
const longParagraph = longLineOf(5_000);

/** A header line that may be missing, malformed or valid. */
const hostileHeader = fc.oneof(
  fc
    .tuple(hostileText, anyCalendarDay, hostileText)
    .map(([title, date, teaser]) => `${title} date ${date} ${teaser}`),
  fc
    .tuple(hostileText, fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/u), hostileText)
    .map(([title, date, teaser]) => `${title} date ${date} ${teaser}`),
  fc.constantFrom(
    " date 2025-12-04",
    "date 2025-12-04 ",
    "Titel date 2025-12-04",
    "date",
    "",
    " ",
    "Titel ohne Datum",
  ),
  longLine.map((line) => `${line} date 2025-12-04 ${line}`),
  hostileText,
);

/** Hostile seed text: realistic seeds with hostile insertions, broken headers, long lines, noise. */
export const hostileSeedText: fc.Arbitrary<string> = fc.oneof(
  hostileText,
  fc
    .tuple(
      hostileHeader,
      fc.array(fc.oneof(hostileText, longLine), { maxLength: 6 }),
      fc.constantFrom("\n", "\r\n", "\r"),
    )
    .map(([header, paragraphs, lineEnd]) =>
      [header, "", ...paragraphs.flatMap((paragraph) => [paragraph, ""])].join(lineEnd),
    ),
  fc
    .tuple(
      seedModel.map(seedTextOf),
      fc.array(fc.tuple(fc.nat(), fc.oneof(hostileText, longLine)), { maxLength: 5 }),
    )
    .map(([text, insertions]) => {
      let out = text;
      for (const [at, fragment] of insertions) {
        const index = at % (out.length + 1);
        out = `${out.slice(0, index)}${fragment}${out.slice(index)}`;
      }
      return out;
    }),
  fc
    .tuple(fc.constantFrom("\uFEFF", "\uFEFF\uFEFF", "\r\n", "\n\n\n"), seedModel.map(seedTextOf))
    .map(([prefix, text]) => `${prefix}${text}`),
);

// Byte sequences that are not UTF-8, or are UTF-8 of something suspicious.
const HOSTILE_BYTES: readonly (readonly number[])[] = [
  [0x00],
  [0xfc], // Latin-1 ü
  [0xc3], // a lead byte without its continuation
  [0x80], // a continuation without a lead byte
  [0xc0, 0xaf], // overlong "/"
  [0xed, 0xa0, 0x80], // an encoded lone surrogate U+D800
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xef, 0xbb, 0xbf], // a byte-order mark
  [0xff, 0xfe], // a UTF-16 byte-order mark
  [0x0d],
  [0x0a],
];

/** Bytes: UTF-8 of hostile text, random bytes, and valid seeds with bytes spliced in. */
export const hostileSeedBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: hostileSeedText.map((text) => encoder.encode(text)) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 600 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        seedModel.map((model) => encoder.encode(seedTextOf(model))),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...HOSTILE_BYTES)), {
          minLength: 1,
          maxLength: 3,
        }),
      )
      .map(([bytes, insertions]) => {
        let out = Array.from(bytes);
        for (const [at, inserted] of insertions) {
          const index = at % (out.length + 1);
          out = [...out.slice(0, index), ...inserted, ...out.slice(index)];
        }
        return Uint8Array.from(out);
      }),
  },
);

/** Seed paths: valid ids, nested ones, and names the loader must reject. */
export const seedPath = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom("a.txt", "2025/12/artikel-1.txt", "000_0ed16cc7de1f1aa0.txt"),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "Bad Name ä.txt",
      "../escape.txt",
      "a/../b.txt",
      "..txt",
      "<script>.txt",
      "a&b.txt",
    ),
  },
);

/** A realistic seed file with its model. */
export const realisticSeed: fc.Arbitrary<{ model: SeedModel; file: SeedFile }> = fc
  .tuple(seedModel, fc.integer({ min: 0, max: 999 }))
  .map(([model, number]) => ({
    model,
    file: {
      path: `${String(number).padStart(3, "0")}_seed.txt`,
      bytes: encoder.encode(seedTextOf(model)),
    },
  }));

/** A hostile seed file: any bytes at a valid or invalid path. */
export const hostileSeed: fc.Arbitrary<SeedFile> = fc
  .tuple(seedPath, hostileSeedBytes)
  .map(([path, bytes]) => ({ path, bytes }));

/** Hostile text on one line: what a header, heading or credit can hold. */
const hostileLine = hostileText.map((text) => text.replace(/[\r\n]+/gu, " "));

/**
 * Seeds that mostly load, with hostile text wherever a seed has text: title, teaser, paragraphs,
 * headings, captions, credits; and very long paragraphs.
 */
export const publishableHostileSeedText: fc.Arbitrary<string> = fc
  .record({
    title: hostileLine,
    date: anyCalendarDay,
    teaser: hostileLine,
    paragraphs: fc.array(
      fc.oneof(
        { weight: 3, arbitrary: hostileText },
        { weight: 2, arbitrary: hostileLine.map((heading) => heading.slice(0, 60)) },
        {
          weight: 2,
          arbitrary: fc
            .tuple(hostileLine, hostileLine)
            .map(([caption, credit]) => `${caption} x Quelle: ${credit}`),
        },
        { weight: 1, arbitrary: longParagraph },
      ),
      { maxLength: 6 },
    ),
    credit: fc.option(hostileLine),
    lineEnd: fc.constantFrom("\n", "\r\n", "\r"),
  })
  .map(({ title, date, teaser, paragraphs, credit, lineEnd }) =>
    [
      `${title} date ${date} ${teaser}`,
      "",
      ...paragraphs.flatMap((paragraph) => [paragraph, ""]),
      ...(credit === null ? [] : [`Quelle: x${credit}`]),
    ].join(lineEnd),
  );

/** A batch of seed files with distinct paths: realistic, hostile but publishable, and garbage. */
export const seedBatch: fc.Arbitrary<SeedFile[]> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: realisticSeed.map(({ file }) => file.bytes) },
      { weight: 4, arbitrary: publishableHostileSeedText.map((text) => encoder.encode(text)) },
      { weight: 1, arbitrary: hostileSeedBytes },
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((contents) => contents.map((bytes, index) => ({ path: `2025/seed-${index}.txt`, bytes })));
