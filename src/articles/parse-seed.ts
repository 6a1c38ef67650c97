import { type Config, DEFAULT_CREDIT_MARKERS, LIMIT_DEFAULTS } from "../config.ts";
import { BoundedMemo } from "../lru-cache.ts";
import { SeedError } from "./errors.ts";
import { codePointLength, isLongerThan, removeXmlForbiddenCharacters } from "./text.ts";

/** A seed as the runtime found it: its path relative to the seeds folder, with `/`, and its bytes. */
export interface SeedFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

export type BodyBlock =
  | { readonly kind: "paragraph"; readonly text: string; readonly line: number }
  | { readonly kind: "subheading"; readonly text: string; readonly line: number }
  | {
      readonly kind: "caption";
      readonly text: string;
      readonly credit: string;
      /** The CREDIT_MARKERS word the credit started with (`Quelle`, `Photo` …). */
      readonly marker: string;
      readonly line: number;
    };

/**
 * The limits a seed must keep (MAX_SEED_BYTES, MAX_TITLE_LENGTH and MAX_SUMMARY_LENGTH) and the
 * words that start a credit (CREDIT_MARKERS, `Quelle` when not given).
 */
export type SeedLimits = Pick<Config, "maxSeedBytes" | "maxTitleLength" | "maxSummaryLength"> &
  Partial<Pick<Config, "creditMarkers">>;

/** What the seed says, before any setting (time zone, base URL) is applied. */
export interface ParsedSeed {
  readonly file: string;
  /** Empty when the header has no title: the normaliser derives one from the teaser. */
  readonly title: string;
  /** The calendar day, YYYY-MM-DD, already checked to exist. */
  readonly date: string;
  readonly teaser: string;
  readonly blocks: readonly BodyBlock[];
  /** The text source from a closing `Quelle: NAME` paragraph, if the seed has one. */
  readonly textCredit: string | undefined;
  /** The CREDIT_MARKERS word the text credit started with, if the seed has one. */
  readonly textCreditMarker: string | undefined;
}

const SUBHEADING_MAX_LENGTH = 80;
// A photo credit is a name, not prose: this bound keeps a paragraph that merely quotes
// "Quelle: …" mid-sentence from being mistaken for a caption.
const PHOTO_CREDIT_MAX_LENGTH = 120;

