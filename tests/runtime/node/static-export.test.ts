import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config.ts";
import { createPublisher } from "../../../src/http/publisher.ts";
import { SeedLibrary } from "../../../src/runtime/node/seed-library.ts";
import { exportSite } from "../../../src/runtime/node/static-export.ts";
import {
  type HeaderRule,
  resolveHeaders,
  type StaticHost,
} from "../../../src/site/headers-file.ts";
import { exportFileOf } from "../../../src/urls.ts";
import { writeSiteFixture } from "../../support/site-fixture.ts";

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
  const library = await SeedLibrary.open(seeds, config);
  const publisher = createPublisher(library.input, { settings: config, now: () => Date.now() });
  return { app: publisher.app, site: publisher.site(), config };
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

// Each case renders and writes a whole site: seconds on a busy machine.
describe("exportSite", { timeout: 30_000 }, () => {
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

    const entries = site.paths().map((url) => ({ url, file: exportFileOf(url) }));
    expect(await listFiles(out)).toEqual(
      [...entries.map((entry) => entry.file), "_headers"].sort(),
    );
    // 38 articles: 7 index pages, 4 archive pages, 4 credits, the style sheet, and the feeds
    // page, feed list, sitemap, news sitemap and robots.txt.
    expect(entries).toHaveLength(1 + 6 + 1 + 3 * (1 + 4 + 4) + 38 + 5);
    expect(result.files).toBe(entries.length);
    expect(progress).toEqual(entries.map((_, index) => index + 1));
    for (const { url, file } of entries) {
      const served = await app.request(url, { headers: { "Accept-Encoding": "identity" } });
      const bytes = new Uint8Array(await readFile(join(out, file)));
      expect(bytes, file).toEqual(new Uint8Array(await served.arrayBuffer()));
    }
  });

  it("lays out files so a static host serves them at the server's URLs", async () => {
    const { site } = await serveFixture();
    const files = new Map(site.paths().map((url) => [url, exportFileOf(url)]));
    expect(files.get("/")).toBe("index.html");
    expect(files.get("/page/2")).toBe("page/2.html");
    expect(files.get("/feed.xml")).toBe("feed.xml");
    expect(files.get("/archive/4/feed.json")).toBe("archive/4/feed.json");
    expect(files.get("/credits/dpa-afp/atom.xml")).toBe("credits/dpa-afp/atom.xml");
    expect(files.get("/articles/2024/01/artikel-00")).toBe("articles/2024/01/artikel-00.html");
    expect(files.get("/feeds")).toBe("feeds.html");
    expect(files.get("/feeds.opml")).toBe("feeds.opml");
    expect(files.get("/sitemap.xml")).toBe("sitemap.xml");
    expect(files.get("/sitemap-news.xml")).toBe("sitemap-news.xml");
    expect(files.get("/robots.txt")).toBe("robots.txt");
  });

  it.each(HOSTS)(
    "gives every document on %s the Content-Type, Cache-Control and security headers the app sends",
    async (host) => {
      const { app, site, config } = await serveFixture();
      const out = join(work, "site");
      await exportSite({ app, site, archivePageSize: config.archivePageSize, out });
      const rules = parseHeadersFile(await readFile(join(out, "_headers"), "utf8"));
      expect(rules.length).toBeLessThanOrEqual(100);
      for (const url of site.paths()) {
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

  it("writes only the included paths, and _headers rules that cover them", async () => {
    const { app, site, config } = await serveFixture();
    const out = join(work, "site");
    const isArticle = (path: string) => path.startsWith("/articles/");
    const result = await exportSite({
      app,
      site,
      archivePageSize: config.archivePageSize,
      out,
      include: isArticle,
    });
    const included = site.paths().filter(isArticle);
    expect(included).toHaveLength(38);
    expect(result.files).toBe(38);
    expect(await listFiles(out)).toEqual(
      [...included.map((url) => exportFileOf(url)), "_headers"].sort(),
    );
    const rules = parseHeadersFile(await readFile(join(out, "_headers"), "utf8"));
    expect(rules.map((rule) => rule.pattern)).not.toContain("/feed.xml");
    for (const host of HOSTS) {
      const served = await app.request(included[0] ?? "");
      expect(resolveHeaders(rules, included[0] ?? "", host).get("Content-Type")).toBe(
        served.headers.get("Content-Type"),
      );
    }
  });

  it("reports every written document's headers", async () => {
    const { app, site, config } = await serveFixture();
    const seen = new Map<string, string | null>();
    await exportSite({
      app,
      site,
      archivePageSize: config.archivePageSize,
      out: join(work, "site"),
      onServed: (path, headers) => seen.set(path, headers.get("Last-Modified")),
    });
    expect([...seen.keys()].sort()).toEqual(site.paths().sort());
    const article = "/articles/2024/01/artikel-00";
    const served = await app.request(article);
    expect(seen.get(article)).toBe(served.headers.get("Last-Modified"));
    expect(seen.get(article)).toMatch(/GMT$/u);
  });

  it("adds the caller's files, many of them, before the export is moved into place", async () => {
    const { app, site, config } = await serveFixture();
    const out = join(work, "site");
    const names = Array.from({ length: 3000 }, (_, index) => `extra/${index % 7}/f${index}.txt`);
    await exportSite({
      app,
      site,
      archivePageSize: config.archivePageSize,
      out,
      addFiles: async (write) => {
        const bytes = new Uint8Array(8);
        for (const [index, name] of names.entries()) {
          bytes.set(new TextEncoder().encode(String(index).padStart(8, "0")));
          // The caller reuses its buffer: each file keeps what it held when written.
          await write(name, bytes);
        }
      },
    });
    const files = new Set(await listFiles(out));
    expect(names.filter((name) => !files.has(name))).toEqual([]);
    expect(await readFile(join(out, "extra/3/f10.txt"), "utf8")).toBe("00000010");
    expect(await readFile(join(out, "extra/3/f2999.txt"), "utf8")).toBe("00002999");
  });

  it("keeps the previous export when an added file would land outside it", async () => {
    const { app, site, config } = await serveFixture();
    const out = join(work, "site");
    const options = { app, site, archivePageSize: config.archivePageSize, out };
    await exportSite(options);
    const before = await listFiles(out);
    await expect(
      exportSite({
        ...options,
        addFiles: (write) => write("../escaped.txt", new Uint8Array([1])),
      }),
    ).rejects.toThrow("not a path inside the export: ../escaped.txt");
    expect(await listFiles(out)).toEqual(before);
    expect(await readdir(work)).toEqual(expect.arrayContaining(["seeds", "site"]));
    expect(await readdir(work)).toHaveLength(2);
  });
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
