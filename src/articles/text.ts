// XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// Everything else (C0 controls, lone surrogates, U+FFFE, U+FFFF) can never appear in a feed.
// The "u" flag makes the class match whole code points, so valid surrogate pairs survive.
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

// Any code unit that can start a forbidden character; without the "u" flag this scans fast,
// and most text has none, so the exact (slower) pattern runs only when it might matter.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const MAYBE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Removes the characters XML 1.0 forbids; the seed format says they are dropped. */
export function removeXmlForbiddenCharacters(text: string): string {
  return MAYBE_FORBIDDEN.test(text) ? text.replace(XML_FORBIDDEN, "") : text;
}

/** Escapes text for an XML or HTML text node or a double-quoted attribute value. */
export function escapeMarkup(text: string): string {
  return replaceMarkupCharacters(text, "&amp;", "&lt;", "&gt;", "&quot;");
}

/**
 * Replaces `&`, `<`, `>` and `"` (`&` first, so no replacement is replaced again). Four passes
 * of a plain string search beat one regular expression with a function per match by about a
 * third on an article's HTML, which an export escapes 200,000 times for 100k articles; text
 * with none of them is returned after one test.
 */
export function replaceMarkupCharacters(
  text: string,
  ampersand: string,
  lessThan: string,
  greaterThan: string,
  quote: string,
): string {
  if (!MARKUP_CHARACTER.test(text)) return text;
  return text
    .replaceAll("&", ampersand)
    .replaceAll("<", lessThan)
    .replaceAll(">", greaterThan)
    .replaceAll('"', quote);
}

const MARKUP_CHARACTER = /[&<>"]/;

/**
 * Counts Unicode code points, which is how the seed format measures lengths: UTF-16 code units
 * less one per surrogate pair (a lone surrogate counts as one, as a string iterator yields it).
 * A loop over code units: iterating the string cost a cold start a few per cent of its time.
 */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let index = 0; index < text.length - 1; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        index++;
      }
    }
  }
  return length;
}

/**
 * Whether `text` has more than `max` code points; without counting when its length says. A code
 * point is one or two code units, so over `2 × max` units there are over `max` points.
 */
export function isLongerThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  return text.length > 2 * max || codePointLength(text) > max;
}
