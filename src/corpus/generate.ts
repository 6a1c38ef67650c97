import { between, chance, pick, type Rng, rngFor } from "./rng.ts";
import {
  CAPTIONS,
  capitalise,
  ORGANISATIONS,
  PHOTO_CREDITS,
  SENTENCES,
  SUBHEADINGS,
  TEXT_CREDITS,
  TITLES,
  WEEKDAYS,
} from "./words.ts";

/**
 * A synthetic corpus of seeds in the README's format, for tests and `npm run bench`. Each seed is
 * made by its own PRNG, seeded from the corpus seed and its index, so seed i is the same in
 * every corpus that has it and can be regenerated alone (the benchmark restores an edited seed).
 */

/** A body block as the parser must see it (line numbers aside). */
export type ExpectedBlock =
  | { readonly kind: "paragraph"; readonly text: string }
  | { readonly kind: "subheading"; readonly text: string }
  | {
      readonly kind: "caption";
      readonly text: string;
      readonly credit: string;
      /** The corpus writes German seeds: every credit starts with `Quelle:`. */
      readonly marker: "Quelle";
    };

/** One generated seed: where it goes, its bytes, and what the parser must read from it. */
export interface GeneratedSeed {
  readonly index: number;
  /** Relative to the corpus folder, with `/`: `004711_streit-um-….txt` or `2023/04/…`. */
  readonly path: string;
  readonly bytes: Uint8Array;
  /** Empty for an untitled header (` date …`): the publisher derives one from the teaser. */
  readonly title: string;
  readonly date: string;
  readonly teaser: string;
  readonly blocks: readonly ExpectedBlock[];
  readonly textCredit: string | undefined;
}

export const MIN_SEED_BYTES = 1024;
export const MAX_SEED_BYTES = 8192;
const FIRST_DAY = Date.UTC(2019, 0, 1);
const LAST_DAY = Date.UTC(2025, 11, 31);
const DAY_MS = 86_400_000;
const WRAP_COLUMN = 78;

function sentences(rng: Rng, count: number): string {
  const used = new Set<number>();
  const out: string[] = [];
  while (out.length < count) {
    const template = Math.floor(rng() * SENTENCES.length);
    if (used.has(template)) continue;
    used.add(template);
    out.push((SENTENCES[template] as (rng: Rng) => string)(rng));
  }
  return out.join(" ");
}

function teaserOf(rng: Rng): string {
  const opening = `${capitalise(pick(rng, ORGANISATIONS).nom)} hat am ${pick(rng, WEEKDAYS)} ${pick(rng, ["neue Zahlen vorgelegt", "überraschend eingelenkt", "eine Entscheidung vertagt", "neue Pläne vorgestellt"])}.`;
  return chance(rng, 0.5) ? `${opening} ${pick(rng, SENTENCES)(rng)}` : opening;
}

function slugOf(text: string): string {
  const ascii = text
    .toLowerCase()
    .replace(/ä/gu, "ae")
    .replace(/ö/gu, "oe")
    .replace(/ü/gu, "ue")
    .replace(/ß/gu, "ss")
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^a-z0-9]+/gu, "-")
    .replace(/^-+|-+$/gu, "");
  return ascii.slice(0, 48).replace(/-+$/u, "") || "artikel";
}

/** Breaks a paragraph into lines at spaces; the parser joins them back with one space. */
function wrap(text: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > WRAP_COLUMN) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines.join("\n");
}

const encoder = new TextEncoder();
const byteLength = (text: string) => encoder.encode(text).length;

/**
 * Generates seed number `index` from its own PRNG: a realistic German news article between 1 and
 * 8 KB in the documented seed format, with what the parser must read from it.
 */
