import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../harness/server.ts";
import type { BrowserElement, BrowserGlobals } from "./support/browser-globals.ts";
import { CHROMIUM_PATH, requireCommands } from "./support/commands.ts";
import {
  articleId,
  BUNDLED_ARTICLE,
  createSeedsFolder,
  EXPECTED_ARTICLES,
  type ExpectedArticle,
  permalink,
  REPO_ROOT,
  type SeedsFolder,
} from "./support/seeds.ts";

const require = createRequire(import.meta.url);

const SITE_TITLE = "E2E Nachrichten";
const INDEX_PAGE_SIZE = 5;
const SCREENSHOT_DIR = join(REPO_ROOT, "test-output", "screenshots");
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const;
type ViewportName = keyof typeof VIEWPORTS;
// body{max-width:42rem} at the default 16px root size.
const BODY_MAX_WIDTH = "672px";
// The stylesheet's --paper in light and dark mode.
const LIGHT_PAPER = "rgb(253, 252, 250)";
const DARK_PAPER = "rgb(22, 21, 19)";

/** What the screenshot test asserts about a rendered page; runs in the browser. */
function readLayout(siteTitle: string) {
  const browser = globalThis as unknown as BrowserGlobals;
  const { document } = browser;
  const style = (element: unknown) => browser.getComputedStyle(element);
  const lines = (element: BrowserElement) =>
    Math.round(
      element.getBoundingClientRect().height / Number.parseFloat(style(element).lineHeight),
    );
  return {
    maxWidth: style(document.body).maxWidth,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: browser.innerWidth,
    bodyFont: style(document.body).fontFamily,
    background: style(document.documentElement).backgroundColor,
    siteNameCount: (document.body.textContent ?? "").split(siteTitle).length - 1,
    creditLines: [...document.querySelectorAll(".credit, figcaption small")].map(lines),
    headlineDecorations: [...document.querySelectorAll("ol.articles h2 a")].map(
      (link) => style(link).textDecorationLine,
    ),
  };
}

const article = (file: string): ExpectedArticle => {
  const found = EXPECTED_ARTICLES.find((candidate) => candidate.file === file);
  if (found === undefined) throw new Error(`no fixture article ${file}`);
  return found;
};
const MARKUP_ARTICLE = article("sonderzeichen.txt");
const NESTED_ARTICLE = article("politik/inland/haushalt.txt");

interface PageCase {
  readonly name: string;
  /** Relative to BASE_URL; also what the canonical link and og:url must say. */
  readonly path: string;
  readonly heading: string;
  /** og:title: the heading, or for index pages after the first the site's name and the page. */
  readonly title: string;
  readonly ogType: "website" | "article";
}

const articlePage = (name: string, each: ExpectedArticle): PageCase => ({
  name,
  path: `/articles/${articleId(each)}`,
  heading: each.title,
  title: each.title,
  ogType: "article",
});
const INDEX: PageCase = {
  name: "index",
  path: "/",
  heading: SITE_TITLE,
  title: SITE_TITLE,
  ogType: "website",
};
const ARTICLE_PAGE = articlePage("article", BUNDLED_ARTICLE);
const FEEDS_PAGE: PageCase = {
  name: "feeds",
  path: "/feeds",
  heading: "Feeds",
  title: "Feeds",
  ogType: "website",
};
const PAGES: readonly PageCase[] = [
  INDEX,
  {
    name: "index-page-2",
    path: "/page/2",
    heading: "Seite 2",
    title: `${SITE_TITLE} (Seite 2)`,
    ogType: "website",
  },
  ARTICLE_PAGE,
  articlePage("article-markup", MARKUP_ARTICLE),
  articlePage("article-nested", NESTED_ARTICLE),
  FEEDS_PAGE,
];
const COLOR_SCHEMES = ["light", "dark"] as const;

interface OpenedPage {
  readonly page: Page;
  readonly status: number | undefined;
  readonly headers: Readonly<Record<string, string>>;
  /** Console errors, CSP reports, page errors, failed requests and 4xx/5xx the server logged. */
  readonly problems: readonly string[];
}

