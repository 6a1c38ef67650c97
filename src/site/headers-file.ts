import { archivePageOf, HEADER_PATTERNS } from "../urls.ts";

/**
 * The `_headers` file of a static export (the format Cloudflare Pages, Netlify and Workers
 * Static Assets read): rules that give every document the headers the server sends.
 */

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

/** The headers a static host must be told for one path, by name. */
export type ServedHeaders = ReadonlyMap<string, string>;

/** The headers of a served response that a static host needs told. */
export function pickHeaders(headers: Headers): ServedHeaders {
  const picked = new Map<string, string>();
  for (const name of EXPORTED_HEADERS) {
    const value = headers.get(name);
    if (value !== null) picked.set(name, value);
  }
  return picked;
}

/**
 * Rules that give every document exactly the headers the server sends, each header set by one
 * rule per path: Cloudflare Pages joins a header set by two matching rules with a comma, Netlify
 * keeps the last, so overlapping rules would differ between hosts.
 */
export function headerRules(
  paths: readonly string[],
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
  for (const url of paths) {
    for (const [name, value] of served.get(url) ?? []) {
      const page = archivePageOf(url);
      if (COMMON_HEADERS.has(name)) {
        assign("/*", url, name, value);
      } else if (name === "Cache-Control" && page !== undefined) {
        const existing = archiveCacheControl.get(page);
        if (existing !== undefined && existing !== value) {
          throw new ExportError(`${url} sends Cache-Control: ${value}, unlike its other formats`);
        }
        archiveCacheControl.set(page, value);
      } else {
        assign(HEADER_PATTERNS.ofKind(url), url, name, value);
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
  if (values.size === 1) {
    return [{ pattern: HEADER_PATTERNS.everyArchivePage, headers: only([...values][0] ?? "") }];
  }
  const last = cacheControl.get(pages);
  const full = cacheControl.get(1);
  const isOnlyLastDifferent = [...cacheControl].every(([page, value]) =>
    page === pages ? value === last : value === full,
  );
  if (last === undefined || full === undefined || !isOnlyLastDifferent) {
    throw new ExportError("archive pages other than the newest differ in Cache-Control");
  }
  const digits = String(pages);
  const rules: HeaderRule[] = [
    { pattern: HEADER_PATTERNS.archivePage(digits), headers: only(last) },
  ];
  for (let position = 0; position < digits.length; position++) {
    const prefix = digits.slice(0, position);
    if (position > 0)
      rules.push({ pattern: HEADER_PATTERNS.archivePage(prefix), headers: only(full) });
    for (let digit = position === 0 ? 1 : 0; digit <= 9; digit++) {
      if (String(digit) === digits[position]) continue;
      // A longer digit here makes numbers above N only when there is no shorter one left.
      if (digit > Number(digits[position]) && position === digits.length - 1) continue;
      rules.push({
        pattern: HEADER_PATTERNS.archivePagesStartingWith(`${prefix}${digit}`),
        headers: only(full),
      });
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
  const key = `${host} ${pattern}`;
  let compiled = COMPILED_PATTERNS.get(key);
  if (compiled === undefined) {
    compiled = compilePattern(pattern, host);
    COMPILED_PATTERNS.set(key, compiled);
  }
  return compiled;
}

// checkRules tests every path of the site against every rule: compile each pattern once.
const COMPILED_PATTERNS = new Map<string, RegExp>();

function compilePattern(pattern: string, host: StaticHost): RegExp {
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
  paths: readonly string[],
  servedByPath: ReadonlyMap<string, ServedHeaders>,
): void {
  if (rules.length > MAX_RULES) {
    throw new ExportError(
      `the headers need ${rules.length} rules; Cloudflare Pages reads ${MAX_RULES}`,
    );
  }
  const expectedOf = new Map<ServedHeaders | undefined, string>();
  for (const host of ["cloudflare-pages", "netlify"] as const) {
    const patterns = rules.map((rule) => patternRegExp(rule.pattern, host));
    // Every path is still matched against every rule; only the headers that a set of matching
    // rules gives, and the comparison, are worked out once per distinct set.
    const resolvedOf = new Map<string, string>();
    for (const url of paths) {
      const matching: number[] = [];
      patterns.forEach((pattern, index) => {
        if (pattern.test(url)) matching.push(index);
      });
      const key = matching.join(",");
      let actual = resolvedOf.get(key);
      if (actual === undefined) {
        actual = JSON.stringify([...resolveHeaders(rules, url, host)].sort());
        resolvedOf.set(key, actual);
      }
      const served = servedByPath.get(url);
      let expected = expectedOf.get(served);
      if (expected === undefined) {
        expected = JSON.stringify([...(served ?? [])].sort());
        expectedOf.set(served, expected);
      }
      if (actual !== expected) {
        throw new ExportError(`${host} would send ${url} ${actual}, not ${expected}`);
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