export function generateSeed(index: number, rng: Rng): GeneratedSeed {
  const day = new Date(
    FIRST_DAY + Math.floor(rng() * ((LAST_DAY - FIRST_DAY) / DAY_MS + 1)) * DAY_MS,
  );
  const date = day.toISOString().slice(0, 10);
  const isTitled = chance(rng, 0.6);
  const title = isTitled ? pick(rng, TITLES)(rng) : "";
  // A title may stand alone; an untitled header needs a teaser.
  const teaser = isTitled && chance(rng, 0.06) ? "" : teaserOf(rng);
  const header = `${title} date ${date}${teaser === "" ? "" : ` ${teaser}`}`;
  const textCredit = pick(rng, TEXT_CREDITS);
  const isWrapped = chance(rng, 0.1);
  const lineEnd = chance(rng, 0.05) ? "\r\n" : "\n";
  const hasBom = chance(rng, 0.02);

  const blocks: ExpectedBlock[] = [];
  const written: string[] = [header];
  const creditParagraph = textCredit === undefined ? "" : `\n\nQuelle: ${textCredit}\n`;
  let size = byteLength(header) + byteLength(creditParagraph) + (hasBom ? 3 : 0) + 1;
  const add = (block: ExpectedBlock, text: string) => {
    blocks.push(block);
    written.push(text);
    size += byteLength(text) + 2;
  };
  const target = between(rng, MIN_SEED_BYTES + 100, MAX_SEED_BYTES - 600);
  const limit = MAX_SEED_BYTES - 400;
  if (chance(rng, 0.55)) {
    const text = pick(rng, CAPTIONS)(rng);
    const credit = pick(rng, PHOTO_CREDITS);
    add({ kind: "caption", text, credit, marker: "Quelle" }, `${text} Quelle: ${credit}`);
  }
  while (size < target) {
    const roll = rng();
    const paragraph = sentences(rng, between(rng, 2, 5));
    if (roll < 0.18 && blocks.length > 0) {
      // A subheading must be followed by more body, so it comes with its paragraph.
      const heading = pick(rng, SUBHEADINGS)(rng);
      if (size + byteLength(heading) + byteLength(paragraph) + 4 > limit) break;
      add({ kind: "subheading", text: heading }, heading);
      add({ kind: "paragraph", text: paragraph }, isWrapped ? wrap(paragraph) : paragraph);
    } else if (roll < 0.24) {
      const text = pick(rng, CAPTIONS)(rng);
      const credit = pick(rng, PHOTO_CREDITS);
      const caption = `${text} Quelle: ${credit}`;
      if (size + byteLength(caption) + 2 > limit) break;
      add({ kind: "caption", text, credit, marker: "Quelle" }, caption);
    } else {
      if (size + byteLength(paragraph) + 2 > limit) break;
      add({ kind: "paragraph", text: paragraph }, isWrapped ? wrap(paragraph) : paragraph);
    }
  }
  // The last body block must not be a caption ending the text: it would read as one anyway, but a
  // closing paragraph keeps the article shape realistic.
  if (blocks.at(-1)?.kind !== "paragraph") {
    const paragraph = sentences(rng, 1);
    add({ kind: "paragraph", text: paragraph }, paragraph);
  }

  const text = `${written.join("\n\n")}${creditParagraph === "" ? "\n" : creditParagraph}`;
  const withLineEnds = lineEnd === "\n" ? text : text.replace(/\n/gu, lineEnd);
  const folder = chance(rng, 0.3) ? `${date.slice(0, 4)}/${date.slice(5, 7)}/` : "";
  const name = `${String(index).padStart(6, "0")}_${slugOf(title === "" ? teaser : title)}`;
  return {
    index,
    path: `${folder}${name}.txt`,
    bytes: encoder.encode(hasBom ? `\uFEFF${withLineEnds}` : withLineEnds),
    title,
    date,
    teaser,
    blocks,
    textCredit,
  };
}

/** Seed `index` of the corpus `corpusSeed`, the same in every corpus that has it. */
export function generateCorpusSeed(corpusSeed: number, index: number): GeneratedSeed {
  return generateSeed(index, rngFor(corpusSeed, index));
}
