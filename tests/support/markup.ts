import { loadArticles } from "../../src/articles/load.ts";
import {
  type ArticleSettings,
  leadParagraph,
  teaserBelowTitle,
} from "../../src/articles/normalize.ts";
import { type ParsedSeed, parseSeed, type SeedFile } from "../../src/articles/parse-seed.ts";
import type { Article } from "../../src/articles/schema.ts";
import { unescapeHtmlOnce } from "./parse-feeds.ts";

/** One tag of a document: its name and attribute names (values are text, not structure). */
export interface Tag {
  readonly isClosing: boolean;
  readonly name: string;
  readonly attributes: readonly string[];
}

// A tag as our writers emit it: double-quoted values, which never hold a raw `"`, `<` or `>`.
const TAG =
  /<(\/?)([A-Za-z][A-Za-z0-9:_-]*)((?:\s+[A-Za-z_][A-Za-z0-9:_.-]*(?:="[^"<>]*")?)*)\s*\/?>/y;
const ATTRIBUTE_NAME = /\s+([A-Za-z_][A-Za-z0-9:_.-]*)(?:="[^"<>]*")?/gu;
// The references our escaping produces; any other `&` would be text a seed smuggled through.
const REFERENCE = /&(?:amp|lt|gt|quot|#[0-9]+|#x[0-9A-Fa-f]+);/uy;
const PROLOGUES = ['<?xml version="1.0" encoding="utf-8"?>', "<!doctype html>"];

/**
 * Every tag of an XML or HTML document, in order. Fails when a `<` starts no tag, or text holds
 * a raw `>` or an `&` that starts no reference: then text has become (or broken) markup.
 * @throws {Error} naming the offset of the first stray character.
 */
export function tagsOf(document: string): Tag[] {
  const tags: Tag[] = [];
  let index = 0;
  for (const prologue of PROLOGUES) {
    if (document.startsWith(prologue)) index = prologue.length;
  }
  while (index < document.length) {
    const character = document[index];
    if (character === "<") {
      TAG.lastIndex = index;
      const match = TAG.exec(document);
      if (match === null) throw strayAt(document, index, '"<" that starts no tag');
      const [tag, closing, name = "", attributes = ""] = match;
      tags.push({
        isClosing: closing === "/",
        name,
        attributes: [...attributes.matchAll(ATTRIBUTE_NAME)].map(([, attribute = ""]) => attribute),
      });
      index += tag.length;
    } else if (character === ">") {
      throw strayAt(document, index, 'raw ">" in text');
    } else if (character === "&") {
      REFERENCE.lastIndex = index;
      if (!REFERENCE.test(document)) throw strayAt(document, index, '"&" that starts no reference');
      index = REFERENCE.lastIndex;
    } else {
      index++;
    }
  }
  return tags;
}

function strayAt(document: string, index: number, what: string): Error {
  return new Error(
    `${what} at offset ${index}: ${JSON.stringify(document.slice(Math.max(0, index - 20), index + 40))}`,
  );
}

/** A document's tags as one string per tag, `<name a b>` or `</name>`, to compare structures. */
export function skeletonOf(document: string): string[] {
  return tagsOf(document).map((tag) =>
    tag.isClosing ? `</${tag.name}>` : `<${[tag.name, ...tag.attributes].join(" ")}>`,
  );
}

const BLOCK = /<p>(.*?)<\/p>|<h2>(.*?)<\/h2>|<figure><figcaption>(.*?)<\/figcaption><\/figure>/gsu;

/** The text of each paragraph, subheading and caption of an article's HTML, as a reader shows it. */
export function blockTextsOf(contentHtml: string): string[] {
  return [...contentHtml.matchAll(BLOCK)].map(([, paragraph, heading, caption]) =>
    unescapeHtmlOnce((paragraph ?? heading ?? caption ?? "").replace(/<\/?small>/gu, "")),
  );
}

/**
 * Replaces every text of an article by a fixed word (empty stays empty; distinct credits stay
 * distinct across all articles given to one neutralizer) and the full text by `contentHtml`:
 * rendering the result must give the same tags as the original, or seed text has made markup.
 * A derived title keeps its relation to the teaser ("Titel", then "Anriss" or nothing), so a
 * page shows the same rest of the teaser below it as the original does.
 */
export function createNeutralizer(): (article: Article, contentHtml?: string) => Article {
  const names = new Map<string, string>();
  const name = (credit: string) => {
    let replacement = names.get(credit);
    if (replacement === undefined) {
      replacement = `Name${names.size}`;
      names.set(credit, replacement);
    }
    return replacement;
  };
  return (article, contentHtml = article.contentHtml === "" ? "" : "Text") => {
    const below = teaserBelowTitle(article);
    const summary =
      article.summary === ""
        ? ""
        : below === article.summary
          ? "Anriss"
          : below === ""
            ? "Titel"
            : "Titel Anriss";
    // The placeholder HTML opens with the teaser as "<p>Anriss</p>": it must be this summary.
    const placeholderLead = leadParagraph("Anriss");
    const html =
      summary !== "Anriss" && contentHtml.startsWith(placeholderLead)
        ? `${leadParagraph(summary)}${contentHtml.slice(placeholderLead.length)}`
        : contentHtml;
    return neutralized(article, summary, html);
  };

  function neutralized(article: Article, summary: string, contentHtml: string): Article {
    return {
      ...article,
      title: "Titel",
      summary,
      contentHtml,
      textCredits: article.textCredits.map(name),
      photoCredits: article.photoCredits.map((photo) => ({
        credit: name(photo.credit),
        caption: "Bild",
      })),
    };
  }
}

/** Published articles with what the parser made of each one's seed, by article id. */
export interface LoadedSeeds {
  readonly articles: readonly Article[];
  readonly seeds: ReadonlyMap<string, ParsedSeed>;
}

/** Loads a batch as the site does and parses each published seed once more for its blocks. */
export function loadWithSeeds(files: readonly SeedFile[], settings: ArticleSettings): LoadedSeeds {
  const { articles } = loadArticles(files, settings);
  const byPath = new Map(files.map((file) => [file.path, file]));
  const seeds = new Map<string, ParsedSeed>();
  for (const article of articles) {
    const file = byPath.get(article.sourceFile);
    if (file === undefined) throw new Error(`${article.sourceFile} is not in the batch`);
    seeds.set(article.id, parseSeed(file));
  }
  return { articles, seeds };
}

/**
 * The article HTML the normaliser must write for a parsed seed, with placeholder text: the teaser
 * and paragraphs as `<p>`, subheadings as `<h2>`, captions as figures. Its tags are the only ones
 * the real HTML may have.
 */
export function placeholderContentHtml(seed: ParsedSeed): string {
  const parts = seed.teaser === "" ? [] : ["<p>Anriss</p>"];
  for (const block of seed.blocks) {
    if (block.kind === "paragraph") parts.push("<p>Text</p>");
    if (block.kind === "subheading") parts.push("<h2>Titel</h2>");
    if (block.kind === "caption") {
      parts.push("<figure><figcaption>Bild <small>Quelle: Name</small></figcaption></figure>");
    }
  }
  return parts.join("\n");
}
