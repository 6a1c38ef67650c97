import { describe, expect, it } from "vitest";
import { cacheFolderOf, seedsCacheFolder } from "../../../src/runtime/node/cache-folder.ts";

const home = () => "/home/editor";

describe("cacheFolderOf", () => {
  it.each([
    ["unset, without XDG_CACHE_HOME", undefined, {}, "/home/editor/.cache/feed-publisher"],
    [
      "unset, with XDG_CACHE_HOME",
      undefined,
      { XDG_CACHE_HOME: "/var/cache/editor" },
      "/var/cache/editor/feed-publisher",
    ],
    [
      "unset, with a relative XDG_CACHE_HOME (invalid by the XDG spec)",
      undefined,
      { XDG_CACHE_HOME: "cache" },
      "/home/editor/.cache/feed-publisher",
    ],
    ["an absolute folder", "/srv/cache", {}, "/srv/cache"],
  ])("CACHE_DIR %s", (_, cacheDir, env, folder) => {
    expect(cacheFolderOf(cacheDir, env, home)).toBe(folder);
  });

  it("has no folder for CACHE_DIR=off", () => {
    expect(cacheFolderOf("off", { XDG_CACHE_HOME: "/var/cache" }, home)).toBeUndefined();
  });
});

describe("seedsCacheFolder", () => {
  it("gives each seeds folder its own cache folder", () => {
    expect(seedsCacheFolder("/c", "/srv/a")).not.toBe(seedsCacheFolder("/c", "/srv/b"));
    expect(seedsCacheFolder("/c", "/srv/a")).toMatch(/^\/c\/seeds-[0-9a-f]{16}$/u);
  });

  it("gives the same folder however the seeds folder is spelled", () => {
    expect(seedsCacheFolder("/c", "/srv/a/")).toBe(seedsCacheFolder("/c", "/srv/./a"));
  });
});
