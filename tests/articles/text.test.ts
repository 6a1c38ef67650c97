import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codePointLength, isLongerThan } from "../../src/articles/text.ts";

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
