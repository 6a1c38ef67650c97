import { parseArgs } from "node:util";
import { messageOf, UsageError } from "./errors.ts";

/** The options of `npm run soak`. */

export const SOAK_USAGE = "usage: npm run soak -- [--seconds N] [--quick]";

export interface SoakOptions {
  /** How long the main phase sends traffic: 60 s, 15 s with --quick. */
  readonly seconds: number;
}

/** @throws {UsageError} on an unknown option or a bad number of seconds. */
export function parseSoakOptions(args: readonly string[]): SoakOptions {
  let values: { seconds?: string; quick?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        seconds: { type: "string" },
        quick: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(messageOf(error), { cause: error });
  }
  const seconds = Number(values.seconds ?? (values.quick === true ? 15 : 60));
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3_600) {
    throw new UsageError("--seconds must be a whole number from 1 to 3600");
  }
  return { seconds };
}
