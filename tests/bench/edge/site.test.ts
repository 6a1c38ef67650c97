import { describe, expect, it } from "vitest";
import { isCountedAsset } from "../../../bench/edge/site.ts";

describe("isCountedAsset", () => {
  it.each([
    ["_headers", false],
    ["_redirects", false],
    [".assetsignore", false],
    ["index.html", true],
    ["archive/1/_headers.html", true],
  ])("counts %s: %s", (file, counted) => {
    expect(isCountedAsset(file)).toBe(counted);
  });
});
