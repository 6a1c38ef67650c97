import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeCorpus } from "../src/runtime/node/write-corpus.ts";

/**
 * `npm run corpus -- --count N --out DIR [--seed S]`: writes a synthetic corpus of realistic
 * German news seeds (src/corpus/generate.ts), the same bytes for the same seed on every machine.
 */

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

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(
    error instanceof UsageError
      ? `corpus: ${message}\nusage: npm run corpus -- --count N --out DIR [--seed S]`
      : `corpus: ${message}`,
  );
  process.exit(1);
});
