import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileWriter, safeRelativePath } from "../../../src/runtime/node/file-writer.ts";

describe("safeRelativePath", () => {
  it.each([
    ["index.html", "index.html"],
    ["articles/2024/a.html", "articles/2024/a.html"],
    ["a/../b.txt", "b.txt"],
    ["../b.txt", undefined],
    ["a/../../b.txt", undefined],
    ["/etc/passwd", undefined],
    ["..", undefined],
    ["", undefined],
  ])("turns %j into %j", (path, expected) => {
    expect(safeRelativePath(path)).toBe(expected);
  });
});

describe("FileWriter", () => {
  const roots: string[] = [];
  const newRoot = () => {
    const root = mkdtempSync(join(tmpdir(), "file-writer-"));
    roots.push(root);
    return root;
  };
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it("copies bytes it is lent: the caller's buffer, even a view into a larger one, stays usable", async () => {
    const root = newRoot();
    const writer = new FileWriter(root);
    const shared = new TextEncoder().encode("..hello..");
    const view = shared.subarray(2, 7);
    await writer.write("a/lent.txt", view);
    await writer.write("whole.txt", shared);
    await writer.close();
    expect(readFileSync(join(root, "a/lent.txt"), "utf8")).toBe("hello");
    expect(readFileSync(join(root, "whole.txt"), "utf8")).toBe("..hello..");
    expect(shared.byteLength).toBe(9);
    expect(new TextDecoder().decode(view)).toBe("hello");
  });

  it("moves a buffer it is given to its thread, and writes it", async () => {
    const root = newRoot();
    const writer = new FileWriter(root);
    const given = new TextEncoder().encode("moved");
    await writer.write("moved.txt", given, { isTransferred: true });
    await writer.close();
    expect(given.byteLength).toBe(0);
    expect(readFileSync(join(root, "moved.txt"), "utf8")).toBe("moved");
  });

  it("reports each file once it is on disk, and every file by close", async () => {
    const root = newRoot();
    const writer = new FileWriter(root);
    let written = 0;
    for (let index = 0; index < 200; index++) {
      await writer.write(`n/${index}.txt`, new TextEncoder().encode(String(index)), {
        onWritten: () => written++,
      });
    }
    await writer.close();
    expect(written).toBe(200);
    expect(readFileSync(join(root, "n/199.txt"), "utf8")).toBe("199");
  });

  it("refuses a path outside its root", async () => {
    const writer = new FileWriter(newRoot());
    await expect(writer.write("../escape.txt", new Uint8Array(1))).rejects.toThrow(
      "not a path inside the export",
    );
    await writer.close();
  });
});
