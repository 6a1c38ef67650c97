import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { loadArticles, sortNewestFirst } from "../../src/articles/load.ts";
import type { Article } from "../../src/articles/schema.ts";
import { makeArticle, makeConfig, seed } from "../support/builders.ts";
import {
  parseAtom,
  parseJson,
  parseRss,
  photoCreditsInHtml,
  REAL_SEED_ID,
  REAL_SEEDS_DIR,
  readSeedFiles,
  renderFeeds,
  rssItemText,
} from "../support/parse-feeds.ts";

// One item as a reader sees it, whichever format it came from.
interface ItemView {
  readonly link: string | undefined;
  readonly title: string | undefined;
  /** Plain text; "" when the format has none. */
  readonly summary: string;
  readonly publishedMs: number;
  readonly publishedOffsetMinutes: number;
  /** The item's own authors; [] means "none of its own" (the feed-level author applies). */
  readonly authors: readonly string[];
  readonly contentHtml: string;
  readonly photoCredits: readonly string[];
}

interface FormatView {
  readonly language: string | undefined;
  /** The feed-level author items without one fall back to (RSS has none). */
  readonly feedAuthors: readonly string[] | undefined;
  readonly ids: readonly string[];
  readonly items: ReadonlyMap<string, ItemView>;
}

// A limit above the number of seeds, so every article is in every feed.
const config = makeConfig({ SITE_AUTHOR: "Redaktion", FEED_LIMIT: "1000" });

/** The real seeds plus articles that differ in every way the formats could disagree on. */
function parityArticles(): Article[] {
  const { articles, problems } = loadArticles(
    [
      ...readSeedFiles(REAL_SEEDS_DIR),
      seed("Ohne Quelle date 2025-12-05 Ein Anriss ohne Quelle.\n\nEin Absatz.", "no-credit.txt"),
      seed(
        [
          "Zwei Bilder date 2025-12-03 Ein Anriss.",
          "",
          "Das erste Bild zeigt den Hafen. Quelle: AP",
          "",
          "Ein Absatz dazwischen.",
          "",
          "Das zweite Bild zeigt die Stadt. Quelle: Reuters / Foto Müller",
          "",
          "Quelle: dpa/AFP",
        ].join("\n"),
        "two-photos.txt",
      ),
      seed(
        [
          'Fish & Chips <b>"teuer"</b> &amp; ]]> date 2025-12-02 Anriss mit & und < und "Zitat", &amp; und ]]>]]>.',
          "",
          "Text mit <script>alert(1)</script> & mehr. Quelle: Foto & <Co>",
          "",
          "Quelle: dpa & <epd>",
        ].join("\n"),
        "markup.txt",
      ),
      seed(
        "Nur ein Titel date 2025-12-04\n\nEin Text ohne Anriss.\n\nQuelle: epd",
        "title-only.txt",
      ),
      seed(
        "Zeitumstellung date 2025-03-30 Die Sommerzeit beginnt.\n\nQuelle: dpa",
        "2025/03/dst.txt",
      ),
      seed("Sommer date 2025-07-01 Ein Sommertag.", "2025/07/summer.txt"),
    ],
    config,
  );
  if (problems.length > 0) throw new Error(problems.map(String).join("\n"));
  // A text credit list longer than one is only possible in the model; readers must agree on it too.
  const twoCredits = makeArticle({
    id: "two-credits",
    published: "2025-12-01T00:00:00+01:00",
    textCredits: ["dpa", "AFP"],
    photoCredits: [],
  });
  return sortNewestFirst([...articles, twoCredits]);
}

function rfc822Instant(text: string | undefined): DateTime {
  return DateTime.fromRFC2822(text ?? "", { setZone: true });
}

function isoInstant(text: string | undefined): DateTime {
  return DateTime.fromISO(text ?? "", { setZone: true });
}

function view(
  items: readonly { readonly id: string; readonly item: ItemView }[],
  rest: Omit<FormatView, "ids" | "items">,
): FormatView {
  return {
    ...rest,
    ids: items.map(({ id }) => id),
    items: new Map(items.map(({ id, item }) => [id, item])),
  };
}

function dated(date: DateTime) {
  return { publishedMs: date.toMillis(), publishedOffsetMinutes: date.offset };
}

