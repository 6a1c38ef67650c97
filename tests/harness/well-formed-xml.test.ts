import { describe, expect, it } from "vitest";
import { assertWellFormedXml } from "../../harness/well-formed-xml.ts";

describe("assertWellFormedXml", () => {
  const declaration = '<?xml version="1.0" encoding="utf-8"?>\n';

  it.each([
    ["an unclosed tag", "<a><b></a>\n"],
    ["a raw ampersand", "<a>Fish & Chips</a>\n"],
    ["an entity XML does not define", "<a>&nbsp;</a>\n"],
    ["a reference to a forbidden character", "<a>&#1;</a>\n"],
    ["a forbidden character", "<a>\u0001</a>\n"],
    ["a lone surrogate", "<a>\uD800</a>\n"],
    ["a bare ]]>", "<a>]]></a>\n"],
    ["a second root", "<a/><b></b>\n"],
    ["a second root of the same name", "<a>x</a><a>y</a>\n"],
    ["text after the root", "<a/>x\n"],
    ["an undeclared prefix", "<a><dc:creator>x</dc:creator></a>\n"],
  ])("rejects %s", (_name, body) => {
    expect(() => assertWellFormedXml(`${declaration}${body}`)).toThrow();
  });

  it("accepts a document with declared prefixes and the five XML entities", () => {
    expect(() =>
      assertWellFormedXml(
        `${declaration}<a xmlns:dc="urn:dc" xml:lang="de"><dc:b>&amp;&lt;&gt;&quot;&apos;&#233;&#xE9;</dc:b></a>\n`,
      ),
    ).not.toThrow();
  });
});
