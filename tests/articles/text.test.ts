import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  codePointLength,
  escapeMarkup,
  isLongerThan,
  replaceMarkupCharacters,
} from "../../src/articles/text.ts";

// Lone surrogates and pairs, the cases a count by code units gets wrong.
const anyText = fc.string({ unit: "binary", maxLength: 300 });
const withSurrogates = fc
  .array(fc.constantFrom("a", "ä", "😀", "\uD83D", "\uDE00", "\u{10FFFF}", "\uDBFF\uDFFF"), {
    maxLength: 60,
  })
  .map((parts) => parts.join(""));

describe("codePointLength", () => {
  it("counts what a string iterator yields, for any string", () => {
    fc.assert(
      fc.property(fc.oneof(anyText, withSurrogates), (text) => {
        expect(codePointLength(text)).toBe([...text].length);
      }),
    );
  });

  it("counts an emoji as one and a lone surrogate as one", () => {
    expect(codePointLength("😀")).toBe(1);
    expect(codePointLength("a\uD83D")).toBe(2);
    expect(codePointLength("\uDE00\uD83D")).toBe(2);
    expect(codePointLength("")).toBe(0);
  });
});

describe("isLongerThan", () => {
  it("agrees with counting code points, for any string and limit", () => {
    fc.assert(
      fc.property(fc.oneof(anyText, withSurrogates), fc.nat(120), (text, max) => {
        expect(isLongerThan(text, max)).toBe([...text].length > max);
      }),
    );
  });
});

// One character at a time: what escaping means, whatever way the code finds to do it faster.
const escapedOneByOne = (text: string, entities: Readonly<Record<string, string>>) =>
  [...text].map((character) => entities[character] ?? character).join("");

describe("escapeMarkup", () => {
  it("escapes the four markup characters, the ampersand of an entity too", () => {
    expect(escapeMarkup(`a & b < c > d "e" &amp;`)).toBe(
      "a &amp; b &lt; c &gt; d &quot;e&quot; &amp;amp;",
    );
  });

  it("returns text without markup characters as it is", () => {
    const text = "„Großer Schritt“: Lübeck";
    expect(escapeMarkup(text)).toBe(text);
  });

  it("escapes every character as a character-by-character replacement would", () => {
    const entities = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("&", "<", ">", '"', "a", "ü", ";", "#") }),
        (text) => {
          expect(escapeMarkup(text)).toBe(escapedOneByOne(text, entities));
        },
      ),
    );
  });
});

describe("replaceMarkupCharacters", () => {
  it("writes the references it is given, never replacing a replacement", () => {
    const entities = { "&": "&#x26;", "<": "&#x3C;", ">": "&#x3E;", '"': "&#x22;" };
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("&", "<", ">", '"', "x", "#", "3", ";") }),
        (text) => {
          expect(replaceMarkupCharacters(text, "&#x26;", "&#x3C;", "&#x3E;", "&#x22;")).toBe(
            escapedOneByOne(text, entities),
          );
        },
      ),
    );
  });
});
