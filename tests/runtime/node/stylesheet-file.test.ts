import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readStylesheet } from "../../../src/runtime/node/stylesheet-file.ts";

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "stylesheet-"));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("readStylesheet", () => {
  it("reads nothing when STYLESHEET is not set", async () => {
    expect(await readStylesheet(undefined)).toBeUndefined();
  });

  it("reads the file's text exactly", async () => {
    await writeFile(join(folder, "site.css"), "body{font-family:serif}\n/* ä */\n");
    expect(await readStylesheet(join(folder, "site.css"))).toBe(
      "body{font-family:serif}\n/* ä */\n",
    );
  });

  it.each([
    [
      "a missing file",
      "missing.css",
      undefined,
      "cannot be read (ENOENT: no such file or directory)",
    ],
    ["an empty file", "empty.css", "  \n", "is empty"],
    [
      "a file that is not UTF-8",
      "latin1.css",
      Uint8Array.from([0x62, 0xfc, 0x0a]),
      "is not UTF-8 text",
    ],
    [
      "a file over 1 MiB",
      "large.css",
      "a".repeat(1_048_577),
      "is 1048577 bytes, more than a stylesheet (1 MiB)",
    ],
  ])("refuses %s in one line naming the setting", async (_name, file, content, detail) => {
    const path = join(folder, file);
    if (content !== undefined) await writeFile(path, content);
    await expect(readStylesheet(path)).rejects.toThrow(
      `invalid setting STYLESHEET: ${path} ${detail}`,
    );
  });
});
