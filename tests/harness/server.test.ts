import { afterEach, describe, expect, it, vi } from "vitest";
import { parseAccessLog, SERVER_ENTRY, serverEnv } from "../../harness/server.ts";

describe("parseAccessLog", () => {
  it("reads method, path and status from ACCESS_LOG=on lines", () => {
    expect(
      parseAccessLog([
        "2025-12-04T10:00:00.000Z GET /feed.xml 304",
        "2025-12-04T10:00:00.100Z HEAD /articles/2025/12/a?x=1 200",
      ]),
    ).toEqual([
      { method: "GET", path: "/feed.xml", status: 304 },
      { method: "HEAD", path: "/articles/2025/12/a?x=1", status: 200 },
    ]);
  });

  it.each([
    "2025-12-04T10:00:00.000Z serving seeds on http://127.0.0.1:3000 (BASE_URL x)",
    "2025-12-04T10:00:00.000Z updated 2025/12/a.txt",
    "2025-12-04T10:00:00.000Z GET feed.xml 200",
  ])("leaves out %s", (line) => {
    expect(parseAccessLog([line])).toEqual([]);
  });
});

describe("serverEnv", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("keeps a developer's own settings out", () => {
    vi.stubEnv("SITE_TITLE", "Mine");
    vi.stubEnv("WEBSUB_HUB", "https://hub.example/");
    const env = serverEnv(3000, "/seeds");
    expect(env.SITE_TITLE).toBeUndefined();
    expect(env.WEBSUB_HUB).toBeUndefined();
  });

  it("serves the given folder on 127.0.0.1 whatever the extra settings say", () => {
    expect(
      serverEnv(4711, "/seeds", { SITE_TITLE: "T", HOST: "0.0.0.0", PORT: "80" }),
    ).toMatchObject({
      SITE_TITLE: "T",
      HOST: "127.0.0.1",
      PORT: "4711",
      BASE_URL: "http://127.0.0.1:4711",
      SEEDS_DIR: "/seeds",
    });
  });

  it("runs without a cache unless CACHE_DIR is given", () => {
    expect(serverEnv(4711, "/seeds").CACHE_DIR).toBe("off");
    expect(serverEnv(4711, "/seeds", { CACHE_DIR: "/tmp/c" }).CACHE_DIR).toBe("/tmp/c");
  });

  it("keeps a BASE_URL that is given, since the cache is keyed by it", () => {
    expect(serverEnv(4711, "/seeds", { BASE_URL: "http://bench.invalid" }).BASE_URL).toBe(
      "http://bench.invalid",
    );
  });
});

describe("SERVER_ENTRY", () => {
  it("is the command-line serve program", () => {
    expect(SERVER_ENTRY).toBe("src/runtime/cli/serve.ts");
  });
});
