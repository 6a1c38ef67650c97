import type { ArticleMeta } from "../articles/schema.ts";
import type { SiteInput } from "./input.ts";

/**
 * A document's Last-Modified, in ms: the newest modification time of its articles' seed files
 * and of their folders (a deletion only shows there), never earlier than its newest article.
 */
export function lastModifiedCalculator(
  input: SiteInput,
): (sources: readonly ArticleMeta[]) => number {
  const folderTime = (id: string) => {
    const folder = id.includes("/") ? id.slice(0, id.lastIndexOf("/")) : "";
    return input.folderTimes?.get(folder) ?? 0;
  };
  let newestFolderTime = 0;
  for (const time of input.folderTimes?.values() ?? []) {
    newestFolderTime = Math.max(newestFolderTime, time);
  }
  // Articles share their day, and an export asks for every article about three times: parsing
  // each date once per distinct day took that from about a second to nothing at 100k articles.
  const publishedMs = new Map<string, number>();
  const msOf = (published: string) => {
    let ms = publishedMs.get(published);
    if (ms === undefined) {
      ms = Date.parse(published);
      publishedMs.set(published, ms);
    }
    return ms;
  };
  const newestOf = (sources: readonly ArticleMeta[], newestFolder: number) => {
    let newest = newestFolder;
    for (const article of sources) {
      newest = Math.max(
        newest,
        msOf(article.published),
        input.modifiedTimes?.get(article.id) ?? 0,
        folderTime(article.id),
      );
    }
    return newest;
  };
  // Every index page, the feeds, the sitemap and the feeds page are made from the whole list:
  // computed once per site, not once per document (that made an export quadratic).
  let ofWholeList: number | undefined;
  return (sources) => {
    // A document made from the whole list changes whenever any folder does.
    if (sources === input.articles) {
      ofWholeList ??= newestOf(sources, newestFolderTime);
      return ofWholeList;
    }
    return newestOf(sources, 0);
  };
}
