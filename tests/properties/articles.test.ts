import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deriveTitle } from "../../src/articles/derive-title.ts";
import { SeedError } from "../../src/articles/errors.ts";
import { normalizeArticle } from "../../src/articles/normalize.ts";
import { parseSeed, type SeedFile } from "../../src/articles/parse-seed.ts";
import { ArticleSchema } from "../../src/articles/schema.ts";
import {
  expectedArticleOf,
  hostileSeed,
  PROPERTY_PARAMETERS,
  PROPERTY_TIMEOUT_MS,
  publishableHostileSeedText,
  realisticSeed,
} from "../support/arbitraries.ts";
import { makeConfig, seed } from "../support/builders.ts";
import { blockTextsOf, placeholderContentHtml, skeletonOf, tagsOf } from "../support/markup.ts";

const config = makeConfig();

/** How many lines a file has, counting CRLF, LF and a lone CR as line ends. */
function lineCount(bytes: Uint8Array): number {
  let lines = 1;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (byte === 0x0a || (byte === 0x0d && bytes[index + 1] !== 0x0a)) lines++;
  }
  return lines;
}

/** The article a seed makes, or the SeedError it is rejected with; anything else is thrown. */
function load(file: SeedFile) {
  try {
    return { article: normalizeArticle(parseSeed(file), config) };
  } catch (error) {
    if (error instanceof SeedError) return { error };
    throw error;
  }
}

describe("parseSeed and normalizeArticle on any bytes", () => {
  it(
    "return a valid article or throw a SeedError that names the file",
    () => {
      fc.assert(
        fc.property(hostileSeed, (file) => {
          const { article, error } = load(file);
          if (article !== undefined) {
            expect(ArticleSchema.safeParse(article).success).toBe(true);
            return;
          }
          expect(error?.file).toBe(file.path);
          expect(error?.message.startsWith(`${file.path}:`)).toBe(true);
        }),
        PROPERTY_PARAMETERS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "locates an error on a line the file has, in one short line of text",
    () => {
      fc.assert(
        fc.property(hostileSeed, (file) => {
          const { error } = load(file);
          if (error === undefined) return;
          if (error.line !== undefined) {
            expect(Number.isInteger(error.line)).toBe(true);
            expect(error.line).toBeGreaterThanOrEqual(1);
            expect(error.line).toBeLessThanOrEqual(lineCount(file.bytes));
          }
          // One log line per problem: a seed's own text is never echoed at length.
          expect(error.message).not.toMatch(/[\r\n\u2028\u2029]/u);
          expect(error.message.length).toBeLessThanOrEqual(file.path.length + 400);
        }),
        PROPERTY_PARAMETERS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe("parseSeed and normalizeArticle on realistic seeds", () => {
  it(
    "keep title, summary, date, credits and every paragraph as the seed format describes",
    () => {
      fc.assert(
        fc.property(realisticSeed, ({ model, file }) => {
          const expected = expectedArticleOf(model);
          const article = normalizeArticle(parseSeed(file), config);
          expect(article.title).toBe(expected.title ?? deriveTitle(expected.summary));
          expect(article.summary).toBe(expected.summary);
          expect(Date.parse(article.published)).toBe(expected.publishedMs);
          expect(article.published.slice(0, 10)).toBe(model.date);
          expect(article.textCredits).toEqual(expected.textCredits);
          expect(article.photoCredits.map((photo) => photo.credit)).toEqual(expected.photoCredits);
          expect(blockTextsOf(article.contentHtml)).toEqual(expected.blocks);
        }),
        PROPERTY_PARAMETERS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

// The only elements of an article's HTML: paragraphs, subheadings and captions.
const CONTENT_ELEMENTS = new Set(["p", "h2", "figure", "figcaption", "small"]);

describe("normalizeArticle on hostile text", () => {
  it(
    "writes HTML whose only tags are the paragraphs, subheadings and captions the parser found",
    () => {
      fc.assert(
        fc.property(publishableHostileSeedText, (text) => {
          const file = seed(text);
          const { article } = load(file);
          if (article === undefined) return;
          const parsed = parseSeed(file);
          expect(skeletonOf(article.contentHtml)).toEqual(
            skeletonOf(placeholderContentHtml(parsed)),
          );
          for (const tag of tagsOf(article.contentHtml))
            expect(CONTENT_ELEMENTS).toContain(tag.name);
        }),
        PROPERTY_PARAMETERS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
