import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadArticles } from "../../src/articles/load.ts";
import { teaserBelowTitle } from "../../src/articles/normalize.ts";
import { parseSeed, type SeedFile } from "../../src/articles/parse-seed.ts";
import type { Article } from "../../src/articles/schema.ts";
import { escapeMarkup } from "../../src/articles/text.ts";
import type { Config } from "../../src/config.ts";
import { CATALOGUES } from "../../src/i18n/catalogue.ts";
import type { Messages } from "../../src/i18n/messages.ts";
import { createSite } from "../../src/site/site.ts";
import { GENERATED_SEEDS } from "../e2e/support/seeds.ts";
import { makeConfig, seed } from "../support/builders.ts";
import { ENGLISH_CREDIT_MARKERS, ENGLISH_SEEDS } from "../support/english-seeds.ts";

const BUNDLED_PATH = "000_0ed16cc7de1f1aa0.txt";
const BUNDLED: SeedFile = {
  path: BUNDLED_PATH,
  bytes: new Uint8Array(readFileSync(new URL(`../../seeds/${BUNDLED_PATH}`, import.meta.url))),
};
const GERMAN_SEEDS: readonly SeedFile[] = [
  BUNDLED,
  ...GENERATED_SEEDS.map((generated) => seed(generated.text, generated.file)),
];

const decoder = new TextDecoder();

/** A site of the seeds with the settings, and every page of it as HTML. */
async function pagesOf(files: readonly SeedFile[], config: Config) {
  const { articles, problems } = loadArticles(files, config);
  expect(problems).toEqual([]);
  const site = createSite({ articles, problems: [] }, config);
  const html = async (document: Promise<{ representation: { body: Uint8Array } } | undefined>) => {
    const found = await document;
    if (found === undefined) throw new Error("a page the site lists is missing");
    return decoder.decode(found.representation.body);
  };
  const pages = new Map<string, string>();
  for (let page = 1; page <= site.indexPageCount; page++) {
    pages.set(`index ${page}`, await html(site.indexPage(page)));
  }
  for (const article of articles) pages.set(article.id, await html(site.articlePage(article.id)));
  pages.set("feeds", await html(site.feedsPage()));
  return { articles, pages, site };
}

/** Everything a seed says, as it stands escaped in HTML: what a page shows that we did not add. */
function seedTexts(files: readonly SeedFile[], articles: readonly Article[], config: Config) {
  const texts = new Set<string>([config.siteTitle]);
  for (const file of files) {
    const parsed = parseSeed(file, config);
    for (const text of [parsed.title, parsed.teaser, parsed.textCredit ?? ""]) texts.add(text);
    for (const block of parsed.blocks) {
      texts.add(block.text);
      if (block.kind === "caption") texts.add(block.credit);
    }
  }
  for (const article of articles) {
    texts.add(article.title);
    texts.add(teaserBelowTitle(article));
  }
  return [...texts]
    .filter((text) => text !== "")
    .map(escapeMarkup)
    .sort((a, b) => b.length - a.length);
}

/** The words a reader sees on a page (text and labelling attributes), without seed text. */
function chromeWords(html: string, seedText: readonly string[]): string[] {
  let rest = html;
  for (const text of seedText) rest = rest.replaceAll(text, " ");
  // Labelling attributes and the texts of meta tags are read (og:type's values are protocol).
  const labels = [
    ...rest.matchAll(
      /\s(?:aria-label|title|alt)="([^"]*)"|<meta (?:name="description"|property="og:(?:title|description|site_name)") content="([^"]*)"/gu,
    ),
  ].map(([, label, content]) => label ?? content ?? "");
  const text = rest.replace(/<head>[\s\S]*?<\/head>/u, " ").replace(/<[^>]*>/gu, " ");
  return [...`${text} ${labels.join(" ")}`.matchAll(/\p{L}{2,}/gu)].map(([word]) =>
    word.toLowerCase(),
  );
}

// Entries that never reach a page: the catalogue's language, its English name for the start-up
// warning, and the date options (whose values are Intl's).
const NOT_ON_PAGES = new Set(["language", "englishName", "dateFormat"]);