function renderAndReadBack(articles: readonly Article[]) {
  const { rss, atom, json } = renderFeeds(articles, config);

  const channel = parseRss(rss);
  const rssView = view(
    (channel.items ?? []).map((item) => {
      const { summary, contentHtml } = rssItemText(item);
      return {
        id: item.guid?.value ?? "",
        item: {
          link: item.link,
          title: item.title,
          summary,
          ...dated(rfc822Instant(item.pubDate)),
          authors: item.dc?.creators ?? [],
          contentHtml,
          photoCredits: (item.media?.credits ?? []).map((credit) => credit.value ?? ""),
        },
      };
    }),
    { language: channel.language, feedAuthors: undefined },
  );

  const feed = parseAtom(atom);
  const atomView = view(
    (feed.entries ?? []).map((entry) => {
      const contentHtml = entry.content?.value ?? "";
      return {
        id: entry.id ?? "",
        item: {
          link: entry.links?.find((link) => link.rel === "alternate")?.href,
          title: entry.title?.value,
          summary: entry.summary?.value ?? "",
          ...dated(isoInstant(entry.published)),
          authors: (entry.authors ?? []).map((author) => author.name ?? ""),
          contentHtml,
          photoCredits: photoCreditsInHtml(contentHtml),
        },
      };
    }),
    {
      language: feed.xml?.lang,
      feedAuthors: (feed.authors ?? []).map((author) => author.name ?? ""),
    },
  );

  const jsonFeed = parseJson(json);
  const jsonView = view(
    (jsonFeed.items ?? []).map((item) => {
      const contentHtml = item.content_html ?? "";
      return {
        id: item.id ?? "",
        item: {
          link: item.url,
          title: item.title,
          summary: item.summary ?? "",
          ...dated(isoInstant(item.date_published)),
          authors: (item.authors ?? []).map((author) => author.name ?? ""),
          contentHtml,
          photoCredits: photoCreditsInHtml(contentHtml),
        },
      };
    }),
    {
      language: jsonFeed.language,
      feedAuthors: (jsonFeed.authors ?? []).map((author) => author.name ?? ""),
    },
  );

  return { rss: rssView, atom: atomView, json: jsonView, rawJson: JSON.parse(json) as unknown };
}

const articles = parityArticles();
const views = renderAndReadBack(articles);

describe("cross-format parity", () => {
  it("covers the real seed and every varied article", () => {
    expect(articles.map((article) => article.id)).toEqual(
      expect.arrayContaining([
        "no-credit",
        REAL_SEED_ID,
        "title-only",
        "two-photos",
        "markup",
        "two-credits",
        "2025/07/summer",
        "2025/03/dst",
      ]),
    );
  });

  it("lists the same item ids in the same order in RSS, Atom and JSON Feed", () => {
    const guids = articles.map((article) => article.guid);
    expect(views.rss.ids).toEqual(guids);
    expect(views.atom.ids).toEqual(guids);
    expect(views.json.ids).toEqual(guids);
  });

  it("states the same language in all three", () => {
    expect(views.rss.language).toBe("de");
    expect(views.atom.language).toBe("de");
    expect(views.json.language).toBe("de");
  });

  it("gives Atom and JSON Feed the same feed-level author for items without one", () => {
    expect(views.atom.feedAuthors).toEqual(["Redaktion"]);
    expect(views.json.feedAuthors).toEqual(["Redaktion"]);
  });

  describe.each(articles.map((article) => [article.id, article] as const))(
    "item %s",
    (_id, article) => {
      const rss = views.rss.items.get(article.guid);
      const atom = views.atom.items.get(article.guid);
      const json = views.json.items.get(article.guid);

      it("is in every format", () => {
        expect(rss).toBeDefined();
        expect(atom).toBeDefined();
        expect(json).toBeDefined();
      });

      it("has the same link", () => {
        expect(rss?.link).toBe(article.url);
        expect(atom?.link).toBe(article.url);
        expect(json?.link).toBe(article.url);
      });

      it("has the same title", () => {
        expect(rss?.title).toBe(article.title);
        expect(atom?.title).toBe(article.title);
        expect(json?.title).toBe(article.title);
      });

      it("has the same summary, empty or not", () => {
        expect(rss?.summary).toBe(article.summary);
        expect(atom?.summary).toBe(article.summary);
        expect(json?.summary).toBe(article.summary);
      });

      it("has the same publication instant and offset", () => {
        const published = DateTime.fromISO(article.published, { setZone: true });
        for (const format of [rss, atom, json]) {
          expect(format?.publishedMs).toBe(published.toMillis());
          expect(format?.publishedOffsetMinutes).toBe(published.offset);
        }
      });

      it("has the same authors of its own, or none in every format", () => {
        expect(rss?.authors).toEqual(article.textCredits);
        expect(atom?.authors).toEqual(article.textCredits);
        expect(json?.authors).toEqual(article.textCredits);
      });

      it("has the same content and photo credits", () => {
        const credits = article.photoCredits.map((photo) => photo.credit);
        expect(rss?.contentHtml).toBe(article.contentHtml);
        expect(atom?.contentHtml).toBe(article.contentHtml);
        expect(json?.contentHtml).toBe(article.contentHtml);
        expect(rss?.photoCredits).toEqual(credits);
        expect(photoCreditsInHtml(rss?.contentHtml ?? "")).toEqual(credits);
        expect(atom?.photoCredits).toEqual(credits);
        expect(json?.photoCredits).toEqual(credits);
      });
    },
  );

  it("gives JSON Feed items no language other than the feed's", () => {
    const raw = views.rawJson as { items: { language?: string }[] };
    for (const item of raw.items) expect(item.language ?? "de").toBe("de");
  });
});
