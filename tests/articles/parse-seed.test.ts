import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SeedError } from "../../src/articles/errors.ts";
import { type ParsedSeed, parseSeed, type SeedFile } from "../../src/articles/parse-seed.ts";
import { makeConfig, seed, seedBytes } from "../support/builders.ts";

const FIXTURES = new URL("../fixtures/seeds/", import.meta.url);
const encoder = new TextEncoder();

/** A fixture seed, named by its path inside tests/fixtures/seeds/. */
function fixture(path: string): SeedFile {
  return { path, bytes: new Uint8Array(readFileSync(new URL(path, FIXTURES))) };
}

/** The SeedError a seed is rejected with, so a test can assert its whole message. */
function rejectionOf(file: SeedFile): SeedError {
  try {
    parseSeed(file);
  } catch (error) {
    if (error instanceof SeedError) return error;
    throw error;
  }
  throw new Error(`${file.path} was accepted`);
}

/** A seed with a one-line header and the given body. */
function withBody(body: string): ParsedSeed {
  return parseSeed(seed(` date 2025-12-04 Der Teaser.\n\n${body}`));
}

describe("parseSeed header", () => {
  it.each([
    [" date 2025-12-04 Der Teaser.", { title: "", date: "2025-12-04", teaser: "Der Teaser." }],
    ["date 2025-12-04 Der Teaser.", { title: "", date: "2025-12-04", teaser: "Der Teaser." }],
    [
      "Ein Titel date 2025-12-04 Der Teaser.",
      { title: "Ein Titel", date: "2025-12-04", teaser: "Der Teaser." },
    ],
    [
      "Up to date date 2025-12-09 Der Teaser.",
      { title: "Up to date", date: "2025-12-09", teaser: "Der Teaser." },
    ],
    [
      "Ein Titel date 2025-12-04 Verschoben auf date 2025-12-05.",
      { title: "Ein Titel", date: "2025-12-04", teaser: "Verschoben auf date 2025-12-05." },
    ],
    [
      "Update vom date 2025-12-04 Der Teaser.",
      { title: "Update vom", date: "2025-12-04", teaser: "Der Teaser." },
    ],
    ["Ein Titel date 2025-12-04", { title: "Ein Titel", date: "2025-12-04", teaser: "" }],
    [
      "Ein Titel\tdate\t2025-12-04\tDer Teaser.",
      { title: "Ein Titel", date: "2025-12-04", teaser: "Der Teaser." },
    ],
    [
      "  Ein Titel   date 2025-12-04   Der Teaser.  ",
      { title: "Ein Titel", date: "2025-12-04", teaser: "Der Teaser." },
    ],
    [
      " date 2024-02-29 Ein Schalttag.",
      { title: "", date: "2024-02-29", teaser: "Ein Schalttag." },
    ],
    // Found by the property tests: years 0-99 were checked as 1900-1999, and 1900 is no leap year.
    [
      " date 0000-02-29 Ein Schalttag im Jahr 0.",
      { title: "", date: "0000-02-29", teaser: "Ein Schalttag im Jahr 0." },
    ],
  ])("reads %j as title, date and teaser", (header, expected) => {
    expect(parseSeed(seed(header))).toMatchObject(expected);
  });

  it("splits title from teaser at the date after a title that contains the word date", () => {
    expect(parseSeed(fixture("title-with-date-word.txt"))).toMatchObject({
      title: "Up to date",
      date: "2025-12-09",
      teaser: "Der Titel enthält das Wort date.",
    });
  });

  it("drops a leading byte-order mark", () => {
    expect(parseSeed(fixture("bom.txt"))).toMatchObject({
      title: "",
      teaser: "Mit Byte-Order-Mark gespeichert.",
    });
  });

  it("reads CRLF line ends like LF", () => {
    expect(parseSeed(fixture("crlf.txt"))).toEqual({
      file: "crlf.txt",
      title: "",
      date: "2025-12-04",
      teaser: "Zeilenenden wie unter Windows.",
      blocks: [{ kind: "paragraph", text: "Erste Zeile zweite Zeile.", line: 3 }],
      textCredit: "dpa",
      textCreditMarker: "Quelle",
    });
  });

  it("reads a lone CR as a line end", () => {
    expect(
      parseSeed(seed(" date 2025-12-04 Der Teaser.\r\rErste Zeile\rzweite Zeile.\r\rEnde.")),
    ).toMatchObject({
      teaser: "Der Teaser.",
      blocks: [
        { kind: "paragraph", text: "Erste Zeile zweite Zeile.", line: 3 },
        { kind: "paragraph", text: "Ende.", line: 6 },
      ],
    });
  });

  it("starts the body on the next line when the blank line after the header is missing", () => {
    expect(parseSeed(fixture("no-blank-line-after-header.txt"))).toEqual({
      file: "no-blank-line-after-header.txt",
      title: "Ohne Leerzeile",
      date: "2025-12-04",
      teaser: "Der Teaser.",
      blocks: [{ kind: "paragraph", text: "Der Text beginnt sofort.", line: 2 }],
      textCredit: "dpa",
      textCreditMarker: "Quelle",
    });
  });

  it("accepts a seed without a body", () => {
    expect(parseSeed(fixture("no-body.txt"))).toEqual({
      file: "no-body.txt",
      title: "Nur ein Kopf",
      date: "2025-12-04",
      teaser: "Und ein Teaser.",
      blocks: [],
      textCredit: undefined,
      textCreditMarker: undefined,
    });
  });

  it("takes the first non-blank line as the header when blank lines come first", () => {
    expect(parseSeed(seed("\n  \n date 2025-12-04 Der Teaser.\n\nText."))).toMatchObject({
      teaser: "Der Teaser.",
      blocks: [{ kind: "paragraph", text: "Text.", line: 5 }],
    });
  });

  it("reports the header's own line number when blank lines come first", () => {
    expect(rejectionOf(seed("\n\n date 2025-13-01 Der Teaser.")).message).toBe(
      "a.txt:3: impossible date 2025-13-01: there is no month 13",
    );
  });
});

