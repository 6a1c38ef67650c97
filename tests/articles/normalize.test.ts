import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SeedError } from "../../src/articles/errors.ts";
import {
  articleGuid,
  normalizeArticle,
  pageContentHtml,
  teaserBelowTitle,
} from "../../src/articles/normalize.ts";
import { parseSeed, type SeedFile } from "../../src/articles/parse-seed.ts";
import type { Article } from "../../src/articles/schema.ts";
import { makeConfig, seed } from "../support/builders.ts";

const EXAMPLE_ID = "000_0ed16cc7de1f1aa0";

/** A seed file under a folder of the repository, named by its path relative to that folder. */
function readSeed(folder: string, path: string): SeedFile {
  const url = new URL(`../../${folder}/${path}`, import.meta.url);
  return { path, bytes: new Uint8Array(readFileSync(url)) };
}

/** Parses and normalises a seed with `npm start` settings, overridden in environment form. */
function normalize(file: SeedFile, env: Record<string, string> = {}): Article {
  const config = makeConfig(env);
  return normalizeArticle(parseSeed(file, config), config);
}

describe("normalizeArticle with the example seed", () => {
  const example = () => normalize(readSeed("seeds", `${EXAMPLE_ID}.txt`));

  it("uses the file name as id", () => {
    expect(example().id).toBe(EXAMPLE_ID);
  });

  it("makes the guid a tag: URI from ID_AUTHORITY and the id", () => {
    expect(example().guid).toBe(`tag:localhost,2025:articles/${EXAMPLE_ID}`);
  });

  it("makes the url the permalink under BASE_URL", () => {
    expect(example().url).toBe(`https://news.example.org/articles/${EXAMPLE_ID}`);
  });

  it("derives the title from the teaser's first sentence", () => {
    expect(example().title).toBe(
      "Der US-Sondergesandte Witkoff will sich laut Berichten bereits am Donnerstag erneut mit ukrainischen Vertretern treffen.",
    );
  });

  it("says that the title was derived", () => {
    expect(example().isTitleDerived).toBe(true);
  });

  it("names the marker its credits started with", () => {
    expect(example().creditMarkers).toEqual(["Quelle"]);
  });

  it("keeps the whole teaser as summary", () => {
    expect(example().summary).toBe(
      "Der US-Sondergesandte Witkoff will sich laut Berichten bereits am Donnerstag erneut mit ukrainischen Vertretern treffen. Ein Gespräch mit Putin endete am Dienstag ohne Durchbruch.",
    );
  });

  it("publishes it at midnight in Berlin", () => {
    expect(example().published).toBe("2025-12-04T00:00:00+01:00");
  });

  it("takes the language from the settings", () => {
    expect(example().language).toBe("de");
  });

  it("credits the text to dpa", () => {
    expect(example().textCredits).toEqual(["dpa"]);
  });

  it("credits the photo with its caption", () => {
    expect(example().photoCredits).toEqual([
      {
        credit: "picture alliance / TASS",
        caption:
          "Der US-Sondergesandte Steve Witkoff war am Dienstag vom russischen Präsident Wladimir Putin in Moskau empfangen worden.",
      },
    ]);
  });

  it("names its source file", () => {
    expect(example().sourceFile).toBe(`${EXAMPLE_ID}.txt`);
  });

  it("renders teaser, caption, paragraphs and subheading as HTML, in order", () => {
    expect(example().contentHtml.split("\n")).toEqual([
      "<p>Der US-Sondergesandte Witkoff will sich laut Berichten bereits am Donnerstag erneut mit ukrainischen Vertretern treffen. Ein Gespräch mit Putin endete am Dienstag ohne Durchbruch.</p>",
      "<figure><figcaption>Der US-Sondergesandte Steve Witkoff war am Dienstag vom russischen Präsident Wladimir Putin in Moskau empfangen worden. <small>Quelle: picture alliance / TASS</small></figcaption></figure>",
      "<p>Nach dem Treffen von US-Vertretern mit Kremlchef Wladimir Putin in Moskau wird Medienberichten zufolge am Donnerstag eine ukrainische Delegation in den USA erwartet.</p>",
      "<p>Der US-Sondergesandte Steve Witkoff und der Schwiegersohn von US-Präsident Donald Trump, Jared Kushner, wollen die Delegation in Florida treffen, wie unter anderem die &quot;New York Times&quot; und der Sender CBS News unter Berufung auf das Weiße Haus berichteten.</p>",
      "<p>Zuvor hatte der ukrainische Präsident Wolodymyr Selenskyj bereits neue Gespräche mit US-Vertretern in Aussicht gestellt. &quot;Wir bereiten Treffen in den Vereinigten Staaten vor&quot;, sagte er in seiner abendlichen Videobotschaft.</p>",
      "<p>In den kommenden Tagen erwarte die Ukraine Neuigkeiten dazu. Ihm zufolge soll wieder eine Gruppe um den Sekretär des nationalen Sicherheitsrats Rustem Umjerow und Generalstabschef Andrij Hnatow die Gespräche mit den USA fortsetzen.</p>",
      "<h2>Treffen in Moskau ohne Durchbruch</h2>",
      "<p>Am Dienstag hatte Witkoff bei seinem sechsten Treffen mit Putin den Stand der US-Überlegungen für einen Frieden im Ukrainekrieg erläutert. Kushner hatte ihn dabei erstmals im Kreml begleitet. Putins außenpolitischer Berater Juri Uschakow sagte nach dem fünfstündigen Treffen, es sei noch kein Kompromiss gefunden worden.</p>",
      "<p>Trump sagte am Mittwoch, Putin hätte ein &quot;sehr gutes Treffen&quot; mit Witkoff und Kushner gehabt. Wozu das führe, könne er nicht sagen. Die US-Vertreter hätten den Eindruck gehabt, dass Putin einen Deal wolle.</p>",
      "<p>Zuvor hatte am vergangenen Wochenende bereits ein Team um Umjerow in Florida mit US-Außenminister Marco Rubio, Witkoff und Kushner über Wege für ein Ende des russischen Angriffskriegs beraten. Beide Seiten sprachen danach von Fortschritten - Rubio betonte aber auch, es gebe &quot;noch viel zu tun&quot;.</p>",
    ]);
  });

  it("has no fields beyond the ones asserted above", () => {
    expect(Object.keys(example()).sort()).toEqual([
      "contentHtml",
      "creditMarkers",
      "guid",
      "id",
      "isTitleDerived",
      "language",
      "photoCredits",
      "published",
      "sourceFile",
      "summary",
      "textCredits",
      "title",
      "url",
    ]);
  });
});

