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

  it("warms up each server and request once, on its first run", () => {
    const first = runs.filter((run) => run.isFirstOfKind);
    expect(first.map((run) => `${run.server} ${run.mode} ${run.path}`)).toEqual([
      "node plain /feed.xml",
      "bare plain /feed.xml",
      "nginx plain /feed.xml",
      "node gzip /feed.xml",
      "bare gzip /feed.xml",
      "node conditional /feed.xml",
      "bare conditional /feed.xml",
      "nginx conditional /feed.xml",
    ]);
  });

  it("has paths × turns × servers runs per request", () => {
    expect(runs).toHaveLength(2 * 3 * 3 + 2 * 3 * 2 + 2 * 3 * 3);
  });
});
