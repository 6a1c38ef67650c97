import type { SeedFile } from "../../src/articles/parse-seed.ts";
import type { Article } from "../../src/articles/schema.ts";
import { type Config, parseConfig } from "../../src/config.ts";

const encoder = new TextEncoder();

/** A seed file with the given text, named a.txt unless a path is given. */
export function seed(text: string, path = "a.txt"): SeedFile {
  return { path, bytes: encoder.encode(text) };
}

/** A seed file with raw bytes, for encodings and binary input. */
export function seedBytes(bytes: readonly number[], path = "a.txt"): SeedFile {
  return { path, bytes: Uint8Array.from(bytes) };
}

/** Settings as `npm start` has them, with overrides in environment-variable form. */
export function makeConfig(env: Record<string, string> = {}): Config {
  return parseConfig({ BASE_URL: "https://news.example.org", ...env });
}

/** A valid normalised article; override any field. */
export function makeArticle(overrides: Partial<Article> = {}): Article {
  const id = overrides.id ?? "sample";
  return {
    id,
    guid: `tag:localhost,2025:articles/${id}`,
    url: `https://news.example.org/articles/${id}`,
    title: "Ein Titel",
    isTitleDerived: false,
    summary: "Eine Zusammenfassung.",
    contentHtml: "<p>Eine Zusammenfassung.</p>\n<p>Der Text.</p>",
    published: "2025-12-04T00:00:00+01:00",
    language: "de",
    textCredits: ["dpa"],
    photoCredits: [],
    creditMarkers: ["Quelle"],
    sourceFile: `${id}.txt`,
    ...overrides,
  };
}
