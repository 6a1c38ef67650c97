import { parseArgs } from "node:util";

/**
 * Argument parsing for `feed-publisher` and its commands: Node's util.parseArgs in strict mode,
 * its errors turned into one line that names the mistake and the usage (exit code 2), and the
 * `--help` text built from the same description of each option.
 */

export const PROGRAM = "feed-publisher";

/** Exit codes: what a script calling the program can rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The arguments are wrong; the message is the one line the program prints before exiting 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A command-line option of one command, with what `--help` says about it. */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  /** The value's placeholder in the help (`DIR`, `N`); only for string options. */
  readonly value?: string;
  readonly default?: string;
  readonly short?: string;
  readonly description: string;
}

/** One command: how it is called, what it does, and its options. */
export interface CommandSpec {
  readonly name: string;
  /**
   * How a script outside `feed-publisher` is run (`tsx src/runtime/cli/check-deploy.ts`); its
   * synopsis then holds only the arguments. Unset for the program's own commands.
   */
  readonly program?: string;
  /** After the program name: `export --out DIR [--allow-default-id-authority]`. */
  readonly synopsis: string;
  /** The synopsis without its optional parts, for the program's list of commands. */
  readonly brief: string;
  /** One line for the program's list of commands. */
  readonly summary: string;
  /** Paragraphs for `--help`, after the usage line. */
  readonly description: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** How many positional arguments it takes at most, and what they are called. */
  readonly positionals?: { readonly max: number; readonly name: string };
}

/** What parseCommand found: option values by name, positional arguments, or a request for help. */
export type ParsedCommand =
  | { readonly isHelp: true }
  | {
      readonly isHelp: false;
      readonly values: Readonly<Record<string, string | boolean | undefined>>;
      readonly positionals: readonly string[];
    };

const HELP_OPTION: OptionSpec = { type: "boolean", short: "h", description: "show this help" };

/**
 * Parses a command's arguments strictly: unknown options, missing values and unexpected
 * positional arguments are usage errors, never Node's stack trace.
 * @throws {UsageError} with one line naming the mistake and the command's usage.
 */
export function parseCommand(spec: CommandSpec, args: readonly string[]): ParsedCommand {
  const options: Record<string, { type: "string" | "boolean"; short?: string; default?: string }> =
    { help: { type: "boolean", short: "h" } };
  for (const [name, option] of Object.entries(spec.options)) {
    options[name] = {
      type: option.type,
      ...(option.short === undefined ? {} : { short: option.short }),
      ...(option.default === undefined ? {} : { default: option.default }),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: (spec.positionals?.max ?? 0) > 0,
    });
  } catch (error) {
    // `--help` anywhere asks for help, even next to a mistake (`export --out --help`).
    if (args.includes("--help") || args.includes("-h")) return { isHelp: true };
    throw usageError(spec, describeParseError(error));
  }
  if (parsed.values.help === true) return { isHelp: true };
  const max = spec.positionals?.max ?? 0;
  if (parsed.positionals.length > max) {
    const extra = parsed.positionals[max] ?? "";
    throw usageError(spec, `unexpected argument '${extra}'`);
  }
  const { help: _help, ...values } = parsed.values as Record<string, string | boolean | undefined>;
  return { isHelp: false, values, positionals: parsed.positionals };
}

/** How the command is called: `feed-publisher export`, or a script's own program. */
function callOf(spec: CommandSpec): string {
  return spec.program ?? `${PROGRAM} ${spec.name}`;
}

function usageOf(spec: CommandSpec): string {
  return `${spec.program ?? PROGRAM} ${spec.synopsis}`;
}

/** A usage error of one command: the mistake, then how to call it, on one line. */
export function usageError(spec: CommandSpec, problem: string): UsageError {
  return new UsageError(
    `${callOf(spec)}: ${problem} (usage: ${usageOf(spec)}; see ${callOf(spec)} --help)`,
  );
}

/** Node's parseArgs error as a short phrase: which option or argument, and what is wrong. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  const quoted = /'(-{1,2}[^' ]+)/u.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && quoted !== undefined) {
    return `unknown option ${quoted}`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const argument = /argument '([^']*)'/u.exec(message)?.[1] ?? "";
    return `unexpected argument '${argument}'`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && quoted !== undefined) {
    if (/does not take an argument/u.test(message)) return `${quoted} takes no value`;
    if (/ambiguous/u.test(message)) {
      return `${quoted} needs a value (write ${quoted}=VALUE for a value starting with -)`;
    }
    return `${quoted} needs a value`;
  }
  return message.split(/\.\s/u)[0] ?? message;
}

/** The `--help` text of one command. */
export function commandHelp(spec: CommandSpec): string {
  const rows = Object.entries({ ...spec.options, help: HELP_OPTION }).map(([name, option]) => {
    const flag = `${option.short === undefined ? "    " : `-${option.short}, `}--${name}`;
    const value = option.type === "string" ? ` ${option.value ?? "VALUE"}` : "";
    const fallback = option.default === undefined ? "" : ` (default ${option.default})`;
    return [`${flag}${value}`, `${option.description}${fallback}`] as const;
  });
  return [`Usage: ${usageOf(spec)}`, "", spec.description, "", "Options:", ...table(rows), ""].join(
    "\n",
  );
}

/** Two columns, the second aligned and wrapped at 100 characters. */
export function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const lines: string[] = [];
  for (const [left, right] of rows) {
    const words = right.split(" ");
    let line = `  ${left.padEnd(width)}`;
    let isFirst = true;
    for (const word of words) {
      if (!isFirst && line.length + 1 + word.length > 100) {
        lines.push(line);
        line = `  ${" ".repeat(width)}${word}`;
      } else {
        line = isFirst ? `${line}${word}` : `${line} ${word}`;
      }
      isFirst = false;
    }
    lines.push(line);
  }
  return lines;
}
