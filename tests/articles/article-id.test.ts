import { describe, expect, it } from "vitest";
import { articleIdFromPath, isArticleId, isSeedPath } from "../../src/articles/article-id.ts";
import { SeedError } from "../../src/articles/errors.ts";

const BAD_NAME =
  "file name has characters an article id cannot have (only A-Z a-z 0-9 . _ - and /): rename it to";

/** The SeedError a path is rejected with. */
function rejectionOf(path: string): SeedError {
  try {
    articleIdFromPath(path);
  } catch (error) {
    if (error instanceof SeedError) return error;
    throw error;
  }
  throw new Error(`${path} was accepted`);
}

describe("isSeedPath", () => {
  it.each([
    ["a.txt", true],
    ["2025/12/foo.txt", true],
    ["notes.md", false],
    ["a.txt.bak", false],
    ["README", false],
    ["image.png", false],
  ])("says %s is a seed: %s", (path, expected) => {
    expect(isSeedPath(path)).toBe(expected);
  });
});

describe("isArticleId", () => {
  it.each([
    ["000_0ed16cc7de1f1aa0", true],
    ["2025/12/foo", true],
    ["a.b-c_D9", true],
    ["", false],
    ["a b", false],
    ["ä", false],
    ["a//b", false],
    ["/a", false],
    ["a/", false],
    [".", false],
    ["..", false],
    ["a/../b", false],
    ["a\\b", false],
    ["a?b", false],
    ["a%20b", false],
  ])("says %j is an article id: %s", (id, expected) => {
    expect(isArticleId(id)).toBe(expected);
  });
});

describe("articleIdFromPath", () => {
  it.each([
    ["000_0ed16cc7de1f1aa0.txt", "000_0ed16cc7de1f1aa0"],
    ["2025/12/foo.txt", "2025/12/foo"],
    ["a.b-c_D9.txt", "a.b-c_D9"],
    ["notes.txt.txt", "notes.txt"],
  ])("makes %s the id %s", (path, id) => {
    expect(articleIdFromPath(path)).toBe(id);
  });

  it("rejects a file name with characters outside the id alphabet, naming the rename", () => {
    expect(rejectionOf("Bad Name ä.txt").message).toBe(
      "Bad Name ä.txt: file name has characters an article id cannot have (only A-Z a-z 0-9 . _ - and /): rename it to Bad-Name-ae.txt",
    );
  });

  it("reports a bad file name without a line", () => {
    expect(rejectionOf("Bad Name ä.txt")).toMatchObject({
      file: "Bad Name ä.txt",
      line: undefined,
    });
  });

  it.each([
    ["Bad Name ä.txt", "Bad-Name-ae.txt"],
    ["Straße/Größe.txt", "Strasse/Groesse.txt"],
    ["2025/12/Über uns.txt", "2025/12/Ueber-uns.txt"],
    ["café crème.txt", "cafe-creme.txt"],
    ["a  b (2).txt", "a-b-2.txt"],
    ["2025 12/foo.txt", "2025-12/foo.txt"],
    ["日本.txt", "article.txt"],
  ])("asks to rename %j to %s", (path, rename) => {
    expect(rejectionOf(path).detail).toBe(`${BAD_NAME} ${rename}`);
  });

  it("spells out an umlaut written as a + combining diaeresis, as macOS names files", () => {
    expect(rejectionOf("Bad Name a\u0308.txt").detail).toBe(`${BAD_NAME} Bad-Name-ae.txt`);
  });
});
