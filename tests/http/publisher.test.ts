import { describe, expect, it } from "vitest";
import { loadArticles } from "../../src/articles/load.ts";
import { createPublisher } from "../../src/http/publisher.ts";
import { makeConfig, seed } from "../support/builders.ts";

const config = makeConfig();

function inputOf(...texts: string[]) {
  return loadArticles(
    texts.map((text, index) => seed(text, `s${index}.txt`)),
    config,
  );
}

describe("createPublisher", () => {
  it("serves the site it was given", async () => {
    const publisher = createPublisher(inputOf(" date 2025-12-04 Eins."), {
      settings: config,
      now: () => Date.UTC(2026, 0, 1),
    });
    const health = await publisher.app.request("/healthz");
    expect(await health.json()).toEqual({ status: "ok", articles: 1, problems: 0 });
  });

  it("serves a newly published site from the next request on, and returns both sites", async () => {
    const publisher = createPublisher(inputOf(" date 2025-12-04 Eins."), {
      settings: config,
      now: () => Date.UTC(2026, 0, 1),
    });
    const first = publisher.site();
    const { previous, next } = publisher.publish(
      inputOf(" date 2025-12-04 Eins.", " date 2025-12-05 Zwei."),
    );
    expect(previous).toBe(first);
    expect(publisher.site()).toBe(next);
    const feed = (await (await publisher.app.request("/feed.json")).json()) as { items: unknown[] };
    expect(feed.items).toHaveLength(2);
  });

  it("keeps the bytes of a document whose inputs did not change across a publish", async () => {
    const publisher = createPublisher(inputOf(" date 2025-12-04 Eins."), {
      settings: config,
      now: () => Date.UTC(2026, 0, 1),
    });
    const before = await publisher.site().articlePage("s0");
    publisher.publish(publisher.site());
    expect(await publisher.site().articlePage("s0")).toBe(before);
  });
});
