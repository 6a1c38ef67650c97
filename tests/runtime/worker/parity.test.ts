import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  differencesOf,
  IDENTITY,
  isConditional,
  isPlainFeedRequest,
  PLATFORM_OWNED,
  type RecordedResponse,
  recordResponse,
} from "./parity-cases.ts";

const cases = inject("parityCases");

/** Where two bodies first differ, to name the byte instead of printing both documents. */
function firstDifference(worker: RecordedResponse, node: RecordedResponse): string | undefined {
  const a = atob(worker.bodyBase64);
  const b = atob(node.bodyBase64);
  if (a === b) return undefined;
  let offset = 0;
  while (offset < a.length && a[offset] === b[offset]) offset++;
  const around = (text: string) =>
    JSON.stringify(text.slice(Math.max(0, offset - 40), offset + 40));
  return `bodies differ at byte ${offset} (worker ${a.length} bytes, node ${b.length}): worker ${around(a)} node ${around(b)}`;
}

// The same fixture seeds and settings: the Worker (in workerd, through the runtime's fetch)
// must answer every request byte for byte as the Node app does.
describe("the Worker compared with the Node app", () => {
  // workerd compiles the Worker on its first request: seconds on a loaded 2-core machine.
  // /healthz renders no document, so every case still meets the Worker's first answer for its
  // path.
  beforeAll(async () => {
    await exports.default.fetch(new Request("https://news.example.org/healthz"));
  }, 60_000);

  it("has a case for every kind of route", () => {
    const paths = new Set(cases.map((parityCase) => parityCase.path));
    for (const expected of [
      "/feed.xml",
      "/atom.xml",
      "/feed.json",
      "/archive/1/feed.xml",
      "/archive/4/feed.json",
      "/credits/dpa/feed.xml",
      "/",
      "/page/2",
      "/page/1",
      "/articles/2024/01/artikel-00",
      "/style.css",
      "/feeds",
      "/feeds.opml",
      "/sitemap.xml",
      "/sitemaps/1.xml",
      "/sitemap-news.xml",
      "/robots.txt",
    ]) {
      expect(paths, expected).toContain(expected);
    }
    expect(cases.length).toBeGreaterThan(300);
    expect(cases.filter(isPlainFeedRequest).length).toBeGreaterThan(10);
  });

  // A feed's own URL without a query is the platform's file, sent with the platform's
  // validators: compared without them here, and its 304s checked on wrangler dev (test:e2e).
  const fromFiles = cases.filter(isPlainFeedRequest);
  const fromTheApp = cases.filter((parityCase) => !isPlainFeedRequest(parityCase));

  it.each(
    fromFiles.filter((parityCase) => !isConditional(parityCase)).map((c) => [c.name, c] as const),
  )(
    "hands %s to the platform, which sends Node's bytes and headers but its own validators",
    async (_name, parityCase) => {
      const response = await exports.default.fetch(
        new Request(`https://news.example.org${parityCase.path}`, {
          method: parityCase.method,
          headers: { ...IDENTITY, ...parityCase.headers },
        }),
      );
      expect(differencesOf(parityCase, await recordResponse(response), PLATFORM_OWNED)).toEqual([]);
    },
  );

  it.each(fromTheApp.map((parityCase) => [parityCase.name, parityCase] as const))(
    "answers %s identically",
    async (_name, parityCase) => {
      const response = await exports.default.fetch(
        new Request(`https://news.example.org${parityCase.path}`, {
          method: parityCase.method,
          headers: { ...IDENTITY, ...parityCase.headers },
          // The Node app never follows a redirect: compare the 301 itself.
          redirect: "manual",
        }),
      );
      const worker = await recordResponse(response);
      expect(worker.status).toBe(parityCase.expected.status);
      expect(worker.headers).toEqual(parityCase.expected.headers);
      expect(firstDifference(worker, parityCase.expected)).toBeUndefined();
    },
  );
});
