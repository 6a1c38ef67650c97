import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { paths } from "../src/urls.ts";

/**
 * `tsx harness/route-digest.ts --url http://127.0.0.1:PORT --out FILE`: crawls a running
 * publisher from its entry points, following every same-origin link in pages and feeds, and
 * records, per request variant, the status, every header but Date, and a SHA-256 of the body.
 * Two digests of the same seeds folder taken before and after a change are equal exactly when
 * every byte and header of every route is. It trusts no list of paths of our own: it crawls.
 */

const ENTRY_PATHS = ["/", "/feed.xml", "/atom.xml", "/feed.json", "/style.css", "/healthz"];
const PROBES: ReadonlyArray<readonly [string, string, Record<string, string>]> = [
  ["GET", "/no/such/page", {}],
  ["POST", "/feed.xml", {}],
  ["OPTIONS", "/feed.xml", {}],
  ["GET", "/page/1", {}],
  ["GET", "/feed.xml?limit=abc", {}],
  ["GET", "/feed.xml?limit=7", {}],
  ["GET", "/atom.xml?limit=7", {}],
  ["GET", "/feed.json?limit=7", {}],
  ["GET", `/${"x".repeat(3000)}`, {}],
  ["GET", `/feed.xml?${"q".repeat(1100)}`, {}],
  ["GET", paths.article("..%2Fetc"), {}],
  ["GET", paths.feed({ kind: "archive", page: 0 }, "rss"), {}],
  ["GET", paths.feed({ kind: "credit", slug: "NO" }, "rss"), {}],
];
const VARIANTS: ReadonlyArray<readonly [string, string, Record<string, string>]> = [
  ["identity", "GET", { "Accept-Encoding": "identity" }],
  ["gzip", "GET", { "Accept-Encoding": "gzip" }],
  ["br", "GET", { "Accept-Encoding": "br, gzip" }],
  ["head", "HEAD", { "Accept-Encoding": "identity" }],
];

interface Recorded {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly sha256: string;
}

async function record(url: string, method: string, headers: Record<string, string>) {
  const response = await fetch(url, { method, headers, redirect: "manual" });
  const body = new Uint8Array(await response.arrayBuffer());
  const kept: Record<string, string> = {};
  for (const [name, value] of response.headers) {
    if (name !== "date" && name !== "connection" && name !== "keep-alive") kept[name] = value;
  }
  return {
    status: response.status,
    headers: kept,
    sha256: createHash("sha256").update(body).digest("hex"),
    body,
  };
}

function linksIn(text: string, origin: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(
    /(?:href=|"(?:url|next_url|feed_url|home_page_url)":\s*)"([^"]+)"/gu,
  )) {
    const raw = (match[1] ?? "").replaceAll("&amp;", "&");
    try {
      const url = new URL(raw, origin);
      if (url.origin === origin) found.push(url.pathname + url.search);
    } catch {
      // not a URL
    }
  }
  return found;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { url: { type: "string" }, out: { type: "string" }, base: { type: "string" } },
  });
  if (values.url === undefined || values.out === undefined) {
    console.error("usage: tsx harness/route-digest.ts --url URL [--base BASE_URL] --out FILE");
    process.exit(2);
  }
  const server = values.url.replace(/\/$/u, "");
  const origin = new URL(values.base ?? server).origin;
  const digest: Record<string, Recorded> = {};
  const seen = new Set<string>();
  const queue = [...ENTRY_PATHS];
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (seen.has(path)) continue;
    seen.add(path);
    for (const [name, method, headers] of VARIANTS) {
      const { body, ...kept } = await record(`${server}${path}`, method, headers);
      digest[`${name} ${path}`] = kept;
      if (name === "identity") {
        const etag = kept.headers.etag;
        if (etag !== undefined) {
          const { body: _b, ...conditional } = await record(`${server}${path}`, "GET", {
            ...headers,
            "If-None-Match": etag,
          });
          digest[`conditional ${path}`] = conditional;
        }
        const type = kept.headers["content-type"] ?? "";
        if (kept.status === 200 && /html|xml|json/u.test(type)) {
          queue.push(...linksIn(new TextDecoder().decode(body), origin));
        }
      }
    }
  }
  for (const [method, path, headers] of PROBES) {
    const { body: _b, ...kept } = await record(`${server}${path}`, method, headers);
    digest[`probe ${method} ${path.slice(0, 60)}`] = kept;
  }
  const sorted = Object.fromEntries(Object.entries(digest).sort(([a], [b]) => (a < b ? -1 : 1)));
  await writeFile(values.out, `${JSON.stringify(sorted, null, 1)}\n`);
  console.error(`route-digest: ${Object.keys(sorted).length} responses of ${seen.size} paths`);
}

await main();
