import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { assertWellFormedXml } from "../../harness/well-formed-xml.ts";
import { element, renderXmlDocument, textElement } from "../../src/feeds/xml.ts";

// Reads back the text and attributes of a one-element document, decoding references once
// (`htmlEntities` makes it decode numeric references too; the writer emits no HTML entities).
const parser = new XMLParser({
  htmlEntities: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
});

function readBack(xml: string): { text: string; attribute: string } {
  const root = parser.parse(xml).root as { "#text"?: string; "@a"?: string } | string;
  if (typeof root === "string") return { text: root, attribute: "" };
  return { text: root["#text"] ?? "", attribute: root["@a"] ?? "" };
}

function renderText(text: string): string {
  return renderXmlDocument(textElement("root", text, { a: text }));
}

describe("renderXmlDocument", () => {
  it("writes the UTF-8 declaration, two-space indents and self-closing empty elements", () => {
    const xml = renderXmlDocument(
      element("feed", { xmlns: "urn:x", skipped: undefined }, [
        textElement("title", "T"),
        textElement("link", "", { href: "https://news.example.org/" }),
        element("author", {}, [textElement("name", "N")]),
        element("empty", {}, [undefined, false]),
        false,
        undefined,
      ]),
    );
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="urn:x">',
        "  <title>T</title>",
        '  <link href="https://news.example.org/"/>',
        "  <author>",
        "    <name>N</name>",
        "  </author>",
        "  <empty/>",
        "</feed>",
        "",
      ].join("\n"),
    );
  });

  it.each([
    ["&", "&amp;"],
    ["<", "&lt;"],
    [">", "&gt;"],
    ['"', "&quot;"],
    ["&amp;", "&amp;amp;"],
    ["]]>", "]]&gt;"],
  ])("escapes %s in text and attributes as %s", (text, escaped) => {
    expect(renderText(text)).toContain(`<root a="${escaped}">${escaped}</root>`);
  });

  it.each([
    "Fish & Chips <b>",
    'Er sagte "Nein" & ging',
    "literal &amp; and &lt; stay literal",
    "a ]]> b ]]> c",
    "]]>]]>",
    "<![CDATA[ not a section ]]>",
    "emoji 😀 and U+E000 \uE000 and U+FFFD \uFFFD",
  ])("round-trips %j exactly through text and attributes", (text) => {
    const xml = renderText(text);
    assertWellFormedXml(xml);
    expect(readBack(xml)).toEqual({ text, attribute: text });
  });

  it("keeps tabs and newlines in text", () => {
    expect(readBack(renderText("tab\tand\nnewline")).text).toBe("tab\tand\nnewline");
  });

  it("never writes a CDATA section, so no `]]>` can end one early", () => {
    const xml = renderText("x ]]> y ]]> z ]]>]]>");
    expect(xml).not.toContain("<![CDATA[");
    expect(xml).not.toContain("]]>");
  });

  it.each([
    ["U+0000", "\u0000"],
    ["U+0001", "\u0001"],
    ["U+0008", "\u0008"],
    ["U+000B", "\u000B"],
    ["U+000C", "\u000C"],
    ["U+000E", "\u000E"],
    ["U+001F", "\u001F"],
    ["a lone high surrogate U+D800", "\uD800"],
    ["a lone low surrogate U+DFFF", "\uDFFF"],
    ["U+FFFE", "\uFFFE"],
    ["U+FFFF", "\uFFFF"],
  ])("drops %s, which XML 1.0 forbids, from text and attributes", (_name, character) => {
    const xml = renderText(`a${character}b`);
    assertWellFormedXml(xml);
    expect(xml).toContain('<root a="ab">ab</root>');
  });

  it("keeps a valid surrogate pair whole", () => {
    expect(renderText("\uD83D\uDE00")).toContain('<root a="\uD83D\uDE00">\uD83D\uDE00</root>');
  });
});

// RSS Best Practices Profile: readers disagree on named entities in plain-text elements.
describe("renderXmlDocument with hexadecimal references", () => {
  function renderHex(text: string): string {
    return renderXmlDocument(textElement("root", text, { a: text }), {
      references: "hexadecimal",
    });
  }

  it.each([
    ["&", "&#x26;"],
    ["<", "&#x3C;"],
    [">", "&#x3E;"],
    ['"', "&#x22;"],
    ["&amp;", "&#x26;amp;"],
    ["]]>", "]]&#x3E;"],
  ])("escapes %s in text and attributes as %s", (text, escaped) => {
    expect(renderHex(text)).toContain(`<root a="${escaped}">${escaped}</root>`);
  });

  it.each(["Fish & Chips <b>", "literal &amp; stays", "a ]]> b ]]> c", "]]>]]>"])(
    "round-trips %j exactly",
    (text) => {
      const xml = renderHex(text);
      assertWellFormedXml(xml);
      expect(readBack(xml)).toEqual({ text, attribute: text });
    },
  );

  it("still drops characters XML 1.0 forbids", () => {
    const xml = renderHex("a\u0001\uD800\uFFFEb");
    assertWellFormedXml(xml);
    expect(xml).toContain('<root a="ab">ab</root>');
  });
});