/** Every word a catalogue writes on pages, with the long month names of its dates. */
function catalogueWords(messages: Messages): Set<string> {
  const texts = Object.entries(messages).flatMap(([key, value]): string[] => {
    if (NOT_ON_PAGES.has(key)) return [];
    if (typeof value === "string") return [value];
    if (typeof value === "function") return [String(value("", 2, ""))];
    return Object.values(value).filter((inner): inner is string => typeof inner === "string");
  });
  const months = Array.from({ length: 12 }, (_, month) =>
    new Intl.DateTimeFormat(messages.language, { month: "long", timeZone: "UTC" }).format(
      Date.UTC(2025, month, 15),
    ),
  );
  return new Set(
    [...texts, ...months].flatMap((text) =>
      [...text.matchAll(/\p{L}{2,}/gu)].map(([word]) => word.toLowerCase()),
    ),
  );
}

// The words both languages write, named here rather than computed, so that an English entry
// copied into the German catalogue (or the reverse) is caught, not counted as shared.
const SHARED_WORDS = new Set([
  "april",
  "atom",
  "august",
  "feed",
  "feeds",
  "format",
  "import",
  "in",
  "json",
  "november",
  "opml",
  "rss",
  "september",
]);
const de = catalogueWords(CATALOGUES.de as Messages);
const en = catalogueWords(CATALOGUES.en as Messages);
const onlyGerman = new Set([...de].filter((word) => !SHARED_WORDS.has(word)));
const onlyEnglish = new Set([...en].filter((word) => !SHARED_WORDS.has(word)));

describe("the catalogues' words", () => {
  it("share only the words named as shared", () => {
    expect([...de].filter((word) => en.has(word)).sort()).toEqual([...SHARED_WORDS].sort());
  });
});

describe("pages in the site's language", () => {
  it.each([
    ["de", GERMAN_SEEDS, { LANGUAGE: "de" }, onlyEnglish, ["abonnieren", "quelle", "seite"]],
    [
      "en",
      ENGLISH_SEEDS,
      { LANGUAGE: "en", CREDIT_MARKERS: ENGLISH_CREDIT_MARKERS },
      onlyGerman,
      ["subscribe", "source", "page"],
    ],
  ] as const)(
    "write no word of another language's catalogue on any %s page, apart from article text",
    async (_language, files, env, foreign, expected) => {
      const config = makeConfig({ ...env, SITE_TITLE: "Musterstadt Post", INDEX_PAGE_SIZE: "5" });
      const { articles, pages } = await pagesOf(files, config);
      expect(pages.has("index 2")).toBe(true);
      const seedText = seedTexts(files, articles, config);
      const seen = new Set<string>();
      for (const [name, html] of pages) {
        const words = chromeWords(html, seedText);
        for (const word of words) seen.add(word);
        expect(
          words.filter((word) => foreign.has(word)),
          name,
        ).toEqual([]);
      }
      // Not vacuous: the pages do carry the words of their own language.
      for (const word of expected) expect(seen).toContain(word);
    },
  );

  it.each([
    ["de", "4. Dezember 2025"],
    ["de-AT", "4. Dezember 2025"],
    ["en", "December 4, 2025"],
    ["en-GB", "4 December 2025"],
    ["fr", "December 4, 2025"],
  ])("dates an article for LANGUAGE=%s as %j", async (language, date) => {
    const { pages } = await pagesOf([BUNDLED], makeConfig({ LANGUAGE: language }));
    expect(pages.get("000_0ed16cc7de1f1aa0")).toContain(
      `<time datetime="2025-12-04T00:00:00+01:00">${date}</time>`,
    );
  });

  it("marks English chrome as English when LANGUAGE has no catalogue, keeping LANGUAGE for the text", async () => {
    const { pages } = await pagesOf([BUNDLED], makeConfig({ LANGUAGE: "fr" }));
    const html = pages.get("index 1") ?? "";
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<body lang="en">');
    expect(html).toContain('<article lang="fr">');
  });

  it.each(["de", "en-GB"])(
    "leaves the body's language to <html> for LANGUAGE=%s",
    async (language) => {
      const { pages } = await pagesOf([BUNDLED], makeConfig({ LANGUAGE: language }));
      expect(pages.get("index 1")).toContain("\n<body>\n");
    },
  );
});

