import { afterEach, describe, expect, it } from "vitest";
import { ChildError, startChild, stopAll, tail } from "../../harness/child.ts";

/** A Node child running `script`: no server, nothing but output and an exit. */
const startNode = (script: string) => startChild("test child", process.execPath, ["-e", script]);

describe("startChild", () => {
  afterEach(async () => {
    await stopAll();
  });

  it("stops a child by its PID and reports the signal", async () => {
    const child = startNode("console.log('ready'); setInterval(() => {}, 1000);");
    await child.waitForLine(/^ready$/u, 10_000);
    await child.stop();
    expect(await child.exited).toBe("SIGTERM");
    expect(child.hasExited()).toBe(true);
    expect(child.exitCode()).toBeNull();
  });

  it("has read every line once it has exited", async () => {
    // process.exitCode, not process.exit(): exit() drops output still queued for a socket pipe.
    const child = startNode("for (let i = 0; i < 2000; i++) console.log(i); process.exitCode = 3;");
    expect(await child.exited).toBe(3);
    expect(child.exitCode()).toBe(3);
    expect(child.lines).toHaveLength(2000);
    expect(child.lineTimes).toHaveLength(2000);
  });

  it("captures stderr with stdout", async () => {
    const child = startNode("console.error('on stderr');");
    await child.exited;
    expect(child.lines).toEqual(["on stderr"]);
  });

  it("rejects a wait for a line the child ends without printing", async () => {
    const child = startNode("console.log('something else');");
    await expect(child.waitForLine(/^ready$/u, 10_000)).rejects.toThrow(ChildError);
    await expect(child.waitForLine(/^ready$/u, 10_000)).rejects.toThrow(
      /ended before printing .*something else/su,
    );
  });

  it("rejects a wait that times out, quoting the child's output", async () => {
    const child = startNode("console.log('slow'); setInterval(() => {}, 1000);");
    // Its output must be there to be quoted: on a loaded machine Node takes longer than 200 ms
    // to print anything at all.
    await child.waitForLine(/^slow$/u, 10_000);
    await expect(child.waitForLine(/^ready$/u, 200)).rejects.toThrow(
      /did not print \/\^ready\$\/u within 200 ms; its last output:\n {2}slow/u,
    );
  });

  it("finds a line only at or after the index it is given", async () => {
    const child = startNode(
      "console.log('ready'); console.log('next'); setInterval(() => {}, 1000);",
    );
    await child.waitForLine(/^next$/u, 10_000);
    await expect(child.waitForLine(/^ready$/u, 200, 1)).rejects.toThrow(ChildError);
  });
});

describe("tail", () => {
  it("is empty for a child that printed nothing", () => {
    expect(tail([])).toBe("");
  });

  it("quotes the last lines, indented", () => {
    expect(tail(["a", "b", "c"], 2)).toBe("; its last output:\n  b\n  c");
  });
});
