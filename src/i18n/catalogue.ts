import { de } from "./de.ts";
import { en } from "./en.ts";
import type { Messages } from "./messages.ts";

export type { Messages } from "./messages.ts";

/** The bundled catalogues by language subtag. */
export const CATALOGUES: Readonly<Record<string, Messages>> = { de, en };

/** The catalogue for any language that has none of its own. */
export const FALLBACK_CATALOGUE: Messages = en;

/** Which catalogue a LANGUAGE setting gets, and whether it is a fallback. */
export interface CatalogueChoice {
  readonly messages: Messages;
  /** True when no catalogue matches LANGUAGE's language and English stands in. */
  readonly isFallback: boolean;
  /** LANGUAGE's primary subtag, lower case: `de` for `de-AT`. */
  readonly requested: string;
  /**
   * The locale dates are written in: LANGUAGE itself when its catalogue matched (so `de-AT`
   * writes "Jänner"), else the fallback's, so a page never mixes English words with French dates.
   */
  readonly dateLocale: string;
}

const choices = new Map<string, CatalogueChoice>();

/**
 * The message catalogue for a LANGUAGE tag: `de-AT` gets `de`, `en-GB` gets `en` (RFC 4647
 * lookup, cutting subtags from the end), and any other language the English one.
 */
export function chooseCatalogue(language: string): CatalogueChoice {
  let choice = choices.get(language);
  if (choice === undefined) {
    const requested = (language.split("-")[0] ?? "").toLowerCase();
    const matched = Object.hasOwn(CATALOGUES, requested) ? CATALOGUES[requested] : undefined;
    choice =
      matched === undefined
        ? {
            messages: FALLBACK_CATALOGUE,
            isFallback: true,
            requested,
            dateLocale: FALLBACK_CATALOGUE.language,
          }
        : { messages: matched, isFallback: false, requested, dateLocale: language };
    choices.set(language, choice);
  }
  return choice;
}

/** The messages for a LANGUAGE tag (see chooseCatalogue). */
export function messagesFor(language: string): Messages {
  return chooseCatalogue(language).messages;
}

/**
 * The line a runtime prints at start when LANGUAGE has no catalogue of its own, naming the
 * missing one; undefined when it has one.
 */
export function catalogueWarning(language: string): string | undefined {
  const choice = chooseCatalogue(language);
  if (!choice.isFallback) return undefined;
  return (
    `LANGUAGE=${language}: there is no message catalogue "${choice.requested}" ` +
    `(there are ${Object.keys(CATALOGUES).join(", ")}), so pages and feeds use the ` +
    `${choice.messages.englishName} one (${choice.messages.language})`
  );
}
