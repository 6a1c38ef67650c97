import { DERIVED_TITLE_MAX_LENGTH } from "../config.ts";
import { isLongerThan } from "./text.ts";

const ELLIPSIS = "…";

// Where a full stop may end a sentence or an abbreviation, the title takes the longer, uncut
// sentence: a headline that runs on is cut at a word boundary anyway, one cut at "Dr. med." is
// nonsense. Single letters ("z. B.", "J. Smith", "h. c."), dotted letters ("U.S.", "e.g."),
// hyphenated abbreviations ("Dipl.-Ing.") and ordinals ("4. Dezember") are rules below.

// Abbreviations after which a full stop does not end a sentence, in any case: words that are
// no German or English word on their own.
const ABBREVIATIONS = new Set([
  // German, general
  "abb",
  "abs",
  "abt",
  "allg",
  "anm",
  "aufl",
  "ausg",
  "bd",
  "bes",
  "betr",
  "bspw",
  "bzgl",
  "bzw",
  "ca",
  "chr",
  "d.h",
  "dgl",
  "ebd",
  "ehem",
  "eigtl",
  "einschl",
  "entspr",
  "etc",
  "evtl",
  "exkl",
  "ff",
  "gegr",
  "gem",
  "ggf",
  "hg",
  "hrsg",
  "i.d.r",
  "inkl",
  "insb",
  "jh",
  "jhd",
  "kap",
  "lt",
  "max",
  "min",
  "mind",
  "mio",
  "mrd",
  "nr",
  "nrn",
  "o.ä",
  "rd",
  "sog",
  "std",
  "stellv",
  "str",
  "tel",
  "tsd",
  "u.a",
  "u.u",
  "usw",
  "v.a",
  "vgl",
  "vs",
  "z.b",
  "z.t",
  "zit",
  "zzgl",
  // German titles and degrees: "Dr. med.", "Prof. Dr. h. c.", "Dr. rer. nat.", "Mag.", "Ing."
  "dent",
  "dipl",
  "dr",
  "fr",
  "geb",
  "habil",
  "hl",
  "hr",
  "ing",
  "jun",
  "jur",
  "mag",
  "med",
  "mult",
  "nat",
  "oec",
  "phil",
  "pol",
  "prof",
  "rer",
  "sen",
  "theol",
  "vet",
  // English titles and ranks: "Gov.", "Sen.", "Rep.", "Lt. Gen."
  "adm",
  "atty",
  "brig",
  "capt",
  "cmdr",
  "cpl",
  "esq",
  "gen",
  "gov",
  "jr",
  "maj",
  "messrs",
  "mr",
  "mrs",
  "ms",
  "pres",
  "pvt",
  "rep",
  "rev",
  "sgt",
  "sr",
  "st",
  "supt",
  // English, general: "Inc.", "approx.", "et al.", "Mt."
  "al",
  "approx",
  "assn",
  "ave",
  "blvd",
  "co",
  "corp",
  "dept",
  "ft",
  "inc",
  "ltd",
  "mt",
  "univ",
  "vol",
  // Months, German and English: "am 4. Jan. 2025", "on Sept. 4", "Dez. 2024"
  "jan",
  "feb",
  "febr",
  "apr",
  "jul",
  "aug",
  "sep",
  "sept",
  "okt",
  "oct",
  "nov",
  "dez",
  "dec",
]);

// Abbreviations that are also lower-case words ("the sun.", "he sat."): only as written here,
// with a capital.
const CAPITALISED_ABBREVIATIONS = new Set([
  "Art",
  "Col",
  "Ed",
  "Fig",
  "Mar",
  "Mon",
  "No",
  "Nos",
  "Sat",
  "Sun",
  "Wed",
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

/**
 * The title of an article whose header has none: the teaser's first sentence, cut at a word
 * boundary to at most 120 code points including a final "…" when it is longer.
 */
export function deriveTitle(teaser: string): string {
  return truncateAtWord(firstSentence(teaser), DERIVED_TITLE_MAX_LENGTH);
}

/**
 * The first sentence of a German or English text, without splitting at abbreviations ("Dr. med.",
 * "Gov.", "Sept."), initials, "U.S.", "z. B." or ordinals ("4. Dezember").
 */
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
  return !isAbbreviation(bare, nextWord);
}

/** Whether `word` (before its full stop) is an abbreviation or ordinal, given the word after it. */
function isAbbreviation(word: string, nextWord: string): boolean {
  // "J. Smith", "z. B.", "h. c.": a single letter is an initial or part of an abbreviation.
  if (/^\p{L}$/u.test(word)) return true;
  // "U.S.", "e.g.", "a.m.": letters each followed by a stop.
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) return true;
  // "Dipl.-Ing.", "Dr.-Ing.", "Hon.-Prof.": an abbreviation joined to another by a hyphen.
  if (/^\p{L}+\.-\p{L}+$/u.test(word)) return true;
  if (ABBREVIATIONS.has(word.toLowerCase()) || CAPITALISED_ABBREVIATIONS.has(word)) return true;
  // "Hauptstr.", "Bahnhofstr.": German street names (no word ends in "str" otherwise).
  if (/^\p{Lu}\p{Ll}+str$/u.test(word)) return true;
  if (/^\d+$/u.test(word)) {
    // "am 4. Dezember", "der 3. Oktober", "zum 2. Mal": German ordinals. A four-digit year can
    // end a sentence ("… seit 2019. Nun …") unless a month follows ("2. Mai").
    const next = nextWord.toLowerCase().replace(/\P{L}+$/u, "");
    if (MONTHS.has(next) || ABBREVIATIONS.has(next)) return true;
    return word.length !== 4;
  }
  return false;
}

/** Cuts text at a word boundary so that it, with a final "…", has at most `max` code points. */
export function truncateAtWord(text: string, max: number): string {
  if (!isLongerThan(text, max)) return text;
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