describe("normalizeArticle dates", () => {
  it.each([
    ["dst-day.txt", "2025-03-30T00:00:00+01:00"],
    ["dst-end-day.txt", "2025-10-26T00:00:00+02:00"],
  ])("gives %s the offset of midnight on that DST change day in Berlin", (path, published) => {
    expect(normalize(readSeed("tests/fixtures/seeds", path)).published).toBe(published);
  });

  it.each([
    ["2025-12-04", "Europe/Berlin", "2025-12-04T00:00:00+01:00"],
    ["2025-07-01", "Europe/Berlin", "2025-07-01T00:00:00+02:00"],
    ["2025-03-31", "Europe/Berlin", "2025-03-31T00:00:00+02:00"],
    ["2025-10-27", "Europe/Berlin", "2025-10-27T00:00:00+01:00"],
    ["2024-02-29", "Europe/Berlin", "2024-02-29T00:00:00+01:00"],
    ["2025-12-04", "America/New_York", "2025-12-04T00:00:00-05:00"],
    ["2025-07-01", "America/New_York", "2025-07-01T00:00:00-04:00"],
    ["2025-12-04", "Asia/Kolkata", "2025-12-04T00:00:00+05:30"],
  ])("publishes %s at midnight in %s as %s", (date, zone, published) => {
    const article = normalize(seed(` date ${date} Der Teaser.`), { TIME_ZONE: zone });
    expect(article.published).toBe(published);
  });
});

