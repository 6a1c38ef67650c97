import { describe, expect, it } from "vitest";
import {
  CATALOGUES,
  catalogueWarning,
  chooseCatalogue,
  messagesFor,
} from "../../src/i18n/catalogue.ts";
import type { Messages } from "../../src/i18n/messages.ts";

/** Every key path of a catalogue (`formatNames.rss`, `dateFormat.month` …), sorted. */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value)
    .flatMap(([key, inner]) => keyPaths(inner, prefix === "" ? key : `${prefix}.${key}`))
    .sort();
}

/** Every text a catalogue can produce, its functions called with sample arguments. */
function textsOf(messages: Messages): string[] {
  return Object.values(messages).flatMap((value): string[] => {
    if (typeof value === "string") return [value];
    if (typeof value === "function") return [String(value("Name", 2, "Titel"))];
    if (typeof value === "object" && value !== null) {
      return Object.values(value).filter((inner) => typeof inner === "string");
    }
    return [];
  });
}

const LANGUAGES = Object.keys(CATALOGUES);
const PAIRS = LANGUAGES.flatMap((a) => LANGUAGES.filter((b) => b !== a).map((b) => [a, b]));

describe("the message catalogues", () => {
  it("bundle German and English", () => {
    expect(LANGUAGES.sort()).toEqual(["de", "en"]);
  });

  it.each(PAIRS)("give %s every key that %s has", (language, other) => {
    expect(keyPaths(CATALOGUES[language])).toEqual(keyPaths(CATALOGUES[other]));
  });

  it.each(LANGUAGES)("give %s the same number of arguments for every function", (language) => {
    const arities = (messages: Messages | undefined) =>
      Object.entries(messages ?? {})
        .filter(([, value]) => typeof value === "function")
        .map(([key, value]) => `${key}/${(value as (...args: unknown[]) => string).length}`);
    expect(arities(CATALOGUES[language])).toEqual(arities(CATALOGUES.en));
  });

  it.each(LANGUAGES)("have no empty text in %s", (language) => {
    const messages = CATALOGUES[language];
    if (messages === undefined) throw new Error(`no catalogue ${language}`);
    for (const text of textsOf(messages)) expect(text.trim()).not.toBe("");
  });

  it.each(LANGUAGES)("name their own language, %s", (language) => {
    expect(CATALOGUES[language]?.language).toBe(language);
  });

  it.each([
    ["de", "Die neuesten Artikel von Tagesblatt"],
    ["en", "The latest articles from Tagesblatt"],
  ])("word the default description in %s", (language, description) => {
    expect(messagesFor(language).defaultSiteDescription("Tagesblatt")).toBe(description);
  });
});

describe("chooseCatalogue", () => {
  it.each([
    ["de", "de", false, "de"],
    ["de-AT", "de", false, "de-AT"],
    ["de-CH", "de", false, "de-CH"],
    ["DE-de", "de", false, "DE-de"],
    ["en", "en", false, "en"],
    ["en-GB", "en", false, "en-GB"],
    ["en-US", "en", false, "en-US"],
    ["fr", "en", true, "en"],
    ["fr-CA", "en", true, "en"],
    ["gsw", "en", true, "en"],
  ])(
    "gives LANGUAGE=%s the %s catalogue (fallback: %s), dates in %s",
    (tag, catalogue, isFallback, dateLocale) => {
      const choice = chooseCatalogue(tag);
      expect(choice.messages.language).toBe(catalogue);
      expect(choice.isFallback).toBe(isFallback);
      expect(choice.dateLocale).toBe(dateLocale);
    },
  );
});

describe("catalogueWarning", () => {
  it.each(["de", "de-AT", "en", "en-GB"])("says nothing for LANGUAGE=%s", (tag) => {
    expect(catalogueWarning(tag)).toBeUndefined();
  });

  it("names the missing catalogue and the one used instead", () => {
    expect(catalogueWarning("fr-CA")).toBe(
      'LANGUAGE=fr-CA: there is no message catalogue "fr" (there are de, en), so pages and feeds use the English one (en)',
    );
  });
});
