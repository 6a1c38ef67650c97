import { describe, expect, it } from "vitest";
import { isLocalUrl, isLoopbackHost } from "../src/loopback.ts";

describe("isLoopbackHost", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["localhost", true],
    ["LocalHost", true],
    ["news.localhost", true],
    ["::1", true],
    ["[::1]", true],
    ["0.0.0.0", false],
    ["::", false],
    ["192.168.1.10", false],
    ["127.0.0.256", false],
    ["localhost.example.org", false],
    ["news.example.org", false],
  ])("%s → %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe("isLocalUrl", () => {
  it.each([
    ["http://localhost:3000", true],
    ["http://127.0.0.1:8787", true],
    ["http://[::1]:3000/news", true],
    ["http://0.0.0.0:3000", true],
    ["http://[::]:3000", true],
    ["https://news.example.org", false],
    ["https://news.example.org/localhost", false],
    ["http://10.0.0.5:3000", false],
    ["not a url", false],
  ])("%s → %s", (url, expected) => {
    expect(isLocalUrl(url)).toBe(expected);
  });
});
