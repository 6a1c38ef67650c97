import { DEFAULT_CREDIT_MARKERS } from "../config.ts";
import { BoundedMemo } from "../lru-cache.ts";
import {
  type CreditPatterns,
  captionIn,
  creditPatterns,
  type ParsedSeed,
  parseHeaderLine,
  parseSeed,
  type SeedFile,
  type SeedLimits,
  textCreditIn,
} from "./parse-seed.ts";

/**
 * What an article's metadata needs of its seed: the header and the credits, not the text. A
 * large archive's first start indexes every seed this way and parses a full text only when a
 * document shows it.
 */
export interface SeedSummary {
  readonly file: string;
  /** Empty when the header has no title: the normaliser derives one from the teaser. */
  readonly title: string;
  /** The calendar day, YYYY-MM-DD, already checked to exist. */
  readonly date: string;
  readonly teaser: string;
  /** The photo captions of the body, in order. */
  readonly captions: readonly SeedCaption[];
  readonly textCredit: string | undefined;
  readonly textCreditMarker: string | undefined;
}

export interface SeedCaption {
  readonly text: string;
  readonly credit: string;
  /** The CREDIT_MARKERS word the credit started with. */
  readonly marker: string;
}

/** The summary of a fully parsed seed. */
export function summaryOf(seed: ParsedSeed): SeedSummary {
  const captions: SeedCaption[] = [];
  for (const block of seed.blocks) {
    if (block.kind === "caption") {
      captions.push({ text: block.text, credit: block.credit, marker: block.marker });
    }
  }
  const { file, title, date, teaser, textCredit, textCreditMarker } = seed;
  return { file, title, date, teaser, captions, textCredit, textCreditMarker };
}

/**
 * Byte primitives a runtime has natively (Node's buffer module). Written in JavaScript they
 * would cost about what the full parse costs, so without them `summarizeSeed` parses fully.
 */
export interface ByteViews {
  /** Whether the bytes are well-formed UTF-8 (RFC 3629): what a fatal TextDecoder accepts. */
  isUtf8(bytes: Uint8Array): boolean;
  /** The bytes as a string of one code unit per byte (ISO-8859-1), offsets unchanged. */
  latin1(bytes: Uint8Array): string;
}

/**
 * The summary `summaryOf(parseSeed(seed, limits))` gives, or the SeedError it throws, without
 * decoding the whole text when `views` are given: the file is checked whole (size, NUL, UTF-8),
 * then only the header line and the paragraphs that hold a credit marker are decoded. On a 100k
 * archive's first start the full parse (decoding, the XML character check, lines and paragraphs
 * of the whole text) was a third of the time per seed. Anything unusual (a character XML
 * forbids, a marker with white space or a colon, a file with no header) takes the full parse.
 */
export function summarizeSeed(seed: SeedFile, limits: SeedLimits, views?: ByteViews): SeedSummary {
  const quick = views === undefined ? undefined : quickSummary(seed, limits, views);
  return quick ?? summaryOf(parseSeed(seed, limits));
}

// In the one-unit-per-byte view of well-formed UTF-8: a byte of a character XML 1.0 forbids (C0
// controls but tab, LF and CR; U+FFFE and U+FFFF are EF BF BE and EF BF BF). Surrogates are not
// UTF-8. The full parse drops these characters before it looks for markers, so a marker they
// split is found only there.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const FORBIDDEN_BYTES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|\u00EF\u00BF[\u00BE\u00BF]/;
// A marker that could be split across lines or end early: only the full parse handles these.
const UNUSUAL_MARKER = /[\s:]|^$/u;
// Not fatal: the whole file was checked. A BOM is skipped by offset, so one inside stays text.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const encoder = new TextEncoder();

/**
 * Each marker with its colon, as its UTF-8 bytes read one unit per byte, per marker list (as
 * parse-seed keeps its credit patterns); null for a list only the full parse can search.
 */