// The first `date YYYY-MM-DD` at the start of the header or after whitespace.
const HEADER_DATE = /(?:^|(?<=\s))date\s+(\d{4}-\d{2}-\d{2})(?=\s|$)/u;
// A `date` keyword followed by a number that is not a day, to say what is wrong with it. Only a
// number counts: in "Up to date news" the word is prose, and the header simply has no date.
const MALFORMED_HEADER_DATE = /(?:^|(?<=\s))date\s+(\d\S*)/u;
// Closing quotes and brackets that may follow a sentence's last mark: „So nicht.“
const CLOSING_MARKS = /["'“”‘’»«›‹)\]]+$/u;
const SENTENCE_END = /[.!?…:;]$/u;

/**
 * Parses one seed file into its header fields and body blocks.
 * @throws {SeedError} for a file over MAX_SEED_BYTES, an empty, binary, non-UTF-8 or header-less
 *   file, an impossible date, or a title or teaser over MAX_TITLE_LENGTH or MAX_SUMMARY_LENGTH.
 */
export function parseSeed(seed: SeedFile, limits: SeedLimits = LIMIT_DEFAULTS): ParsedSeed {
  if (seed.bytes.length > limits.maxSeedBytes) {
    throw seedTooLargeError(seed.path, seed.bytes.length, limits.maxSeedBytes);
  }
  const lines = splitLines(decodeSeedText(seed));
  const headerIndex = lines.findIndex((line) => line.trim() !== "");
  if (headerIndex === -1) {
    throw new SeedError(seed.path, undefined, "file has no text, only white space");
  }
  const header = parseHeaderLine(seed.path, headerIndex + 1, lines[headerIndex] ?? "", limits);
  const paragraphs = splitParagraphs(lines, headerIndex + 1);

  const credits = creditPatterns(limits.creditMarkers ?? DEFAULT_CREDIT_MARKERS);
  const last = paragraphs.at(-1);
  const textCredit = last === undefined ? undefined : textCreditIn(last.text, credits);
  const bodyParagraphs = textCredit === undefined ? paragraphs : paragraphs.slice(0, -1);

  const blocks = bodyParagraphs.map((paragraph, index): BodyBlock => {
    const caption = captionIn(paragraph.text, credits);
    if (caption !== undefined) return { kind: "caption", ...caption, line: paragraph.line };
    const isFollowedByBody = index < bodyParagraphs.length - 1;
    if (
      isFollowedByBody &&
      paragraph.lineCount === 1 &&
      isSubheadingText(paragraph.text, credits.textCredit)
    ) {
      return { kind: "subheading", text: paragraph.text, line: paragraph.line };
    }
    return { kind: "paragraph", text: paragraph.text, line: paragraph.line };
  });

  return {
    file: seed.path,
    ...header,
    blocks,
    textCredit: textCredit?.credit,
    textCreditMarker: textCredit?.marker,
  };
}

/**
 * The title, date and teaser of a seed's header line (line `line` of the file, untrimmed).
 * @throws {SeedError} for a header without a date, an impossible date, no title and no teaser,
 *   or a title or teaser over MAX_TITLE_LENGTH or MAX_SUMMARY_LENGTH.
 */
export function parseHeaderLine(
  file: string,
  line: number,
  headerText: string,
  limits: SeedLimits,
): { title: string; date: string; teaser: string } {
  const header = parseHeader(file, line, headerText);
  assertHeaderLengths(file, line, header, limits);
  return header;
}

/** The text credit a seed's last paragraph is (`MARKER: NAME` and nothing else), if it is one. */
export function textCreditIn(
  lastParagraph: string,
  credits: CreditPatterns,
): { credit: string; marker: string } | undefined {
  const match = credits.textCredit.exec(lastParagraph);
  const credit = match?.[2]?.trim();
  return credit === undefined ? undefined : { credit, marker: credits.marker(match?.[1]) };
}

/** The photo caption a paragraph is (it ends in `MARKER: NAME`), if it is one. */
export function captionIn(
  paragraph: string,
  credits: CreditPatterns,
): { text: string; credit: string; marker: string } | undefined {
  // The cheap test first: the regular expression backtracks through the whole paragraph.
  if (!credits.mayHoldCredit(paragraph)) return undefined;
  const caption = credits.caption.exec(paragraph);
  const credit = caption?.[3]?.trim();
  if (caption?.[1] === undefined || credit === undefined || !isCreditName(credit)) {
    return undefined;
  }
  return { text: caption[1], credit, marker: credits.marker(caption[2]) };
}

/** The patterns that find credits for one list of CREDIT_MARKERS. */
export interface CreditPatterns {
  /** A paragraph that ends in `MARKER: NAME`: 1 the caption, 2 the marker, 3 the name. */
  readonly caption: RegExp;
  /** A paragraph that is only `MARKER: NAME`: 1 the marker, 2 the name. */
  readonly textCredit: RegExp;
  /** Whether a text contains any `MARKER:` at all, before a regular expression is tried. */
  mayHoldCredit(text: string): boolean;
  /** The configured marker a match found: one string per marker, shared by every article. */
  marker(matched: string | undefined): string;
}

// One entry per CREDIT_MARKERS value a process uses (normally one).
const creditPatternCache = new BoundedMemo<string, CreditPatterns>(16);

/**
 * The credit patterns of a marker list. Each marker keeps the rules `Quelle` always had: a
 * caption is a paragraph ending in `MARKER: NAME`, the text credit a last paragraph that is only
 * `MARKER: NAME`. Markers are matched as written (case included), so "the source: …" in prose
 * is no credit.
 */
export function creditPatterns(markers: readonly string[]): CreditPatterns {
  const key = markers.join("\n");
  const known = creditPatternCache.get(key);
  if (known !== undefined) return known;
  const alternatives = markers.map(escapeRegExp).join("|");
  const withColon = markers.map((marker) => `${marker}:`);
  return creditPatternCache.remember(key, {
    caption: new RegExp(`^(.*\\S)\\s+(${alternatives}):\\s*(\\S.*)$`, "su"),
    textCredit: new RegExp(`^(${alternatives}):\\s*(\\S.*)$`, "su"),
    mayHoldCredit: (text) => withColon.some((marker) => text.includes(marker)),
    marker: (matched) => markers.find((marker) => marker === matched) ?? matched ?? "",
  });
}

/** `text` as a pattern that matches exactly it (a marker may hold `.`). */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}

