import { readdir } from "node:fs/promises";
import { resolve } from "node:path";
import { describeError } from "../describe-error.ts";
import { isMissing } from "../node/seed-files.ts";
import { writeCorpus } from "../node/write-corpus.ts";

const PROGRESS_INTERVAL_MS = 2000;
const MIB = 1048576;

export interface CorpusOptions {
  readonly count: number;
  readonly out: string;
  readonly seed: number;
  /** `--force`: write into a folder that already has files. */
  readonly isForced: boolean;
}

/**
 * `feed-publisher corpus --count N --out DIR` (`npm run corpus`): N synthetic seeds
 * (src/corpus/generate.ts), the same bytes for the same seed on every machine. A folder that is
 * not empty may be a live seeds folder, whose server would publish the invented stories at once:
 * it is refused unless `--force` says otherwise.
 */
export async function writeCorpusFolder(options: CorpusOptions): Promise<number> {
  const out = resolve(options.out);
  if (!options.isForced) {
    let entries: string[];
    try {
      entries = await readdir(out);
    } catch (error) {
      if (!isMissing(error)) {
        console.error(`corpus: cannot read ${options.out} (${describeError(error)})`);
        return 1;
      }
      entries = [];
    }
    if (entries.length > 0) {
      console.error(
        `corpus: refusing to write into ${options.out}: it is not empty (${entries.length} ` +
          "entries) and may be a seeds folder a server publishes; choose an empty folder, or " +
          "pass --force",
      );
      return 1;
    }
  }
  const started = performance.now();
  let lastReport = started;
  const bytes = await writeCorpus({
    count: options.count,
    out,
    seed: options.seed,
    onProgress: (written, total, soFar) => {
      const now = performance.now();
      if (now - lastReport >= PROGRESS_INTERVAL_MS && written < total) {
        lastReport = now;
        console.log(`corpus: wrote ${written} of ${total} (${(soFar / MIB).toFixed(1)} MiB)`);
      }
    },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `corpus: wrote ${options.count} seeds (${(bytes / MIB).toFixed(1)} MiB, seed ` +
      `${options.seed}) to ${out} in ${seconds} s`,
  );
  return 0;
}