const markerSearchCache = new BoundedMemo<string, readonly string[] | null>(16);

/**
 * The summary from the header line and the paragraphs holding a marker only; undefined when
 * only the full parse can tell (then it also finds any problem).
 * @throws {SeedError} for a header the full parse refuses, with the same message and line.
 */
export function quickSummary(
  seed: SeedFile,
  limits: SeedLimits,
  views: ByteViews,
): SeedSummary | undefined {
  const { bytes } = seed;
  if (bytes.length === 0 || bytes.length > limits.maxSeedBytes) return undefined;
  const markers = limits.creditMarkers ?? DEFAULT_CREDIT_MARKERS;
  const searches = markerSearches(markers);
  if (searches === undefined) return undefined;
  if (bytes.indexOf(0) !== -1 || !views.isUtf8(bytes)) return undefined;
  const raw = views.latin1(bytes);
  if (FORBIDDEN_BYTES.test(raw)) return undefined;
  const text = new LineView(bytes, raw);

  // The header is the first line that is not blank.
  let start = text.start;
  let headerIndex = 0;
  for (;;) {
    const end = text.lineEnd(start);
    const line = text.decode(start, end);
    if (line.trim() !== "") {
      const header = parseHeaderLine(seed.path, headerIndex + 1, line, limits);
      const body = end === raw.length ? raw.length : text.nextLineStart(end);
      const credits = creditPatterns(markers);
      return { file: seed.path, ...header, ...bodyCredits(text, body, searches, credits) };
    }
    if (end === raw.length) return undefined; // only white space: the full parse says so
    start = text.nextLineStart(end);
    headerIndex++;
  }
}

function markerSearches(markers: readonly string[]): readonly string[] | undefined {
  const key = markers.join("\n");
  let searches = markerSearchCache.get(key);
  if (searches === undefined) {
    const isUnusual = markers.some((marker) => UNUSUAL_MARKER.test(marker));
    searches = markerSearchCache.remember(
      key,
      isUnusual ? null : markers.map((marker) => latin1Of(encoder.encode(`${marker}:`))),
    );
  }
  return searches ?? undefined;
}

