import { describe, expect, it } from "vitest";
import { checkFeedBody } from "../../../bench/soak/feed-body.ts";

const JSON_FEED = {
  version: "https://jsonfeed.org/version/1.1",
  title: "Nachrichten",
  items: [{ id: "tag:localhost,2025:articles/a", content_text: "Text" }],
};

describe("checkFeedBody", () => {
  it("accepts a JSON Feed 1.1 document", () => {
    expect(() => checkFeedBody("json", JSON.stringify(JSON_FEED))).not.toThrow();
  });

  it("rejects a JSON Feed 1.0 document", () => {
    const old = { ...JSON_FEED, version: "https://jsonfeed.org/version/1" };
    expect(() => checkFeedBody("json", JSON.stringify(old))).toThrow();
  });

  it("rejects a cut-off JSON body", () => {
    expect(() => checkFeedBody("json", JSON.stringify(JSON_FEED).slice(0, 40))).toThrow(
      /not JSON/u,
    );
  });

  it.each(["rss", "atom"] as const)("accepts a well-formed %s document", (format) => {
    expect(() =>
      checkFeedBody(format, '<?xml version="1.0" encoding="utf-8"?>\n<feed>x</feed>'),
    ).not.toThrow();
  });

  it.each(["rss", "atom"] as const)("rejects a %s body cut off mid-tag", (format) => {
    expect(() =>
      checkFeedBody(format, '<?xml version="1.0" encoding="utf-8"?>\n<feed><entry>x</en'),
    ).toThrow(/not well-formed XML/u);
  });
});
