import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The layout as a specification: src/ reads as the data flow, imports only point down.
const SRC = fileURLToPath(new URL("../src/", import.meta.url));
// Lower index = lower layer. Shared modules sit below everything: any layer may import them.
// corpus/ (the synthetic seed generator the CLI and bench share) depends on nothing of ours.
const LAYERS = ["shared", "corpus", "articles", "feeds", "site", "http", "runtime"] as const;
// The shared modules: settings, the URL scheme, the message catalogues (every layer writes
// words: articles/ the credit label, feeds/ descriptions, site/ the pages) and a cache.
const SHARED = [
  "config.ts",
  "urls.ts",
  "lru-cache.ts",
  "loopback.ts",
  "publish-guards.ts",
  "i18n/",
] as const;

function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: "utf8" })
    .map((path) => path.split("\\").join("/"))
    .filter((path) => path.endsWith(".ts"))
    .sort();
}

function isShared(path: string): boolean {
  return SHARED.some((shared) =>
    shared.endsWith("/") ? path.startsWith(shared) : path === shared,
  );
}

function layerOf(path: string): (typeof LAYERS)[number] | undefined {
  if (isShared(path)) return "shared";
  const top = path.split("/")[0] ?? "";
  return (LAYERS as readonly string[]).includes(top) ? (top as (typeof LAYERS)[number]) : undefined;
}

/** Every relative import of a source file, as a path below src/. */
function importsOf(path: string): string[] {
  const text = readFileSync(join(SRC, path), "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)[^;]*?from\s+"(\.[^"]+)";/gmsu)) {
    found.push(relative(SRC, resolve(dirname(join(SRC, path)), match[1] ?? "")));
  }
  return found;
}

const files = sourceFiles();
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe("the source layout", () => {
  it("puts every source file in a layer or among the shared modules", () => {
    expect(files.filter((file) => layerOf(file) === undefined)).toEqual([]);
  });

  it.each(files.filter(isShared))("%s, a shared module, imports only shared modules", (file) => {
    expect((graph.get(file) ?? []).filter((target) => !isShared(target))).toEqual([]);
  });

  it.each(files)("%s imports only its own layer or layers below", (file) => {
    const rank = (path: string) => LAYERS.indexOf(layerOf(path) ?? "runtime");
    const upward = (graph.get(file) ?? []).filter((target) => rank(target) > rank(file));
    expect(upward).toEqual([]);
  });

  it("has no import cycles", () => {
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(" → "));
        return;
      }
      state.set(file, "visiting");
      for (const target of graph.get(file) ?? []) visit(target, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it("keeps the Worker away from the Node adapter", () => {
    const worker = files.filter((file) => file.startsWith("runtime/worker/"));
    for (const file of worker) {
      expect(graph.get(file)?.filter((target) => target.startsWith("runtime/node/"))).toEqual([]);
    }
  });

  it("names the URL paths only in src/urls.ts", () => {
    const spelled = files.filter((file) => {
      if (file === "urls.ts") return false;
      const code = readFileSync(join(SRC, file), "utf8")
        .split("\n")
        .filter((line) => !/^\s*(\/\/|\*|\/\*\*)/u.test(line))
        .join("\n");
      return /["`]\/(archive|credits|articles|page)\//u.test(code);
    });
    expect(spelled).toEqual([]);
  });
});
