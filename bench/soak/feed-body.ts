import { assertValidJsonFeed, JSON_FEED_1_1_VERSION } from "../../harness/json-feed-schema.ts";
import { assertWellFormedXml } from "../../harness/well-formed-xml.ts";
import type { FeedFormat } from "../../src/urls.ts";

/**
 * Checks a feed body strictly: RSS and Atom must be well-formed XML 1.0, JSON Feed must pass the
 * JSON Feed 1.1 schema the tests use, version included.
 * @throws {Error} naming the first thing wrong.
 */
export function checkFeedBody(format: FeedFormat, body: string): void {
  if (format === "json") {
    const feed = assertValidJsonFeed(body);
    if (feed.version !== JSON_FEED_1_1_VERSION) throw new Error(`version is ${feed.version}`);
  } else {
    assertWellFormedXml(body);
  }
}
