import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startChild } from "../../../harness/child.ts";
import { findFreePort } from "../../../harness/http.ts";
import {
  type RunningServer,
  SERVER_COMMAND,
  SERVER_ENTRY,
  SERVING_LINE,
  startServer,
} from "../../../harness/server.ts";

const REPO_ROOT = join(import.meta.dirname, "..", "..", "..");
let folder: string;
let server: RunningServer | undefined;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "node-server-"));
});

afterEach(async () => {
  await server?.stop();
  server = undefined;
  await rm(folder, { recursive: true, force: true });
});

function article(title: string, day = "2025-12-04") {
  return `${title} date ${day} Teaser zu ${title}.\n\nText.\n\nQuelle: dpa\n`;
}

async function feedTitles(running: RunningServer): Promise<string[]> {
  const feed = (await (await fetch(`${running.baseUrl}/feed.json`)).json()) as {
    items: Array<{ title: string }>;
  };
  return feed.items.map((item) => item.title);
}

/** Runs the server expecting it to stop by itself; resolves with its exit code and output. */
function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", SERVER_ENTRY, SERVER_COMMAND], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", CACHE_DIR: "off", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`still running after 15 s:\n${output}`));
    }, 15_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("the Node server", { timeout: 30_000 }, () => {
  it("publishes an added, an edited and a removed seed without a restart", async () => {
    await writeFile(join(folder, "a.txt"), article("Erster"));
    server = await startServer({ seedsDir: folder, env: { RELOAD_DEBOUNCE_MS: "50" } });
    expect(await feedTitles(server)).toEqual(["Erster"]);

    let mark = server.lines.length;
    // Written under a temporary name and renamed, as the README asks writers to do.
    await writeFile(join(folder, ".b.tmp"), article("Zweiter", "2025-12-05"));
    await rename(join(folder, ".b.tmp"), join(folder, "b.txt"));
    await server.waitForLine(/ added b\.txt$/u, 10_000, mark);
    expect(await feedTitles(server)).toEqual(["Zweiter", "Erster"]);

    mark = server.lines.length;
    await writeFile(join(folder, "a.txt"), article("Erster, korrigiert"));
    await server.waitForLine(/ updated a\.txt$/u, 10_000, mark);
    expect(await feedTitles(server)).toEqual(["Zweiter", "Erster, korrigiert"]);

    mark = server.lines.length;
    await rm(join(folder, "b.txt"));
    await server.waitForLine(/ removed b\.txt$/u, 10_000, mark);
    expect(await feedTitles(server)).toEqual(["Erster, korrigiert"]);
  });

  it("unpublishes every seed of a deleted subfolder", async () => {
    await writeFile(join(folder, "a.txt"), article("Bleibt"));
    await mkdir(join(folder, "2025"));
    await writeFile(join(folder, "2025", "b.txt"), article("Geht", "2025-12-05"));
    server = await startServer({ seedsDir: folder, env: { RELOAD_DEBOUNCE_MS: "50" } });
    expect(await feedTitles(server)).toEqual(["Geht", "Bleibt"]);
    const mark = server.lines.length;
    await rm(join(folder, "2025"), { recursive: true });
    await server.waitForLine(/ removed 2025\/b\.txt$/u, 10_000, mark);
    expect(await feedTitles(server)).toEqual(["Bleibt"]);
  });

  it("keeps the last good version of a seed edited into an invalid one, and says so", async () => {
    await writeFile(join(folder, "a.txt"), article("Gut"));
    server = await startServer({ seedsDir: folder, env: { RELOAD_DEBOUNCE_MS: "50" } });
    const etag = (await fetch(`${server.baseUrl}/feed.xml`)).headers.get("ETag");
    const mark = server.lines.length;
    await writeFile(join(folder, "a.txt"), "kein Kopf\n");
    await server.waitForLine(/skipped a\.txt:1: header has no date/u, 10_000, mark);
    expect(await feedTitles(server)).toEqual(["Gut"]);
    expect((await fetch(`${server.baseUrl}/feed.xml`)).headers.get("ETag")).toBe(etag);
  });

  it("keeps a broken seed's last good text across a restart with CACHE_DIR", async () => {
    const cacheDir = `${folder}-cache`;
    try {
      await writeFile(join(folder, "a.txt"), article("Gut"));
      const env = { CACHE_DIR: cacheDir, BASE_URL: "http://publisher.invalid" };
      const first = await startServer({ seedsDir: folder, env });
      expect(first.lines.join("\n")).toMatch(/cache: 0 seeds unchanged since it was saved/u);
      // SIGTERM waits for the cache's snapshot.
      await first.stop();
      await writeFile(join(folder, "a.txt"), "kein Kopf\n");
      server = await startServer({ seedsDir: folder, env });
      expect(server.lines.join("\n")).toMatch(/skipped a\.txt:1: header has no date/u);
      const page = await (await fetch(`${server.baseUrl}/articles/a`)).text();
      expect(page).toContain("<p>Text.</p>");
      expect(await feedTitles(server)).toEqual(["Gut"]);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it("keeps serving when the seeds folder disappears, and recovers when it is back", async () => {
    await writeFile(join(folder, "a.txt"), article("Bleibt"));
    server = await startServer({ seedsDir: folder, env: { RELOAD_DEBOUNCE_MS: "50" } });
    const mark = server.lines.length;
    await rename(folder, `${folder}-away`);
    try {
      await server.waitForLine(/cannot read the seeds folder .* still serving/u, 10_000, mark);
      expect(await feedTitles(server)).toEqual(["Bleibt"]);
    } finally {
      await rename(`${folder}-away`, folder);
    }
    await server.waitForLine(/is readable again/u, 10_000, mark);
    expect(await feedTitles(server)).toEqual(["Bleibt"]);
  });

  it("pings the WebSub hub when a feed changes", async () => {
    const pings: string[] = [];
    const hub = createServer((request: IncomingMessage, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        pings.push(body);
        response.writeHead(204).end();
      });
    });
    const port = await findFreePort();
    await new Promise<void>((resolve) => hub.listen(port, "127.0.0.1", resolve));
    try {
      await writeFile(join(folder, "a.txt"), article("Eins"));
      server = await startServer({
        seedsDir: folder,
        env: { RELOAD_DEBOUNCE_MS: "50", WEBSUB_HUB: `http://127.0.0.1:${port}/` },
      });
      const rss = await (await fetch(`${server.baseUrl}/feed.xml`)).text();
      expect(rss).toContain(`<atom:link href="http://127.0.0.1:${port}/" rel="hub"/>`);
      const mark = server.lines.length;
      await writeFile(join(folder, "b.txt"), article("Zwei", "2025-12-06"));
      await server.waitForLine(/websub: pinged/u, 10_000, mark);
      const ping = new URLSearchParams(pings[0]);
      expect(ping.get("hub.mode")).toBe("publish");
      expect(ping.getAll("hub.url")).toEqual([
        `${server.baseUrl}/feed.xml`,
        `${server.baseUrl}/atom.xml`,
        `${server.baseUrl}/feed.json`,
      ]);
    } finally {
      hub.close();
    }
  });

  it("finishes on SIGTERM with exit code 0", async () => {
    await writeFile(join(folder, "a.txt"), article("Eins"));
    const running = await startServer({ seedsDir: folder });
    const mark = running.lines.length;
    await running.stop();
    expect(running.lines.slice(mark).join("\n")).toMatch(/SIGTERM: finishing in-flight requests/u);
    expect(running.exitCode()).toBe(0);
  });

  it("says in one line that the port is taken, and exits 1", async () => {
    const port = await findFreePort();
    const blocker = createServer().listen(port, "127.0.0.1");
    try {
      await writeFile(join(folder, "a.txt"), article("Eins"));
      const { code, output } = await runToExit({ PORT: String(port), SEEDS_DIR: folder });
      expect(code).toBe(1);
      expect(output).toMatch(
        new RegExp(`cannot serve: port ${port} on 127\\.0\\.0\\.1 is already in use`, "u"),
      );
      expect(output).not.toMatch(/\n\s+at /u);
    } finally {
      blocker.close();
    }
  });

  it.each([
    [
      { SEEDS_DIR: "/nonexistent/seeds" },
      /cannot read the seeds folder \/nonexistent\/seeds \(ENOENT/u,
    ],
    [{ FEED_LIMIT: "0" }, /invalid setting FEED_LIMIT: must be at least 1/u],
    [
      { STYLESHEET: "/nonexistent/site.css" },
      /invalid setting STYLESHEET: \/nonexistent\/site\.css cannot be read \(ENOENT/u,
    ],
  ])("says in one line what is wrong with %o, and exits 1", async (env, message) => {
    const { code, output } = await runToExit({ SEEDS_DIR: folder, PORT: "0", ...env });
    expect(code).toBe(1);
    expect(output).toMatch(message);
    expect(output.trim().split("\n")).toHaveLength(1);
  });

  it("serves STYLESHEET at /style.css and warns that LANGUAGE=fr has no catalogue", async () => {
    await writeFile(join(folder, "a.txt"), article("Eins"));
    const css = join(folder, "..", `${folder.split("/").pop()}-brand.css`);
    await writeFile(css, "body{color:#123}\n");
    try {
      server = await startServer({ seedsDir: folder, env: { STYLESHEET: css, LANGUAGE: "fr" } });
      expect(await (await fetch(`${server.baseUrl}/style.css`)).text()).toBe("body{color:#123}\n");
      expect(server.lines.join("\n")).toContain(
        'LANGUAGE=fr: there is no message catalogue "fr" (there are de, en), so pages and feeds use the English one (en)',
      );
    } finally {
      await rm(css, { force: true });
    }
  });
});

describe("the Node server in production", { timeout: 30_000 }, () => {
  // The five User-Agents of the issue, as aggregators send them.
  const AGGREGATORS = [
    "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 42 subscribers; like FeedFetcher-Google)",
    "Mozilla/5.0 (compatible; inoreader.com; 17 subscribers)",
    "NewsBlur Feed Fetcher - 5 subscribers - https://www.newsblur.com/site/123/example " +
      "(Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15)",
    "Feedbin feed-id:123 - 9 subscribers",
    "Mozilla/5.0 (compatible; theoldreader.com; 3 subscribers; feed-id=abc9)",
  ];

  it("warns at start, saying why, when a public BASE_URL keeps the default ID_AUTHORITY", async () => {
    await writeFile(join(folder, "a.txt"), article("Eins"));
    const port = await findFreePort();
    const child = startChild(
      "server",
      process.execPath,
      ["--import", "tsx", SERVER_ENTRY, "serve"],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? "",
          HOST: "127.0.0.1",
          PORT: String(port),
          SEEDS_DIR: folder,
          BASE_URL: "https://news.example.org",
        },
      },
    );
    try {
      await child.waitForLine(SERVING_LINE, 20_000);
      expect(child.lines.join("\n")).toMatch(
        /warning: ID_AUTHORITY is still the default localhost,2025 while BASE_URL https:\/\/news\.example\.org is public: .*readers keep ids forever/u,
      );
    } finally {
      await child.stop();
    }
  });

  it("does not warn a local trial", async () => {
    await writeFile(join(folder, "a.txt"), article("Eins"));
    server = await startServer({ seedsDir: folder });
    expect(server.lines.join("\n")).not.toMatch(/warning/u);
  });

  it("logs each request as one JSON line with client, status, bytes, duration and User-Agent", async () => {
    await writeFile(join(folder, "a.txt"), article("Eins"));
    server = await startServer({ seedsDir: folder });
    const mark = server.lines.length;
    const response = await fetch(`${server.baseUrl}/feed.xml?limit=1`, {
      headers: { "User-Agent": 'Reader "1"\tbeta', "Accept-Encoding": "identity" },
    });
    const body = await response.arrayBuffer();
    await server.waitForLine(/^\{.*"path":"\/feed\.xml\?limit=1"/u, 5_000, mark);
    const [entry] = server.accessLog(mark);
    expect(entry).toMatchObject({
      client: "127.0.0.1",
      method: "GET",
      path: "/feed.xml?limit=1",
      status: 200,
      bytes: body.byteLength,
      userAgent: 'Reader "1"\tbeta',
    });
    expect(entry?.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(entry?.time ?? "")).not.toBeNaN();
  });

  it("counts the subscribers the aggregators report, in /metrics and /healthz", async () => {
    await writeFile(join(folder, "a.txt"), article("Eins"));
    server = await startServer({ seedsDir: folder });
    for (const userAgent of AGGREGATORS) {
      await (
        await fetch(`${server.baseUrl}/feed.xml`, { headers: { "User-Agent": userAgent } })
      ).text();
    }
    await (
      await fetch(`${server.baseUrl}/feed.xml`, { headers: { "User-Agent": "Newsboat/2.30" } })
    ).text();
    const metrics = await fetch(`${server.baseUrl}/metrics`);
    expect(metrics.headers.get("Content-Type")).toMatch(/^text\/plain; version=0\.0\.4/u);
    const text = await metrics.text();
    for (const line of [
      'feed_subscribers{feed="/feed.xml",source="Feedly"} 42',
      'feed_subscribers{feed="/feed.xml",source="Inoreader"} 17',
      'feed_subscribers{feed="/feed.xml",source="NewsBlur"} 5',
      'feed_subscribers{feed="/feed.xml",source="Feedbin"} 9',
      'feed_subscribers{feed="/feed.xml",source="The Old Reader"} 3',
      'feed_subscribers{feed="/feed.xml",source="direct"} 1',
      'feed_publisher_http_requests_total{kind="feed",status="200"} 6',
      "feed_publisher_articles 1",
      "feed_publisher_problems 0",
    ]) {
      expect(text).toContain(`\n${line}\n`);
    }
    expect(await (await fetch(`${server.baseUrl}/healthz`)).json()).toEqual({
      status: "ok",
      articles: 1,
      problems: 0,
      subscribers: 77,
    });
  });

  it("serves no /metrics with METRICS=off", async () => {
    await writeFile(join(folder, "a.txt"), article("Eins"));
    server = await startServer({ seedsDir: folder, env: { METRICS: "off" } });
    expect((await fetch(`${server.baseUrl}/metrics`)).status).toBe(404);
  });

  it("takes the client from X-Forwarded-For only with TRUST_PROXY=on", async () => {
    await writeFile(join(folder, "a.txt"), article("Eins"));
    server = await startServer({ seedsDir: folder, env: { TRUST_PROXY: "on" } });
    const mark = server.lines.length;
    await (
      await fetch(`${server.baseUrl}/healthz`, {
        headers: { "X-Forwarded-For": "203.0.113.66, 198.51.100.23" },
      })
    ).text();
    await server.waitForLine(/"path":"\/healthz"/u, 5_000, mark);
    expect(server.accessLog(mark)[0]?.client).toBe("198.51.100.23");
  });
});
