import { parseAtomFeed } from "feedsmith";
import { assertWellFormedXml } from "../../harness/well-formed-xml.ts";
import { MAIN_FEED, paths } from "../../src/urls.ts";
import type { FeedEntry } from "./compare-feeds.ts";
import { messageOf, SoakError } from "./errors.ts";
import { MAX_ARCHIVE_PAGES, REQUEST_TIMEOUT_MS } from "./settings.ts";

/**
 * Reads the subscription feed chain as a mirroring reader does: /atom.xml, then each RFC 5005
 * prev-archive link, and returns every entry id with its published date.
 * @throws {SoakError} when a document is missing, malformed or the chain loops.
 */
export async function readFeedChain(
  baseUrl: string,
): Promise<{ entries: Map<string, FeedEntry>; pages: number }> {
  const entries = new Map<string, FeedEntry>();
  const visited = new Set<string>();
  let url: string | undefined = `${baseUrl}${paths.feed(MAIN_FEED, "atom")}`;
  while (url !== undefined) {
    if (visited.has(url) || visited.size >= MAX_ARCHIVE_PAGES) {
      throw new SoakError(`the prev-archive chain loops or never ends at ${url}`);
    }
    visited.add(url);
    const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const body = await response.text();
    if (response.status !== 200) throw new SoakError(`GET ${url} → ${response.status}`);
    try {
      assertWellFormedXml(body);
    } catch (error) {
      throw new SoakError(`GET ${url}: ${messageOf(error)}`);
    }
    const feed = parseAtomFeed(body);
    for (const entry of feed.entries ?? []) {
      if (entry.id === undefined) continue;
      entries.set(entry.id, { published: entry.published ?? "", title: entry.title?.value ?? "" });
    }
    url = feed.links?.find((link) => link.rel === "prev-archive")?.href;
  }
  return { entries, pages: visited.size };
}
