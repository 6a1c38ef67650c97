import { describe, expect, it } from "vitest";
import {
  type CapturedFeed,
  captureResponse,
  chooseResponse,
  decodeCapture,
  encodeCapture,
  responseDifferences,
} from "../../../bench/load/capture.ts";
import type { RawResponse } from "../../../harness/http.ts";

function raw(status: number, rawHeaders: string[], body = ""): RawResponse {
  return { status, headers: {}, rawHeaders, body: Buffer.from(body), receivedAt: 0 };
}

const feed: CapturedFeed = {
  etag: '"e"',
  plain: { status: 200, headers: [["ETag", '"e"']], body: Buffer.from("<rss/>") },
  gzip: { status: 200, headers: [["ETag", '"e-gzip"']], body: Buffer.from([31, 139]) },
  notModified: { status: 304, headers: [["ETag", '"e"']], body: Buffer.alloc(0) },
};

describe("captureResponse", () => {
  it("keeps the headers as sent, in order and case, but those node:http writes itself", () => {
    const captured = captureResponse(
      raw(200, [
        "X-Content-Type-Options",
        "nosniff",
        "Date",
        "Tue, 02 Dec 2025 10:00:00 GMT",
        "ETag",
        '"e"',
        "Connection",
        "keep-alive",
        "Keep-Alive",
        "timeout=5",
      ]),
    );
    expect(captured.headers).toEqual([
      ["X-Content-Type-Options", "nosniff"],
      ["ETag", '"e"'],
    ]);
  });
});

describe("chooseResponse", () => {
  it.each([
    ["a conditional request", { ifNoneMatch: '"e"' }, 304],
    ["a gzip request", { acceptEncoding: "gzip" }, 200],
    ["a plain request", {}, 200],
  ])("answers %s as our server did", (_, request, status) => {
    expect(chooseResponse(feed, request).status).toBe(status);
  });

  it("sends gzip bytes only when asked for gzip", () => {
    expect(chooseResponse(feed, { acceptEncoding: "gzip" })).toBe(feed.gzip);
    expect(chooseResponse(feed, {})).toBe(feed.plain);
  });
});

describe("responseDifferences", () => {
  it("finds none between a response and itself", () => {
    expect(responseDifferences(feed.plain, feed.plain)).toEqual([]);
  });

  it("names a header in another order, another status and other bytes", () => {
    const other = {
      status: 203,
      headers: [["etag", '"e"']] as Array<[string, string]>,
      body: Buffer.from("<rss />"),
    };
    expect(responseDifferences(feed.plain, other)).toHaveLength(3);
  });
});

describe("encodeCapture and decodeCapture", () => {
  it("carry every byte of every response", () => {
    const back = decodeCapture(encodeCapture(new Map([["/feed.xml", feed]])));
    expect(back.get("/feed.xml")).toEqual(feed);
  });
});
