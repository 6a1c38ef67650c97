import { XMLValidator } from "fast-xml-parser";

/**
 * A strict well-formedness check of XML 1.0, for the publisher's own RSS and Atom output: the
 * tests of the feeds and the soak both use it.
 */

// XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]$/u;
const NON_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
// XML 1.0 §4.6: without a DTD only these five entities exist; anything else is a fatal error.
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9A-Fa-f]+));/gu;
const CDATA_SECTION = /<!\[CDATA\[[\s\S]*?\]\]>/gu;
const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';
// Text never holds a raw "<" (it is escaped), so every "<…>" is a tag.
const TAG = /<(\/?)([^\s/>!?]+)([^<>]*)>/gu;
const ATTRIBUTE_NAME = /\s([^\s=]+)\s*=/gu;

/**
 * Fails unless `xml` is a well-formed XML 1.0 document. fast-xml-parser's XMLValidator (installed
 * with feedsmith) checks tags, nesting, attributes and quoting, but lets through characters XML
 * forbids, unknown entities, references to forbidden characters, a bare `]]>`, a second root,
 * text outside the root and undeclared namespace prefixes, so those rules are checked here.
 * @throws {Error} naming the first rule the document breaks.
 */
export function assertWellFormedXml(xml: string): void {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { code, msg, line, col } = validation.err;
    throw new Error(`not well-formed XML (${code}) at ${line}:${col}: ${msg}`);
  }
  const forbidden = NON_XML_CHAR.exec(xml);
  if (forbidden !== null) {
    const codePoint = forbidden[0].codePointAt(0) ?? 0;
    throw new Error(
      `XML 1.0 §2.2 forbids U+${codePoint.toString(16).toUpperCase().padStart(4, "0")} (at offset ${forbidden.index})`,
    );
  }
  const withoutReferences = xml.replace(REFERENCE, (reference, name, decimal, hex) => {
    if (name !== undefined) return "";
    const codePoint = hex === undefined ? Number(decimal) : Number.parseInt(hex, 16);
    if (codePoint > 0x10ffff || !XML_CHAR.test(String.fromCodePoint(codePoint))) {
      throw new Error(`XML 1.0 §4.1 forbids the character reference ${reference}`);
    }
    return "";
  });
  const stray = withoutReferences.indexOf("&");
  if (stray !== -1) {
    throw new Error(
      `XML 1.0 §4.1: "&" starts no known reference: ${JSON.stringify(withoutReferences.slice(stray, stray + 12))}`,
    );
  }
  if (xml.replace(CDATA_SECTION, "").includes("]]>")) {
    throw new Error('XML 1.0 §2.4: "]]>" must not appear in text outside a CDATA section');
  }
  if (!xml.startsWith(DECLARATION)) {
    throw new Error(`the document must start with ${JSON.stringify(DECLARATION)}`);
  }
  let depth = 0;
  let roots = 0;
  let end = DECLARATION.length;
  for (const match of xml.matchAll(TAG)) {
    const [tag, closing, name = "", attributes = ""] = match;
    if (depth === 0) {
      roots++;
      if (xml.slice(end, match.index).trim() !== "") {
        throw new Error("XML 1.0 §2.1: text outside the root element");
      }
    }
    end = match.index + tag.length;
    if (closing === "/") depth--;
    else if (!tag.endsWith("/>")) depth++;
    const names = [
      name,
      ...[...attributes.matchAll(ATTRIBUTE_NAME)].map(([, attribute]) => attribute),
    ];
    for (const qualified of names) {
      const prefix = qualified?.includes(":") ? qualified.split(":")[0] : undefined;
      if (prefix === undefined || prefix === "xml" || prefix === "xmlns") continue;
      if (!xml.includes(` xmlns:${prefix}="`)) {
        throw new Error(`Namespaces in XML §5: the prefix "${prefix}" is never declared`);
      }
    }
  }
  if (xml.slice(end).trim() !== "") {
    throw new Error("XML 1.0 §2.1: text outside the root element");
  }
  if (roots !== 1 || depth !== 0) {
    throw new Error(`XML 1.0 §2.1: a document has exactly one root element, not ${roots}`);
  }
}
