import type { ArticleMeta } from "../articles/schema.ts";
import { slugify } from "../articles/slug.ts";

/** A text credit and the slug of its feeds, `/credits/SLUG/feed.xml`. */
export interface CreditLink {
  readonly name: string;
  readonly slug: string;
}

/**
 * Every text credit with its slug, in order of first appearance from the oldest article, so a
 * new article never renames an existing credit's feed. Equal slugs get -2, -3, ….
 */
export function collectCredits(articles: readonly ArticleMeta[]): CreditLink[] {
  const credits: CreditLink[] = [];
  const seenNames = new Set<string>();
  const takenSlugs = new Set<string>();
  for (let index = articles.length - 1; index >= 0; index--) {
    for (const name of articles[index]?.textCredits ?? []) {
      if (seenNames.has(name)) continue;
      seenNames.add(name);
      const base = slugify(name) || "credit";
      let slug = base;
      for (let suffix = 2; takenSlugs.has(slug); suffix++) slug = `${base}-${suffix}`;
      takenSlugs.add(slug);
      credits.push({ name, slug });
    }
  }
  return credits.sort((a, b) => a.name.localeCompare(b.name, "de"));
}

/** Each credit's articles (newest first), in one pass over the list. */
export function articlesByCredit(
  articles: readonly ArticleMeta[],
  credits: readonly CreditLink[],
): Map<string, ArticleMeta[]> {
  const slugByName = new Map(credits.map((credit) => [credit.name, credit.slug]));
  const bySlug = new Map(credits.map((credit) => [credit.slug, [] as ArticleMeta[]]));
  for (const article of articles) {
    for (const name of article.textCredits) {
      const slug = slugByName.get(name);
      if (slug !== undefined) bySlug.get(slug)?.push(article);
    }
  }
  return bySlug;
}
