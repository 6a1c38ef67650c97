import { SeedError } from "./errors.ts";
import { transliterate } from "./slug.ts";

// Ids become URL paths and tag: URIs unescaped, so only these characters are allowed.
const ID_SEGMENT = /^[A-Za-z0-9._-]+$/u;
const SEED_EXTENSION = ".txt";

/** Whether a path inside the seeds folder names an article (only `*.txt` files do). */
export function isSeedPath(path: string): boolean {
  return path.endsWith(SEED_EXTENSION);
}

/** Whether a string is a well-formed article id, before it is used for any lookup. */
export function isArticleId(id: string): boolean {
  const segments = id.split("/");
  return segments.every((segment) => ID_SEGMENT.test(segment) && !/^\.+$/u.test(segment));
}

/**
 * The article id of a seed: its path relative to the seeds folder without `.txt`.
 * @throws {SeedError} when the path has a character outside `A-Z a-z 0-9 . _ -` and `/`,
 *   naming the file it should be renamed to (files are never renamed silently).
 */
export function articleIdFromPath(path: string): string {
  const id = path.slice(0, -SEED_EXTENSION.length);
  if (isArticleId(id)) return id;
  const suggestion = id
    .split("/")
    .map((segment) => transliterate(segment, /[A-Za-z0-9._-]/u).replace(/^\.+/u, "") || "article")
    .join("/");
  throw new SeedError(
    path,
    undefined,
    `file name has characters an article id cannot have (only A-Z a-z 0-9 . _ - and /): rename it to ${suggestion}${SEED_EXTENSION}`,
  );
}
