import { paths } from "../../src/urls.ts";

/** Which seed the reload test edits, how, and which archive pages must not change meanwhile. */

/** The server's default number of articles on an archive page. */
export const ARCHIVE_PAGE_SIZE = 50;

/**
 * The corpus index of the article at `url` (`…/articles/[YYYY/MM/]NNNNNN_slug`), with its id;
 * undefined when the URL names no corpus seed.
 */
export function corpusSeedOfUrl(
  url: string | undefined,
): { readonly id: string; readonly index: number } | undefined {
  const prefix = paths.article("");
  const at = url?.indexOf(prefix) ?? -1;
  if (url === undefined || at === -1) return undefined;
  const id = url.slice(at + prefix.length);
  const index = Number(/(\d{6})_[^/]*$/u.exec(id)?.[1]);
  return Number.isInteger(index) ? { id, index } : undefined;
}

/**
 * Archive feeds the edit of the newest article must leave alone: page 1 (the oldest articles)
 * and a middle page, of the full pages only (the newest article is on the last page).
 */
export function untouchedArchivePaths(articles: number, pageSize = ARCHIVE_PAGE_SIZE): string[] {
  const fullPages = Math.floor(articles / pageSize);
  const pages = [...new Set([1, Math.max(1, Math.floor(fullPages / 2))])].filter(
    (page) => page < fullPages,
  );
  return pages.map((page) => paths.feed({ kind: "archive", page }, "rss"));
}

/**
 * A seed's text with its header title replaced by `title`, its date and teaser kept; undefined
 * when its first line has no `date YYYY-MM-DD`.
 */
export function retitle(text: string, title: string): string | undefined {
  const lineEnd = text.search(/\r\n|\r|\n/u);
  const headerLine = text.slice(0, lineEnd);
  const dateAt = headerLine.search(/(?:^|\s)date \d{4}-\d{2}-\d{2}(?:\s|$)/u);
  if (dateAt === -1) return undefined;
  return `${title} ${headerLine.slice(dateAt).trimStart()}${text.slice(lineEnd)}`;
}