/**
 * The problem of a seed file over MAX_SEED_BYTES. The runtime reports it from the file's size,
 * before reading it; `parseSeed` checks bytes it is given the same way.
 */
export function seedTooLargeError(path: string, size: number, maxSeedBytes: number): SeedError {
  return new SeedError(
    path,
    undefined,
    `file is ${size} bytes, larger than MAX_SEED_BYTES (${maxSeedBytes})`,
  );
}

/**
 * A title or teaser that long is a header that swallowed the article (a missing line break), not
 * a headline: it is reported for an editor to fix, never cut, because a cut headline is one no
 * editor wrote.
 */
function assertHeaderLengths(
  file: string,
  line: number,
  header: { readonly title: string; readonly teaser: string },
  limits: SeedLimits,
): void {
  assertLength(file, line, "title", header.title, "MAX_TITLE_LENGTH", limits.maxTitleLength);
  assertLength(file, line, "teaser", header.teaser, "MAX_SUMMARY_LENGTH", limits.maxSummaryLength);
}

/** @throws {SeedError} when `text` has more than `max` code points, naming the setting. */
function assertLength(
  file: string,
  line: number,
  what: string,
  text: string,
  setting: string,
  max: number,
): void {
  if (isLongerThan(text, max)) {
    const length = codePointLength(text);
    throw new SeedError(
      file,
      line,
      `${what} is ${length} characters long, more than ${setting} (${max})`,
    );
  }
}

/**
 * Decodes UTF-8 strictly (a leading BOM is dropped) and removes characters XML 1.0 forbids.
 * @throws {SeedError} for an empty or binary file, or bytes that are not UTF-8.
 */
function decodeSeedText(seed: SeedFile): string {
  const { bytes } = seed;
  if (bytes.length === 0) throw new SeedError(seed.path, undefined, "file is empty");
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new SeedError(
      seed.path,
      lineOfByte(bytes, nul),
      "binary file (it contains NUL bytes): a seed is UTF-8 text",
    );
  }
  try {
    return removeXmlForbiddenCharacters(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    const offset = firstInvalidUtf8Offset(bytes);
    const byte = bytes[offset] ?? 0;
    throw new SeedError(
      seed.path,
      lineOfByte(bytes, offset),
      `not valid UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")} at offset ${offset}); ` +
        "save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
      { cause: error },
    );
  }
}

function parseHeader(file: string, line: number, headerText: string) {
  const match = HEADER_DATE.exec(headerText);
  if (match?.[1] === undefined) {
    const malformed = MALFORMED_HEADER_DATE.exec(headerText);
    const detail =
      malformed?.[1] === undefined
        ? "header has no date: expected '[TITLE] date YYYY-MM-DD TEASER'"
        : `malformed date '${excerpt(malformed[1])}': expected 'date YYYY-MM-DD'`;
    throw new SeedError(file, line, detail);
  }
  const date = match[1];
  assertCalendarDay(file, line, date);
  const title = headerText.slice(0, match.index).trim();
  const teaser = headerText.slice(match.index + match[0].length).trim();
  if (title === "" && teaser === "") {
    throw new SeedError(file, line, "header has neither a title nor a teaser after the date");
  }
  return { title, date, teaser };
}

