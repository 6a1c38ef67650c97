import type { Hono } from "hono";
import { archivePageCount } from "../../../src/feeds/model.ts";
import type { Site } from "../../../src/site/site.ts";
import { FEED_FORMATS, MAIN_FEED, paths } from "../../../src/urls.ts";

/** One request of the parity test, as the Node app answered it. */
export interface ParityCase {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly expected: RecordedResponse;
}

export interface RecordedResponse {
  readonly status: number;
  /** Every header, lower-cased and sorted by name. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly bodyBase64: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    parityCases: readonly ParityCase[];
  }
}

/** Identity bytes on both sides: Node would otherwise compress, and so would workerd. */
export const IDENTITY = { "Accept-Encoding": "identity" } as const;

/** Every path the site serves, and the client mistakes each kind of route can meet. */
export function parityPaths(site: Site, archivePageSize: number): string[] {
  const archivePages = archivePageCount(site.articles.length, archivePageSize);
  const firstCredit = site.credits[0]?.slug ?? "x";
  const all = [...site.paths(), paths.health()];
  for (const format of FEED_FORMATS) {
    const feed = paths.feed(MAIN_FEED, format);
    all.push(`${feed}?limit=3`, `${feed}?limit=200`);
    all.push(`${paths.feed({ kind: "credit", slug: firstCredit }, format)}?limit=1`);
  }
  all.push(
    "/page/1",
    "/page/0",
    "/page/abc",
    paths.indexPage(site.indexPageCount + 1),
    "/?page=2",
    "/feed.xml?limit=0",
    "/atom.xml?limit=abc",
    paths.feed({ kind: "archive", page: archivePages + 1 }, "rss"),
    paths.feed({ kind: "archive", page: 0 }, "rss"),
    paths.feed({ kind: "credit", slug: "nobody" }, "json"),
    paths.article("no-such-article"),
    // One file holds the fixture's sitemap: there is no part 1.
    paths.sitemapPart(1),
    paths.article(".."),
    paths.article("a%2Fb"),
    "/nope",
    "/feed.xml/",
  );
  return all;
}

/**
 * Renders every case through the Node app: each path with GET and HEAD, conditional requests
 * with the validators GET gave, and the methods the app refuses.
 */
export async function recordParityCases(
  app: Hono,
  paths: readonly string[],
): Promise<ParityCase[]> {
  const cases: ParityCase[] = [];
  const add = async (
    name: string,
    method: string,
    path: string,
    headers: Record<string, string>,
  ) => {
    const response = await app.request(path, { method, headers: { ...IDENTITY, ...headers } });
    const expected = await recordResponse(response);
    cases.push({ name, method, path, headers, expected });
    return response;
  };
  for (const path of paths) {
    const response = await add(`GET ${path}`, "GET", path, {});
    await add(`HEAD ${path}`, "HEAD", path, {});
    const etag = response.headers.get("ETag");
    const lastModified = response.headers.get("Last-Modified");
    if (etag !== null) {
      await add(`GET ${path} If-None-Match`, "GET", path, { "If-None-Match": etag });
      await add(`GET ${path} If-None-Match (other)`, "GET", path, { "If-None-Match": '"other"' });
    }
    if (lastModified !== null) {
      await add(`GET ${path} If-Modified-Since`, "GET", path, {
        "If-Modified-Since": lastModified,
      });
    }
  }
  for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
    await add(`${method} /feed.xml`, method, "/feed.xml", {});
  }
  return cases;
}

/** A response as data: status, every header, and the body's exact bytes. */
export async function recordResponse(response: Response): Promise<RecordedResponse> {
  const headers = [...response.headers.entries()]
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const body = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers, bodyBase64: toBase64(body) };
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
