import { describe, expect, it } from "vitest";
import { nodeSha256 } from "../../../src/runtime/node/node-sha256.ts";
import { represent, subtleSha256 } from "../../../src/site/representation.ts";

describe("nodeSha256", () => {
  it.each(["", "a", "Grüße aus Köln ".repeat(5000)])(
    "gives %#'s ETag as Web Crypto does",
    async (text) => {
      const viaNode = await represent(text, "text/plain", nodeSha256);
      const viaSubtle = await represent(text, "text/plain", subtleSha256);
      expect(viaNode.etag).toBe(viaSubtle.etag);
      expect(viaNode.body).toEqual(viaSubtle.body);
    },
  );
});
