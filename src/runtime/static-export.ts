import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { Hono } from "hono";
import { archivePageCount, FEED_FILES, FEED_FORMATS } from "../feeds/model.ts";
import type { Site } from "../http/site.ts";

/** A document of the site and the file a static host serves it from at the same URL. */
export interface ExportEntry {
  /** The URL path the server answers: `/`, `/page/2`, `/articles/a/b`. */
  readonly url: string;
  /** Relative to the export folder, with `/`. */
  readonly file: string;
}

/** A `_headers` rule: a URL pattern and the headers it sets. */
export interface HeaderRule {
  readonly pattern: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

export type StaticHost = "cloudflare-pages" | "netlify";

/** An export that cannot be made; the message says why. */
export class ExportError extends Error {
  override readonly name = "ExportError";
}

// The headers the server sends that a static host needs told; it makes ETag, Last-Modified,
// Content-Length, Vary and compression itself.
const EXPORTED_HEADERS = [
  "Content-Type",
  "Cache-Control",
  "Access-Control-Allow-Origin",
  "Content-Security-Policy",
  "X-Content-Type-Options",
  "Referrer-Policy",
] as const;
const COMMON_HEADERS = new Set<string>(["X-Content-Type-Options", "Referrer-Policy"]);
// Cloudflare Pages reads at most 100 rules (and lines of at most 2,000 characters).
const MAX_RULES = 100;
const MAX_LINE = 2000;
export const HEADERS_MARKER = "# Written by `npm run export`";

/**
 * Every document the site serves, and its file. Article pages are `articles/ID.html`: Cloudflare
 * Pages, Netlify and GitHub Pages all serve `/articles/ID` from it without a redirect (a
 * `articles/ID/index.html` would be redirected to `/articles/ID/`), and an id that is also a
 * folder of other ids (`2025` and `2025/x`) never collides. For the same reason the index pages
 * after the first, `/page/N`, are written as `page/N.html`.
 */
export function exportEntries(site: Site, archivePageSize: number): ExportEntry[] {
  const entries: ExportEntry[] = [
    { url: "/", file: "index.html" },
    { url: "/style.css", file: "style.css" },
  ];
  for (let page = 2; page <= site.indexPageCount; page++) {
    entries.push({ url: `/page/${page}`, file: `page/${page}.html` });
  }
  const pages = archivePageCount(site.articles.length, archivePageSize);
  for (const format of FEED_FORMATS) {
    const file = FEED_FILES[format];
    entries.push({ url: `/${file}`, file });
    for (let page = 1; page <= pages; page++) {
      entries.push({ url: `/archive/${page}/${file}`, file: `archive/${page}/${file}` });
    }
    for (const { slug } of site.credits) {
      entries.push({ url: `/credits/${slug}/${file}`, file: `credits/${slug}/${file}` });
    }
  }
  for (const { id } of site.articles) {
    entries.push({ url: `/articles/${id}`, file: `articles/${id}.html` });
  }
  return entries;
}

export interface ExportOptions {
  readonly app: Hono;
  readonly site: Site;
  readonly archivePageSize: number;
  /** The folder to write: created, or replaced when it is empty or a previous export. */
  readonly out: string;
  /** Called after each file with how many are written of how many. */
  readonly onProgress?: (written: number, total: number) => void;
}

export interface ExportResult {
  readonly files: number;
  readonly rules: number;
}

/**
 * Writes every document exactly as the app serves it (identity encoding), plus a `_headers`
 * file that gives each the server's Content-Type, Cache-Control and security headers. The export
 * is written beside `out` and moved into place when complete.
 * @throws {ExportError} when `out` holds something else, a document cannot be rendered, or the
 *   headers cannot be expressed in 100 rules.
 */
export async function exportSite(options: ExportOptions): Promise<ExportResult> {
  const out = resolve(options.out);
  await assertReplaceable(out);
  const entries = exportEntries(options.site, options.archivePageSize);
  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  await rm(partial, { recursive: true, force: true });
  try {
    const served = new Map<string, ServedHeaders>();
    const folders = new Set<string>();
    for (const [index, entry] of entries.entries()) {
      const response = await options.app.request(entry.url, {
        headers: { "Accept-Encoding": "identity" },
      });
      if (response.status !== 200) {
        throw new ExportError(`${entry.url} answered ${response.status}, not 200`);
      }
      served.set(entry.url, pickHeaders(response.headers));
      const path = join(partial, entry.file);
      if (!folders.has(dirname(path))) {
        await mkdir(dirname(path), { recursive: true });
        folders.add(dirname(path));
      }
      await writeFile(path, new Uint8Array(await response.arrayBuffer()));
      options.onProgress?.(index + 1, entries.length);
    }
    const pages = archivePageCount(options.site.articles.length, options.archivePageSize);
    const rules = headerRules(entries, served, pages);
    checkRules(rules, entries, served);
    await writeFile(join(partial, "_headers"), renderHeadersFile(rules));
    await replaceFolder(partial, out);
    return { files: entries.length, rules: rules.length };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}

type ServedHeaders = ReadonlyMap<string, string>;

function pickHeaders(headers: Headers): ServedHeaders {
  const picked = new Map<string, string>();
  for (const name of EXPORTED_HEADERS) {
    const value = headers.get(name);
    if (value !== null) picked.set(name, value);
  }
  return picked;
}

/** The wildcard pattern of each kind of document (apart from archive Cache-Control). */
function patternOf(url: string): string {
  if (url === "/" || url === "/style.css") return url;
  if (url.startsWith("/page/")) return "/page/*";
  if (url.startsWith("/articles/")) return "/articles/*";
  const file = url.slice(url.lastIndexOf("/"));
  if (url.startsWith("/archive/")) return `/archive/:page${file}`;
  if (url.startsWith("/credits/")) return `/credits/:slug${file}`;
  return url;
}

/**
 * Rules that give every document exactly the headers the server sends, each header set by one
 * rule per path: Cloudflare Pages joins a header set by two matching rules with a comma, Netlify
 * keeps the last, so overlapping rules would differ between hosts.
 */
export function headerRules(
  entries: readonly ExportEntry[],
  served: ReadonlyMap<string, ServedHeaders>,
  archivePages: number,
): HeaderRule[] {
  // The site-wide rule first, for whoever reads the file.
  const groups = new Map<string, Map<string, string>>([["/*", new Map()]]);
  const assign = (pattern: string, url: string, name: string, value: string) => {
    let group = groups.get(pattern);
    if (group === undefined) {
      group = new Map();
      groups.set(pattern, group);
    }
    const existing = group.get(name);
    if (existing !== undefined && existing !== value) {
      throw new ExportError(`${url} sends ${name}: ${value}, unlike the rest of ${pattern}`);
    }
    group.set(name, value);
  };
  const archiveCacheControl = new Map<number, string>();
  for (const { url } of entries) {
    for (const [name, value] of served.get(url) ?? []) {
      if (COMMON_HEADERS.has(name)) {
        assign("/*", url, name, value);
      } else if (name === "Cache-Control" && url.startsWith("/archive/")) {
        const page = Number(url.split("/")[2]);
        const existing = archiveCacheControl.get(page);
        if (existing !== undefined && existing !== value) {
          throw new ExportError(`${url} sends Cache-Control: ${value}, unlike its other formats`);
        }
        archiveCacheControl.set(page, value);
      } else {
        assign(patternOf(url), url, name, value);
      }
    }
  }
  const rules = [...groups]
    .filter(([, headers]) => headers.size > 0)
    .map(([pattern, headers]) => ({ pattern, headers: [...headers] }));
  return [...rules, ...archiveCacheRules(archiveCacheControl, archivePages)];
}

/**
 * Cache-Control of the archive pages: full pages 1 … N-1 keep the long archive max-age, page N
 * (being filled) polls like the feeds. No wildcard can say "every page but N", so the full pages
 * are covered by number prefixes that are not prefixes of N (`/archive/1*` … for N = 237:
 * 1*, 3*…9*, 20*…22*, 24*…29*, 230*…236*) plus the proper prefixes of N as exact pages
 * (`/archive/2/:file`, `/archive/23/:file`): at most about ten rules per digit of N.
 */
export function archiveCacheRules(
  cacheControl: ReadonlyMap<number, string>,
  pages: number,
): HeaderRule[] {
  const values = new Set(cacheControl.values());
  if (values.size === 0) return [];
  const only = (value: string) => [["Cache-Control", value] as const];
  if (values.size === 1) return [{ pattern: "/archive/*", headers: only([...values][0] ?? "") }];
  const last = cacheControl.get(pages);
  const full = cacheControl.get(1);
  const isOnlyLastDifferent = [...cacheControl].every(([page, value]) =>
    page === pages ? value === last : value === full,
  );
  if (last === undefined || full === undefined || !isOnlyLastDifferent) {
    throw new ExportError("archive pages other than the newest differ in Cache-Control");
  }
  const digits = String(pages);
  const rules: HeaderRule[] = [{ pattern: `/archive/${digits}/:file`, headers: only(last) }];
  for (let position = 0; position < digits.length; position++) {
    const prefix = digits.slice(0, position);
    if (position > 0) rules.push({ pattern: `/archive/${prefix}/:file`, headers: only(full) });
    for (let digit = position === 0 ? 1 : 0; digit <= 9; digit++) {
      if (String(digit) === digits[position]) continue;
      // A longer digit here makes numbers above N only when there is no shorter one left.
      if (digit > Number(digits[position]) && position === digits.length - 1) continue;
      rules.push({ pattern: `/archive/${prefix}${digit}*`, headers: only(full) });
    }
  }
  return rules;
}

/** The headers a static host applies to `path` under these rules. */
export function resolveHeaders(
  rules: readonly HeaderRule[],
  path: string,
  host: StaticHost,
): Map<string, string> {
  const headers = new Map<string, string>();
  for (const rule of rules) {
    if (!patternRegExp(rule.pattern, host).test(path)) continue;
    for (const [name, value] of rule.headers) {
      const existing = headers.get(name);
      // Cloudflare Pages: "If a header is applied twice … the values are joined with a comma".
      // Netlify (headers-parser): the later rule's value wins.
      headers.set(
        name,
        existing !== undefined && host === "cloudflare-pages" ? `${existing}, ${value}` : value,
      );
    }
  }
  return headers;
}

/**
 * How each host turns a rule's URL into a pattern. Cloudflare Pages: one greedy splat `*` and
 * `:name` placeholders for a segment. Netlify (@netlify/headers-parser getForRegExp): per
 * segment, `:name` is a segment, a lone `*` is anything (the slash before it optional), a `*`
 * inside a segment is anything; case-insensitive, optional trailing slash.
 */
export function patternRegExp(pattern: string, host: StaticHost): RegExp {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
  if (host === "cloudflare-pages") {
    const body = pattern
      .split(/(\*|:[A-Za-z]\w*)/u)
      .map((part) => (part === "*" ? "(.*)" : part.startsWith(":") ? "([^/]+)" : literal(part)))
      .join("");
    return new RegExp(`^${body}$`, "u");
  }
  const body = pattern
    .split("/")
    .filter((part) => part !== "")
    .map((part) => {
      if (part.startsWith(":")) return "([^/]+)";
      if (part === "*") return "?(.*)";
      if (part.includes("*")) return part.replaceAll("*", "(.*)");
      return literal(part);
    })
    .join("/");
  return new RegExp(`^/${body}/?$`, "iu");
}

/**
 * Proves the rules right before they are written: on both hosts every document gets exactly
 * the headers the server sends.
 * @throws {ExportError} naming the first document that would get different headers.
 */
export function checkRules(
  rules: readonly HeaderRule[],
  entries: readonly ExportEntry[],
  served: ReadonlyMap<string, ServedHeaders>,
): void {
  if (rules.length > MAX_RULES) {
    throw new ExportError(
      `the headers need ${rules.length} rules; Cloudflare Pages reads ${MAX_RULES}`,
    );
  }
  for (const host of ["cloudflare-pages", "netlify"] as const) {
    for (const { url } of entries) {
      const expected = [...(served.get(url) ?? [])].sort();
      const actual = [...resolveHeaders(rules, url, host)].sort();
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        throw new ExportError(
          `${host} would send ${url} ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`,
        );
      }
    }
  }
}

/** The `_headers` file (the format Cloudflare Pages and Netlify read). */
export function renderHeadersFile(rules: readonly HeaderRule[]): string {
  const lines = [
    `${HEADERS_MARKER}: the headers the server sends, for Cloudflare Pages and Netlify.`,
    "# Every header is set by one rule per path (the hosts combine overlapping rules differently).",
  ];
  for (const rule of rules) {
    lines.push("", rule.pattern, ...rule.headers.map(([name, value]) => `  ${name}: ${value}`));
  }
  const text = `${lines.join("\n")}\n`;
  const tooLong = text.split("\n").find((line) => line.length > MAX_LINE);
  if (tooLong !== undefined)
    throw new ExportError(`a _headers line is too long: ${tooLong.slice(0, 80)}…`);
  return text;
}

/** `out` may be replaced when it does not exist, is empty, or holds a previous export. */
async function assertReplaceable(out: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw new ExportError(`cannot use ${out} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  if (names.length === 0) return;
  const headers = await readFile(join(out, "_headers"), "utf8").catch(() => "");
  if (!headers.startsWith(HEADERS_MARKER)) {
    throw new ExportError(
      `${out} is not empty and holds no previous export: choose a new or empty folder`,
    );
  }
}

async function replaceFolder(partial: string, out: string): Promise<void> {
  const old = `${partial}.old`;
  try {
    await rename(out, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dirname(out), { recursive: true });
  await rename(partial, out);
  await rm(old, { recursive: true, force: true });
}
