import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/**
 * A synthetic corpus of seeds in the README's format, for tests and `npm run bench`. Each seed is
 * made by its own PRNG, seeded from the corpus seed and its index, so seed i is the same in
 * every corpus that has it and can be regenerated alone (the benchmark restores an edited seed).
 */

/** A PRNG returning floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: a tiny, fast 32-bit PRNG; good enough for test data, deterministic everywhere. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The PRNG of seed `index` in the corpus `corpusSeed` (murmur3's finaliser mixes the two). */
export function rngFor(corpusSeed: number, index: number): Rng {
  let h = (Math.imul(corpusSeed >>> 0, 0x9e3779b1) ^ index) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return mulberry32((h ^ (h >>> 16)) >>> 0);
}

/** A body block as the parser must see it (line numbers aside). */
export type ExpectedBlock =
  | { readonly kind: "paragraph"; readonly text: string }
  | { readonly kind: "subheading"; readonly text: string }
  | { readonly kind: "caption"; readonly text: string; readonly credit: string };

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

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const chance = (rng: Rng, probability: number): boolean => rng() < probability;
const between = (rng: Rng, min: number, max: number): number =>
  min + Math.floor(rng() * (max - min + 1));

const FIRST_NAMES = [
  "Jürgen",
  "Anna",
  "Björn",
  "Sören",
  "Käthe",
  "Matthias",
  "Özlem",
  "Jörg",
  "Gülşen",
  "Hans-Peter",
  "Maren",
  "Łukasz",
  "Bärbel",
  "Uwe",
  "Franziska",
  "Timo",
];
const LAST_NAMES = [
  "Weiß",
  "Schäfer",
  "Müller",
  "Krüger",
  "Groß",
  "Hoß",
  "Yılmaz",
  "Böhm",
  "Koch",
  "Löffler",
  "Nowak",
  "Strauß",
  "Fuchs",
  "Günther",
  "Brückner",
  "Schmitz",
];
const ROLES = [
  "Bürgermeisterin",
  "Bürgermeister",
  "Außenministerin",
  "Wirtschaftsminister",
  "Gewerkschaftschef",
  "Landrat",
  "Trainer",
  "Ausschussvorsitzende",
  "Oberbürgermeister",
  "Polizeisprecher",
  "Verbandspräsidentin",
  "Chefärztin Dr. med.",
];
const PLACES = [
  "München",
  "Köln",
  "Düsseldorf",
  "Lübeck",
  "Görlitz",
  "Fürth",
  "Würzburg",
  "Osnabrück",
  "Saarbrücken",
  "Gießen",
  "Zürich",
  "Wien",
  "Straßburg",
  "Brüssel",
  "Tübingen",
  "Lüneburg",
  "Bad Tölz",
  "Mülheim an der Ruhr",
];
/** An organisation in the nominative, dative and genitive, each with its article. */
interface Organisation {
  readonly nom: string;
  readonly dat: string;
  readonly gen: string;
}
const org = (nom: string, dat: string, gen: string): Organisation => ({ nom, dat, gen });
const ORGANISATIONS: readonly Organisation[] = [
  org("die Verbraucherzentrale", "der Verbraucherzentrale", "der Verbraucherzentrale"),
  org("die Deutsche Bahn", "der Deutschen Bahn", "der Deutschen Bahn"),
  org(
    "der Städte- und Gemeindebund",
    "dem Städte- und Gemeindebund",
    "des Städte- und Gemeindebunds",
  ),
  org("die Stiftung Warentest", "der Stiftung Warentest", "der Stiftung Warentest"),
  org("das Statistische Bundesamt", "dem Statistischen Bundesamt", "des Statistischen Bundesamts"),
  org("der Bundesgerichtshof", "dem Bundesgerichtshof", "des Bundesgerichtshofs"),
  org(
    "die Bundesagentur für Arbeit",
    "der Bundesagentur für Arbeit",
    "der Bundesagentur für Arbeit",
  ),
  org("der Deutsche Wetterdienst", "dem Deutschen Wetterdienst", "des Deutschen Wetterdiensts"),
  org("die Müller & Söhne GmbH", "der Müller & Söhne GmbH", "der Müller & Söhne GmbH"),
  org("das Robert Koch-Institut", "dem Robert Koch-Institut", "des Robert Koch-Instituts"),
  org(
    "die Industrie- und Handelskammer",
    "der Industrie- und Handelskammer",
    "der Industrie- und Handelskammer",
  ),
];
const PRICE_SETTERS = [
  "Deutsche Bahn",
  "Stadtwerke München",
  "Müller & Söhne GmbH",
  "Rundfunkbeitrag-Service",
  "Verkehrsverbund Rhein-Ruhr",
  "Ostseebad Kühlungsborn",
];
const NEWSPAPERS = [
  "Süddeutsche Zeitung",
  "Frankfurter Allgemeine Zeitung",
  "Bild",
  "Der Spiegel",
  "Die Zeit",
  "Kölner Stadt-Anzeiger",
  "Neue Zürcher Zeitung",
  "Handelsblatt",
];
const WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"];
const MONTHS = [
  "Januar",
  "Februar",
  "März",
  "April",
  "Mai",
  "Juni",
  "Juli",
  "August",
  "September",
  "Oktober",
  "November",
  "Dezember",
];
const THINGS = [
  "Wohnungen",
  "Ladestationen",
  "Kita-Plätze",
  "Arztpraxen",
  "Radwege",
  "Brücken",
  "Schulgebäude",
  "Ausbildungsplätze",
  "Windräder",
  "Pflegekräfte",
  "Bäckereien",
  "Grünflächen",
];
const CLAUSES = [
  "die Gespräche in der kommenden Woche fortzusetzen",
  "die Gebühren zum 1. Januar zu erhöhen",
  "mehr Geld für Schulen und Kitas bereitzustellen",
  "das Verfahren deutlich zu beschleunigen",
  "die Straße über die Feiertage zu sperren",
  "die Förderung für Wärmepumpen & Solaranlagen zu kürzen",
  "gegen den Beschluss Einspruch einzulegen",
  "die Öffnungszeiten der Bürgerämter zu verlängern",
  "bis zum Frühjahr eine Lösung vorzulegen",
  "die Zuständigkeiten neu zu regeln",
];
const QUOTES = [
  "Wir müssen jetzt handeln",
  "Das ist ein großer Schritt für die ganze Region",
  "Niemand hat mit einer solchen Entwicklung gerechnet",
  "Wir lassen uns nicht einschüchtern",
  "Die Lage ist ernst, aber nicht hoffnungslos",
  "So kann es nicht weitergehen",
  "Das Ergebnis übertrifft unsere Erwartungen",
  "Wir brauchen verlässliche Zusagen & keine Ankündigungen",
];
const ADJECTIVES = [
  "wichtigen",
  "fatalen",
  "ermutigenden",
  "längst überfälligen",
  "völlig falschen",
  "starken",
];
const PHOTO_CREDITS = [
  "picture alliance / dpa",
  "AFP/Getty Images",
  "Reuters/Fabrizio Bensch",
  "IMAGO/Sven Simon",
  "dpa/Marijan Murat",
  "picture alliance / SZ Photo",
  "EPA-EFE/Filip Singer",
  "picture alliance / Geisler-Fotopress",
  "Stadt Würzburg",
  "privat",
];
/** Text credits, `undefined` meaning none: a seed without one gets no invented credit. */
const TEXT_CREDITS: readonly (string | undefined)[] = [
  "dpa",
  "dpa",
  "dpa",
  "AFP",
  "Reuters",
  "dpa/AFP",
  "epd",
  "KNA",
  undefined,
];