describe("the HTML pages in headless Chromium", () => {
  let seeds: SeedsFolder | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  const running = (): { server: RunningServer; browser: Browser } => {
    if (server === undefined || browser === undefined) throw new Error("setup failed");
    return { server, browser };
  };

  /** Opens a path in a fresh context, runs `use`, and always closes the context. */
  const withPage = async <T>(
    path: string,
    options: BrowserContextOptions,
    use: (opened: OpenedPage) => Promise<T>,
  ): Promise<T> => {
    const { server, browser } = running();
    const context = await browser.newContext(options);
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (message) => {
        // Chromium reports CSP violations as console errors.
        if (message.type() === "error" || /content security policy/iu.test(message.text())) {
          problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
        }
      });
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("requestfailed", (request) =>
        problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
      );
      const mark = server.lines.length;
      // networkidle: the favicon and the stylesheet have been asked for too.
      const response = await page.goto(`${server.baseUrl}${path}`, { waitUntil: "networkidle" });
      for (const request of server.accessLog(mark)) {
        if (request.status >= 400) {
          problems.push(`server answered ${request.method} ${request.path} ${request.status}`);
        }
      }
      return await use({
        page,
        status: response?.status(),
        headers: (await response?.allHeaders()) ?? {},
        problems,
      });
    } finally {
      await context.close();
    }
  };

  beforeAll(async () => {
    requireCommands([CHROMIUM_PATH]);
    seeds = await createSeedsFolder();
    server = await startServer({
      seedsDir: seeds.path,
      env: { SITE_TITLE, INDEX_PAGE_SIZE: String(INDEX_PAGE_SIZE) },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    await mkdir(SCREENSHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await seeds?.remove();
  });

  // Screenshots of every page at phone and desktop width, light and dark, for review in
  // test-output/screenshots/; what they must show is asserted on the rendered page.
  it.each(
    PAGES.flatMap((pageCase) =>
      (Object.keys(VIEWPORTS) as ViewportName[]).flatMap((viewport) =>
        COLOR_SCHEMES.map((colorScheme) => ({ pageCase, viewport, colorScheme })),
      ),
    ),
  )(
    "renders $pageCase.name at $viewport width in $colorScheme mode, readable and without console errors",
    async ({ pageCase, viewport, colorScheme }) => {
      await withPage(
        pageCase.path,
        { viewport: VIEWPORTS[viewport], colorScheme },
        async (opened) => {
          const { page } = opened;
          expect(opened.status).toBe(200);
          const heading = page.locator("h1");
          expect(await heading.isVisible()).toBe(true);
          expect(await heading.textContent()).toBe(pageCase.heading);
          const layout = await page.evaluate(readLayout, SITE_TITLE);
          expect(layout.maxWidth).toBe(BODY_MAX_WIDTH);
          // Readable on a phone: nothing forces sideways scrolling.
          expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
          // Long text in a serif; the site's name once; each credit on one line.
          expect(layout.bodyFont).toMatch(/^Charter,.*serif$/u);
          expect(layout.siteNameCount).toBe(1);
          expect(layout.creditLines.filter((lines) => lines !== 1)).toEqual([]);
          // Index headlines are links without an underline.
          expect(layout.headlineDecorations.filter((line) => line !== "none")).toEqual([]);
          // The page and its text differ in the dark, as the stylesheet says.
          expect(layout.background).toBe(colorScheme === "dark" ? DARK_PAPER : LIGHT_PAPER);
          await page.screenshot({
            path: join(SCREENSHOT_DIR, `${pageCase.name}-${viewport}-${colorScheme}.png`),
            fullPage: true,
          });
          expect(opened.problems).toEqual([]);
        },
      );
    },
  );

  it.each(EXPECTED_ARTICLES)(
    "shows $file with its German date, photo credit and text credit",
    async (expected) => {
      await withPage(`/articles/${articleId(expected)}`, {}, async ({ page }) => {
        const byline = page.locator("article .meta");
        expect(await byline.locator("time").textContent()).toBe(expected.germanDate);
        expect(await byline.locator("time").getAttribute("datetime")).toMatch(
          new RegExp(`^${expected.date}T00:00:00\\+0${expected.offsetHours}:00$`, "u"),
        );
        const bylineText = (await byline.textContent()) ?? "";
        if (expected.textCredit === undefined) expect(bylineText).not.toContain("Quelle:");
        else {
          expect(await byline.locator(".credit").textContent()).toBe(
            `Quelle: ${expected.textCredit}`,
          );
        }
        const captions = await page.locator("figure figcaption").allTextContents();
        if (expected.photoCredit === undefined) expect(captions).toEqual([]);
        else expect(captions.join("\n")).toContain(`Quelle: ${expected.photoCredit}`);
      });
    },
  );

  it("lists every article newest first across the index pages, linking to its permalink", async () => {
    const { server } = running();
    const listed: { title: string | null; href: string | null }[] = [];
    for (const path of ["/", "/page/2"]) {
      await withPage(path, {}, async ({ page }) => {
        const links = page.locator("ol.articles h2 a");
        for (let index = 0; index < (await links.count()); index++) {
          const link = links.nth(index);
          listed.push({ title: await link.textContent(), href: await link.getAttribute("href") });
        }
      });
    }
    expect(listed).toEqual(
      EXPECTED_ARTICLES.map((each) => ({
        title: each.title,
        href: permalink(server.baseUrl, each),
      })),
    );
  });

  it("links the index pages to each other", async () => {
    const { server } = running();
    await withPage("/", {}, async ({ page }) => {
      expect(await page.locator('nav a[rel="next"]').getAttribute("href")).toBe(
        `${server.baseUrl}/page/2`,
      );
      expect(await page.locator('nav a[rel="prev"]').count()).toBe(0);
    });
    await withPage("/page/2", {}, async ({ page }) => {
      expect(await page.locator('nav a[rel="prev"]').getAttribute("href")).toBe(
        `${server.baseUrl}/`,
      );
      expect(await page.locator('nav a[rel="next"]').count()).toBe(0);
    });
  });

  it("follows the pager to /page/2 and the redirect of /page/1 back to /", async () => {
    const { server } = running();
    await withPage("/", {}, async ({ page }) => {
      await Promise.all([
        page.waitForURL(`${server.baseUrl}/page/2`),
        page.click('nav a[rel="next"]'),
      ]);
      expect(await page.locator("h1").textContent()).toBe("Seite 2");
    });
    await withPage("/page/1", {}, async ({ page }) => {
      expect(page.url()).toBe(`${server.baseUrl}/`);
      expect(await page.locator("h1").textContent()).toBe(SITE_TITLE);
    });
  });

  it.each([INDEX, ARTICLE_PAGE])(
    "offers autodiscovery links on $name that resolve with 200 and their Content-Type",
    async (pageCase) => {
      await withPage(pageCase.path, {}, async ({ page }) => {
        const links = page.locator('head link[rel="alternate"]');
        const found: { type: string | null; status: number; contentType: string | undefined }[] =
          [];
        for (let index = 0; index < (await links.count()); index++) {
          const href = (await links.nth(index).getAttribute("href")) ?? "";
          const response = await page.request.get(href);
          found.push({
            type: await links.nth(index).getAttribute("type"),
            status: response.status(),
            contentType: response.headers()["content-type"]?.split(";")[0]?.trim(),
          });
        }
        expect(found).toEqual(
          ["application/rss+xml", "application/atom+xml", "application/feed+json"].map((type) => ({
            type,
            status: 200,
            contentType: type,
          })),
        );
      });
    },
  );

  it.each([INDEX, ARTICLE_PAGE, FEEDS_PAGE])(
    "offers visible subscribe links on $name that resolve with 200",
    async (pageCase) => {
      await withPage(pageCase.path, {}, async ({ page }) => {
        const links = page.locator('footer nav[aria-label="Abonnieren"] a');
        expect(await links.allTextContents()).toEqual(["RSS", "Atom", "JSON Feed", "Alle Feeds"]);
        for (let index = 0; index < (await links.count()); index++) {
          expect(await links.nth(index).isVisible()).toBe(true);
          const response = await page.request.get(
            (await links.nth(index).getAttribute("href")) ?? "",
          );
          expect(response.status()).toBe(200);
        }
      });
    },
  );

  it.each(PAGES)("names its canonical URL and Open Graph tags on $name", async (pageCase) => {
    const { server } = running();
    await withPage(pageCase.path, {}, async ({ page }) => {
      const canonical = `${server.baseUrl}${pageCase.path}`;
      const meta = (property: string) =>
        page.locator(`head meta[property="${property}"]`).getAttribute("content");
      expect(await page.locator("html").getAttribute("lang")).toBe("de");
      expect(await page.locator('head link[rel="canonical"]').getAttribute("href")).toBe(canonical);
      expect(await meta("og:url")).toBe(canonical);
      expect(await meta("og:type")).toBe(pageCase.ogType);
      expect(await meta("og:title")).toBe(pageCase.title);
      expect(await meta("og:site_name")).toBe(SITE_TITLE);
    });
  });

  it.each([INDEX, ARTICLE_PAGE])(
    "sends security headers on $name and its CSP blocks inline script",
    async (pageCase) => {
      await withPage(pageCase.path, {}, async ({ page, headers }) => {
        expect(headers["content-security-policy"]).toContain("default-src 'none'");
        expect(headers["x-content-type-options"]).toBe("nosniff");
        expect(headers["referrer-policy"]).toBeDefined();
        await expect(page.addScriptTag({ content: "globalThis.injected = true;" })).rejects.toThrow(
          /Content Security Policy/u,
        );
      });
    },
  );

  // axe-core is injected as a script, which our CSP rightly blocks: the audit runs in a context
  // that bypasses CSP. The other tests run with it enforced.
  it.each(
    PAGES.flatMap((pageCase) => COLOR_SCHEMES.map((colorScheme) => ({ pageCase, colorScheme }))),
  )(
    "has no serious accessibility violations on $pageCase.name in $colorScheme mode",
    async ({ pageCase, colorScheme }) => {
      await withPage(pageCase.path, { bypassCSP: true, colorScheme }, async ({ page }) => {
        await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
        const results = await page.evaluate(() =>
          (globalThis as unknown as BrowserGlobals).axe.run(),
        );
        const report = results.violations.map(
          (violation) =>
            `${violation.impact ?? "unknown"} ${violation.id}: ${violation.help}\n${violation.nodes
              .map((node) => `  ${node.html}\n    ${node.failureSummary ?? ""}`)
              .join("\n")}`,
        );
        if (report.length > 0) {
          console.log(`axe on ${pageCase.path} (${colorScheme}):\n${report.join("\n")}`);
        }
        const serious = results.violations.filter(
          (violation) => violation.impact === "serious" || violation.impact === "critical",
        );
        expect(serious.map((violation) => violation.id)).toEqual([]);
      });
    },
  );
});
