/** The route kinds of the edge bench, and where a rendered site has one of each. */

/** One route kind and the path that stands for it on one site. */
export interface EdgeRoute {
  readonly kind: string;
  readonly path: string;
  /** The status it must answer; 200 unless given. */
  readonly status?: number;
}

/** A path no site publishes: the 404 kind. */
export const NOT_FOUND_PATH = "/no-such-page";

/** An asset the platform serves without running the Worker: the probe while wrangler starts. */
export const PROBE_PATH = "/robots.txt";

/**
 * The route kinds of issue 11 with a path for each found among a rendered site's files (paths
 * relative to its root, `/` separated, as an export or an assets folder holds them). A kind the
 * site lacks (no archive page with one article) is left out. Article pages kept in shards have
 * no file: `shardedArticleId` names one.
 */
export function edgeRoutesOf(files: readonly string[], shardedArticleId?: string): EdgeRoute[] {
  const sorted = [...files].sort();
  const first = (pattern: RegExp) => sorted.find((file) => pattern.test(file));
  const archive = first(/^archive\/[1-9][0-9]*\/feed\.xml$/u);
  const credit = first(/^credits\/[a-z0-9-]+\/feed\.xml$/u);
  const article = first(/^articles\/.+\.html$/u);
  const routes: Array<EdgeRoute | undefined> = [
    { kind: "feed", path: "/feed.xml" },
    { kind: "feed ?limit=7", path: "/feed.xml?limit=7" },
    archive === undefined ? undefined : { kind: "archive page", path: `/${archive}` },
    credit === undefined ? undefined : { kind: "per-credit feed", path: `/${credit}` },
    article !== undefined
      ? { kind: "article page", path: articlePath(article) }
      : shardedArticleId === undefined
        ? undefined
        : { kind: "article page", path: `/articles/${shardedArticleId}` },
    { kind: "index", path: "/" },
    { kind: "404", path: NOT_FOUND_PATH, status: 404 },
  ];
  return routes.filter((route) => route !== undefined);
}

/** `articles/a.html` or `articles/a/index.html` → `/articles/a`: the page's one URL. */
function articlePath(file: string): string {
  return `/${file.replace(/\/index\.html$/u, "").replace(/\.html$/u, "")}`;
}
