import { describe, expect, it } from "vitest";
import {
  ENCODINGS,
  type MixSite,
  nextProbe,
  type Probe,
  sweepProbes,
} from "../../../bench/soak/traffic-mix.ts";
import { mulberry32 } from "../../../src/corpus/rng.ts";
import { FEED_FILES, FEED_FORMATS, kindOfPath } from "../../../src/urls.ts";

function makeSite(overrides: Partial<MixSite> = {}): MixSite {
  return {
    stableIds: ["000001_a", "2025/12/000002_b"],
    creditSlugs: ["dpa", "dpa-afp"],
    changingIds: ["000300_c"],
    ...overrides,
  };
}

/** `count` probes of one client with PRNG seed 1. */
function drawProbes(count: number, site = makeSite(), etags = new Map<string, string>()): Probe[] {
  const rng = mulberry32(1);
  return Array.from({ length: count }, () => nextProbe(rng, site, etags));
}

describe("nextProbe", () => {
  it("draws the same requests from the same PRNG seed", () => {
    expect(drawProbes(200)).toEqual(drawProbes(200));
  });

  it("draws every kind of request in a long enough run", () => {
    const kinds = new Set(drawProbes(5_000).map(({ kind }) => kind));
    expect([...kinds].sort()).toEqual([
      "404",
      "POST",
      "archive page",
      "article",
      "article (changing)",
      "bad query",
      "conditional",
      "credit feed",
      "feed ?limit",
      "feed br",
      "feed gzip",
      "feed identity",
      "head",
      "index page",
      "style, healthz",
    ]);
  });

  it("expects 200 from every path the site publishes, and lets a changing article be gone", () => {
    for (const probe of drawProbes(2_000)) {
      const path = probe.path.replace(/\?.*$/u, "");
      if (!probe.expected.includes(200) || path === "/healthz") continue;
      expect(kindOfPath(path), path).toBeDefined();
      expect(probe.expected).toEqual(probe.kind === "article (changing)" ? [200, 404] : [200]);
    }
  });

  it("asks for the site's own articles and credits only", () => {
    const site = makeSite();
    for (const { kind, path } of drawProbes(2_000, site)) {
      if (kind === "article") {
        expect(site.stableIds.map((id) => `/articles/${id}`)).toContain(path);
      }
      if (kind === "article (changing)") expect(path).toBe("/articles/000300_c");
      if (kind === "credit feed") expect(path).toMatch(/^\/credits\/(?:dpa|dpa-afp)\//u);
    }
  });

  it("sends If-None-Match with an ETag the client has seen, and then also accepts a 304", () => {
    const etags = new Map<string, string>(
      FEED_FORMATS.flatMap((format) =>
        ENCODINGS.map((encoding): [string, string] => [
          `/${FEED_FILES[format]} ${encoding}`,
          `"${format}"`,
        ]),
      ),
    );
    const conditional = drawProbes(2_000, makeSite(), etags).filter(
      ({ kind, path }) => kind === "conditional" && !path.startsWith("/archive/"),
    );
    expect(conditional.length).toBeGreaterThan(0);
    for (const probe of conditional) {
      expect(probe.ifNoneMatch).toBe(etags.get(`${probe.path} ${probe.encoding}`));
      expect(probe.expected).toEqual([200, 304]);
    }
  });

  it("expects a 404, 400 or 405 from hostile and wrong requests", () => {
    const expected = new Map(
      drawProbes(3_000).map(({ kind, expected }) => [kind, expected] as const),
    );
    expect(expected.get("404")).toEqual([404]);
    expect(expected.get("bad query")).toEqual([400]);
    expect(expected.get("POST")).toEqual([405]);
  });
});

describe("sweepProbes", () => {
  const sweep = () => sweepProbes(["dpa"], ["000001_a", "000002_b"]);

  it("asks every path in every encoding", () => {
    const probes = sweep();
    const paths = new Set(probes.map(({ path }) => path));
    expect(probes).toHaveLength(paths.size * ENCODINGS.length);
  });

  it.each([
    "/feed.xml",
    "/atom.xml?limit=100",
    "/archive/7/feed.json",
    "/credits/dpa/atom.xml",
    "/",
    "/page/12",
    "/articles/000002_b",
    "/style.css",
  ])("includes %s", (path) => {
    expect(sweep().map((probe) => probe.path)).toContain(path);
  });

  it("marks feeds with their format so their bodies can be checked", () => {
    const feed = sweep().find(({ path }) => path === "/archive/1/atom.xml");
    expect(feed?.format).toBe("atom");
    expect(sweep().find(({ path }) => path === "/")?.format).toBeUndefined();
  });
});
