import { describe, expect, it } from "vitest";
import { BoundedMemo, LruCache } from "../src/lru-cache.ts";

describe("LruCache", () => {
  it("forgets the least recently used entry when full", () => {
    const cache = new LruCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // "b" is now the least recently used
    cache.set("c", 3);
    expect(cache.peek("b")).toBeUndefined();
    expect(cache.peek("a")).toBe(1);
    expect(cache.peek("c")).toBe(3);
  });
});

describe("BoundedMemo", () => {
  it("gives back what it remembered, and remember returns the value it keeps", () => {
    const memo = new BoundedMemo<string, string | null>(4);
    expect(memo.get("x")).toBeUndefined();
    expect(memo.remember("x", "answer")).toBe("answer");
    expect(memo.remember("none", null)).toBeNull();
    expect(memo.get("x")).toBe("answer");
    expect(memo.get("none")).toBeNull();
  });

  it("never holds more than its limit: full, it forgets everything before remembering", () => {
    const memo = new BoundedMemo<number, number>(3);
    for (const key of [1, 2, 3]) memo.remember(key, key * 10);
    expect(memo.size).toBe(3);
    memo.remember(4, 40);
    expect(memo.size).toBe(1);
    expect(memo.get(1)).toBeUndefined();
    expect(memo.get(4)).toBe(40);
  });
});
