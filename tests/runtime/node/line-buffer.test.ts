import { describe, expect, it } from "vitest";
import { LineBuffer } from "../../../src/runtime/node/line-buffer.ts";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("LineBuffer", () => {
  it("writes the lines of one turn together, in order, once the turn ends", async () => {
    const writes: string[] = [];
    const lines = new LineBuffer((text) => writes.push(text));
    lines.push("one");
    lines.push("two");
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(["one\ntwo\n"]);
    lines.push("three");
    await nextTurn();
    expect(writes).toEqual(["one\ntwo\n", "three\n"]);
  });

  it("writes at once when a turn gathers 64 KiB", () => {
    const writes: string[] = [];
    const lines = new LineBuffer((text) => writes.push(text));
    const line = "x".repeat(1023);
    for (let index = 0; index < 64; index++) lines.push(line);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toBe(`${line}\n`.repeat(64));
  });

  it("writes what is pending on flush, and nothing when nothing is", async () => {
    const writes: string[] = [];
    const lines = new LineBuffer((text) => writes.push(text));
    lines.flush();
    lines.push("now");
    lines.flush();
    expect(writes).toEqual(["now\n"]);
    await nextTurn();
    expect(writes).toEqual(["now\n"]);
  });
});
