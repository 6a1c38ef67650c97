import { Buffer, isUtf8 } from "node:buffer";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SeedError } from "../../src/articles/errors.ts";
import { parseSeed, type SeedFile, type SeedLimits } from "../../src/articles/parse-seed.ts";
import {
  type ByteViews,
  quickSummary,
  summarizeSeed,
  summaryOf,
} from "../../src/articles/seed-summary.ts";
import { LIMIT_DEFAULTS } from "../../src/config.ts";
import {
  hostileSeed,
  PROPERTY_PARAMETERS,
  PROPERTY_TIMEOUT_MS,
  publishableHostileSeedText,
  realisticSeed,
  withoutForbiddenCharacters,
} from "../support/arbitraries.ts";
import { seed, seedBytes } from "../support/builders.ts";

// The primitives as Node has them (src/runtime/node/node-byte-views.ts passes the same).
const views: ByteViews = {
  isUtf8: (bytes) => isUtf8(bytes),
  latin1: (bytes) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1"),
};

const TWO_MARKERS: SeedLimits = { ...LIMIT_DEFAULTS, creditMarkers: ["Quelle", "Foto"] };

/** What the full parse says of a seed: its summary, or its problem's message. */
function fullParse(file: SeedFile, limits: SeedLimits = LIMIT_DEFAULTS) {
  try {
    return { summary: summaryOf(parseSeed(file, limits)) };
  } catch (error) {
    if (error instanceof SeedError) return { problem: error.message };
    throw error;
  }
}

/** What the summary says of a seed, taking the quick path wherever it can. */
function summarized(file: SeedFile, limits: SeedLimits = LIMIT_DEFAULTS) {
  try {
    return { summary: summarizeSeed(file, limits, views) };
  } catch (error) {
    if (error instanceof SeedError) return { problem: error.message };
    throw error;
  }
}

