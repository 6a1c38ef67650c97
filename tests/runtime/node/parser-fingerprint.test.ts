import { describe, expect, it } from "vitest";
import { parserFingerprint } from "../../../src/runtime/node/parser-fingerprint.ts";
import { makeConfig } from "../../support/builders.ts";

describe("parserFingerprint", () => {
  const base = parserFingerprint(makeConfig());

  it("is the same for the same parser and settings", () => {
    expect(parserFingerprint(makeConfig())).toBe(base);
  });

  it.each([
    ["BASE_URL", "https://other.example.org"],
    ["TIME_ZONE", "America/New_York"],
    ["LANGUAGE", "en"],
    ["ID_AUTHORITY", "other.example.org,2025"],
    ["MAX_SEED_BYTES", "2048"],
    ["MAX_TITLE_LENGTH", "500"],
    ["MAX_SUMMARY_LENGTH", "100"],
  ])("changes with %s, which changes what a seed parses to", (setting, value) => {
    expect(parserFingerprint(makeConfig({ [setting]: value }))).not.toBe(base);
  });

  it.each([
    ["MAX_ARTICLES", "10"],
    ["FEED_LIMIT", "10"],
    ["SITE_TITLE", "Other"],
  ])("stays with %s, which is applied after parsing", (setting, value) => {
    expect(parserFingerprint(makeConfig({ [setting]: value }))).toBe(base);
  });
});