const person = (rng: Rng) => `${pick(rng, FIRST_NAMES)} ${pick(rng, LAST_NAMES)}`;
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const SENTENCES: ReadonlyArray<(rng: Rng) => string> = [
  (rng) =>
    `${capitalise(pick(rng, ROLES))} ${person(rng)} kündigte am ${pick(rng, WEEKDAYS)} in ${pick(rng, PLACES)} an, ${pick(rng, CLAUSES)}.`,
  (rng) =>
    `Nach Angaben ${pick(rng, ORGANISATIONS).gen} stieg die Zahl der ${pick(rng, THINGS)} im vergangenen Jahr um ${between(rng, 2, 40)} Prozent.`,
  (rng) => `„${pick(rng, QUOTES)}“, sagte ${person(rng)} der Deutschen Presse-Agentur.`,
  (rng) =>
    `Wie die "${pick(rng, NEWSPAPERS)}" berichtete, plant ${pick(rng, ORGANISATIONS).nom}, ${pick(rng, CLAUSES)}.`,
  (rng) => {
    const low = between(rng, 2, 9);
    return `Der Anteil liegt inzwischen bei weniger als ${low} Prozent (<${low} %), in einigen Regionen aber bei > ${between(rng, 20, 60)} Prozent.`;
  },
  (rng) =>
    `Kritiker warnen vor steigenden Kosten & längeren Wartezeiten, vor allem in ${pick(rng, PLACES)}.`,
  (rng) =>
    `Bei ${pick(rng, ORGANISATIONS).dat} hieß es, man prüfe die Vorwürfe „mit größter Sorgfalt“.`,
  (rng) =>
    `Die Messwerte lagen zeitweise bei mehr als ${between(rng, 40, 90)} Mikrogramm; der Grenzwert sei damit überschritten (Messwert > Grenzwert).`,
  () => "Ob die Maßnahmen ausreichen, ist umstritten.",
  (rng) =>
    `Bis Ende ${between(rng, 2026, 2030)} sollen ${between(rng, 20, 900)} neue ${pick(rng, THINGS)} entstehen.`,
  (rng) => `${person(rng)} sprach von einem "${pick(rng, ADJECTIVES)} Signal".`,
  (rng) => `Die Straße bleibt voraussichtlich bis ${pick(rng, WEEKDAYS)} gesperrt.`,
  (rng) =>
    `Am ${between(rng, 1, 28)}. ${pick(rng, MONTHS)} soll der Gemeinderat über die Pläne abstimmen, z. B. über höhere Gebühren.`,
  (rng) =>
    `Die Gewerkschaft fordert ${between(rng, 4, 12)},${between(rng, 0, 9)} Prozent mehr Lohn; die Arbeitgeber bieten bislang deutlich weniger.`,
  (rng) => {
    const first = pick(rng, PLACES);
    const second = pick(rng, PLACES);
    return second === first
      ? `Auch in ${first} gab es Proteste.`
      : `Auch in ${first} und ${second} gab es Proteste.`;
  },
  () => "Warum das so lange gedauert hat, blieb zunächst offen.",
  (rng) =>
    `Einsatzkräfte waren bis in die Nacht im Einsatz, verletzt wurde nach ersten Erkenntnissen niemand – ${pick(rng, ["zum Glück", "wie durch ein Wunder", "so die Polizei"])}.`,
  (rng) =>
    `Gemäß dem Beschluss müssen Betriebe mit < ${between(rng, 10, 50)} Beschäftigten keine Abgabe zahlen.`,
  (rng) =>
    `Der Umsatz von AT&T und der Müller & Söhne GmbH brach im ${pick(rng, ["ersten", "zweiten", "dritten", "vierten"])} Quartal ein.`,
  (rng) => `„Ich halte das für einen Fehler“, sagte ${person(rng)}. „Aber wir werden sehen.“`,
];

