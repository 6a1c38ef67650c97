import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../../bench/report/markdown.ts";
import { BUILT_ENTRY, SERVER_COMMAND } from "../../../harness/server.ts";
import { makeResults } from "./builders.ts";

/** The Markdown tables of a document, each as rows of cells. */
function tablesOf(markdown: string): string[][][] {
  const tables: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("|")) {
      current ??= [];
      current.push(line.slice(1, -1).split(" | "));
    } else if (current !== undefined) {
      tables.push(current);
      current = undefined;
    }
  }
  if (current !== undefined) tables.push(current);
  return tables;
}

describe("renderMarkdown", () => {
  it("gives every table row as many cells as its header", () => {
    const tables = tablesOf(renderMarkdown(makeResults()));
    expect(tables).toHaveLength(4);
    for (const table of tables) {
      const width = table[0]?.length;
      for (const row of table) expect(row).toHaveLength(width ?? 0);
    }
  });

  it("states this server's ratios to bare node:http and nginx, turn by turn", () => {
    const markdown = renderMarkdown(makeResults());
    expect(markdown).toContain("| 1.30× (1.25–1.35×) | 2.08× (2.00–2.16×) |");
  });

  it("names the command the start-up section timed: the compiled program", () => {
    expect(renderMarkdown(makeResults())).toContain(`\`node ${BUILT_ENTRY} ${SERVER_COMMAND}\``);
  });

  it("marks a quick run as not for quoting", () => {
    expect(renderMarkdown(makeResults({ isQuick: true }))).toContain("not for quoting");
  });
});
