import { cp, mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** What a seed must turn into, written down by hand so the tests do not trust the parser. */
export interface ExpectedArticle {
  /** The seed's path inside the seeds folder, with `/`. */
  readonly file: string;
  readonly title: string;
  /** The seed's day, YYYY-MM-DD. */
  readonly date: string;
  /** Europe/Berlin's UTC offset at 00:00 that day, in hours (CET +1, CEST +2). */
  readonly offsetHours: number;
  /** The day as the German pages write it. */
  readonly germanDate: string;
  readonly textCredit: string | undefined;
  readonly photoCredit: string | undefined;
}

/** A seed the tests write, with what it must become. */
export interface GeneratedSeed extends ExpectedArticle {
  readonly text: string;
}

/** The sample article in seeds/, which the fixture folder copies as it is. */
export const BUNDLED_ARTICLE: ExpectedArticle = {
  file: "000_0ed16cc7de1f1aa0.txt",
  title:
    "Der US-Sondergesandte Witkoff will sich laut Berichten bereits am Donnerstag erneut mit ukrainischen Vertretern treffen.",
  date: "2025-12-04",
  offsetHours: 1,
  germanDate: "4. Dezember 2025",
  textCredit: "dpa",
  photoCredit: "picture alliance / TASS",
};

/** Seeds that give the feeds variety: no credit, markup characters, nested folders, both DST days. */
export const GENERATED_SEEDS: readonly GeneratedSeed[] = [
  {
    file: "ohne-quelle.txt",
    title: "Ein Artikel ohne Textquelle",
    date: "2025-11-02",
    offsetHours: 1,
    germanDate: "2. November 2025",
    textCredit: undefined,
    photoCredit: undefined,
    text: `Ein Artikel ohne Textquelle date 2025-11-02 Dieser Artikel nennt keine Agentur.

Der Text hat zwei Absätze, aber keine abschließende Quellenangabe.

Auch dieser zweite Absatz gehört dazu.
`,
  },
  {
    // 2025-10-26: summer time ends at 03:00, so midnight is still CEST.
    file: "sonderzeichen.txt",
    title: "Tom & Jerry <live> im „Kino“",
    date: "2025-10-26",
    offsetHours: 2,
    germanDate: "26. Oktober 2025",
    textCredit: "AFP & Reuters",
    photoCredit: "Foto & Film <GmbH>",
    text: `Tom & Jerry <live> im „Kino“ date 2025-10-26 Die Nacht ist eine Stunde länger & <b>nicht</b> fett.

Ein Foto vom Kinosaal. Quelle: Foto & Film <GmbH>

Fließtext mit 3 < 4 und 5 > 4 &amp; einem &lt;Entity&gt;-Versuch.

Quelle: AFP & Reuters
`,
  },
  {
    // 2025-03-30: summer time starts at 02:00, so midnight is still CET.
    file: "politik/inland/haushalt.txt",
    title: "Bundestag beschließt den Haushalt",
    date: "2025-03-30",
    offsetHours: 1,
    germanDate: "30. März 2025",
    textCredit: "Reuters",
    photoCredit: "picture alliance / dpa",
    text: `Bundestag beschließt den Haushalt date 2025-03-30 Nach langer Debatte ist der Etat beschlossen.

Abgeordnete im Plenarsaal. Quelle: picture alliance / dpa

Die wichtigsten Posten

Der Haushalt umfasst viele Posten, über die lange gestritten wurde.

Quelle: Reuters
`,
  },
  {
    file: "wirtschaft/sommer.txt",
    title: "Sommerflaute an den Börsen",
    date: "2025-07-15",
    offsetHours: 2,
    germanDate: "15. Juli 2025",
    textCredit: "dpa",
    photoCredit: undefined,
    text: `Sommerflaute an den Börsen date 2025-07-15 Die Umsätze sind gering.

Händler sprechen von einem ruhigen Tag.

Quelle: dpa
`,
  },
  {
    // The oldest article: with INDEX_PAGE_SIZE=5 it is alone on the index's second page.
    file: "archiv/silvester-2024.txt",
    title: "Silvester ohne Böller",
    date: "2024-12-31",
    offsetHours: 1,
    germanDate: "31. Dezember 2024",
    textCredit: "KNA",
    photoCredit: "Max Mustermann",
    text: `Silvester ohne Böller date 2024-12-31 Viele Städte verbieten Feuerwerk in der Innenstadt.

Feuerwerk über dem Rhein. Quelle: Max Mustermann

Die Polizei kündigte Kontrollen an.

Quelle: KNA
`,
  },
];

/** Every article the fixture folder publishes at the start, newest first. */
export const EXPECTED_ARTICLES: readonly ExpectedArticle[] = [
  BUNDLED_ARTICLE,
  ...GENERATED_SEEDS,
].sort((a, b) => b.date.localeCompare(a.date));

/** The article id: the seed's path without `.txt`. */
export function articleId(article: ExpectedArticle): string {
  return article.file.replace(/\.txt$/u, "");
}

/** The permalink the server must publish for an article. */
export function permalink(baseUrl: string, article: ExpectedArticle): string {
  return `${baseUrl}/articles/${articleId(article)}`;
}

/** 00:00 Europe/Berlin on the article's day, in Unix seconds. */
export function midnightSeconds(article: ExpectedArticle): number {
  const [year = 0, month = 0, day = 0] = article.date.split("-").map(Number);
  return Date.UTC(year, month - 1, day) / 1000 - article.offsetHours * 3600;
}

/** A temporary seeds folder: a copy of seeds/ plus the generated seeds. */
export interface SeedsFolder {
  readonly path: string;
  /** Adds a seed the way the README tells writers to: a temporary name, then a rename. */
  add(seed: GeneratedSeed): Promise<void>;
  remove(): Promise<void>;
}

/** Creates the fixture seeds folder under the system's temporary folder. */
export async function createSeedsFolder(): Promise<SeedsFolder> {
  const root = await mkdtemp(join(tmpdir(), "feed-publisher-e2e-seeds-"));
  const path = join(root, "seeds");
  await cp(join(REPO_ROOT, "seeds"), path, { recursive: true });
  const add = async (seed: GeneratedSeed) => {
    const target = join(path, seed.file);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(`${target}.partial`, seed.text);
    await rename(`${target}.partial`, target);
  };
  for (const seed of GENERATED_SEEDS) await add(seed);
  return { path, add, remove: () => rm(root, { recursive: true, force: true }) };
}