describe("normalizeArticle ids and links", () => {
  it.each([
    "http://localhost:3000",
    "https://localhost:3000",
    "https://news.example.org",
    "https://other.example.com/news",
  ])("keeps the guid when BASE_URL is %s", (baseUrl) => {
    expect(normalize(seed(" date 2025-12-04 Der Teaser."), { BASE_URL: baseUrl }).guid).toBe(
      "tag:localhost,2025:articles/a",
    );
  });

  it("keeps the guid when title, teaser and body change", () => {
    const before = normalize(seed("Alter Titel date 2025-12-04 Alter Teaser.\n\nAlter Text."));
    const after = normalize(seed(" date 2025-12-05 Neuer Teaser. Mehr.\n\nNeuer Text."));
    expect(after.guid).toBe(before.guid);
  });

  it("makes the guid from ID_AUTHORITY", () => {
    const article = normalize(seed(" date 2025-12-04 Der Teaser."), {
      ID_AUTHORITY: "news.example.org,2025-12-01",
    });
    expect(article.guid).toBe("tag:news.example.org,2025-12-01:articles/a");
  });

  it("builds the same guid as articleGuid", () => {
    expect(articleGuid("localhost,2025", "2025/12/foo")).toBe(
      "tag:localhost,2025:articles/2025/12/foo",
    );
  });

  it.each([
    ["http://localhost:3000", "http://localhost:3000/articles/a"],
    ["https://news.example.org/", "https://news.example.org/articles/a"],
    ["https://example.com/news", "https://example.com/news/articles/a"],
  ])("puts the permalink under BASE_URL %s", (baseUrl, url) => {
    expect(normalize(seed(" date 2025-12-04 Der Teaser."), { BASE_URL: baseUrl }).url).toBe(url);
  });

  it("makes a nested seed's id its path with slashes", () => {
    expect(normalize(readSeed("tests/fixtures/seeds/nested", "2025/12/foo.txt"))).toMatchObject({
      id: "2025/12/foo",
      guid: "tag:localhost,2025:articles/2025/12/foo",
      url: "https://news.example.org/articles/2025/12/foo",
      sourceFile: "2025/12/foo.txt",
    });
  });

  it("rejects a file name that is not a valid id, naming the rename it needs", () => {
    expect(() => normalize(seed(" date 2025-12-04 Der Teaser.", "Bad Name ä.txt"))).toThrow(
      new SeedError(
        "Bad Name ä.txt",
        undefined,
        "file name has characters an article id cannot have (only A-Z a-z 0-9 . _ - and /): rename it to Bad-Name-ae.txt",
      ),
    );
  });
});

