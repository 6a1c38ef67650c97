import { mkdir, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { generateCorpusSeed } from "../../src/corpus/generate.ts";
import type { Rng } from "../../src/corpus/rng.ts";
import { idOf, newsDate, withHeader } from "./seed-edit.ts";
import {
  CORPUS_SEED,
  EDIT_SEED_BASE,
  INITIAL_SEEDS,
  MAX_VOLATILE,
  MIN_VOLATILE,
  STABLE_SEEDS,
} from "./settings.ts";

/** One write of the writer: which seed, when it was in place, and what it was. */
export interface WriteNote {
  readonly id: string;
  readonly path: string;
  readonly atMs: number;
  readonly what: string;
}

/** A seed the writer knows to be valid now: where it is, and what its latest bytes say. */
export interface SeedRecord {
  readonly index: number;
  readonly path: string;
  date: string;
  /** How the title of its latest edit starts (`Korrektur 17:`); undefined if never edited. */
  titleMark: string | undefined;
}

/**
 * Adds, edits (a temporary name renamed into place, as the README asks writers to do) and
 * deletes seeds, and keeps its own record of which seeds are valid. Like a newsroom, most new
 * articles are the newest and most edits keep the date; a few are backdated or redated, which
 * moves articles between archive pages.
 */
export class SeedWriter {
  readonly valid = new Map<string, SeedRecord>();
  /** The ids the writer may touch, for O(1) random picks. */
  readonly volatile: string[] = [];
  readonly deleted = new Set<string>();
  readonly counts = { added: 0, edited: 0, deleted: 0 };
  /** Every write, in order: to check that the server reloaded each, and to quote as evidence. */
  readonly journal: WriteNote[] = [];
  #nextIndex = INITIAL_SEEDS;
  #edits = 0;
  readonly #dir: string;
  readonly #rng: Rng;

  constructor(dir: string, rng: Rng) {
    this.#dir = dir;
    this.#rng = rng;
    for (let index = 0; index < INITIAL_SEEDS; index++) {
      const seed = generateCorpusSeed(CORPUS_SEED, index);
      const id = idOf(seed.path);
      this.valid.set(id, { index, path: seed.path, date: seed.date, titleMark: undefined });
      if (index >= STABLE_SEEDS) this.volatile.push(id);
    }
  }

  get operations(): number {
    return this.counts.added + this.counts.edited + this.counts.deleted;
  }

  async step(): Promise<void> {
    const roll = this.#rng();
    const size = this.volatile.length;
    if (size <= MIN_VOLATILE || (size < MAX_VOLATILE && roll < 0.35)) await this.#add();
    else if (roll < 0.8) await this.#edit();
    else await this.#delete();
  }

  async #add(): Promise<void> {
    const index = this.#nextIndex++;
    const seed = generateCorpusSeed(CORPUS_SEED, index);
    // One in ten is a late-filed older article; the rest are today's news, a few a day.
    const date = this.#rng() < 0.1 ? seed.date : newsDate(Math.floor(this.counts.added / 4));
    await this.#writeIntoPlace(seed.path, withHeader(seed, seed.title, date));
    const id = idOf(seed.path);
    this.valid.set(id, { index, path: seed.path, date, titleMark: undefined });
    this.volatile.push(id);
    this.counts.added++;
    this.#note(id, seed.path, `added (${date})`);
  }

  async #edit(): Promise<void> {
    const id = this.volatile[Math.floor(this.#rng() * this.volatile.length)];
    const record = id === undefined ? undefined : this.valid.get(id);
    if (id === undefined || record === undefined) return;
    // Another corpus's seed of the same number gives new text and credit; the title is marked
    // so the final check can tell this version from the last. One in six edits moves the date.
    const edit = this.#edits++;
    const seed = generateCorpusSeed(EDIT_SEED_BASE + edit, record.index);
    const titleMark = `Korrektur ${edit}:`;
    const date = this.#rng() < 1 / 6 ? seed.date : record.date;
    const title = `${titleMark} ${seed.title === "" ? "Nachtrag" : seed.title}`;
    await this.#writeIntoPlace(record.path, withHeader(seed, title, date));
    record.date = date;
    record.titleMark = titleMark;
    this.counts.edited++;
    this.#note(id, record.path, `edited: ${titleMark} (${date})`);
  }

  async #delete(): Promise<void> {
    const at = Math.floor(this.#rng() * this.volatile.length);
    const id = this.volatile[at];
    const record = id === undefined ? undefined : this.valid.get(id);
    if (id === undefined || record === undefined) return;
    // Swap-remove: order does not matter, picks stay O(1).
    this.volatile[at] = this.volatile.at(-1) as string;
    this.volatile.pop();
    this.valid.delete(id);
    await unlink(join(this.#dir, record.path));
    this.deleted.add(id);
    this.counts.deleted++;
    this.#note(id, record.path, "deleted");
  }

  async #writeIntoPlace(path: string, bytes: Uint8Array): Promise<void> {
    const file = join(this.#dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(`${file}.tmp`, bytes);
    await rename(`${file}.tmp`, file);
  }

  #note(id: string, path: string, what: string): void {
    this.journal.push({ id, path, atMs: Date.now(), what });
  }
}