// A problem is one log line: seed text quoted in it is cut to this many code points.
const EXCERPT_MAX_LENGTH = 40;

/** The start of a seed's text for a message, with "…" when it was cut. */
function excerpt(text: string): string {
  if (!isLongerThan(text, EXCERPT_MAX_LENGTH)) return text;
  return `${Array.from(text)
    .slice(0, EXCERPT_MAX_LENGTH - 1)
    .join("")}…`;
}

function assertCalendarDay(file: string, line: number, date: string): void {
  const [year = 0, month = 0, day = 0] = date.split("-").map(Number);
  if (month < 1 || month > 12) {
    throw new SeedError(file, line, `impossible date ${date}: there is no month ${month}`);
  }
  // Day 0 of the next month is the last day of this one (UTC: no time zone can shift it).
  // setUTCFullYear, because Date.UTC reads years 0-99 as 1900-1999 (and 1900 is no leap year).
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  const daysInMonth = lastDay.getUTCDate();
  if (day < 1 || day > daysInMonth) {
    throw new SeedError(file, line, `impossible date ${date}: that month has ${daysInMonth} days`);
  }
}

interface Paragraph {
  readonly text: string;
  readonly line: number;
  readonly lineCount: number;
}

/** Groups lines into paragraphs at blank lines; a paragraph's lines are joined by one space. */
function splitParagraphs(lines: readonly string[], start: number): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: string[] = [];
  let firstLine = 0;
  const close = () => {
    if (current.length > 0) {
      paragraphs.push({ text: current.join(" "), line: firstLine, lineCount: current.length });
      current = [];
    }
  };
  for (let index = start; index < lines.length; index++) {
    const line = (lines[index] ?? "").trim();
    if (line === "") {
      close();
      continue;
    }
    if (current.length === 0) firstLine = index + 1;
    current.push(line);
  }
  close();
  return paragraphs;
}

function isCreditName(credit: string): boolean {
  return !isLongerThan(credit, PHOTO_CREDIT_MAX_LENGTH);
}

function isSubheadingText(text: string, textCredit: RegExp): boolean {
  if (isLongerThan(text, SUBHEADING_MAX_LENGTH)) return false;
  // A `Quelle: NAME` line that is not last is a credit out of place, not a heading: keep it as text.
  if (textCredit.test(text)) return false;
  return !SENTENCE_END.test(text.replace(CLOSING_MARKS, ""));
}

/** CRLF, LF and a lone CR all end a line (XML 1.0 §2.11 normalises them the same way). */
function splitLines(text: string): string[] {
  return text.includes("\r") ? text.split(/\r\n|\r|\n/u) : text.split("\n");
}

/** The line of a byte, counting CRLF, LF and a lone CR as line ends, as `splitLines` does. */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) {
    const byte = bytes[index];
    if (byte === 0x0a || (byte === 0x0d && bytes[index + 1] !== 0x0a)) line++;
  }
  return line;
}

/** The offset of the first byte that breaks UTF-8 (RFC 3629 §4), for the error message. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    let length: number;
    let min: number;
    if (lead < 0x80) {
      index++;
      continue;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return index;
    }
    let codePoint = lead & (0xff >> (length + 1));
    for (let offset = 1; offset < length; offset++) {
      const next = bytes[index + offset];
      if (next === undefined || (next & 0xc0) !== 0x80) return index;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    const isSurrogate = codePoint >= 0xd800 && codePoint <= 0xdfff;
    if (codePoint < min || codePoint > 0x10ffff || isSurrogate) return index;
    index += length;
  }
  return Math.max(0, bytes.length - 1);
}