describe("parseSeed errors", () => {
  it.each([
    ["empty.txt", "empty.txt: file is empty"],
    ["whitespace-only.txt", "whitespace-only.txt: file has no text, only white space"],
    ["no-date.txt", "no-date.txt:1: header has no date: expected '[TITLE] date YYYY-MM-DD TEASER'"],
    [
      "impossible-date.txt",
      "impossible-date.txt:1: impossible date 2025-02-30: that month has 28 days",
    ],
    ["month-13.txt", "month-13.txt:1: impossible date 2025-13-01: there is no month 13"],
    [
      "latin1.txt",
      "latin1.txt:1: not valid UTF-8 (byte 0xFC at offset 19); save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
    ],
    ["binary.txt", "binary.txt:3: binary file (it contains NUL bytes): a seed is UTF-8 text"],
    [
      "no-title-no-teaser.txt",
      "no-title-no-teaser.txt:1: header has neither a title nor a teaser after the date",
    ],
  ])("rejects the fixture %s", (path, message) => {
    expect(rejectionOf(fixture(path)).message).toBe(message);
  });

  it.each([
    [
      " date 2025-1-5 Der Teaser.",
      "a.txt:1: malformed date '2025-1-5': expected 'date YYYY-MM-DD'",
    ],
    [
      " date 04.12.2025 Der Teaser.",
      "a.txt:1: malformed date '04.12.2025': expected 'date YYYY-MM-DD'",
    ],
    [
      "Up to date date 2025-1-5 Der Teaser.",
      "a.txt:1: malformed date '2025-1-5': expected 'date YYYY-MM-DD'",
    ],
    [
      "Up to date news without a day",
      "a.txt:1: header has no date: expected '[TITLE] date YYYY-MM-DD TEASER'",
    ],
    [
      "Das Update 2025-12-04 Der Teaser.",
      "a.txt:1: header has no date: expected '[TITLE] date YYYY-MM-DD TEASER'",
    ],
    [" date 2025-02-29 Der Teaser.", "a.txt:1: impossible date 2025-02-29: that month has 28 days"],
    [" date 2025-04-31 Der Teaser.", "a.txt:1: impossible date 2025-04-31: that month has 30 days"],
    [" date 2025-12-00 Der Teaser.", "a.txt:1: impossible date 2025-12-00: that month has 31 days"],
    [" date 2025-00-10 Der Teaser.", "a.txt:1: impossible date 2025-00-10: there is no month 0"],
    [" date 0001-02-29 Der Teaser.", "a.txt:1: impossible date 0001-02-29: that month has 28 days"],
    [" date 2025-12-04   ", "a.txt:1: header has neither a title nor a teaser after the date"],
    ["\uFEFF", "a.txt: file has no text, only white space"],
    [
      ` date 2${"0".repeat(5000)} Der Teaser.`,
      `a.txt:1: malformed date '2${"0".repeat(38)}…': expected 'date YYYY-MM-DD'`,
    ],
  ])("rejects %j", (text, message) => {
    expect(rejectionOf(seed(text)).message).toBe(message);
  });

  it("names the line of the first byte that is not UTF-8", () => {
    const bytes = [...encoder.encode(" date 2025-12-04 Der Teaser.\n\nGr"), 0xfc, 0xdf, 0x65];
    expect(rejectionOf(seedBytes(bytes)).message).toBe(
      "a.txt:3: not valid UTF-8 (byte 0xFC at offset 32); save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
    );
  });

  it("counts lone CR line ends when it names the line of a byte that is not UTF-8", () => {
    const bytes = [...encoder.encode(" date 2025-12-04 Der Teaser.\r\rGr"), 0xfc];
    expect(rejectionOf(seedBytes(bytes)).line).toBe(3);
  });

  it.each([
    ["a truncated two-byte sequence", [0xc3, 0x41], "0xC3"],
    ["an overlong encoding", [0xc0, 0xaf], "0xC0"],
    ["an encoded surrogate", [0xed, 0xa0, 0x80], "0xED"],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], "0xF4"],
  ])("rejects %s as not UTF-8", (_name, invalid, byte) => {
    const bytes = [...encoder.encode(" date 2025-12-04 "), ...invalid];
    expect(rejectionOf(seedBytes(bytes)).message).toBe(
      `a.txt:1: not valid UTF-8 (byte ${byte} at offset 17); save the file as UTF-8 (it may be Latin-1 or Windows-1252)`,
    );
  });

  it("locates the error by file and line on the SeedError", () => {
    const error = rejectionOf(seed("\n date 2025-02-30 Der Teaser.", "2025/12/foo.txt"));
    expect(error).toMatchObject({ name: "SeedError", file: "2025/12/foo.txt", line: 2 });
  });

  it("leaves the line out when the whole file is at fault", () => {
    expect(rejectionOf(fixture("empty.txt"))).toMatchObject({ file: "empty.txt", line: undefined });
  });
});

