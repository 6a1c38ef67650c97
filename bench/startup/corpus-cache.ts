import { createHash } from "node:crypto";
import { mkdir, readFile, rm, statfs, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeCorpus } from "../../src/runtime/node/write-corpus.ts";
import { FOLDERS } from "../run/environment.ts";

/** Start-up corpora, generated once into bench/.work/ and reused while the generator is unchanged. */

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const MIN_FREE_BYTES_FOR_LARGE_CORPUS = 2 * GIB;
const LARGE_CORPUS = 50_000;
/** The files that decide a corpus's bytes: a change to any of them makes a new corpus. */
const GENERATOR_SOURCES = ["rng.ts", "words.ts", "generate.ts"].map(
  (name) => new URL(`../../src/corpus/${name}`, import.meta.url),
);

const log = (message: string) => console.log(message);

export interface Corpus {
  readonly dir: string;
  readonly articles: number;
  readonly bytes: number;
}

/** A cached corpus in bench/.work/, generated once; `undefined` when the disk is too full. */
export async function ensureCorpus(
  articles: number,
  seed: number,
  notes: string[],
): Promise<Corpus | undefined> {
  const dir = join(FOLDERS.workDir, `corpus-${articles}-seed-${seed}`);
  const marker = join(dir, ".complete.json");
  // A change to the generator makes a new corpus.
  const hash = createHash("sha256");
  for (const source of GENERATOR_SOURCES) hash.update(await readFile(source));
  const fingerprint = hash.update(`${articles}:${seed}`).digest("hex");
  try {
    const saved = JSON.parse(await readFile(marker, "utf8")) as {
      fingerprint?: string;
      bytes?: number;
    };
    if (saved.fingerprint === fingerprint && typeof saved.bytes === "number") {
      return { dir, articles, bytes: saved.bytes };
    }
  } catch {
    // not generated yet, or interrupted
  }
  await mkdir(FOLDERS.workDir, { recursive: true });
  if (articles >= LARGE_CORPUS) {
    const { bavail, bsize } = await statfs(FOLDERS.workDir);
    const free = bavail * bsize;
    if (free < MIN_FREE_BYTES_FOR_LARGE_CORPUS) {
      const note = `skipped the ${articles}-article corpus: ${(free / GIB).toFixed(1)} GiB free in ${FOLDERS.workDir}, it needs 2 GiB`;
      log(`start-up: ${note}`);
      notes.push(note);
      return undefined;
    }
  }
  await rm(dir, { recursive: true, force: true });
  log(`start-up: generating ${articles} seeds into ${dir} (once; cached for later runs)`);
  const started = performance.now();
  let lastReport = started;
  const bytes = await writeCorpus({
    count: articles,
    out: dir,
    seed,
    onProgress: (written, count) => {
      if (performance.now() - lastReport > 2000) {
        lastReport = performance.now();
        log(`    corpus: wrote ${written} of ${count}`);
      }
    },
  });
  await writeFile(marker, JSON.stringify({ fingerprint, articles, seed, bytes }));
  log(
    `    corpus: ${(bytes / MIB).toFixed(1)} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { dir, articles, bytes };
}
