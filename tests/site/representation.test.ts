import { describe, expect, it } from "vitest";
import { encodeUtf8, represent } from "../../src/site/representation.ts";

const encoder = new TextEncoder();

describe("encodeUtf8", () => {
  it.each([
    ["nothing", ""],
    ["ASCII", '<rss version="2.0">&amp;</rss>\n'],
    ["two-byte text", "Grüße aus Köln, „Straße“ – 4 °C ".repeat(1000)],
    ["astral characters", "📰 Zeitung 𝄞 ".repeat(100)],
    ["a lone surrogate (replaced, as TextEncoder does)", "a\uD800b\uDC00c"],
    ["a document larger than the scratch buffer", "Grüße ".repeat(300_000)],
  ])("gives the bytes TextEncoder gives for %s", (_, text) => {
    const bytes = encodeUtf8(text);
    const expected = encoder.encode(text);
    expect(bytes.length).toBe(expected.length);
    // Compared as Buffers: an element-by-element diff of megabytes takes the matcher seconds.
    expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
  });

  it("returns bytes of their own, which a later document does not overwrite", () => {
    const first = encodeUtf8("Erstes Dokument");
    const second = encodeUtf8("Zweites");
    expect(new TextDecoder().decode(first)).toBe("Erstes Dokument");
    expect(new TextDecoder().decode(second)).toBe("Zweites");
    expect(first.buffer).not.toBe(second.buffer);
    expect(first.byteLength).toBe(first.buffer.byteLength);
  });
});

describe("represent", () => {
  it("keeps the exact UTF-8 bytes and derives the ETag from them", async () => {
    const text = "Grüße aus Köln\n";
    const { body, etag } = await represent(text, "text/plain; charset=utf-8");
    expect(body).toEqual(encoder.encode(text));
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/u);
    expect((await represent(text, "text/plain; charset=utf-8")).etag).toBe(etag);
  });
});