describe("summarizeSeed", () => {
  it.each([
    [
      "a caption and a closing text credit",
      "T date 2025-12-04 Tease.\n\nText.\n\nBild. Quelle: A\n\nQuelle: dpa",
    ],
    [
      "CRLF line ends",
      "T date 2025-12-04 Tease.\r\n\r\nEins\r\nBild. Quelle: A\r\n\r\nQuelle: dpa\r\n",
    ],
    ["lone CR line ends", "T date 2025-12-04 Tease.\r\rBild.\rQuelle: A\r\rQuelle: dpa"],
    ["a byte-order mark", "\uFEFFT date 2025-12-04 Tease.\n\nBild. Quelle: A"],
    ["blank lines before the header", "\n \t\n\u00A0\nT date 2025-12-04 Tease.\n\nBild. Quelle: A"],
    [
      "a no-break space on the blank line between paragraphs",
      "T date 2025-12-04 X.\n\nEins.\n\u00A0\nBild. Quelle: A\n\u3000\nQuelle: AP",
    ],
    [
      "a caption over three lines",
      "T date 2025-12-04 X.\n\nEin Bild\n  von hier \nund dort. Quelle: A B\n\nEnde.",
    ],
    ["a caption as the last paragraph", "T date 2025-12-04 X.\n\nText.\n\nBild. Quelle: A"],
    ["a text credit that is not last", "T date 2025-12-04 X.\n\nQuelle: dpa\n\nText."],
    ["a marker only in the header", "Quelle: T date 2025-12-04 Quelle: X.\n\nText."],
    ["a header with no body", "T date 2025-12-04 Tease."],
    ["a header with a line end and no body", "T date 2025-12-04 Tease.\n\n\n"],
    ["a paragraph right after the header", "T date 2025-12-04 X.\nBild. Quelle: A\n\nQuelle: dpa"],
    ["two markers in one paragraph", "T date 2025-12-04 X.\n\nQuelle: A, Quelle: B\n\nEnde."],
    [
      "a credit name too long for a photo credit",
      `T date 2025-12-04 X.\n\nBild. Quelle: ${"n".repeat(130)}\n\nEnde.`,
    ],
    ["a byte-order mark inside the text", "T date 2025-12-04 X.\n\n\uFEFFBild. Quelle: A\n\nEnde."],
    ["no marker at all", "T date 2025-12-04 X.\n\nText.\n\nMehr Text."],
  ])("summarises %s as the full parse does, without it", (_name, text) => {
    const file = seed(text);
    expect(quickSummary(file, LIMIT_DEFAULTS, views)).toEqual(fullParse(file).summary);
  });

  it("finds every marker of CREDIT_MARKERS, in the order of the text", () => {
    const file = seed("T date 2025-12-04 X.\n\nA. Foto: F\n\nB. Quelle: Q\n\nFoto: Ende");
    const quick = quickSummary(file, TWO_MARKERS, views);
    expect(quick).toEqual(fullParse(file, TWO_MARKERS).summary);
    expect(quick?.captions.map((caption) => caption.marker)).toEqual(["Foto", "Quelle"]);
    expect(quick?.textCreditMarker).toBe("Foto");
  });

  it.each([
    [
      "a character XML forbids, which could split a marker",
      "T date 2025-12-04 X.\n\nBild. Que\u0001lle: A",
    ],
    ["U+FFFE", "T date 2025-12-04 X.\n\nText\uFFFE."],
    ["only white space", " \n\u00A0\n"],
  ])("leaves a seed with %s to the full parse", (_name, text) => {
    const file = seed(text);
    expect(quickSummary(file, LIMIT_DEFAULTS, views)).toBeUndefined();
    expect(summarized(file)).toEqual(fullParse(file));
  });

  it("leaves markers with white space in them to the full parse, which joins lines first", () => {
    const limits = { ...LIMIT_DEFAULTS, creditMarkers: ["Foto Agentur"] };
    const file = seed("T date 2025-12-04 X.\n\nBild. Foto\nAgentur: A\n\nEnde.");
    expect(quickSummary(file, limits, views)).toBeUndefined();
    expect(summarizeSeed(file, limits, views).captions).toEqual([
      { text: "Bild.", credit: "A", marker: "Foto Agentur" },
    ]);
  });

  it.each([
    ["bytes that are not UTF-8", seedBytes([0x54, 0x20, 0xfc, 0x0a])],
    ["a NUL byte", seedBytes([0x54, 0x00])],
    ["an empty file", seedBytes([])],
    ["a header without a date", seed("Nur ein Titel\n\nQuelle: A")],
    ["an impossible date", seed("\n\nT date 2025-02-30 X.\n\nQuelle: A")],
    ["a title over MAX_TITLE_LENGTH", seed(`${"T".repeat(1200)} date 2025-12-04 X.`)],
  ])("refuses %s with the full parse's message", (_name, file) => {
    const full = fullParse(file);
    expect(full.problem).toBeDefined();
    expect(summarized(file)).toEqual(full);
  });

  it("parses fully without the byte primitives", () => {
    const file = seed("T date 2025-12-04 X.\n\nBild. Quelle: A");
    expect(summarizeSeed(file, LIMIT_DEFAULTS)).toEqual(fullParse(file).summary);
  });
});

describe("summarizeSeed, for any seed", () => {
  it(
    "takes the quick path for every realistic seed without a character XML forbids, and says what the full parse says",
    () => {
      fc.assert(
        fc.property(realisticSeed, ({ file }) => {
          const quick = quickSummary(file, LIMIT_DEFAULTS, views);
          const text = new TextDecoder().decode(file.bytes);
          if (withoutForbiddenCharacters(text) === text) expect(quick).toBeDefined();
          if (quick !== undefined) expect(quick).toEqual(fullParse(file).summary);
        }),
        PROPERTY_PARAMETERS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "says what the full parse says of hostile bytes and hostile text",
    () => {
      const file = fc.oneof(
        hostileSeed,
        publishableHostileSeedText.map((text) => seed(text, "001_seed.txt")),
      );
      fc.assert(
        fc.property(file, fc.boolean(), (file, isTwoMarkers) => {
          const limits = isTwoMarkers ? TWO_MARKERS : LIMIT_DEFAULTS;
          expect(summarized(file, limits)).toEqual(fullParse(file, limits));
        }),
        PROPERTY_PARAMETERS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
