import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Child, startChild } from "../../harness/child.ts";
import { findFreePort, httpGet, waitForStatus } from "../../harness/http.ts";
import { parseAccessLog, REPO_ROOT, SERVER_ENTRY, SERVING_LINE } from "../../harness/server.ts";
import { requireCommands } from "./support/commands.ts";

/**
 * docs/production.md's nginx rule in front of the server: the site lives under /news/, nginx
 * strips the prefix, the server answers unprefixed paths and writes every link with it. The
 * nginx block is read from the docs, so the docs cannot drift from what is tested.
 */

const PREFIX = "/news";
const SEED = "Hinter dem Proxy date 2025-12-04 Teaser.\n\nText.\n\nQuelle: dpa\n";

let work: string;
let server: Child | undefined;
let nginx: Child | undefined;
let proxyUrl: string;

/** The first ```nginx block of docs/production.md, pointed at `port`. */
async function documentedLocations(port: number): Promise<string> {
  const docs = await readFile(join(REPO_ROOT, "docs", "production.md"), "utf8");
  const block = /```nginx\n([\s\S]*?)```/u.exec(docs)?.[1];
  if (block === undefined) throw new Error("docs/production.md has no nginx block");
  expect(block).toContain("proxy_pass http://127.0.0.1:3000/;");
  return block.replaceAll("127.0.0.1:3000", `127.0.0.1:${port}`);
}

beforeAll(async () => {
  requireCommands(["nginx"]);
  work = await mkdtemp(join(tmpdir(), "reverse-proxy-"));
  const seeds = join(work, "seeds");
  await mkdir(seeds);
  await writeFile(join(seeds, "proxy.txt"), SEED);
  const [serverPort, proxyPort] = [await findFreePort(), await findFreePort()];
  proxyUrl = `http://127.0.0.1:${proxyPort}`;

  server = startChild("server", process.execPath, ["--import", "tsx", SERVER_ENTRY, "serve"], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOST: "127.0.0.1",
      PORT: String(serverPort),
      SEEDS_DIR: seeds,
      BASE_URL: `${proxyUrl}${PREFIX}`,
      ID_AUTHORITY: "example.org,2025",
      ACCESS_LOG: "on",
      TRUST_PROXY: "on",
    },
  });
  await server.waitForLine(SERVING_LINE, 30_000);

  await writeFile(
    join(work, "nginx.conf"),
    `daemon off;
master_process off;
worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${work}/client_body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  server {
    listen 127.0.0.1:${proxyPort};
${await documentedLocations(serverPort)}
  }
}
`,
  );
  nginx = startChild("nginx", "nginx", ["-p", work, "-c", join(work, "nginx.conf")]);
  await waitForStatus(nginx, `${proxyUrl}${PREFIX}/feed.xml`, 200, 30_000);
}, 90_000);

afterAll(async () => {
  await nginx?.stop();
  await server?.stop();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe("the server behind nginx under /news/", { timeout: 30_000 }, () => {
  it("serves the feed at the prefixed URL, with every link under the prefix", async () => {
    const response = await httpGet(`${proxyUrl}${PREFIX}/atom.xml`);
    expect(response.status).toBe(200);
    const atom = response.body.toString("utf8");
    const links = [...atom.matchAll(/href="([^"]+)"/gu)].map((match) => match[1]);
    expect(links).toContain(`${proxyUrl}${PREFIX}/articles/proxy`);
    for (const link of links) expect(link?.startsWith(`${proxyUrl}${PREFIX}/`)).toBe(true);
  });

  it("serves the article page and its stylesheet through the proxy", async () => {
    const page = await httpGet(`${proxyUrl}${PREFIX}/articles/proxy`);
    expect(page.status).toBe(200);
    expect(page.body.toString("utf8")).toContain(`href="${proxyUrl}${PREFIX}/style.css"`);
    expect((await httpGet(`${proxyUrl}${PREFIX}/style.css`)).status).toBe(200);
  });

  it("passes conditional requests through, so readers still get 304", async () => {
    const first = await httpGet(`${proxyUrl}${PREFIX}/feed.xml`);
    const etag = first.headers.etag;
    expect(typeof etag).toBe("string");
    const again = await httpGet(`${proxyUrl}${PREFIX}/feed.xml`, { "If-None-Match": String(etag) });
    expect(again.status).toBe(304);
  });

  it("redirects /news to /news/", async () => {
    const response = await httpGet(`${proxyUrl}${PREFIX}`);
    expect(response.status).toBe(301);
    expect(String(response.headers.location)).toMatch(/\/news\/$/u);
  });

  it("keeps /metrics away from the public side", async () => {
    expect((await httpGet(`${proxyUrl}${PREFIX}/metrics`)).status).toBe(404);
  });

  it("logs the address nginx saw with TRUST_PROXY=on, not one a client claims", async () => {
    const mark = server?.lines.length ?? 0;
    await httpGet(`${proxyUrl}${PREFIX}/healthz`, { "X-Forwarded-For": "203.0.113.5" });
    await server?.waitForLine(/"path":"\/healthz"/u, 5_000, mark);
    // nginx appends the address it saw (127.0.0.1) to what the client sent: the last one counts.
    expect(parseAccessLog(server?.lines.slice(mark) ?? [])[0]?.client).toBe("127.0.0.1");
  });
});
