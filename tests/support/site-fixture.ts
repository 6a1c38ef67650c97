import { cp, mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BROKEN_AND_TRICKY = fileURLToPath(new URL("../fixtures/seeds/", import.meta.url));
const CREDITS = ["dpa", "AFP", "dpa/AFP", "Reuters", undefined] as const;
// Every time lies well in the past, so Last-Modified never depends on when a test runs.
const FILE_TIME = Date.UTC(2025, 11, 20, 12, 0, 0);
const FOLDER_TIME = Date.UTC(2025, 11, 21, 8, 0, 0);

/** How many valid seeds writeSiteFixture writes besides the copied fixtures. */
export const GENERATED_ARTICLES = 30;

/**
 * Writes a seeds folder with enough articles for several archive and index pages, five text
 * credits, nested folders, markup characters, and every broken or tricky fixture seed. Every
 * file and folder gets a fixed modification time (fractional ms included, as file systems give).
 */
export async function writeSiteFixture(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await cp(BROKEN_AND_TRICKY, folder, { recursive: true });
  for (let index = 0; index < GENERATED_ARTICLES; index++) {
    const day = new Date(Date.UTC(2024, 0, 1) + index * 23 * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    const subfolder = index % 3 === 0 ? `${date.slice(0, 4)}/${date.slice(5, 7)}/` : "";
    await mkdir(join(folder, subfolder), { recursive: true });
    await writeFile(
      join(folder, subfolder, `artikel-${String(index).padStart(2, "0")}.txt`),
      seedText(index, date),
    );
  }
  const files = await listRecursively(folder);
  for (const [index, { path }] of files.filter((entry) => !entry.isFolder).entries()) {
    const time = (FILE_TIME + index * 60_000 + 0.25) / 1000; // seconds, as utimes takes them
    await utimes(join(folder, path), time, time);
  }
  // Folders last (deepest first): writing a file changes its folder's time.
  const folders = files.filter((entry) => entry.isFolder).reverse();
  for (const [index, { path }] of [...folders, { path: "" }].entries()) {
    const time = (FOLDER_TIME + index * 3_600_000) / 1000;
    await utimes(join(folder, path), time, time);
  }
}

function seedText(index: number, date: string): string {
  const credit = CREDITS[index % CREDITS.length];
  // Every fourth seed has no title: the teaser's first sentence becomes it.
  const title = index % 4 === 0 ? "" : `Meldung ${index}: Preise & <Tarife> steigen`;
  return [
    `${title} date ${date} Teaser ${index} mit „Anführungszeichen“ & Umlauten: äöü ß. Zweiter Satz.`,
    "",
    `Absatz eins von Artikel ${index}, über zwei`,
    "Zeilen verteilt.",
    "",
    `Zwischentitel ${index}`,
    "",
    `Ein Bild zu Artikel ${index}. Quelle: picture alliance / dpa`,
    "",
    "Absatz zwei mit <b>Markup</b>, das Text bleibt, und ]]> sowie &amp;.",
    ...(credit === undefined ? [] : ["", `Quelle: ${credit}`]),
    "",
  ].join("\n");
}

async function listRecursively(root: string): Promise<Array<{ path: string; isFolder: boolean }>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .map((entry) => ({
      path: join(entry.parentPath, entry.name)
        .slice(root.length)
        .replace(/^[/\\]+/u, ""),
      isFolder: entry.isDirectory(),
    }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
