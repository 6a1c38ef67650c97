import { describe, expect, it } from "vitest";
import { nginxConfig } from "../../../bench/load/nginx-config.ts";

const config = () =>
  nginxConfig(
    "/tmp/n",
    "/tmp/n/docroot",
    8080,
    new Map([
      ["/feed.xml", "application/rss+xml; charset=utf-8"],
      ["/feed.json", "application/feed+json; charset=utf-8"],
    ]),
  );

describe("nginxConfig", () => {
  it("serves each path with the type our server sent", () => {
    expect(config()).toContain(
      '    location = /feed.xml { default_type "application/rss+xml; charset=utf-8"; }\n' +
        '    location = /feed.json { default_type "application/feed+json; charset=utf-8"; }',
    );
  });

  it("listens on loopback only, on the given port", () => {
    expect(config()).toMatch(/^ {4}listen 127\.0\.0\.1:8080;$/mu);
  });

  it.each([
    "daemon off;",
    "master_process off;",
    "worker_processes 1;",
    "gzip off;",
    "access_log off;",
  ])("runs as one quiet process with %s", (directive) => {
    expect(config()).toContain(directive);
  });

  it("keeps every file it writes under its own folder", () => {
    const paths = [...config().matchAll(/(?:^|\s)(\/\S+?);?$/gmu)].map(([, path]) => path);
    const written = paths.filter((path) => !path?.startsWith("/feed"));
    expect(written.length).toBeGreaterThan(0);
    for (const path of written) expect(path).toMatch(/^\/tmp\/n\//u);
  });
});