describe("parseSeed body", () => {
  it("reads a paragraph that ends in Quelle: NAME as a photo caption", () => {
    expect(
      withBody("Das Bild zeigt Putin. Quelle: picture alliance / TASS\n\nText.").blocks[0],
    ).toEqual({
      kind: "caption",
      text: "Das Bild zeigt Putin.",
      credit: "picture alliance / TASS",
      marker: "Quelle",
      line: 3,
    });
  });

  it("reads a caption wherever it stands, not only first", () => {
    const parsed = withBody(
      "Erster Absatz.\n\nZweiter Absatz.\n\nDas Bild. Quelle: dpa\n\nLetzter Absatz.",
    );
    expect(parsed.blocks.map((block) => block.kind)).toEqual([
      "paragraph",
      "paragraph",
      "caption",
      "paragraph",
    ]);
  });

  it("reads a caption as the last paragraph", () => {
    expect(withBody("Text.\n\nDas Bild. Quelle: dpa").blocks.at(-1)).toMatchObject({
      kind: "caption",
      credit: "dpa",
    });
  });

  it.each(["dpa/AFP", "picture alliance / TASS", "Reuters, AP", "dpa-infocom / Max Mustermann"])(
    "never splits the photo credit %j",
    (credit) => {
      expect(withBody(`Das Bild. Quelle: ${credit}\n\nText.`).blocks[0]).toMatchObject({
        kind: "caption",
        credit,
      });
    },
  );

  it.each(["dpa", "dpa/AFP", "picture alliance / TASS", "Reuters, AP"])(
    "reads a last paragraph Quelle: %s as the whole text credit",
    (credit) => {
      expect(withBody(`Text.\n\nQuelle: ${credit}`).textCredit).toBe(credit);
    },
  );

  it("trims the text credit", () => {
    expect(withBody("Text.\n\nQuelle:    dpa   ").textCredit).toBe("dpa");
  });

  it("does not keep the text credit as a body block", () => {
    expect(withBody("Text.\n\nQuelle: dpa").blocks).toEqual([
      { kind: "paragraph", text: "Text.", line: 3 },
    ]);
  });

  it("invents no text credit when the seed has none", () => {
    expect(withBody("Text.\n\nMehr Text.").textCredit).toBeUndefined();
  });

  it("takes the text credit only from the last paragraph", () => {
    const parsed = withBody("Quelle: AFP\n\nText.\n\nQuelle: dpa");
    expect(parsed.textCredit).toBe("dpa");
    expect(parsed.blocks[0]).toEqual({ kind: "paragraph", text: "Quelle: AFP", line: 3 });
  });

  it("keeps a Quelle: paragraph that is not last as a paragraph", () => {
    const parsed = withBody("Text.\n\nQuelle: dpa\n\nMehr Text.");
    expect(parsed.textCredit).toBeUndefined();
    expect(parsed.blocks[1]).toEqual({ kind: "paragraph", text: "Quelle: dpa", line: 5 });
  });

  it("keeps a Quelle: paragraph just before the text credit as a paragraph", () => {
    const parsed = withBody("Text.\n\nQuelle: AFP\n\nQuelle: dpa");
    expect(parsed.textCredit).toBe("dpa");
    expect(parsed.blocks.at(-1)).toEqual({ kind: "paragraph", text: "Quelle: AFP", line: 5 });
  });

  it("reads a last paragraph with text before Quelle: as a caption, not a text credit", () => {
    const parsed = withBody("Text.\n\nDas Bild. Quelle: dpa");
    expect(parsed.textCredit).toBeUndefined();
    expect(parsed.blocks.at(-1)).toMatchObject({ kind: "caption", credit: "dpa" });
  });

  it("reads a Quelle: with nothing after it as a paragraph, not a credit", () => {
    const parsed = withBody("Text.\n\nQuelle:");
    expect(parsed.textCredit).toBeUndefined();
    expect(parsed.blocks.at(-1)).toEqual({ kind: "paragraph", text: "Quelle:", line: 5 });
  });

  it.each([
    ["Treffen in Moskau ohne Durchbruch", "subheading"],
    ["»Wir bleiben«", "subheading"],
    ["„Wir bleiben“", "subheading"],
    ["Wie geht es weiter", "subheading"],
    ["x".repeat(80), "subheading"],
    ["x".repeat(81), "paragraph"],
    ["😀".repeat(80), "subheading"],
    ["😀".repeat(81), "paragraph"],
    ["Das Treffen endete.", "paragraph"],
    ["Ein Ende!", "paragraph"],
    ["Wie geht es weiter?", "paragraph"],
    ["Und dann…", "paragraph"],
    ["Es folgt:", "paragraph"],
    ["Erstens;", "paragraph"],
    ["„So nicht.“", "paragraph"],
    ["»Nein!«", "paragraph"],
    ["‚Wirklich?‘", "paragraph"],
    ['"Genug."', "paragraph"],
    ["(Das war alles.)", "paragraph"],
    ["Quelle: dpa", "paragraph"],
  ])("reads the short line %j followed by more body as a %s", (line, kind) => {
    expect(withBody(`${line}\n\nMehr Text.`).blocks[0]).toEqual({ kind, text: line, line: 3 });
  });

  it("reads a short line that is the last paragraph as a paragraph", () => {
    expect(withBody("Text.\n\nKein Zwischentitel").blocks.at(-1)).toEqual({
      kind: "paragraph",
      text: "Kein Zwischentitel",
      line: 5,
    });
  });

  it("reads a short line followed only by the text credit as a paragraph", () => {
    expect(withBody("Text.\n\nKein Zwischentitel\n\nQuelle: dpa").blocks.at(-1)).toEqual({
      kind: "paragraph",
      text: "Kein Zwischentitel",
      line: 5,
    });
  });

  it("reads a short paragraph of two lines as a paragraph", () => {
    expect(withBody("Kurz\nund knapp\n\nMehr Text.").blocks[0]).toEqual({
      kind: "paragraph",
      text: "Kurz und knapp",
      line: 3,
    });
  });

  it("joins the lines of a paragraph with one space, trimming each", () => {
    expect(withBody("  Erste Zeile  \n\tzweite Zeile\nund dritte.").blocks).toEqual([
      { kind: "paragraph", text: "Erste Zeile zweite Zeile und dritte.", line: 3 },
    ]);
  });

  it("treats several blank lines, even with white space, as one paragraph break", () => {
    expect(withBody("Eins.\n\n   \n\t\n\nZwei.").blocks).toEqual([
      { kind: "paragraph", text: "Eins.", line: 3 },
      { kind: "paragraph", text: "Zwei.", line: 8 },
    ]);
  });

  it("keeps a tab inside a line", () => {
    expect(withBody("Spalte\teins.").blocks[0]).toMatchObject({ text: "Spalte\teins." });
  });

  it("removes characters XML 1.0 forbids from header and body", () => {
    expect(
      parseSeed(seed("Ti\u0001tel date 2025-12-04 Tea\u000Bser.\n\nTe\u001Fxt\uFFFE.")),
    ).toMatchObject({
      title: "Titel",
      teaser: "Teaser.",
      blocks: [{ kind: "paragraph", text: "Text." }],
    });
  });
});

