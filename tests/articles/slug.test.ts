import { describe, expect, it } from "vitest";
import { slugify, transliterate } from "../../src/articles/slug.ts";

describe("transliterate", () => {
  it.each([
    ["Größe", "Groesse"],
    ["Äpfel Über Öl", "Aepfel-Ueber-Oel"],
    ["Straße", "Strasse"],
    ["GROẞ", "GROSS"],
    ["café crème", "cafe-creme"],
    ["Ga\u0308rten", "Gaerten"],
    ["  a  b  ", "a-b"],
    ["a / b", "a-b"],
    ["Łódź", "odz"],
    ["😀 Hallo", "Hallo"],
  ])("turns %j into %j", (text, ascii) => {
    expect(transliterate(text)).toBe(ascii);
  });

  it("keeps the characters the caller allows", () => {
    expect(transliterate("a.b_c d", /[A-Za-z0-9._]/u)).toBe("a.b_c-d");
  });
});

describe("slugify", () => {
  it.each([
    ["picture alliance / TASS", "picture-alliance-tass"],
    ["dpa/AFP", "dpa-afp"],
    ["Süddeutsche Zeitung", "sueddeutsche-zeitung"],
    ["GROẞE Agentur", "grosse-agentur"],
    ["Reuters, AP", "reuters-ap"],
  ])("makes %j the slug %s", (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });
});
