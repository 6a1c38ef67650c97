const GERMAN_LETTERS: Readonly<Record<string, string>> = {
  ä: "ae",
  ö: "oe",
  ü: "ue",
  Ä: "Ae",
  Ö: "Oe",
  Ü: "Ue",
  ß: "ss",
  ẞ: "SS",
};

/**
 * Turns a name into URL-safe ASCII: German umlauts spelled out (ä → ae, ß → ss), other accents
 * dropped, every other run of characters outside `keep` replaced by one `-`, and trimmed.
 */
export function transliterate(text: string, keep: RegExp = /[A-Za-z0-9]/u): string {
  // NFC first: macOS file names and pasted text spell "ä" as "a" + U+0308, which must become "ae" too.
  const ascii = text
    .normalize("NFC")
    .replace(/[äöüÄÖÜßẞ]/gu, (letter) => GERMAN_LETTERS[letter] ?? letter)
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "");
  let out = "";
  let isPendingDash = false;
  for (const character of ascii) {
    if (keep.test(character)) {
      if (isPendingDash && out !== "") out += "-";
      out += character;
      isPendingDash = false;
    } else {
      isPendingDash = true;
    }
  }
  return out;
}

/** A credit's slug for `/credits/:slug/`: `picture alliance / TASS` → `picture-alliance-tass`. */
export function slugify(text: string): string {
  return transliterate(text.toLowerCase());
}
