import { describe, expect, it } from "vitest";
import { type CpuProfile, groupOf, sharesPerRequest } from "../../../bench/profile/summarise.ts";

describe("groupOf", () => {
  it.each([
    ["respond", "file:///repo/dist/node/http/responses.js", "src/http/responses"],
    ["respond", "file:///repo/src/http/responses.ts", "src/http/responses"],
    ["fetch", "file:///repo/node_modules/hono/dist/hono-base.js", "hono"],
    ["x", "file:///repo/node_modules/@hono/node-server/dist/index.mjs", "@hono/node-server"],
    ["emit", "node:events", "Node's JavaScript (http, net, streams, events)"],
    ["writev", "", "system calls and native code"],
    ["(garbage collector)", "", "garbage collector"],
  ])("puts %s of %s in %s", (name, url, group) => {
    expect(groupOf(name, url)).toBe(group);
  });

  it("leaves idle time out", () => {
    expect(groupOf("(idle)", "")).toBeUndefined();
  });
});

describe("sharesPerRequest", () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: "(idle)", url: "" } },
      { id: 2, callFrame: { functionName: "fetch", url: "file:///r/node_modules/hono/x.js" } },
      { id: 3, callFrame: { functionName: "writev", url: "" } },
    ],
    startTime: 0,
    endTime: 1000,
    // Samples at 100, 200 … 900 µs; each stands for the 100 µs after it.
    samples: [2, 2, 3, 1, 2, 3, 3, 1, 2],
    timeDeltas: [100, 100, 100, 100, 100, 100, 100, 100, 100],
  };

  it("sums each group's samples inside the window, per request, largest first", () => {
    expect(sharesPerRequest(profile, 0, 1000, 10)).toEqual([
      { name: "hono", microsPerRequest: 30 },
      { name: "system calls and native code", microsPerRequest: 30 },
    ]);
  });

  it("counts no sample outside the window", () => {
    expect(sharesPerRequest(profile, 150, 450, 1)).toEqual([
      { name: "hono", microsPerRequest: 100 },
      { name: "system calls and native code", microsPerRequest: 100 },
    ]);
  });
});
