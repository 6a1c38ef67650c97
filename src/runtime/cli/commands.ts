import { ALLOW_DEFAULT_ID_AUTHORITY_FLAG } from "../../publish-guards.ts";
import { type CommandSpec, type ParsedCommand, usageError } from "./args.ts";

/**
 * The commands of `feed-publisher`: how each is called and documented, and what it runs. Each
 * implementation is imported only when its command runs, so `--help` and `check` never load the
 * server, and `serve` never loads the exporter.
 */

/** What a command ends with: an exit code, or "serving" for a server that keeps running. */
export type Outcome = number | "serving";

export interface Command extends CommandSpec {
  run(parsed: Extract<ParsedCommand, { isHelp: false }>): Promise<Outcome>;
}

const SETTINGS_NOTE =
  "Settings come from environment variables (SEEDS_DIR, BASE_URL, ID_AUTHORITY, …): see\n" +
  "README.md, Configuration.";

const serve: Command = {
  name: "serve",
  synopsis: "serve",
  brief: "serve",
  summary: "serve SEEDS_DIR on HOST:PORT, publishing every change to the folder",
  description: [
    "Serves the feeds, pages and /healthz of SEEDS_DIR on HOST:PORT and follows every change of",
    "the folder without a restart. SIGTERM or SIGINT finishes the requests in flight, then exits 0.",
    "",
    SETTINGS_NOTE,
  ].join("\n"),
  options: {},
  run: async () => (await import("./serve.ts")).serve(),
};

const check: Command = {
  name: "check",
  synopsis: "check [DIR]",
  brief: "check [DIR]",
  summary: "validate the seeds in DIR (default SEEDS_DIR); exit 1 if any is invalid",
  description: [
    "Reads DIR (or SEEDS_DIR, default seeds) exactly as the server does and prints one",
    "`path:line: message` line per seed it would skip, then a count on stderr. Exits 1 when any",
    "seed is invalid or the folder cannot be read. It then says how many seeds each",
    "CREDIT_MARKERS word started a credit in; --verbose names them seed by seed.",
    "",
    SETTINGS_NOTE,
  ].join("\n"),
  options: {
    verbose: { type: "boolean", short: "v", description: "name the credit marker of each seed" },
  },
  positionals: { max: 1, name: "DIR" },
  async run({ positionals, values }) {
    const folder = positionals[0];
    // An empty SEEDS_DIR means "the default": `check ""` must not quietly check seeds/.
    if (folder === "") throw usageError(this, "DIR must not be empty");
    return (await import("./check.ts")).check(folder, { isVerbose: values.verbose === true });
  },
};

const exportSite: Command = {
  name: "export",
  synopsis: `export --out DIR [${ALLOW_DEFAULT_ID_AUTHORITY_FLAG}]`,
  brief: "export --out DIR",
  summary: "write the whole site as static files into DIR, with a _headers file",
  description: [
    "Writes every feed and page of SEEDS_DIR into DIR, byte for byte what `serve` sends, plus",
    "a _headers file for Cloudflare Pages or Netlify. Set BASE_URL to the address the site will",
    "have. It refuses (exit 1) while ID_AUTHORITY is still the default, because the ids it",
    "writes can never change once readers have them.",
    "",
    SETTINGS_NOTE,
  ].join("\n"),
  options: {
    out: { type: "string", value: "DIR", description: "the folder to write (created if missing)" },
    "allow-default-id-authority": {
      type: "boolean",
      description: "export even though ID_AUTHORITY is still localhost,2025 (a trial export)",
    },
  },
  async run({ values }) {
    const out = values.out;
    if (typeof out !== "string" || out === "") throw usageError(this, "--out DIR is required");
    const { exportStatic } = await import("./export.ts");
    return exportStatic({
      out,
      isDefaultIdAuthorityAllowed: values["allow-default-id-authority"] === true,
    });
  },
};

const MAX_CORPUS_SEED = 0xffffffff;

const corpus: Command = {
  name: "corpus",
  synopsis: "corpus --count N --out DIR [--seed S] [--force]",
  brief: "corpus --count N --out DIR",
  summary: "write N synthetic seeds into an empty folder DIR (for tests and benchmarks)",
  description: [
    "Writes N invented German news articles in the seed format into DIR: the same --seed always",
    "gives the same bytes. It refuses a folder that is not empty (it may be a live seeds folder,",
    "and the server would publish the invented stories) unless given --force.",
  ].join("\n"),
  options: {
    count: { type: "string", value: "N", description: "how many seeds to write (at least 1)" },
    out: { type: "string", value: "DIR", description: "the folder to write (created if missing)" },
    seed: {
      type: "string",
      value: "S",
      default: "1",
      description: `the generator's seed, 0 to ${MAX_CORPUS_SEED}`,
    },
    force: { type: "boolean", description: "write into DIR even when it is not empty" },
  },
  async run({ values }) {
    const count = wholeNumber(values.count);
    const seed = wholeNumber(values.seed);
    if (count === undefined || count < 1) {
      throw usageError(this, "--count N must be a whole number of at least 1");
    }
    if (typeof values.out !== "string" || values.out === "") {
      throw usageError(this, "--out DIR is required");
    }
    if (seed === undefined || seed > MAX_CORPUS_SEED) {
      throw usageError(this, `--seed S must be a whole number from 0 to ${MAX_CORPUS_SEED}`);
    }
    const { writeCorpusFolder } = await import("./corpus.ts");
    return writeCorpusFolder({ count, out: values.out, seed, isForced: values.force === true });
  },
};

/** Every command, in the order the program's help lists them. */
export const COMMANDS: readonly Command[] = [serve, check, exportSite, corpus];

/** A string of decimal digits as a number; undefined for anything else (`1e3`, `-1`, ``). */
function wholeNumber(value: string | boolean | undefined): number | undefined {
  return typeof value === "string" && /^[0-9]{1,15}$/u.test(value) ? Number(value) : undefined;
}
