import type { GeneratedSeed } from "../../src/corpus/generate.ts";
import { SoakError } from "./errors.ts";

/** How the soak's writer derives new seed bytes from generated ones. */

/** A seed's id: its path without `.txt`. */
export const idOf = (path: string) => path.replace(/\.txt$/u, "");

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A generated seed's bytes with its header's title and date replaced.
 * @throws {SoakError} when the seed does not start with its own header.
 */
export function withHeader(seed: GeneratedSeed, title: string, date: string): Uint8Array {
  const text = decoder.decode(seed.bytes);
  // The corpus writes the header as `${title} date ${date}…`, after an optional byte-order mark.
  const header = `${seed.title} date ${seed.date}`;
  const at = text.indexOf(header);
  if (at < 0 || at > 1) throw new SoakError(`seed ${seed.index} does not start with ${header}`);
  return encoder.encode(
    `${text.slice(0, at)}${title} date ${date}${text.slice(at + header.length)}`,
  );
}

/** The day `days` after 2026-01-01, after every date the corpus has: new articles are the newest. */
export function newsDate(days: number): string {
  return new Date(Date.UTC(2026, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
}
