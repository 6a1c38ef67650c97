import type { Site } from "../../site/site.ts";
import { FEED_FORMATS, feedUrls, MAIN_FEED } from "../../urls.ts";

/**
 * WebSub (W3C Recommendation §7 "Publishing"): tells the hub a topic changed with a form-encoded
 * `hub.mode=publish` POST. Retried with exponential backoff; never awaited by a request.
 */
export async function pingHub(
  hubUrl: string,
  topicUrls: readonly string[],
  log: (message: string) => void,
  attempts = 5,
  firstDelayMs = 500,
): Promise<boolean> {
  const body = new URLSearchParams([["hub.mode", "publish"]]);
  for (const topic of topicUrls) {
    // hub.url is the name most hubs read; hub.topic is the one the spec's publish drafts used.
    body.append("hub.url", topic);
    body.append("hub.topic", topic);
  }
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(hubUrl, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) {
        log(`websub: pinged ${hubUrl} for ${topicUrls.length} feed(s)`);
        return true;
      }
      log(`websub: ${hubUrl} answered ${response.status} (attempt ${attempt} of ${attempts})`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(`websub: ${hubUrl} unreachable: ${reason} (attempt ${attempt} of ${attempts})`);
    }
    if (attempt < attempts) {
      await new Promise((resolve) => setTimeout(resolve, firstDelayMs * 2 ** (attempt - 1)));
    }
  }
  return false;
}

/** Pings the WebSub hub for each subscription feed whose bytes changed between two sites. */
export async function announceChangedFeeds(
  previous: Site,
  next: Site,
  settings: { readonly baseUrl: string; readonly websubHub: string | undefined },
  log: (message: string) => void,
): Promise<void> {
  const hub = settings.websubHub;
  if (hub === undefined) return;
  const changed: string[] = [];
  for (const format of FEED_FORMATS) {
    const [before, after] = await Promise.all([previous.feed(format), next.feed(format)]);
    if (before.representation.etag !== after.representation.etag) {
      changed.push(feedUrls(settings.baseUrl, MAIN_FEED)[format]);
    }
  }
  if (changed.length > 0) await pingHub(hub, changed, log);
}
