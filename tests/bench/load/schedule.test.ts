import { describe, expect, it } from "vitest";
import { isMeasured, loadSchedule } from "../../../bench/load/schedule.ts";

describe("loadSchedule", () => {
  const runs = loadSchedule(["/feed.xml", "/atom.xml"], ["node", "bare", "nginx"], 3);

  it("measures every server in each turn, the first of the turn rotating", () => {
    const plain = runs.filter((run) => run.mode === "plain" && run.path === "/feed.xml");
    expect(plain.map((run) => `${run.repetition} ${run.server}`)).toEqual([
      "1 node",
      "1 bare",
      "1 nginx",
      "2 bare",
      "2 nginx",
      "2 node",
      "3 nginx",
      "3 node",
      "3 bare",
    ]);
  });

  it("gives nginx no gzip run (it serves identity bytes only)", () => {
    expect(runs.filter((run) => run.mode === "gzip").map((run) => run.server)).not.toContain(
      "nginx",
    );
    expect(isMeasured("nginx", "gzip")).toBe(false);
    expect(isMeasured("bare", "gzip")).toBe(true);
  });

  it("warms up each process of a server once per request, on its first run", () => {
    const first = runs.filter((run) => run.isFirstOfKind);
    expect(
      first
        .filter((run) => run.mode === "conditional")
        .map((run) => `${run.repetition} ${run.server} ${run.path}`),
    ).toEqual([
      "1 node /feed.xml",
      "1 bare /feed.xml",
      "1 nginx /feed.xml",
      "2 bare /feed.xml",
      "2 nginx /feed.xml",
      "2 node /feed.xml",
      "3 nginx /feed.xml",
      "3 node /feed.xml",
      "3 bare /feed.xml",
    ]);
    // Three processes of each server, each warmed once per request; nginx has no gzip run.
    expect(first).toHaveLength(3 * 3 + 3 * 2 + 3 * 3);
  });

  it("has paths × turns × servers runs per request", () => {
    expect(runs).toHaveLength(2 * 3 * 3 + 2 * 3 * 2 + 2 * 3 * 3);
  });
});
