import type { FeedFormat, FeedUrls } from "../urls.ts";
import type { FeedModel } from "./model.ts";

export const FEED_HISTORY_NAMESPACE = "http://purl.org/syndication/history/1.0";

export interface HistoryLink {
  readonly rel: "prev-archive" | "next-archive" | "current";
  readonly href: string;
}

/** The RFC 5005 links a feed document carries, in the given format's URLs. */
export function historyLinks(feed: FeedModel, format: FeedFormat): HistoryLink[] {
  const { history } = feed;
  const link = (rel: HistoryLink["rel"], urls: FeedUrls | undefined) =>
    urls === undefined ? [] : [{ rel, href: urls[format] }];
  switch (history.kind) {
    case "subscription":
      return link("prev-archive", history.prevArchive);
    case "archive":
      return [
        ...link("current", history.current),
        ...link("prev-archive", history.prevArchive),
        ...link("next-archive", history.nextArchive),
      ];
    default:
      return [];
  }
}

/** The fh: marker element for the document (RFC 5005 §2 complete, §4 archive), if any. */
export function historyMarker(feed: FeedModel): "fh:complete" | "fh:archive" | undefined {
  if (feed.history.kind === "complete") return "fh:complete";
  if (feed.history.kind === "archive") return "fh:archive";
  return undefined;
}

/** RSS ttl in the syndication module's terms: how many polls per hour (or per day). */
export function updateSchedule(ttlMinutes: number): { period: string; frequency: number } {
  if (ttlMinutes <= 60)
    return { period: "hourly", frequency: Math.max(1, Math.round(60 / ttlMinutes)) };
  return { period: "daily", frequency: Math.max(1, Math.round(1440 / ttlMinutes)) };
}