describe("the index", () => {
  it("names the site once, as its heading, with no description unless one is set", async () => {
    const config = makeConfig({ SITE_TITLE: "Musterstadt Post" });
    const { pages } = await pagesOf(GERMAN_SEEDS, config);
    const html = pages.get("index 1") ?? "";
    const body = html.slice(html.indexOf("<body>"));
    expect(body.match(/Musterstadt Post/gu)).toHaveLength(1);
    expect(body).toContain(
      '<h1 class="site-name"><a href="https://news.example.org/" aria-current="page"><span>Musterstadt Post</span></a></h1>',
    );
    expect(html).not.toContain('class="tagline"');
    expect(html).not.toContain('name="description"');
    expect(html).not.toContain("Die neuesten Artikel");
  });

  it("shows SITE_DESCRIPTION below the name when it is set", async () => {
    const config = makeConfig({ SITE_DESCRIPTION: "Nachrichten aus Musterstadt" });
    const { pages } = await pagesOf([BUNDLED], config);
    const html = pages.get("index 1") ?? "";
    expect(html).toContain('<p class="tagline">Nachrichten aus Musterstadt</p>');
    expect(html).toContain('<meta name="description" content="Nachrichten aus Musterstadt">');
  });

  it("shows a derived headline, then only the rest of the teaser", async () => {
    const { pages } = await pagesOf([BUNDLED], makeConfig());
    const html = pages.get("index 1") ?? "";
    const headline =
      "Der US-Sondergesandte Witkoff will sich laut Berichten bereits am Donnerstag erneut mit ukrainischen Vertretern treffen.";
    expect(html.split(headline)).toHaveLength(2);
    expect(html).toContain("<p>Ein Gespräch mit Putin endete am Dienstag ohne Durchbruch.</p>");
  });

  it("lists no feeds by source: they have their own page, linked from the footer", async () => {
    const { pages } = await pagesOf(GERMAN_SEEDS, makeConfig());
    const html = pages.get("index 1") ?? "";
    expect(html).not.toContain("/credits/");
    expect(html).toContain('<a href="https://news.example.org/feeds">Alle Feeds</a>');
  });

  it("keeps each text credit together in the byline", async () => {
    const { pages } = await pagesOf(GERMAN_SEEDS, makeConfig());
    expect(pages.get("index 1")).toContain('<span class="credit">Quelle: AFP &amp; Reuters</span>');
  });

  it.each([
    [1, "Neuere Artikel", false, true],
    [2, "Ältere Artikel", true, false],
  ])("links index page %i to its neighbours", async (page, _label, hasNewer, hasOlder) => {
    const { pages } = await pagesOf(GERMAN_SEEDS, makeConfig({ INDEX_PAGE_SIZE: "5" }));
    const html = pages.get(`index ${page}`) ?? "";
    expect(html.includes('<nav class="pagination" aria-label="Seiten">')).toBe(true);
    expect(html.includes('rel="prev"><span aria-hidden="true">←</span> Neuere Artikel</a>')).toBe(
      hasNewer,
    );
    expect(html.includes('rel="next">Ältere Artikel <span aria-hidden="true">→</span></a>')).toBe(
      hasOlder,
    );
  });

  it("calls page 2 by its number in the heading and by the site's name in the title", async () => {
    const { pages } = await pagesOf(
      ENGLISH_SEEDS,
      makeConfig({ LANGUAGE: "en-GB", INDEX_PAGE_SIZE: "5" }),
    );
    const html = pages.get("index 2") ?? "";
    expect(html).toContain("<title>Feed Publisher (page 2)</title>");
    expect(html).toContain("<h1>Page 2</h1>");
    expect(html).toContain(
      '<p class="site-name"><a href="https://news.example.org/"><span>Feed Publisher</span></a></p>',
    );
  });
});