function latin1Of(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/**
 * The captions and the text credit of the body starting at `body`: each paragraph holding a
 * marker is found around the marker and decoded on its own, with the rules of `parseSeed`.
 */
function bodyCredits(
  text: LineView,
  body: number,
  searches: readonly string[],
  credits: CreditPatterns,
): Pick<SeedSummary, "captions" | "textCredit" | "textCreditMarker"> {
  const found: number[] = [];
  for (const search of searches) {
    for (
      let at = text.raw.indexOf(search, body);
      at !== -1;
      at = text.raw.indexOf(search, at + 1)
    ) {
      found.push(at);
    }
  }
  if (found.length === 0)
    return { captions: [], textCredit: undefined, textCreditMarker: undefined };
  found.sort((a, b) => a - b);
  const lastLine = text.lastNonBlankLineStart(body);
  const captions: SeedCaption[] = [];
  let textCredit: { credit: string; marker: string } | undefined;
  let covered = -1; // the end of the last paragraph taken
  for (const at of found) {
    if (at <= covered) continue;
    const { start, end } = text.paragraphAround(at, body);
    covered = end;
    const paragraph = text.paragraphText(start, end);
    // The last paragraph is the text credit when it is only `MARKER: NAME`; else a body paragraph.
    if (lastLine >= start && lastLine <= end) {
      textCredit = textCreditIn(paragraph, credits);
      if (textCredit !== undefined) continue;
    }
    const caption = captionIn(paragraph, credits);
    if (caption !== undefined) captions.push(caption);
  }
  return { captions, textCredit: textCredit?.credit, textCreditMarker: textCredit?.marker };
}

/**
 * Lines of a seed by byte offset: `raw` has one unit per byte of `bytes`, so a line break found
 * in it is at the same offset in the bytes. Lines end at CRLF, LF or a lone CR, as in parseSeed.
 */
class LineView {
  readonly bytes: Uint8Array;
  readonly raw: string;
  /** After a leading BOM, which decoding drops. */
  readonly start: number;
  // Which line breaks occur at all: searching for one that does not scans to the end each time.
  readonly #hasLf: boolean;
  readonly #hasCr: boolean;

  constructor(bytes: Uint8Array, raw: string) {
    this.bytes = bytes;
    this.raw = raw;
    this.start = raw.startsWith("\u00EF\u00BB\u00BF") ? 3 : 0;
    this.#hasLf = raw.includes("\n");
    this.#hasCr = raw.includes("\r");
  }

  /** The offset of the line break ending the line that starts at `start`, or the length. */
  lineEnd(start: number): number {
    const lf = this.#hasLf ? this.raw.indexOf("\n", start) : -1;
    const end = lf === -1 ? this.raw.length : lf;
    if (!this.#hasCr) return end;
    const cr = this.raw.indexOf("\r", start);
    return cr === -1 || cr > end ? end : cr;
  }

  /** Where the line after the one ending at `end` (a line break) starts. */
  nextLineStart(end: number): number {
    return this.raw.charCodeAt(end) === 13 && this.raw.charCodeAt(end + 1) === 10
      ? end + 2
      : end + 1;
  }

  /** Where the line holding offset `at` starts. */
  lineStart(at: number): number {
    if (at <= this.start) return this.start;
    const lf = this.#hasLf ? this.raw.lastIndexOf("\n", at - 1) : -1;
    const cr = this.#hasCr ? this.raw.lastIndexOf("\r", at - 1) : -1;
    return Math.max(lf, cr, this.start - 1) + 1;
  }

  /** Where the line before the one starting at `start` ends (its line break). */
  previousLineEnd(start: number): number {
    return this.raw.charCodeAt(start - 1) === 10 && this.raw.charCodeAt(start - 2) === 13
      ? start - 2
      : start - 1;
  }

  decode(start: number, end: number): string {
    return decoder.decode(this.bytes.subarray(start, end));
  }

  isBlank(start: number, end: number): boolean {
    return this.decode(start, end).trim() === "";
  }

  /** The start of the last line at or after `body` that is not blank; -1 for none. */
  lastNonBlankLineStart(body: number): number {
    let end = this.raw.length;
    for (;;) {
      const start = this.lineStart(end);
      if (start < body) return -1;
      if (!this.isBlank(start, end)) return start;
      if (start === body) return -1;
      end = this.previousLineEnd(start);
    }
  }

  /**
   * The paragraph holding offset `at` (on a line that is not blank): the run of lines that are
   * not blank around it, no earlier than `body`. `end` is the end of its last line.
   */
  paragraphAround(at: number, body: number): { start: number; end: number } {
    let start = this.lineStart(at);
    while (start > body) {
      const previousEnd = this.previousLineEnd(start);
      const previousStart = this.lineStart(previousEnd);
      if (this.isBlank(previousStart, previousEnd)) break;
      start = previousStart;
    }
    let end = this.lineEnd(at);
    while (end < this.raw.length) {
      const nextStart = this.nextLineStart(end);
      const nextEnd = this.lineEnd(nextStart);
      if (this.isBlank(nextStart, nextEnd)) break;
      end = nextEnd;
    }
    return { start, end };
  }

  /** The lines from `start` to `end`, each trimmed, joined by one space (as parseSeed joins). */
  paragraphText(start: number, end: number): string {
    const lines: string[] = [];
    let line = start;
    for (;;) {
      const lineEnd = this.lineEnd(line);
      lines.push(this.decode(line, lineEnd).trim());
      if (lineEnd >= end) break;
      line = this.nextLineStart(lineEnd);
    }
    return lines.join(" ");
  }
}
