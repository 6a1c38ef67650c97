import type { ArticleMeta } from "./schema.ts";

/**
 * What `npm run check` says about CREDIT_MARKERS: which marker started the credits of which
 * seed, so an editor sees at once that `Photo:` was read (or that no seed used it).
 */

/** One line per seed, by file: `a.txt: credit marker Photo, Source` or `a.txt: no credit`. */
export function creditMarkerLines(articles: readonly ArticleMeta[]): string[] {
  return [...articles]
    .sort((a, b) => (a.sourceFile < b.sourceFile ? -1 : a.sourceFile > b.sourceFile ? 1 : 0))
    .map((article) =>
      article.creditMarkers.length === 0
        ? `${article.sourceFile}: no credit`
        : `${article.sourceFile}: credit marker ${article.creditMarkers.join(", ")}`,
    );
}

/**
 * How many seeds each configured marker started a credit in, and how many have none:
 * `credit markers: Quelle in 12 seeds, Photo in 0 seeds; no credit in 2 seeds`.
 */
export function creditMarkerSummary(
  articles: readonly ArticleMeta[],
  markers: readonly string[],
): string {
  const seeds = (count: number) => `${count} ${count === 1 ? "seed" : "seeds"}`;
  const counts = markers.map((marker) => {
    const count = articles.filter((article) => article.creditMarkers.includes(marker)).length;
    return `${marker} in ${seeds(count)}`;
  });
  const without = articles.filter((article) => article.creditMarkers.length === 0).length;
  return `credit markers: ${counts.join(", ")}; no credit in ${seeds(without)}`;
}