describe("normalizeArticle text", () => {
  it("keeps a title given in the header", () => {
    expect(normalize(seed("Ein Titel date 2025-12-04 Erster Satz. Zweiter Satz.")).title).toBe(
      "Ein Titel",
    );
  });

  it("keeps the whole teaser as summary when it derives a long title", () => {
    const teaser = `${"Wort ".repeat(40)}Ende. Zweiter Satz.`;
    const article = normalize(seed(` date 2025-12-04 ${teaser}`));
    expect(article.title).toBe(`${"Wort ".repeat(23)}Wort…`);
    expect(article.summary).toBe(teaser);
  });

  it("has an empty summary and no empty lead paragraph when the header has no teaser", () => {
    const article = normalize(seed("Ein Titel date 2025-12-04\n\nDer Text."));
    expect(article.summary).toBe("");
    expect(article.contentHtml).toBe("<p>Der Text.</p>");
  });

  it("has no text credits and no photo credits when the seed names none", () => {
    expect(normalize(seed(" date 2025-12-04 Der Teaser.\n\nDer Text."))).toMatchObject({
      textCredits: [],
      photoCredits: [],
    });
  });

  it("keeps every photo credit with its caption, in order", () => {
    const article = normalize(
      seed(
        " date 2025-12-04 Der Teaser.\n\nBild eins. Quelle: dpa/AFP\n\nText.\n\nBild zwei. Quelle: Reuters",
      ),
    );
    expect(article.photoCredits).toEqual([
      { credit: "dpa/AFP", caption: "Bild eins." },
      { credit: "Reuters", caption: "Bild zwei." },
    ]);
  });

  it.each([
    ["de", "Quelle"],
    ["de-AT", "Quelle"],
    ["en", "Source"],
    ["en-GB", "Source"],
    ["fr", "Source"],
  ])(
    "labels photo credits for LANGUAGE=%s with %j, whatever marker the seed used",
    (language, label) => {
      const article = normalize(
        seed(
          " date 2025-12-04 Teaser.\n\nBild eins. Foto: Anna\n\nBild zwei. Quelle: dpa\n\nSource: AP",
        ),
        { LANGUAGE: language, CREDIT_MARKERS: "Quelle,Source,Foto" },
      );
      expect(article.contentHtml.split("\n")).toEqual([
        "<p>Teaser.</p>",
        `<figure><figcaption>Bild eins. <small>${label}: Anna</small></figcaption></figure>`,
        `<figure><figcaption>Bild zwei. <small>${label}: dpa</small></figcaption></figure>`,
      ]);
      expect(article.textCredits).toEqual(["AP"]);
      expect(article.creditMarkers).toEqual(["Foto", "Quelle", "Source"]);
    },
  );

  it("names no marker for a seed without credits", () => {
    expect(normalize(seed(" date 2025-12-04 Teaser.\n\nText.")).creditMarkers).toEqual([]);
  });

  it.each([
    ["Ein Titel date 2025-12-04 Erster Satz. Zweiter Satz.", false],
    [" date 2025-12-04 Erster Satz. Zweiter Satz.", true],
  ])("says whether the title of %j was derived (%s)", (text, isTitleDerived) => {
    expect(normalize(seed(text)).isTitleDerived).toBe(isTitleDerived);
  });

  it("takes the language from LANGUAGE", () => {
    expect(normalize(seed(" date 2025-12-04 Teaser."), { LANGUAGE: "en-GB" }).language).toBe(
      "en-GB",
    );
  });

  it.each([
    ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ["Müller & Söhne", "Müller &amp; Söhne"],
    ['Er sagte "Nein"', "Er sagte &quot;Nein&quot;"],
    ["&amp; ist kein Zeichen", "&amp;amp; ist kein Zeichen"],
    ["<b>fett</b>", "&lt;b&gt;fett&lt;/b&gt;"],
  ])("escapes %j in a paragraph", (text, html) => {
    expect(normalize(seed(` date 2025-12-04 Teaser.\n\n${text}`)).contentHtml).toBe(
      `<p>Teaser.</p>\n<p>${html}</p>`,
    );
  });

  it("escapes the teaser, subheading, caption and credit", () => {
    const article = normalize(
      seed(' date 2025-12-04 A & B.\n\n<Zwischentitel>\n\nBild "x". Quelle: <dpa> & Co\n\nText.'),
    );
    expect(article.contentHtml.split("\n")).toEqual([
      "<p>A &amp; B.</p>",
      "<h2>&lt;Zwischentitel&gt;</h2>",
      "<figure><figcaption>Bild &quot;x&quot;. <small>Quelle: &lt;dpa&gt; &amp; Co</small></figcaption></figure>",
      "<p>Text.</p>",
    ]);
  });

  it("keeps title, summary and credits as plain text, unescaped", () => {
    const article = normalize(
      seed("A & <B> date 2025-12-04 C & D.\n\nText.\n\nQuelle: Müller & Co"),
    );
    expect(article).toMatchObject({
      title: "A & <B>",
      summary: "C & D.",
      textCredits: ["Müller & Co"],
    });
  });

  it.each([["\u0001"], ["\u0008"], ["\u000B"], ["\u000C"], ["\u001F"], ["\uFFFE"], ["\uFFFF"]])(
    "removes the XML-forbidden character %j from title, summary and content",
    (character) => {
      const article = normalize(
        seed(`Ti${character}tel date 2025-12-04 Tea${character}ser.\n\nTe${character}xt.`),
      );
      expect(article).toMatchObject({
        title: "Titel",
        summary: "Teaser.",
        contentHtml: "<p>Teaser.</p>\n<p>Text.</p>",
      });
    },
  );

  it("keeps tabs, emoji and other astral characters", () => {
    const article = normalize(seed(" date 2025-12-04 Ein 😀 Teaser.\n\nSpalte\teins 𝄞 und 🇩🇪."));
    expect(article.contentHtml).toBe("<p>Ein 😀 Teaser.</p>\n<p>Spalte\teins 𝄞 und 🇩🇪.</p>");
  });
});

