import { describe, expect, it } from "vitest";
import { loadArticles } from "../../src/articles/load.ts";
import { createPublisher } from "../../src/http/publisher.ts";
import { sentBodyOf, sentBytesOf } from "../../src/http/responses.ts";
import { makeConfig, seed } from "../support/builders.ts";

const config = makeConfig();

function publisher() {
  return createPublisher(loadArticles([seed(" date 2025-12-04 Eins.", "s0.txt")], config), {
    settings: config,
    now: () => Date.UTC(2026, 0, 1),
  });
}

describe("sentBodyOf and sentBytesOf", () => {
  it("give the bytes of a document the responder sent, the same bytes the client reads", async () => {
    const { app } = publisher();
    const response = await app.request("/feed.xml");
    const sent = sentBodyOf(response);
    expect(sent).toBeInstanceOf(Uint8Array);
    expect(sentBytesOf(response)).toBe(sent?.length);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(sent);
  });

  it("know nothing of a 304, of the app's text answers, or of any other Response", async () => {
    const { app } = publisher();
    const first = await app.request("/feed.xml");
    const etag = first.headers.get("ETag") ?? "";
    const notModified = await app.request("/feed.xml", { headers: { "If-None-Match": etag } });
    expect(notModified.status).toBe(304);
    expect(sentBodyOf(notModified)).toBeUndefined();
    const notFound = await app.request("/no-such-page");
    expect(sentBytesOf(notFound)).toBeUndefined();
    expect(sentBodyOf(new Response("elsewhere"))).toBeUndefined();
  });
});