const SUBHEADINGS: ReadonlyArray<(rng: Rng) => string> = [
  () => "Kritik aus der Opposition",
  (rng) => `Gespräche über Löhne & Arbeitszeiten in ${pick(rng, PLACES)}`,
  (rng) => `Mehr als ${between(rng, 100, 900)} Einsätze in einer Nacht`,
  () => "Was Bürgerinnen und Bürger jetzt wissen müssen",
  () => "Größere Schäden in Süddeutschland",
  () => "Streit um die Grundsteuer",
  (rng) => `Reaktionen aus ${pick(rng, PLACES)}`,
  () => 'Der "Plan B" der Landesregierung',
  () => "Preise > Vorjahr: Was das für Familien bedeutet",
  () => "Wie es jetzt weitergeht",
];

const TITLES: ReadonlyArray<(rng: Rng) => string> = [
  () => "Streit um Grundsteuer: Städte fordern mehr Geld",
  (rng) => `Unwetter in ${pick(rng, PLACES)}: Straßen überflutet, Keller vollgelaufen`,
  (rng) => `${pick(rng, PRICE_SETTERS)} erhöht Preise um ${between(rng, 3, 25)} Prozent`,
  () => "Tarifstreit bei der Bahn & kein Ende in Sicht",
  (rng) => `„Großer Schritt“: ${pick(rng, PLACES)} bekommt neues Klärwerk`,
  (rng) => `Weniger ${pick(rng, THINGS)} als geplant – Kommunen schlagen Alarm`,
  (rng) => `${person(rng)} wird neue Präsidentin des Fußballverbands`,
  () => 'Bundesgerichtshof kippt Klausel: "Unzulässige Benachteiligung"',
  (rng) => `Mietpreise in ${pick(rng, PLACES)}: Anstieg < 2 Prozent, aber Neubau stockt`,
  (rng) => `Gericht stoppt Abriss der Brücke in ${pick(rng, PLACES)}`,
];

