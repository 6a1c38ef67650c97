import { describe, expect, it } from "vitest";
import {
  archiveCacheRules,
  checkRules,
  type HeaderRule,
  patternRegExp,
  resolveHeaders,
  type StaticHost,
} from "../../src/site/headers-file.ts";

const HOSTS: readonly StaticHost[] = ["cloudflare-pages", "netlify"];

describe("patternRegExp", () => {
  it.each([
    ["/archive/23*", "/archive/237/feed.xml", true],
    ["/archive/23*", "/archive/23/feed.xml", true],
    ["/archive/23*", "/archive/2/feed.xml", false],
    ["/archive/2/:file", "/archive/2/atom.xml", true],
    ["/archive/2/:file", "/archive/23/atom.xml", false],
    ["/archive/:page/feed.xml", "/archive/12/feed.xml", true],
    ["/archive/:page/feed.xml", "/archive/12/feed.json", false],
    ["/articles/*", "/articles/2025/12/foo", true],
    ["/", "/", true],
    ["/", "/feed.xml", false],
    ["/*", "/", true],
  ] as const)("matches %s against %s: %s, on both hosts", (pattern, path, isMatch) => {
    for (const host of HOSTS) expect(patternRegExp(pattern, host).test(path), host).toBe(isMatch);
  });
});

describe("resolveHeaders", () => {
  const rules: HeaderRule[] = [
    { pattern: "/*", headers: [["X-Robots-Tag", "noindex"]] },
    { pattern: "/static/*", headers: [["X-Robots-Tag", "nosnippet"]] },
  ];

  it("joins a header two rules set on Cloudflare Pages, as its documentation shows", () => {
    expect(resolveHeaders(rules, "/static/a.css", "cloudflare-pages").get("X-Robots-Tag")).toBe(
      "noindex, nosnippet",
    );
  });

  it("keeps the later rule's value on Netlify", () => {
    expect(resolveHeaders(rules, "/static/a.css", "netlify").get("X-Robots-Tag")).toBe("nosnippet");
  });
});

describe("archiveCacheRules", () => {
  const FULL = "public, max-age=86400";
  const FILLING = "public, max-age=300";

  it.each([1, 2, 9, 10, 11, 12, 19, 20, 99, 100, 101, 110, 199, 200, 237, 999, 1000, 1001, 4321])(
    "with %i pages gives each full page the archive max-age and the newest the feeds' one",
    (pages) => {
      const values = new Map<number, string>();
      for (let page = 1; page <= pages; page++) values.set(page, page === pages ? FILLING : FULL);
      const rules = archiveCacheRules(values, pages);
      expect(rules.length).toBeLessThanOrEqual(10 * String(pages).length);
      for (const host of HOSTS) {
        for (let page = 1; page <= pages; page++) {
          const headers = resolveHeaders(rules, `/archive/${page}/atom.xml`, host);
          expect(headers.get("Cache-Control"), `${host} page ${page}`).toBe(values.get(page));
        }
      }
    },
  );
});

describe("checkRules", () => {
  const html = new Map([["Content-Type", "text/html; charset=utf-8"]]);
  const rules: HeaderRule[] = [
    { pattern: "/articles/*", headers: [["Content-Type", "text/html; charset=utf-8"]] },
  ];

  it("accepts rules that give every path the headers it was served with", () => {
    const served = new Map([
      ["/articles/a", html],
      ["/articles/b", html],
    ]);
    expect(() => checkRules(rules, [...served.keys()], served)).not.toThrow();
  });

  it("names a path served differently from others that the same rules match", () => {
    const text = new Map([["Content-Type", "text/plain; charset=utf-8"]]);
    const served = new Map([
      ["/articles/a", html],
      ["/articles/b", text],
    ]);
    expect(() => checkRules(rules, [...served.keys()], served)).toThrow(
      'cloudflare-pages would send /articles/b [["Content-Type","text/html; charset=utf-8"]]',
    );
  });

  it("names a path that one more rule matches", () => {
    const more: HeaderRule[] = [...rules, { pattern: "/articles/b", headers: [["X-A", "1"]] }];
    const served = new Map([
      ["/articles/a", html],
      ["/articles/b", html],
    ]);
    expect(() => checkRules(more, [...served.keys()], served)).toThrow("/articles/b");
  });
});