describe("teaserBelowTitle and pageContentHtml", () => {
  const long = `${"Wort ".repeat(40)}Ende.`;
  it.each([
    [
      "a derived title: the rest of the teaser",
      " date 2025-12-04 Erster Satz. Zweiter Satz. Dritter.\n\nText.",
      "Zweiter Satz. Dritter.",
      ["<p>Zweiter Satz. Dritter.</p>", "<p>Text.</p>"],
    ],
    [
      "a derived title that is the whole teaser: nothing",
      " date 2025-12-04 Nur ein Satz.\n\nText.\n\nBild. Quelle: dpa",
      "",
      [
        "<p>Text.</p>",
        "<figure><figcaption>Bild. <small>Quelle: dpa</small></figcaption></figure>",
      ],
    ],
    [
      "a derived title that is the whole teaser, without a body: nothing",
      " date 2025-12-04 Nur ein Satz.",
      "",
      [""],
    ],
    [
      "a title from the header: the whole teaser",
      "Titel date 2025-12-04 Erster Satz. Zweiter Satz.\n\nText.",
      "Erster Satz. Zweiter Satz.",
      ["<p>Erster Satz. Zweiter Satz.</p>", "<p>Text.</p>"],
    ],
    [
      "a title from the header that repeats the teaser: the whole teaser",
      "Erster Satz. date 2025-12-04 Erster Satz. Zweiter Satz.",
      "Erster Satz. Zweiter Satz.",
      ["<p>Erster Satz. Zweiter Satz.</p>"],
    ],
    [
      "a derived title cut at 120 characters: the whole teaser",
      ` date 2025-12-04 ${long} Zweiter Satz.`,
      `${long} Zweiter Satz.`,
      [`<p>${long} Zweiter Satz.</p>`],
    ],
    [
      "a derived title with markup characters: the rest, escaped",
      " date 2025-12-04 Tom & Jerry kamen. <C> & D.",
      "<C> & D.",
      ["<p>&lt;C&gt; &amp; D.</p>"],
    ],
  ])("shows below %s", (_name, text, teaser, html) => {
    const article = normalize(seed(text));
    expect(teaserBelowTitle(article)).toBe(teaser);
    expect(pageContentHtml(article).split("\n")).toEqual(html);
  });

  it("leaves the feeds' full text alone: it keeps the whole teaser", () => {
    const article = normalize(seed(" date 2025-12-04 Erster Satz. Zweiter Satz.\n\nText."));
    expect(article.contentHtml).toBe("<p>Erster Satz. Zweiter Satz.</p>\n<p>Text.</p>");
    expect(article.summary).toBe("Erster Satz. Zweiter Satz.");
  });
});
