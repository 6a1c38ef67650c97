import { describe, expect, it } from "vitest";
import { renderRobotsTxt } from "../../src/site/robots.ts";

describe("renderRobotsTxt", () => {
  it.each([
    ["https://news.example.org", "https://news.example.org/sitemap.xml"],
    ["https://example.org/news", "https://example.org/news/sitemap.xml"],
  ])("allows everything and names the sitemaps of %s", (baseUrl, sitemap) => {
    expect(renderRobotsTxt(baseUrl).split("\n")).toEqual([
      "User-agent: *",
      "Allow: /",
      "",
      `Sitemap: ${sitemap}`,
      `Sitemap: ${sitemap.replace("sitemap.xml", "sitemap-news.xml")}`,
      "",
    ]);
  });
});
