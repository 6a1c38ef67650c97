import type { RawResponse } from "../../harness/http.ts";

/**
 * What this server sent for each feed, captured so that the bare node:http reference sends the
 * very same status, headers (names, case and order) and bytes.
 */

/** One response as sent, without the headers node:http writes by itself on every response. */
export interface CapturedResponse {
  readonly status: number;
  /** Header names as sent, in order, with their values. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

/** The three answers of one feed: identity, gzip, and 304 to its ETag. */
export interface CapturedFeed {
  readonly etag: string;
  readonly plain: CapturedResponse;
  readonly gzip: CapturedResponse;
  readonly notModified: CapturedResponse;
}

// node:http adds these itself (Date, and keep-alive for HTTP/1.1): both servers send their own.
const WRITTEN_BY_NODE = new Set(["date", "connection", "keep-alive"]);

/** A response as the bare server replays it. */
export function captureResponse(response: RawResponse): CapturedResponse {
  const headers: Array<[string, string]> = [];
  for (let index = 0; index + 1 < response.rawHeaders.length; index += 2) {
    const name = response.rawHeaders[index] as string;
    if (!WRITTEN_BY_NODE.has(name.toLowerCase())) {
      headers.push([name, response.rawHeaders[index + 1] as string]);
    }
  }
  return { status: response.status, headers, body: response.body };
}

/**
 * The captured answer to a request of the bench: 304 for a conditional request (the bench sends
 * only the current ETag), gzip when it asks for gzip, else identity.
 */
export function chooseResponse<R>(
  feed: { readonly plain: R; readonly gzip: R; readonly notModified: R },
  request: {
    readonly ifNoneMatch?: string | undefined;
    readonly acceptEncoding?: string | undefined;
  },
): R {
  if (request.ifNoneMatch !== undefined) return feed.notModified;
  return request.acceptEncoding === "gzip" ? feed.gzip : feed.plain;
}

/** How two responses differ (status, headers in order, body), as lines; none when they are the same. */
export function responseDifferences(
  expected: CapturedResponse,
  actual: CapturedResponse,
): string[] {
  const differences: string[] = [];
  if (expected.status !== actual.status) {
    differences.push(`status ${actual.status}, expected ${expected.status}`);
  }
  const headerLines = (response: CapturedResponse) =>
    response.headers.map(([name, value]) => `${name}: ${value}`).join("\n");
  if (headerLines(expected) !== headerLines(actual)) {
    differences.push(`headers\n${headerLines(actual)}\nexpected\n${headerLines(expected)}`);
  }
  if (!expected.body.equals(actual.body)) {
    differences.push(`a body of ${actual.body.length} bytes, expected ${expected.body.length}`);
  }
  return differences;
}

/** The captured feeds as JSON for the bare server's command line (bodies in base64). */
export function encodeCapture(feeds: ReadonlyMap<string, CapturedFeed>): string {
  const response = (captured: CapturedResponse) => ({
    status: captured.status,
    headers: captured.headers,
    body: captured.body.toString("base64"),
  });
  return JSON.stringify(
    [...feeds].map(([path, feed]) => ({
      path,
      etag: feed.etag,
      plain: response(feed.plain),
      gzip: response(feed.gzip),
      notModified: response(feed.notModified),
    })),
  );
}

/** encodeCapture's JSON back. The bench wrote it a moment ago: read, not validated. */
export function decodeCapture(json: string): Map<string, CapturedFeed> {
  interface Encoded {
    readonly status: number;
    readonly headers: Array<[string, string]>;
    readonly body: string;
  }
  const response = (encoded: Encoded): CapturedResponse => ({
    status: encoded.status,
    headers: encoded.headers,
    body: Buffer.from(encoded.body, "base64"),
  });
  const feeds = JSON.parse(json) as Array<{
    path: string;
    etag: string;
    plain: Encoded;
    gzip: Encoded;
    notModified: Encoded;
  }>;
  return new Map(
    feeds.map((feed) => [
      feed.path,
      {
        etag: feed.etag,
        plain: response(feed.plain),
        gzip: response(feed.gzip),
        notModified: response(feed.notModified),
      },
    ]),
  );
}
