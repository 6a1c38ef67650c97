import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config.ts";
import { warmUpApp, warmUpRequests } from "../../../src/runtime/worker/warm-up.ts";
import { createWorker } from "../../../src/runtime/worker/worker-app.ts";
import { WORKER_TEST_VARS } from "./settings.ts";

// The warm-up is only worth its start-up time if every request takes the path a reader's
// would: a request that failed on the way would leave its code cold, and nobody would notice.
describe("the Worker's warm-up", () => {
  for (const [name, vars] of [
    ["the test settings", WORKER_TEST_VARS],
    ["the defaults", { BASE_URL: "https://news.example.org" }],
    ["FEED_LIMIT=1", { BASE_URL: "https://news.example.org", FEED_LIMIT: "1" }],
  ] as const) {
    it(`answers every request as the real site would, with ${name}`, async () => {
      const app = warmUpApp(parseConfig(vars));
      for (const request of warmUpRequests()) {
        const { pathname } = new URL(request.url);
        const expected = request.method === "POST" ? 405 : pathname === "/no-such-page" ? 404 : 200;
        const response = await app.fetch(request);
        expect(`${request.method} ${request.url} ${response.status}`).toBe(
          `${request.method} ${request.url} ${expected}`,
        );
      }
    });
  }

  it("never stops the isolate's start, though workerd's global scope refuses a Response", () => {
    // wrangler dev and Cloudflare evaluate the module in the global scope, where making a
    // Response throws; this test pool evaluates it inside a request, so the refusal is staged.
    const { Response: realResponse } = globalThis;
    globalThis.Response = class {
      constructor() {
        throw new Error("Disallowed operation called within global scope.");
      }
    } as unknown as typeof Response;
    try {
      expect(() => createWorker(env)).not.toThrow();
    } finally {
      globalThis.Response = realResponse;
    }
  });

  it("walks every feed format with and without ?limit, an article page and a 404", () => {
    const targets = warmUpRequests().map((request) => new URL(request.url));
    for (const path of ["/feed.xml", "/atom.xml", "/feed.json", "/articles/warm-up"]) {
      expect(targets.some((url) => url.pathname === path)).toBe(true);
    }
    expect(targets.some((url) => url.search === "?limit=1")).toBe(true);
    expect(targets.some((url) => url.search === "?limit=200")).toBe(true);
  });
});
