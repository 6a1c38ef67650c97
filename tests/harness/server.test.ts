import { afterEach, describe, expect, it, vi } from "vitest";
import { parseAccessLog, SERVER_COMMAND, SERVER_ENTRY, serverEnv } from "../../harness/server.ts";
import { formatAccessLine } from "../../src/http/access-log.ts";

describe("parseAccessLog", () => {
  it("reads every field of the lines the server writes with ACCESS_LOG=on", () => {
    const line = formatAccessLine({
      time: Date.UTC(2025, 11, 4, 10),
      client: "192.0.2.7",
      method: "HEAD",
      path: "/articles/2025/12/a?x=1",
      status: 200,
      bytes: 0,
      durationMs: 1.234,
      userAgent: "Newsboat/2.30",
    });
    expect(parseAccessLog([line])).toEqual([
      {
        time: "2025-12-04T10:00:00.000Z",
        client: "192.0.2.7",
        method: "HEAD",
        path: "/articles/2025/12/a?x=1",
        status: 200,
        bytes: 0,
        durationMs: 1.23,
        userAgent: "Newsboat/2.30",
      },
    ]);
  });

  it.each([
    "2025-12-04T10:00:00.000Z serving seeds on http://127.0.0.1:3000 (BASE_URL x)",
    "2025-12-04T10:00:00.000Z updated 2025/12/a.txt",
    '{"time":"2025-12-04T10:00:00.000Z","method":"GET","path":"/feed.xml"}',
    "{not json",
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
  it("is the command-line program, run with its serve command", () => {
    expect([SERVER_ENTRY, SERVER_COMMAND]).toEqual(["src/runtime/cli/feed-publisher.ts", "serve"]);
  });
});
