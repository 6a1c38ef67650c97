import { parseAtomFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { loadArticles } from "../../src/articles/load.ts";
import { createPublisher } from "../../src/http/publisher.ts";
import { makeConfig, seed } from "../support/builders.ts";

/**
 * Behind a reverse proxy that strips a path prefix (docs/production.md: nginx
 * `location /news/ { proxy_pass http://127.0.0.1:3000/; }`), the app answers unprefixed paths
 * while every link it writes carries the prefix of BASE_URL.
 */
const BASE_URL = "https://www.example.org/news";

function publisher() {
  const config = makeConfig({ BASE_URL, ID_AUTHORITY: "example.org,2025" });
  const files = [seed("Eins date 2025-12-04 Teaser eins.\n\nText.\n\nQuelle: dpa\n", "eins.txt")];
  const { articles, problems } = loadArticles(files, config);
  return createPublisher(
    { articles, problems, modifiedTimes: new Map(), folderTimes: new Map() },
    { settings: config, now: () => Date.parse("2026-01-10T12:00:00Z") },
  );
}

describe("a BASE_URL with a path prefix", () => {
  it("serves the feeds at unprefixed paths, as the proxy forwards them", async () => {
    const { app } = publisher();
    expect((await app.request("/feed.xml")).status).toBe(200);
    expect((await app.request("/articles/eins")).status).toBe(200);
    // The proxy strips the prefix: the app never sees it.
    expect((await app.request("/news/feed.xml")).status).toBe(404);
  });

  it("writes every link in a feed under the prefix", async () => {
    const { app } = publisher();
    const atom = parseAtomFeed(await (await app.request("/atom.xml")).text());
    const links = [
      ...(atom.links ?? []).map((link) => link.href),
      ...(atom.entries ?? []).flatMap((entry) => (entry.links ?? []).map((link) => link.href)),
    ];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toMatch(/^https:\/\/www\.example\.org\/news\//u);
  });

  it("links pages, stylesheet and feeds under the prefix, never at the site root", async () => {
    const { app } = publisher();
    for (const path of ["/", "/articles/eins"]) {
      const html = await (await app.request(path)).text();
      const targets = [...html.matchAll(/(?:href|src)="([^"]*)"/gu)].map((match) => match[1]);
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) {
        if (target === "data:,") continue;
        expect(target).toMatch(/^https:\/\/www\.example\.org\/news\//u);
      }
    }
  });

  it("redirects /page/1 to the prefixed home page", async () => {
    const { app } = publisher();
    const response = await app.request("/page/1");
    expect(response.status).toBe(301);
    expect(response.headers.get("Location")).toBe("https://www.example.org/news/");
  });
});
