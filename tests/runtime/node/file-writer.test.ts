import { describe, expect, it } from "vitest";
import { safeRelativePath } from "../../../src/runtime/node/file-writer.ts";

describe("safeRelativePath", () => {
  it.each([
    ["index.html", "index.html"],
    ["articles/2024/a.html", "articles/2024/a.html"],
    ["a/../b.txt", "b.txt"],
    ["../b.txt", undefined],
    ["a/../../b.txt", undefined],
    ["/etc/passwd", undefined],
    ["..", undefined],
    ["", undefined],
  ])("turns %j into %j", (path, expected) => {
    expect(safeRelativePath(path)).toBe(expected);
  });
});
