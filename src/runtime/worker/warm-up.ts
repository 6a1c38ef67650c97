import type { Hono } from "hono";
import type { Article } from "../../articles/schema.ts";
import type { Config } from "../../config.ts";
import { buildCreditModel, buildFeedModel } from "../../feeds/model.ts";
import { createApp } from "../../http/app.ts";
import {
  decodeEdgeData,
  EDGE_DATA_FORMAT,
  type EdgeManifest,
  type EdgeShard,
  renderingSettings,
  settingsMismatch,
} from "../../site/edge-data.ts";
import { createEdgeSite } from "../../site/edge-site.ts";
import { FEED_RENDERERS } from "../../site/site.ts";
import { FEED_FORMATS, MAIN_FEED, paths } from "../../urls.ts";

/**
 * A one-article site in memory, shaped like the build's assets, and the requests that walk
 * every path of the Worker through it. The Worker runs them while its isolate starts: V8
 * compiles a function on its first call, and in a cold isolate that compiling was most of a
 * first request's CPU (npm run bench's edge rows). Cloudflare bounds start-up by its own
 * limit (1 s), not by the per-request 10 ms of the free plan.
 */

const encoder = new TextEncoder();
const SLUG = "warm-up";
const ID = "warm-up";
const ORIGIN = "https://warm-up.invalid";

// One article of every kind of field (never served).
const ARTICLE: Article = {
  id: ID,
  guid: "tag:warm-up.invalid,2025:warm-up",
  url: `${ORIGIN}/articles/${ID}`,
  title: "Warm-up",
  isTitleDerived: false,
  summary: "Warm-up & <start>.",
  contentHtml: "<p>Warm-up.</p>",
  published: "2025-01-01T00:00:00+01:00",
  language: "de",
  textCredits: [SLUG],
  photoCredits: [{ credit: SLUG, caption: "Warm-up" }],
  creditMarkers: ["Quelle"],
  sourceFile: "warm-up.txt",
};

/**
 * The app as the Worker builds it, over the one-article site: what the edge site reads of it
 * is read from memory (the global scope may not read a Response's body).
 */
export function warmUpApp(config: Config): Hono {
  const files = warmUpAssets(config);
  const manifest = decodeEdgeData<EdgeManifest>(files.get(paths.edge.manifest()) as Uint8Array);
  settingsMismatch(manifest.settings, config);
  const site = createEdgeSite(manifest, config, async (path) => files.get(path));
  return createApp({
    settings: config,
    getSite: () => site,
    now: () => Date.now(),
    clientAddress: (c) => c.req.header("CF-Connecting-IP"),
  });
}

/** The assets of the one-article site, by site path, rendered with `config`. */
export function warmUpAssets(config: Config): ReadonlyMap<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const json = (value: unknown) => encoder.encode(JSON.stringify(value));
  const credit = { name: SLUG, slug: SLUG, articleCount: 1, lastModifiedMs: 0 };
  for (const format of FEED_FORMATS) {
    const [render] = FEED_RENDERERS[format];
    const feed = encoder.encode(render(buildFeedModel([ARTICLE], config, config.feedLimit, 1)));
    files.set(paths.feed(MAIN_FEED, format), feed);
    files.set(paths.edge.cutFeed(format, 1), feed);
    files.set(
      paths.feed({ kind: "credit", slug: SLUG }, format),
      encoder.encode(render(buildCreditModel([ARTICLE], config, credit, config.feedLimit))),
    );
  }
  const shard: EdgeShard = { [ID]: { html: "<p>Warm-up.</p>", lastModifiedMs: 0 } };
  const manifest: EdgeManifest = {
    format: EDGE_DATA_FORMAT,
    settings: renderingSettings(config),
    articleCount: 1,
    problemCount: 0,
    indexPageCount: 1,
    sitemapPartCount: 0,
    articlePages: "shards",
    shardCount: 1,
    cutFeedLimit: 1,
    siteLastModifiedMs: 0,
    archiveLastModifiedMs: [0],
    credits: [credit],
    feedEtags: {},
  };
  files.set(paths.edge.manifest(), json(manifest));
  files.set(paths.edge.head(0), json([ARTICLE]));
  files.set(paths.edge.creditHead(SLUG, 0), json([ARTICLE]));
  files.set(paths.edge.recent(), json([ARTICLE]));
  files.set(paths.edge.articleShard(0), json(shard));
  files.set(paths.indexPage(1), encoder.encode("<!doctype html><title>Warm-up</title>"));
  return files;
}

/** Requests that take every branch a reader's request can take in the Worker. */
export function warmUpRequests(): Request[] {
  const requests: Request[] = [];
  for (const format of FEED_FORMATS) {
    const feed = paths.feed(MAIN_FEED, format);
    const creditFeed = paths.feed({ kind: "credit", slug: SLUG }, format);
    // A file, a cut file, a cut of the rendered feed, a render from the chunks.
    for (const query of ["", "?limit=1", "?limit=2", "?limit=200"]) {
      requests.push(new Request(`${ORIGIN}${feed}${query}`));
      requests.push(new Request(`${ORIGIN}${creditFeed}${query}`));
    }
  }
  for (const path of [
    paths.article(ID),
    paths.indexPage(1),
    paths.newsSitemap(),
    paths.health(),
    "/no-such-page",
  ]) {
    requests.push(new Request(`${ORIGIN}${path}`));
  }
  const conditional = {
    "If-None-Match": '"warm-up"',
    "If-Modified-Since": "Wed, 01 Jan 2025 00:00:00 GMT",
  };
  requests.push(
    new Request(`${ORIGIN}${paths.feed(MAIN_FEED, "rss")}?limit=1`, { headers: conditional }),
  );
  requests.push(new Request(`${ORIGIN}${paths.article(ID)}`, { headers: conditional }));
  requests.push(
    new Request(`${ORIGIN}${paths.feed(MAIN_FEED, "rss")}?limit=1`, { method: "HEAD" }),
  );
  requests.push(new Request(`${ORIGIN}/`, { method: "POST" }));
  return requests;
}
