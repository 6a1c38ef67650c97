import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { createApp } from "../../src/http/app.ts";
import { createSite } from "../../src/http/site.ts";
import { SeedLibrary } from "../../src/runtime/seed-library.ts";
import {
  archiveCacheRules,
  exportEntries,
  exportSite,
  type HeaderRule,
  patternRegExp,
  resolveHeaders,
  type StaticHost,
} from "../../src/runtime/static-export.ts";
import { writeSiteFixture } from "../support/site-fixture.ts";

const SETTINGS = {
  BASE_URL: "https://static.example.org",
  FEED_LIMIT: "8",
  ARCHIVE_PAGE_SIZE: "10",
  INDEX_PAGE_SIZE: "6",
  ARCHIVE_MAX_AGE: "7200",
};
const HOSTS: readonly StaticHost[] = ["cloudflare-pages", "netlify"];

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "export-test-"));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The fixture site as `npm start` would serve it. */
async function serveFixture() {
  const seeds = join(work, "seeds");
  await writeSiteFixture(seeds);
  const config = parseConfig(SETTINGS);
  const library = new SeedLibrary(seeds, config);
  await library.scan();
  const site = createSite(library.input, config);
  const app = createApp({ getSite: () => site, settings: config, now: () => Date.now() });
  return { app, site, config };
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

describe("exportSite", () => {
  it("writes every document byte for byte as the app serves it, and _headers", async () => {
    const { app, site, config } = await serveFixture();
    const out = join(work, "site");
    const progress: number[] = [];
    const result = await exportSite({
      app,
      site,
      archivePageSize: config.archivePageSize,
      out,
      onProgress: (written) => progress.push(written),
    });

    const entries = exportEntries(site, config.archivePageSize);
    expect(await listFiles(out)).toEqual(
      [...entries.map((entry) => entry.file), "_headers"].sort(),
    );
    // 38 articles: 7 index pages, 4 archive pages, 4 credits, the style sheet.
    expect(entries).toHaveLength(1 + 6 + 1 + 3 * (1 + 4 + 4) + 38);
    expect(result.files).toBe(entries.length);
    expect(progress).toEqual(entries.map((_, index) => index + 1));
    for (const { url, file } of entries) {
      const served = await app.request(url, { headers: { "Accept-Encoding": "identity" } });
      const bytes = new Uint8Array(await readFile(join(out, file)));
      expect(bytes, file).toEqual(new Uint8Array(await served.arrayBuffer()));
    }
  });

  it("lays out files so a static host serves them at the server's URLs", async () => {
    const { site, config } = await serveFixture();
    const files = new Map(exportEntries(site, config.archivePageSize).map((e) => [e.url, e.file]));
    expect(files.get("/")).toBe("index.html");
    expect(files.get("/page/2")).toBe("page/2.html");
    expect(files.get("/feed.xml")).toBe("feed.xml");
    expect(files.get("/archive/4/feed.json")).toBe("archive/4/feed.json");
    expect(files.get("/credits/dpa-afp/atom.xml")).toBe("credits/dpa-afp/atom.xml");
    expect(files.get("/articles/2024/01/artikel-00")).toBe("articles/2024/01/artikel-00.html");
  });

  it.each(HOSTS)(
    "gives every document on %s the Content-Type, Cache-Control and security headers the app sends",
    async (host) => {
      const { app, site, config } = await serveFixture();
      const out = join(work, "site");
      await exportSite({ app, site, archivePageSize: config.archivePageSize, out });
      const rules = parseHeadersFile(await readFile(join(out, "_headers"), "utf8"));
      expect(rules.length).toBeLessThanOrEqual(100);
      for (const { url } of exportEntries(site, config.archivePageSize)) {
        const served = await app.request(url);
        const headers = resolveHeaders(rules, url, host);
        for (const name of [
          "Content-Type",
          "Cache-Control",
          "Access-Control-Allow-Origin",
          "Content-Security-Policy",
          "X-Content-Type-Options",
          "Referrer-Policy",
        ]) {
          expect(headers.get(name) ?? null, `${url} ${name}`).toBe(served.headers.get(name));
        }
      }
      const archive = resolveHeaders(rules, "/archive/1/feed.xml", host).get("Cache-Control");
      expect(archive).toContain("max-age=7200,");
      const filling = resolveHeaders(rules, "/archive/4/feed.xml", host).get("Cache-Control");
      expect(filling).toContain("max-age=300,");
    },
  );

  it("replaces a previous export but refuses a folder that holds something else", async () => {
    const { app, site, config } = await serveFixture();
    const out = join(work, "site");
    const options = { app, site, archivePageSize: config.archivePageSize, out };
    await exportSite(options);
    await writeFile(join(out, "articles", "stale.html"), "gone");
    await exportSite(options);
    expect(await listFiles(out)).not.toContain("articles/stale.html");

    const other = join(work, "other");
    await mkdir(other);
    await writeFile(join(other, "notes.txt"), "mine");
    await expect(exportSite({ ...options, out: other })).rejects.toThrow(
      "is not empty and holds no previous export",
    );
    expect(await readFile(join(other, "notes.txt"), "utf8")).toBe("mine");
  });
});

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

/** Reads `_headers` back as a host does: a pattern line, then indented `Name: value` lines. */
function parseHeadersFile(text: string): HeaderRule[] {
  const rules: Array<{ pattern: string; headers: Array<[string, string]> }> = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    if (!/^\s/u.test(line)) {
      rules.push({ pattern: line.trim(), headers: [] });
      continue;
    }
    const colon = line.indexOf(":");
    rules.at(-1)?.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}
