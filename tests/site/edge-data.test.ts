import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import {
  chunkCount,
  decodeEdgeData,
  EDGE_CHUNK,
  renderingSettings,
  settingsMismatch,
  shardOf,
} from "../../src/site/edge-data.ts";

describe("shardOf", () => {
  it("puts an id in the same shard on every build and every runtime (FNV-1a)", () => {
    // Fixed values: a change here moves every article page of every deployed site.
    expect(shardOf("", 1000)).toBe(0x811c9dc5 % 1000);
    expect(shardOf("a", 2 ** 32 - 1)).toBe(0xe40c292c);
    expect(shardOf("2025/nachrichten", 97)).toBe(shardOf("2025/nachrichten", 97));
  });

  it("spreads ids over the shards", () => {
    const counts = new Array<number>(50).fill(0);
    for (let index = 0; index < 5000; index++) {
      const shard = shardOf(`${String(index).padStart(6, "0")}_artikel`, 50);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    expect(Math.min(...counts)).toBeGreaterThan(50);
    expect(Math.max(...counts)).toBeLessThan(150);
  });
});

describe("chunkCount", () => {
  it.each([
    [0, 200, 0],
    [1, 200, 1],
    [EDGE_CHUNK, 200, 1],
    [EDGE_CHUNK + 1, 200, 2],
    [100_000, 200, 200 / EDGE_CHUNK],
  ])("holds the newest of %i articles (at most %i) in %i files", (total, max, files) => {
    expect(chunkCount(total, max)).toBe(files);
  });
});

describe("decodeEdgeData", () => {
  it("reads UTF-8 JSON", () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ ä: [1, "ß"] }));
    expect(decodeEdgeData(bytes)).toEqual({ ä: [1, "ß"] });
  });
});

describe("settingsMismatch", () => {
  const built = renderingSettings(parseConfig({ BASE_URL: "https://a.example", FEED_LIMIT: "8" }));

  it("accepts the settings the assets were built with, whatever the Node-only ones say", () => {
    expect(
      settingsMismatch(
        built,
        parseConfig({
          BASE_URL: "https://a.example",
          FEED_LIMIT: "8",
          PORT: "9",
          POLL_LIMIT: "on",
        }),
      ),
    ).toBeUndefined();
  });

  it.each([
    [{ BASE_URL: "https://b.example", FEED_LIMIT: "8" }, /^BASE_URL is "https:\/\/b.example" but/u],
    [
      { BASE_URL: "https://a.example", FEED_LIMIT: "9" },
      /^FEED_LIMIT is 9 but the assets were built with 8/u,
    ],
    [
      { BASE_URL: "https://a.example", FEED_LIMIT: "8", SITE_ICON: "https://a.example/i.png" },
      /^SITE_ICON is "https:\/\/a.example\/i.png" but the assets were built with null/u,
    ],
  ])("names the first setting that differs: %o", (env, message) => {
    expect(settingsMismatch(built, parseConfig(env))).toMatch(message);
  });
});
