import { describe, expect, it } from "vitest";
import { auditReloads } from "../../../bench/soak/reloads.ts";
import type { WriteNote } from "../../../bench/soak/seed-writer.ts";

const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const LIMIT_MS = 5_000;

function makeNote(path: string, atMs: number, what = "edited"): WriteNote {
  return { id: path.replace(/\.txt$/u, ""), path, atMs: T0 + atMs, what };
}

/** A server line saying it reloaded `path` `afterMs` after T0. */
const reloaded = (path: string, afterMs: number, verb = "updated") =>
  `${new Date(T0 + afterMs).toISOString()} ${verb} ${path}`;

describe("auditReloads", () => {
  it.each([
    ["added", 100],
    ["updated", 4_999],
    ["removed", 5_000],
  ])("counts a write the server %s %d ms later as on time", (verb, afterMs) => {
    const audit = auditReloads(
      [makeNote("a.txt", 0)],
      [reloaded("a.txt", afterMs, verb)],
      LIMIT_MS,
    );
    expect(audit).toEqual({ total: 1, superseded: 0, late: [] });
  });

  it("tolerates a server stamp a few milliseconds before the write", () => {
    const audit = auditReloads([makeNote("a.txt", 10)], [reloaded("a.txt", 6)], LIMIT_MS);
    expect(audit.late).toEqual([]);
  });

  it("reports a write reloaded after the limit with its next reload", () => {
    const note = makeNote("a.txt", 0);
    const audit = auditReloads([note], [reloaded("a.txt", 7_000)], LIMIT_MS);
    expect(audit.late).toEqual([{ note, laterMs: T0 + 7_000 }]);
  });

  it("reports a write never reloaded", () => {
    const note = makeNote("a.txt", 0);
    expect(auditReloads([note], [reloaded("b.txt", 10)], LIMIT_MS).late).toEqual([
      { note, laterMs: undefined },
    ]);
  });

  it("lets one reload cover a write replaced by a later write to the same seed", () => {
    const journal = [makeNote("a.txt", 0), makeNote("a.txt", 300)];
    const audit = auditReloads(journal, [reloaded("a.txt", 500)], LIMIT_MS);
    expect(audit).toEqual({ total: 2, superseded: 1, late: [] });
  });

  it("ignores access-log lines and other messages", () => {
    const lines = ["2026-01-01T00:00:00.100Z GET /articles/a 200", "published 1, skipped 0"];
    expect(auditReloads([makeNote("a.txt", 0)], lines, LIMIT_MS).late).toHaveLength(1);
  });
});