describe("an article page", () => {
  it("shows a derived headline once, then the rest of the teaser, then the body", async () => {
    const { pages } = await pagesOf([BUNDLED], makeConfig());
    const html = pages.get("000_0ed16cc7de1f1aa0") ?? "";
    const main = html.slice(html.indexOf("<main>"), html.indexOf("</main>"));
    expect(main.split("will sich laut Berichten bereits am Donnerstag")).toHaveLength(2);
    expect(main).toContain(
      '</time> · <span class="credit">Quelle: dpa</span></p>\n<p>Ein Gespräch mit Putin endete am Dienstag ohne Durchbruch.</p>\n<figure>',
    );
  });

  it("keeps a title from the header and the whole teaser", async () => {
    const { pages } = await pagesOf(
      ENGLISH_SEEDS,
      makeConfig({ LANGUAGE: "en", CREDIT_MARKERS: ENGLISH_CREDIT_MARKERS }),
    );
    const html = pages.get("coast-road") ?? "";
    expect(html).toContain("<h1>Floods close the coast road</h1>");
    expect(html).toContain("<p>Heavy rain closed the coast road for a second day.</p>");
  });

  it("labels credits with the catalogue's word, whichever marker the seed used", async () => {
    const { pages } = await pagesOf(
      ENGLISH_SEEDS,
      makeConfig({ LANGUAGE: "en", CREDIT_MARKERS: ENGLISH_CREDIT_MARKERS }),
    );
    const html = pages.get("market-hall") ?? "";
    expect(html).toContain("<small>Source: City of Newtown / M. Schulz</small>");
    expect(html).toContain('<span class="credit">Source: PA Media</span>');
    expect(html).not.toContain("Photo:");
  });

  it.each([
    ["the newest", "harbour-talks", undefined, "coast-road"],
    ["one in the middle", "new-ward", "coast-road", "budget"],
    ["the oldest", "timetable", "market-hall", undefined],
  ])("links %s to its newer and older neighbours", async (_name, id, newer, older) => {
    const config = makeConfig({ LANGUAGE: "en", CREDIT_MARKERS: ENGLISH_CREDIT_MARKERS });
    const { pages } = await pagesOf(ENGLISH_SEEDS, config);
    const html = pages.get(id) ?? "";
    const links = [
      ...html.matchAll(
        /<a href="https:\/\/news\.example\.org\/articles\/([^"]+)" rel="(prev|next)">/gu,
      ),
    ].map(([, target, rel]) => `${rel} ${target}`);
    expect(links).toEqual([
      ...(newer === undefined ? [] : [`prev ${newer}`]),
      ...(older === undefined ? [] : [`next ${older}`]),
    ]);
    expect(html).toContain('<nav class="neighbours" aria-label="More articles">');
  });

  it("shows SITE_LOGO beside the site's name, which stays text", async () => {
    const config = makeConfig({ SITE_LOGO: "https://cdn.example.org/logo.svg" });
    const { pages } = await pagesOf([BUNDLED], config);
    expect(pages.size).toBe(3);
    for (const html of pages.values()) {
      expect(html).toMatch(
        /<a href="https:\/\/news\.example\.org\/"(?: aria-current="page")?><img class="logo" src="https:\/\/cdn\.example\.org\/logo\.svg" alt=""><span>Feed Publisher<\/span><\/a>/u,
      );
    }
  });
});

describe("the feeds page", () => {
  it("lists the main feed and every credit's feed in every format, and the feed list", async () => {
    const { pages, site } = await pagesOf(GERMAN_SEEDS, makeConfig());
    const html = pages.get("feeds") ?? "";
    expect(html).toContain("<h1>Feeds</h1>");
    expect(html).toContain("<title>Feeds – Feed Publisher</title>");
    for (const slug of site.credits.map((credit) => credit.slug)) {
      for (const file of ["feed.xml", "atom.xml", "feed.json"]) {
        expect(html).toContain(`href="https://news.example.org/credits/${slug}/${file}"`);
      }
    }
    expect(site.credits.length).toBeGreaterThan(2);
    expect(html.match(/<span class="feed-name">/gu)).toHaveLength(site.credits.length);
    // The main feed: the autodiscovery link, the section "Alle Artikel" and the footer.
    for (const file of ["feed.xml", "atom.xml", "feed.json"]) {
      expect(
        html.match(
          new RegExp(`href="https://news\\.example\\.org/${file.replace(".", "\\.")}"`, "gu"),
        ),
      ).toHaveLength(3);
    }
    expect(html).toContain(
      '<a href="https://news.example.org/feeds.opml" type="text/x-opml">Alle Feeds als OPML-Datei</a>',
    );
  });

  it("leaves out the section by source when no article has a text credit", async () => {
    const { pages } = await pagesOf([seed(" date 2025-12-04 Ohne Quelle.")], makeConfig());
    expect(pages.get("feeds")).not.toContain("Nach Quelle");
  });
});
