import { DERIVED_TITLE_MAX_LENGTH } from "../config.ts";
import { codePointLength } from "./text.ts";

const ELLIPSIS = "…";

// Abbreviations after which a full stop does not end a German (or English) sentence.
// Single letters ("z. B.", "J. Smith") and ordinals ("4. Dezember") are handled by rule below.
const ABBREVIATIONS = new Set([
  "abs",
  "abb",
  "allg",
  "art",
  "bd",
  "bspw",
  "bzw",
  "ca",
  "chr",
  "co",
  "dipl",
  "dr",
  "ebd",
  "etc",
  "evtl",
  "ff",
  "fr",
  "geb",
  "gem",
  "ggf",
  "hl",
  "hr",
  "hrsg",
  "inkl",
  "ing",
  "insb",
  "jh",
  "jhd",
  "jr",
  "kap",
  "max",
  "min",
  "mio",
  "mr",
  "mrd",
  "mrs",
  "ms",
  "nr",
  "nrn",
  "o.ä",
  "prof",
  "rd",
  "sen",
  "sog",
  "sr",
  "st",
  "std",
  "str",
  "tel",
  "tsd",
  "u.a",
  "usw",
  "vgl",
  "z.b",
  "z.t",
  "zzgl",
  "d.h",
  "u.u",
  "v.a",
  "i.d.r",
  "bzgl",
  "jun",
  "lt",
  "gen",
  "vs",
]);

const MONTHS = new Set([
  "januar",
  "jänner",
  "februar",
  "märz",
  "april",
  "mai",
  "juni",
  "juli",
  "august",
  "september",
  "oktober",
  "november",
  "dezember",
]);

// Month abbreviations: "am 4. Jan. 2025" goes on when a day or year follows ("Jan." alone may
// be a name ending a sentence, so only a following number keeps the sentence going).
const MONTH_ABBREVIATIONS = new Set([
  "jan",
  "feb",
  "febr",
  "apr",
  "aug",
  "sep",
  "sept",
  "okt",
  "nov",
  "dez",
]);

/**
 * The title of an article whose header has none: the teaser's first sentence, cut at a word
 * boundary to at most 120 code points including a final "…" when it is longer.
 */
export function deriveTitle(teaser: string): string {
  return truncateAtWord(firstSentence(teaser), DERIVED_TITLE_MAX_LENGTH);
}

/** The first sentence of a German text, without splitting at "4. Dezember", "Dr." or "z. B.". */
export function firstSentence(text: string): string {
  // Only at the start of a run of marks: tried at every mark of a run, the pattern would scan
  // the rest of the run each time, and a teaser of 50 000 dots took seconds.
  const candidate = /(?<![.!?…])[.!?…]+["'“”‘’»«›‹)\]]*(?=\s+(\S+))/gu;
  for (let match = candidate.exec(text); match !== null; match = candidate.exec(text)) {
    const end = match.index + match[0].length;
    const nextWord = match[1] ?? "";
    if (isSentenceBoundary(text.slice(0, match.index), match[0], nextWord)) {
      return text.slice(0, end).trim();
    }
  }
  return text.trim();
}

function isSentenceBoundary(before: string, marks: string, nextWord: string): boolean {
  // A sentence starts with a capital, a digit or an opening quote; "ca. zwei" does not split.
  if (/^\p{Ll}/u.test(nextWord)) return false;
  if (!marks.startsWith(".") || marks.startsWith("..")) return true;
  const word = lastWord(before);
  const bare = word.replace(/^["'“”‘’»«›‹([]+/u, "");
  // "J. Smith", "z. B.", "U.S.": a single letter before the stop is an initial or abbreviation.
  if (/^\p{L}$/u.test(bare) || /^(\p{L}\.)+\p{L}$/u.test(bare)) return false;
  if (ABBREVIATIONS.has(bare.toLowerCase())) return false;
  if (MONTH_ABBREVIATIONS.has(bare.toLowerCase()) && /^\d/u.test(nextWord)) return false;
  if (/^\d+$/u.test(bare)) {
    // "am 4. Dezember", "der 3. Oktober", "zum 2. Mal": German ordinals. A four-digit year can
    // end a sentence ("… seit 2019. Nun …") unless a month follows ("2. Mai").
    if (MONTHS.has(nextWord.toLowerCase().replace(/\P{L}+$/u, ""))) return false;
    return bare.length === 4;
  }
  return true;
}

/** Cuts text at a word boundary so that it, with a final "…", has at most `max` code points. */
export function truncateAtWord(text: string, max: number): string {
  if (codePointLength(text) <= max) return text;
  const codePoints = Array.from(text);
  const room = codePoints.slice(0, max - 1).join("");
  const isWordComplete = /^\s/u.test(codePoints[max - 1] ?? "");
  // Cut before a partial last word; a text that is one long word is cut inside it.
  const boundary = isWordComplete ? room.length : room.search(/\s+\S*$/u);
  const cut = boundary > 0 ? room.slice(0, boundary) : room;
  return `${cut.replace(/[\s,;:–—-]+$/u, "")}${ELLIPSIS}`;
}

/** The text after the last white space, found from the end: a regex would scan from the start. */
function lastWord(text: string): string {
  let start = text.length;
  while (start > 0 && !/\s/u.test(text[start - 1] ?? " ")) start--;
  return text.slice(start);
}
