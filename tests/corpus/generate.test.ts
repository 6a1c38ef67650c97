import { describe, expect, it } from "vitest";
import { loadArticles } from "../../src/articles/load.ts";
import { parseSeed } from "../../src/articles/parse-seed.ts";
import {
  type GeneratedSeed,
  generateCorpusSeed,
  generateSeed,
  MAX_SEED_BYTES,
  MIN_SEED_BYTES,
} from "../../src/corpus/generate.ts";
import { mulberry32 } from "../../src/corpus/rng.ts";
import { makeConfig } from "../support/builders.ts";

const SAMPLE_SIZE = 300;

/** A fresh sample of the corpus with seed 1, as `npm run corpus -- --count 300` writes it. */
function sample(count = SAMPLE_SIZE): GeneratedSeed[] {
  return Array.from({ length: count }, (_, index) => generateCorpusSeed(1, index));
}

const decode = (seed: GeneratedSeed) => new TextDecoder().decode(seed.bytes);

describe("generateSeed", () => {
  it("gives identical bytes for the same corpus seed and index", () => {
    for (let index = 0; index < 50; index++) {
      expect(generateCorpusSeed(42, index)).toEqual(generateCorpusSeed(42, index));
    }
  });

  it("gives identical bytes for the same PRNG state", () => {
    expect(generateSeed(3, mulberry32(99))).toEqual(generateSeed(3, mulberry32(99)));
  });

  it("gives another corpus for another seed", () => {
    const texts = (seed: number) =>
      Array.from({ length: 20 }, (_, index) => decode(generateCorpusSeed(seed, index)));
    expect(texts(2)).not.toEqual(texts(1));
  });

  it("writes what the parser reads back, field by field", () => {
    for (const generated of sample()) {
      const parsed = parseSeed({ path: generated.path, bytes: generated.bytes });
      expect({
        file: parsed.file,
        title: parsed.title,
        date: parsed.date,
        teaser: parsed.teaser,
        textCredit: parsed.textCredit,
        blocks: parsed.blocks.map(({ line: _line, ...block }) => block),
      }).toEqual({
        file: generated.path,
        title: generated.title,
        date: generated.date,
        teaser: generated.teaser,
        textCredit: generated.textCredit,
        blocks: generated.blocks,
      });
    }
  });

  it("publishes every seed with zero problems", () => {
    const seeds = sample();
    const { articles, problems } = loadArticles(
      seeds.map(({ path, bytes }) => ({ path, bytes })),
      makeConfig(),
    );
    expect(problems).toEqual([]);
    expect(articles).toHaveLength(seeds.length);
  });

  it("keeps every seed between 1 and 8 KB", () => {
    for (const { bytes } of sample()) {
      expect(bytes.length).toBeGreaterThanOrEqual(MIN_SEED_BYTES);
      expect(bytes.length).toBeLessThanOrEqual(MAX_SEED_BYTES);
    }
  });

  it("names files with a-z 0-9 _ - only, some in YYYY/MM/ folders of their date", () => {
    for (const { path, date } of sample()) {
      expect(path).toMatch(/^(?:\d{4}\/\d{2}\/)?[a-z0-9_-]+\.txt$/u);
      if (path.includes("/"))
        expect(path.slice(0, 7)).toBe(`${date.slice(0, 4)}/${date.slice(5, 7)}`);
    }
    expect(sample().filter(({ path }) => path.includes("/")).length).toBeGreaterThan(30);
  });

  it("spreads dates over 2019 to 2025", () => {
    const years = new Set(sample().map(({ date }) => Number(date.slice(0, 4))));
    expect([...years].sort()).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
  });

  const has: ReadonlyArray<[string, (seed: GeneratedSeed) => boolean]> = [
    ["a titled header", (seed) => seed.title !== "" && !decode(seed).startsWith(" date ")],
    ["an untitled header", (seed) => seed.title === "" && /^\uFEFF? date /u.test(decode(seed))],
    ["a title without a teaser", (seed) => seed.title !== "" && seed.teaser === ""],
    [
      "a caption with a photo credit",
      (seed) => seed.blocks.some((block) => block.kind === "caption"),
    ],
    ["a subheading", (seed) => seed.blocks.some((block) => block.kind === "subheading")],
    ["no text credit", (seed) => seed.textCredit === undefined],
    ["the text credit dpa/AFP", (seed) => seed.textCredit === "dpa/AFP"],
    ["an ampersand", (seed) => decode(seed).includes("&")],
    ["a less-than sign", (seed) => decode(seed).includes("<")],
    ["a greater-than sign", (seed) => decode(seed).includes(">")],
    ['a straight quote "', (seed) => decode(seed).includes('"')],
    ["German quotes „…“", (seed) => /„[^“]+“/u.test(decode(seed))],
    ["umlauts and ß", (seed) => /[äöüÄÖÜ]/u.test(decode(seed)) && decode(seed).includes("ß")],
    [
      "wrapped paragraph lines",
      (seed) => /[^\n]\n[^\n]/u.test(decode(seed).replace(/\r\n/gu, "\n")),
    ],
    ["CRLF line ends", (seed) => decode(seed).includes("\r\n")],
  ];

  it.each(has)("mixes in seeds with %s", (_name, predicate) => {
    expect(sample().some(predicate)).toBe(true);
  });

  it("uses several text credits", () => {
    const credits = new Set(sample().map(({ textCredit }) => textCredit));
    for (const credit of ["dpa", "AFP", "Reuters", "dpa/AFP", "epd", "KNA"]) {
      expect(credits).toContain(credit);
    }
  });
});
