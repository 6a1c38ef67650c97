import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { generateCorpusSeed } from "../../corpus/generate.ts";

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