const MARKERS = ["Quelle", "Source", "Photo", "Foto"];

/** A seed with a one-line header and the given body, read with CREDIT_MARKERS=Quelle,Source,Photo,Foto. */
function withMarkers(body: string, creditMarkers: readonly string[] = MARKERS): ParsedSeed {
  return parseSeed(seed(` date 2025-12-04 The teaser.\n\n${body}`), {
    ...makeConfig(),
    creditMarkers,
  });
}

describe("parseSeed credit markers", () => {
  it.each([
    ["Children play. Source: PA Media", "Children play.", "PA Media", "Source"],
    ["Children play. Photo: Jane Doe/Agency", "Children play.", "Jane Doe/Agency", "Photo"],
    [
      "Kinder spielen. Foto: Stadt Musterhausen / M. Schulz",
      "Kinder spielen.",
      "Stadt Musterhausen / M. Schulz",
      "Foto",
    ],
    ["Kinder spielen. Quelle: dpa", "Kinder spielen.", "dpa", "Quelle"],
    ["Source: the river. Photo: Jane Doe", "Source: the river.", "Jane Doe", "Photo"],
  ])("reads the caption %j as %j credited to %j (marker %s)", (paragraph, text, credit, marker) => {
    expect(withMarkers(`${paragraph}\n\nText.`).blocks[0]).toEqual({
      kind: "caption",
      text,
      credit,
      marker,
      line: 3,
    });
  });

  it.each([
    ["Source: PA Media", "PA Media", "Source"],
    ["Photo: Jane Doe/Agency", "Jane Doe/Agency", "Photo"],
    ["Quelle: dpa/AFP", "dpa/AFP", "Quelle"],
    ["Foto:   Max Mustermann  ", "Max Mustermann", "Foto"],
  ])(
    "reads the last paragraph %j as the text credit %j (marker %s)",
    (paragraph, credit, marker) => {
      const parsed = withMarkers(`Text.\n\n${paragraph}`);
      expect(parsed.textCredit).toBe(credit);
      expect(parsed.textCreditMarker).toBe(marker);
      expect(parsed.blocks).toEqual([{ kind: "paragraph", text: "Text.", line: 3 }]);
    },
  );

  // Two lines each, so that none of them can be a subheading either.
  it.each([
    ["a word that is no marker", "Children play.\nCredit: PA Media"],
    ["a marker in lower case", "Children play.\nsource: PA Media"],
    ["a marker inside a word", "Kinder spielen.\nBildquelle: dpa"],
    ["a marker without its colon", "Children play.\nSource PA Media"],
  ])("keeps a paragraph with %s as a paragraph", (_name, paragraph) => {
    expect(withMarkers(`${paragraph}\n\nText.`).blocks[0]).toEqual({
      kind: "paragraph",
      text: paragraph.replace("\n", " "),
      line: 3,
    });
  });

  it("reads only Quelle when CREDIT_MARKERS is not given", () => {
    const parsed = withBody("Children play.\nSource: PA Media\n\nText.\n\nSource: dpa");
    expect(parsed.blocks).toEqual([
      { kind: "paragraph", text: "Children play. Source: PA Media", line: 3 },
      { kind: "paragraph", text: "Text.", line: 6 },
      { kind: "paragraph", text: "Source: dpa", line: 8 },
    ]);
    expect(parsed.textCredit).toBeUndefined();
  });

  it("keeps a credit line of any marker out of the subheadings", () => {
    expect(withMarkers("Source: dpa\n\nMore text.").blocks[0]).toEqual({
      kind: "paragraph",
      text: "Source: dpa",
      line: 3,
    });
  });

  it("reads a marker with a full stop in it literally", () => {
    const parsed = withMarkers("Ein Bild. Bild u. Text: dpa\n\nText.", ["Bild u. Text"]);
    expect(parsed.blocks[0]).toMatchObject({
      kind: "caption",
      credit: "dpa",
      marker: "Bild u. Text",
    });
    expect(withMarkers("Ein Bild. Bild uX Text: dpa", ["Bild u. Text"]).blocks[0]?.kind).toBe(
      "paragraph",
    );
  });
});

