import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { isArticleId } from "../articles/article-id.ts";
import type { FeedFormat } from "../feeds/model.ts";
import type { Representation } from "./representation.ts";
import type { Site } from "./site.ts";

export interface AppOptions {
  /** The site as currently published; the runtime swaps it when the seeds change. */
  readonly getSite: () => Site | Promise<Site>;
  /** Where our own bugs are reported; the client only ever sees a one-line 500. */
  readonly logError?: (message: string, error: unknown) => void;
}

const FEED_ROUTES: ReadonlyArray<readonly [string, FeedFormat]> = [
  ["/feed.xml", "rss"],
  ["/atom.xml", "atom"],
  ["/feed.json", "json"],
];

/** The publisher's HTTP interface: the same app on Node and on Workers. */
export function createApp(options: AppOptions): Hono {
  const app = new Hono();

  for (const [path, format] of FEED_ROUTES) {
    app.get(path, async (c) => respond(c, await (await options.getSite()).feed(format)));
  }

  app.get("/", async (c) => respond(c, await (await options.getSite()).indexPage()));

  app.get("/articles/:id{.+}", async (c) => {
    const id = c.req.param("id");
    // Validate before any lookup: an id is never turned into anything but a map key.
    const page = isArticleId(id) ? await (await options.getSite()).articlePage(id) : undefined;
    if (page === undefined) throw new HTTPException(404, { message: "No article with that id." });
    return respond(c, page);
  });

  app.get("/healthz", async (c) => {
    const site = await options.getSite();
    return c.json({ status: "ok", articles: site.articles.length, problems: site.problems.length });
  });

  app.notFound((c) => c.text("Not found.\n", 404));

  app.onError((error, c) => {
    if (error instanceof HTTPException) return c.text(`${error.message}\n`, error.status);
    options.logError?.(`${c.req.method} ${c.req.path} failed`, error);
    return c.text("Internal server error.\n", 500);
  });

  return app;
}

function respond(c: Context, representation: Representation): Response {
  const headers = {
    "Content-Type": representation.contentType,
    ETag: representation.etag,
  };
  if (matchesEtag(c.req.header("If-None-Match"), representation.etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(representation.body, { status: 200, headers });
}

/** RFC 9110 §13.1.2: weak comparison, a list of tags or `*`. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//u, "") === etag);
}
