import { readFileSync } from "node:fs";
import { createServer, type OutgoingHttpHeaders } from "node:http";
import { chooseResponse, decodeCapture } from "./capture.ts";

/**
 * The Node floor: plain node:http sending the bytes and headers our server sent for each feed,
 * precomputed, with nothing else in the way. `node --import tsx bench/load/bare-server.ts
 * CAPTURE.json PORT`, as the bench runs it (the same runtime and loader as our server).
 */

const [captureFile = "", port = ""] = process.argv.slice(2);
const feeds = new Map(
  [...decodeCapture(readFileSync(captureFile, "utf8"))].map(([path, feed]) => {
    // Header objects built once, names in the case and order our server sent them.
    const prepared = (response: typeof feed.plain) => ({
      status: response.status,
      headers: Object.fromEntries(response.headers) as OutgoingHttpHeaders,
      body: response.body,
    });
    return [
      path,
      {
        etag: feed.etag,
        plain: prepared(feed.plain),
        gzip: prepared(feed.gzip),
        notModified: prepared(feed.notModified),
      },
    ];
  }),
);

createServer((request, response) => {
  const feed = feeds.get(request.url ?? "");
  if (feed === undefined) {
    response.writeHead(404).end();
    return;
  }
  const chosen = chooseResponse(feed, {
    ifNoneMatch: request.headers["if-none-match"],
    acceptEncoding: request.headers["accept-encoding"],
  });
  response.writeHead(chosen.status, chosen.headers);
  response.end(chosen.status === 304 ? undefined : chosen.body);
}).listen(Number(port), "127.0.0.1", () => {
  console.log(`bare node:http on http://127.0.0.1:${port}`);
});