const CAPTIONS: ReadonlyArray<(rng: Rng) => string> = [
  (rng) => `${person(rng)} bei einer Pressekonferenz in ${pick(rng, PLACES)}.`,
  (rng) => `Blick auf die überflutete Altstadt von ${pick(rng, PLACES)}`,
  (rng) => `Demonstrierende vor dem Rathaus in ${pick(rng, PLACES)} am ${pick(rng, WEEKDAYS)}.`,
  () => 'Ein Plakat mit der Aufschrift "Kein Abriss!" hängt an der Brücke.',
  (rng) => `${capitalise(pick(rng, ROLES))} ${person(rng)} (l.) & ${person(rng)} im Gespräch`,
];

/** A paragraph of `count` sentences, no template twice in it. */
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
    add({ kind: "caption", text, credit }, `${text} Quelle: ${credit}`);
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
      add({ kind: "caption", text, credit }, caption);
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

export interface WriteCorpusOptions {
  readonly count: number;
  readonly out: string;
  readonly seed?: number;
  /** Files written at the same time. */
  readonly concurrency?: number;
  readonly onProgress?: (written: number, count: number, bytes: number) => void;
}

/** Writes `count` seeds into `out` (existing files of the same names are replaced); returns bytes written. */
export async function writeCorpus(options: WriteCorpusOptions): Promise<number> {
  const { count, out, seed = 1, concurrency = 32, onProgress } = options;
  await mkdir(out, { recursive: true });
  const folders = new Set<string>();
  let next = 0;
  let written = 0;
  let bytes = 0;
  const worker = async () => {
    while (next < count) {
      const generated = generateCorpusSeed(seed, next++);
      const file = join(out, generated.path);
      const folder = dirname(file);
      if (!folders.has(folder)) {
        await mkdir(folder, { recursive: true });
        folders.add(folder);
      }
      // Written under a name the publisher ignores, then renamed: never a half-written seed.
      await writeFile(`${file}.tmp`, generated.bytes);
      await rename(`${file}.tmp`, file);
      written++;
      bytes += generated.bytes.length;
      onProgress?.(written, count, bytes);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return bytes;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: "string" },
      out: { type: "string" },
      seed: { type: "string", default: "1" },
    },
  });
  const count = Number(values.count);
  const seed = Number(values.seed);
  if (values.count === undefined || !Number.isInteger(count) || count < 1) {
    throw new UsageError("--count must be a whole number of at least 1");
  }
  if (values.out === undefined || values.out === "") throw new UsageError("--out DIR is required");
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UsageError("--seed must be a whole number from 0 to 4294967295");
  }
  const out = resolve(values.out);
  const started = performance.now();
  let lastReport = started;
  const bytes = await writeCorpus({
    count,
    out,
    seed,
    onProgress: (written, total, soFar) => {
      const now = performance.now();
      if (now - lastReport >= 2000 && written < total) {
        lastReport = now;
        console.log(`corpus: wrote ${written} of ${total} (${(soFar / 1048576).toFixed(1)} MiB)`);
      }
    },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `corpus: wrote ${count} seeds (${(bytes / 1048576).toFixed(1)} MiB, seed ${seed}) to ${out} in ${seconds} s`,
  );
}

class UsageError extends Error {
  override readonly name = "UsageError";
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(resolve(process.argv[1])).href
) {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      error instanceof UsageError
        ? `corpus: ${message}\nusage: npm run corpus -- --count N --out DIR [--seed S]`
        : `corpus: ${message}`,
    );
    process.exit(1);
  });
}
