import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { getRequestListener } from "@hono/node-server";
import type { Hono } from "hono";
import { archivePageCount } from "../../feeds/model.ts";
import { sentBodyOf } from "../../http/responses.ts";
import {
  checkRules,
  ExportError,
  HEADERS_MARKER,
  headerRules,
  pickHeaders,
  renderHeadersFile,
  type ServedHeaders,
} from "../../site/headers-file.ts";
import type { Site } from "../../site/site.ts";
import { archivePageOf, articleIdOfPath, exportFileOf } from "../../urls.ts";
import { FileWriter } from "./file-writer.ts";

// Documents being rendered at once: the SHA-256 of a body runs off the main thread, so a few
// in flight keep the main thread busy. The writes happen on a thread of their own (FileWriter).
const EXPORT_CONCURRENCY = 8;

export interface ExportOptions {
  readonly app: Hono;
  readonly site: Site;
  readonly archivePageSize: number;
  /** The folder to write: created, or replaced when it is empty or a previous export. */
  readonly out: string;
  /** Called after each file with how many are written of how many. */
  readonly onProgress?: (written: number, total: number) => void;
  /** Which of the site's paths to write as files; default all. Rules in _headers cover only these. */
  readonly include?: (path: string) => boolean;
  /** Called for every written document with its path and the response's headers (for Last-Modified). */
  readonly onServed?: (path: string, headers: Headers) => void;
  /** Writes further files (relative path, bytes) into the export before it is moved into place. */
  readonly addFiles?: (
    write: (relativePath: string, bytes: Uint8Array) => Promise<void>,
  ) => Promise<void>;
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
  useServerResponses();
  const out = resolve(options.out);
  await assertReplaceable(out);
  const { include } = options;
  const paths = options.site.paths().filter((path) => include === undefined || include(path));
  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const writer = new FileWriter(partial);
  try {
    const served = new Map<string, ServedHeaders>();
    // Most documents share their headers exactly: keep one map per distinct set, not per path.
    const distinctHeaders = new Map<string, ServedHeaders>();
    let written = 0;
    const onWritten = () => {
      written++;
      options.onProgress?.(written, paths.length);
    };
    const order = localityOrder(paths, options.site, options.archivePageSize);
    await forEachConcurrently(order, EXPORT_CONCURRENCY, async (url) => {
      const response = await options.app.request(url, {
        headers: { "Accept-Encoding": "identity" },
      });
      if (response.status !== 200) {
        throw new ExportError(`${url} answered ${response.status}, not 200`);
      }
      options.onServed?.(url, response.headers);
      const picked = pickHeaders(response.headers);
      const signature = JSON.stringify([...picked]);
      const shared = distinctHeaders.get(signature) ?? picked;
      distinctHeaders.set(signature, shared);
      served.set(url, shared);
      const path = exportFileOf(url);
      // The responder's own bytes when it made the response (copied once for the writer's
      // thread), else the body streamed out into a fresh buffer that can move there uncopied.
      const sent = sentBodyOf(response);
      if (sent !== undefined) await writer.write(path, sent, { onWritten });
      else {
        const body = new Uint8Array(await response.arrayBuffer());
        await writer.write(path, body, { isTransferred: true, onWritten });
      }
    });
    const pages = archivePageCount(options.site.articles.length, options.archivePageSize);
    const rules = headerRules(paths, served, pages);
    checkRules(rules, paths, served);
    await writer.write("_headers", new TextEncoder().encode(renderHeadersFile(rules)));
    await options.addFiles?.((relativePath, bytes) => writer.write(relativePath, bytes));
    await writer.close();
    await replaceFolder(partial, out);
    return { files: paths.length, rules: rules.length };
  } catch (error) {
    await writer.abort();
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Makes the app's Request and Response the ones @hono/node-server gives the Node server (it
 * installs them as the globals when a listener is made), so the export runs the app exactly as
 * `npm start` does. With Node's own Response, every body the responder handed it was copied
 * first (the fetch standard's Response copies the bytes it is given): 2.7 GB for 100k articles.
 */
function useServerResponses(): void {
  getRequestListener(() => new Response(null));
}

/**
 * The paths in the order that renders each article's full text about once: every archive page
 * (all formats) followed by the pages of its articles, then everything else. In the site's
 * own order, all RSS archives came before all Atom ones and every article page after them, so
 * each full text was read and parsed four times once the archive outgrew the text cache.
 */
export function localityOrder(
  paths: readonly string[],
  site: Pick<Site, "articles">,
  archivePageSize: number,
): string[] {
  const total = site.articles.length;
  // Archive page 1 holds the oldest articles; the list is newest first.
  const pageOfId = new Map<string, number>();
  site.articles.forEach((article, index) => {
    pageOfId.set(article.id, Math.ceil((total - index) / archivePageSize));
  });
  const groups = new Map<number, string[]>();
  const rest: string[] = [];
  for (const path of paths) {
    const id = articleIdOfPath(path);
    const page = archivePageOf(path) ?? (id === undefined ? undefined : pageOfId.get(id));
    if (page === undefined) {
      rest.push(path);
      continue;
    }
    let group = groups.get(page);
    if (group === undefined) {
      group = [];
      groups.set(page, group);
    }
    group.push(path);
  }
  const ordered = [...groups.keys()]
    .sort((a, b) => a - b)
    .flatMap((page) => groups.get(page) ?? []);
  return [...ordered, ...rest];
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

/**
 * Runs `work` on every item with at most `limit` running at once; the first failure stops new
 * work and is thrown once the running items have settled.
 */
async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}
