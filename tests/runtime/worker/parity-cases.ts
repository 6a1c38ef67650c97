import type { Hono } from "hono";
import { archivePageCount } from "../../../src/feeds/model.ts";
import type { Site } from "../../../src/site/site.ts";
import { FEED_FORMATS, kindOfPath, MAIN_FEED, paths } from "../../../src/urls.ts";

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
    all.push(`${feed}?limit=3`, `${feed}?limit=7`, `${feed}?limit=9`, `${feed}?limit=200`);
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

// Headers of the transfer, not of the document: each server sets its own.
const TRANSFER = new Set([
  "content-length",
  "transfer-encoding",
  "date",
  "connection",
  "keep-alive",
]);

/** What the platform owns for the files it serves (docs/workers.md, "Differences from Node"). */
export const PLATFORM_OWNED: ReadonlySet<string> = new Set([
  "etag",
  "last-modified",
  "vary",
  "cf-cache-status",
]);

/**
 * Whether the Worker hands the request to the platform's file serving: a GET or HEAD of a
 * feed's own URL without a query (src/runtime/worker/worker-app.ts), with POLL_LIMIT off.
 */
export function isPlainFeedRequest(parityCase: ParityCase): boolean {
  const kind = kindOfPath(parityCase.path);
  return (
    (parityCase.method === "GET" || parityCase.method === "HEAD") &&
    !parityCase.path.includes("?") &&
    (kind === "feed" || kind === "credit") &&
    parityCase.expected.status !== 404
  );
}

/** Whether the case asks with validators (the platform checks its own, not Node's). */
export function isConditional(parityCase: ParityCase): boolean {
  return Object.keys(parityCase.headers).some((name) => name.startsWith("If-"));
}

/** What differs between an answer and Node's, one line per difference; `ignored` headers aside. */
export function differencesOf(
  parityCase: ParityCase,
  answer: RecordedResponse,
  ignored: ReadonlySet<string> = new Set(),
): string[] {
  const { expected } = parityCase;
  const found: string[] = [];
  if (answer.status !== expected.status) {
    found.push(`${parityCase.name}: status ${answer.status}, Node ${expected.status}`);
  }
  const kept = (headers: RecordedResponse["headers"]) =>
    new Map(headers.filter(([name]) => !TRANSFER.has(name) && !ignored.has(name)));
  const answerHeaders = kept(answer.headers);
  const nodeHeaders = kept(expected.headers);
  for (const name of new Set([...answerHeaders.keys(), ...nodeHeaders.keys()])) {
    if (answerHeaders.get(name) !== nodeHeaders.get(name)) {
      found.push(
        `${parityCase.name}: ${name} ${answerHeaders.get(name)}, Node ${nodeHeaders.get(name)}`,
      );
    }
  }
  if (answer.bodyBase64 !== expected.bodyBase64) found.push(`${parityCase.name}: body differs`);
  return found;
}