describe("parseSeed limits", () => {
  const limits = makeConfig({
    MAX_SEED_BYTES: "1024",
    MAX_TITLE_LENGTH: "120",
    MAX_SUMMARY_LENGTH: "200",
  });

  /** The SeedError a seed is rejected with under the small limits above. */
  function limitedRejectionOf(file: SeedFile): SeedError {
    try {
      parseSeed(file, limits);
    } catch (error) {
      if (error instanceof SeedError) return error;
      throw error;
    }
    throw new Error(`${file.path} was accepted`);
  }

  it("accepts a file of exactly MAX_SEED_BYTES", () => {
    const text = ` date 2025-12-04 Der Teaser.\n\n${"x".repeat(1024 - 30)}`;
    expect(encoder.encode(text)).toHaveLength(1024);
    expect(parseSeed(seed(text), limits).teaser).toBe("Der Teaser.");
  });

  it("rejects a file one byte over MAX_SEED_BYTES, naming its size and the limit", () => {
    const text = ` date 2025-12-04 Der Teaser.\n\n${"x".repeat(1024 - 29)}`;
    expect(limitedRejectionOf(seed(text))).toMatchObject({
      file: "a.txt",
      line: undefined,
      message: "a.txt: file is 1025 bytes, larger than MAX_SEED_BYTES (1024)",
    });
  });

  it("checks the size before anything else, even of bytes that are not UTF-8", () => {
    expect(limitedRejectionOf(seedBytes(new Array(2000).fill(0xfc))).message).toBe(
      "a.txt: file is 2000 bytes, larger than MAX_SEED_BYTES (1024)",
    );
  });

  it("applies the default of 1 MiB when it is given no limits", () => {
    const bytes = new Uint8Array(1_048_577).fill(0x61);
    expect(rejectionOf({ path: "big.txt", bytes }).message).toBe(
      "big.txt: file is 1048577 bytes, larger than MAX_SEED_BYTES (1048576)",
    );
  });

  it.each([
    ["a title of exactly MAX_TITLE_LENGTH code points", "ä".repeat(120)],
    ["a title of 120 emoji, each two UTF-16 units", "😀".repeat(120)],
  ])("accepts %s", (_name, title) => {
    expect(parseSeed(seed(`${title} date 2025-12-04 Der Teaser.`), limits).title).toBe(title);
  });

  it("rejects a longer title with its file, line and length rather than cutting it", () => {
    const error = limitedRejectionOf(seed(`\n${"ä".repeat(121)} date 2025-12-04 Der Teaser.`));
    expect(error).toMatchObject({
      file: "a.txt",
      line: 2,
      message: "a.txt:2: title is 121 characters long, more than MAX_TITLE_LENGTH (120)",
    });
  });

  it("accepts a teaser of exactly MAX_SUMMARY_LENGTH code points", () => {
    const teaser = "😀".repeat(200);
    expect(parseSeed(seed(` date 2025-12-04 ${teaser}`), limits).teaser).toBe(teaser);
  });

  it("rejects a longer teaser with its file, line and length", () => {
    expect(limitedRejectionOf(seed(` date 2025-12-04 ${"a".repeat(201)}\n\nText.`)).message).toBe(
      "a.txt:1: teaser is 201 characters long, more than MAX_SUMMARY_LENGTH (200)",
    );
  });

  it("measures the title and teaser after removing characters XML forbids", () => {
    const title = `${"a".repeat(120)}${"\u0001".repeat(50)}`;
    expect(parseSeed(seed(`${title} date 2025-12-04 Der Teaser.`), limits).title).toBe(
      "a".repeat(120),
    );
  });
});
