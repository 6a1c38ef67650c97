#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { describeError } from "../describe-error.ts";
import { commandHelp, EXIT, PROGRAM, parseCommand, table, UsageError } from "./args.ts";
import { COMMANDS, type Outcome } from "./commands.ts";

/**
 * `feed-publisher`, the one command-line program (package.json "bin"): `serve`, `check`,
 * `export` and `corpus`. Compiled by `npm run build` to dist/node/runtime/cli/feed-publisher.js
 * for production; the npm scripts run this source with `node --import tsx`.
 * Exit codes: 0 done, 1 failed (one line says why), 2 wrong arguments (one line of usage).
 */

const PROGRAM_USAGE = `${PROGRAM} <${COMMANDS.map(({ name }) => name).join("|")}> [options]`;

function programHelp(): string {
  return [
    `${PROGRAM} ${version()}: plain-text articles published as RSS, Atom, JSON Feed and HTML`,
    "",
    `Usage: ${PROGRAM_USAGE}`,
    "",
    "Commands:",
    ...table(COMMANDS.map(({ brief, summary }) => [brief, summary])),
    "",
    "Options:",
    ...table([
      ["-h, --help", `show this help; ${PROGRAM} COMMAND --help shows a command's`],
      ["--version", "print the version"],
    ]),
    "",
    "Settings are environment variables (PORT, HOST, BASE_URL, SEEDS_DIR, ID_AUTHORITY, METRICS,",
    "ACCESS_LOG, …): README.md, Configuration. Exit codes: 0 done, 1 failed, 2 wrong arguments.",
    "",
  ].join("\n");
}

/** The version in the package.json above this file (the source and dist/ sit at different depths). */
function version(): string {
  for (let folder = new URL("./", import.meta.url); ; folder = new URL("../", folder)) {
    try {
      const manifest = JSON.parse(readFileSync(new URL("package.json", folder), "utf8")) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === PROGRAM && typeof manifest.version === "string") {
        return manifest.version;
      }
    } catch {
      // no package.json here: look one folder up
    }
    if (folder.pathname === "/") return "unknown";
  }
}

/** Runs the command line `args` (without node and the script). */
async function main(args: readonly string[]): Promise<Outcome> {
  const [first, ...rest] = args;
  if (first === "--help" || first === "-h" || (first === "help" && rest.length === 0)) {
    process.stdout.write(programHelp());
    return EXIT.ok;
  }
  if (first === "--version") {
    console.log(version());
    return EXIT.ok;
  }
  if (first === undefined) throw new UsageError(`${PROGRAM}: no command (usage: ${PROGRAM_USAGE})`);
  // `help COMMAND` is `COMMAND --help`.
  const name = first === "help" ? rest[0] : first;
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    const what = name?.startsWith("-") ? `unknown option ${name}` : `unknown command '${name}'`;
    throw new UsageError(`${PROGRAM}: ${what} (usage: ${PROGRAM_USAGE}; see ${PROGRAM} --help)`);
  }
  const parsed = first === "help" ? ({ isHelp: true } as const) : parseCommand(command, rest);
  if (parsed.isHelp) {
    process.stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  return command.run(parsed);
}

main(process.argv.slice(2)).then(
  (outcome) => {
    // A server keeps the process alive and ends it itself on SIGTERM.
    if (outcome !== "serving") process.exit(outcome);
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exit(EXIT.usage);
    }
    // Our own bug, or the system's refusal (a full disk): one line, never a stack.
    const command = COMMANDS.find(({ name }) => name === process.argv[2])?.name;
    console.error(
      `${PROGRAM}${command === undefined ? "" : ` ${command}`}: ${describeError(error)}`,
    );
    process.exit(EXIT.failed);
  },
);
