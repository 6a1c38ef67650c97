import { XMLParser } from "fast-xml-parser";
import { assertWellFormedXml } from "../../harness/well-formed-xml.ts";

// Elements that may repeat are always arrays, so a test never depends on how many there are.
const REPEATING = new Set(["url", "sitemap", "outline"]);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => REPEATING.has(name),
});

/**
 * A discovery file (sitemap, news sitemap, OPML) checked for well-formed XML 1.0 and parsed as
 * a reader would: elements by name, attributes as `@name`, every value a string.
 * @throws {Error} when the document is not well-formed.
 */
export function parseXml(xml: string): Record<string, unknown> {
  assertWellFormedXml(xml);
  return parser.parse(xml) as Record<string, unknown>;
}
