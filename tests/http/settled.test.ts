import { describe, expect, it } from "vitest";
import { whenSettled } from "../../src/http/settled.ts";

describe("whenSettled", () => {
  it("continues at once with a value that is no promise", () => {
    expect(whenSettled(2, (value) => value * 3)).toBe(6);
  });

  it("waits for a promise the first time, then continues with it at once", async () => {
    const promise = Promise.resolve(2);
    const first = whenSettled(promise, (value) => value * 3);
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toBe(6);
    expect(whenSettled(promise, (value) => value * 4)).toBe(8);
  });

  it("never remembers a rejected promise as settled", async () => {
    const failed = Promise.reject(new Error("render failed"));
    await expect(whenSettled(failed, () => "never")).rejects.toThrow("render failed");
    await expect(whenSettled(failed, () => "never")).rejects.toThrow("render failed");
  });

  it("keeps a promise's own value apart from another's", async () => {
    const a = Promise.resolve("a");
    const b = Promise.resolve("b");
    await whenSettled(a, (value) => value);
    await whenSettled(b, (value) => value);
    expect(whenSettled(a, (value) => value)).toBe("a");
    expect(whenSettled(b, (value) => value)).toBe("b");
  });
});
