import { describe, expect, it } from "vitest";
import { describeError } from "../../src/runtime/describe-error.ts";

/** An error as Node's file system throws it: a code, and a message that starts with it. */
function fsError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("describeError", () => {
  it.each([
    [
      fsError("ENOENT", "ENOENT: no such file or directory, scandir '/srv/x'"),
      "ENOENT: no such file or directory",
    ],
    [
      fsError("EACCES", "EACCES: permission denied, open '/srv/x/a.txt'"),
      "EACCES: permission denied",
    ],
    [fsError("ERR_SOMETHING", "it broke"), "ERR_SOMETHING: it broke"],
    [new Error("plain"), "plain"],
    ["a string", "a string"],
  ])("describes %s as %s", (error, text) => {
    expect(describeError(error)).toBe(text);
  });
});
