import { describe, expect, it } from "vitest";
import { header, type RawResponse } from "../../harness/http.ts";

function makeResponse(headers: RawResponse["headers"]): RawResponse {
  return { status: 200, headers, rawHeaders: [], body: Buffer.alloc(0), receivedAt: 0 };
}

describe("header", () => {
  it.each([
    ["ETag", { etag: '"a"' }, '"a"'],
    ["content-encoding", { "content-encoding": "gzip" }, "gzip"],
    ["Vary", { vary: ["Accept-Encoding", "Origin"] }, "Accept-Encoding, Origin"],
    ["Link", {}, undefined],
  ])("reads %s from %j", (name, headers, value) => {
    expect(header(makeResponse(headers), name)).toBe(value);
  });
});
