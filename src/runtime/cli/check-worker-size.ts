import { readdir, readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { type CommandSpec, commandHelp, parseCommand, UsageError } from "./args.ts";

// Cloudflare's limit on a Worker's compressed size: 3 MiB on the free plan, 10 MiB on paid.
const LIMITS_MIB = { free: 3, paid: 10 } as const;
const MIB = 1024 * 1024;
// What wrangler uploads as modules; source maps and its README stay behind.
const MODULE_EXTENSIONS = new Set([".js", ".mjs", ".cjs", ".wasm", ".bin", ".txt", ".html"]);

const SPEC: CommandSpec = {
  name: "check-worker-size",
  program: "tsx src/runtime/cli/check-worker-size.ts",
  synopsis: "[DIR]",
  brief: "check-worker-size",
  summary: "fail when the Worker bundle is over the plan's limit",
  description: [
    "Reports the gzip size of the Worker bundle in DIR (default dist/worker) and exits 1 when",
    "it is over the limit of WORKER_PLAN (free: 3 MiB, the default; paid: 10 MiB).",
  ].join("\n"),
  options: {},
  positionals: { max: 1, name: "DIR" },
};

class SizeError extends Error {
  override readonly name = "SizeError";
}

/**
 * Runs after `npm run build:worker`: reports the bundle's gzip size and fails when it is over
 * the plan's limit (WORKER_PLAN=free, the default, or paid), before a deploy would be refused.
 */
async function main(): Promise<void> {
  const parsed = parseCommand(SPEC, process.argv.slice(2));
  if (parsed.isHelp) {
    process.stdout.write(commandHelp(SPEC));
    return;
  }
  const folder = parsed.positionals[0] ?? "dist/worker";
  const plan = process.env.WORKER_PLAN?.trim() || "free";
  if (plan !== "free" && plan !== "paid") {
    throw new SizeError(`invalid setting WORKER_PLAN: must be free or paid, not ${plan}`);
  }
  const limit = LIMITS_MIB[plan] * MIB;
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => MODULE_EXTENSIONS.has(extname(name)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
    throw new SizeError(`cannot read the worker bundle in ${folder} (${code})`);
  }
  if (names.length === 0) throw new SizeError(`no worker bundle in ${folder}`);
  let raw = 0;
  let gzipped = 0;
  for (const name of names) {
    const bytes = await readFile(join(folder, name));
    raw += bytes.length;
    gzipped += gzipSync(bytes).length;
  }
  const share = ((gzipped / limit) * 100).toFixed(1);
  const summary =
    `worker bundle ${kib(raw)} KiB, ${kib(gzipped)} KiB gzip: ${share}% of the ` +
    `${LIMITS_MIB[plan]} MiB limit of the ${plan} plan`;
  if (gzipped > limit) {
    throw new SizeError(
      `${summary}. Cloudflare would refuse it: bundle fewer seeds (SEEDS_DIR), ` +
        (plan === "free" ? "or set WORKER_PLAN=paid on the paid plan, " : "") +
        "or publish with `npm run export` to a static host (README: Static export).",
    );
  }
  console.error(summary);
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof SizeError || error instanceof UsageError ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
