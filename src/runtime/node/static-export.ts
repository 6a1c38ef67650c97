import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { Hono } from "hono";
import { archivePageCount } from "../../feeds/model.ts";
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
import { exportFileOf } from "../../urls.ts";

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
  const paths = options.site.paths();
  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  await rm(partial, { recursive: true, force: true });
  try {
    const served = new Map<string, ServedHeaders>();
    const folders = new Set<string>();
    for (const [index, url] of paths.entries()) {
      const response = await options.app.request(url, {
        headers: { "Accept-Encoding": "identity" },
      });
      if (response.status !== 200) {
        throw new ExportError(`${url} answered ${response.status}, not 200`);
      }
      served.set(url, pickHeaders(response.headers));
      const path = join(partial, exportFileOf(url));
      if (!folders.has(dirname(path))) {
        await mkdir(dirname(path), { recursive: true });
        folders.add(dirname(path));
      }
      await writeFile(path, new Uint8Array(await response.arrayBuffer()));
      options.onProgress?.(index + 1, paths.length);
    }
    const pages = archivePageCount(options.site.articles.length, options.archivePageSize);
    const rules = headerRules(paths, served, pages);
    checkRules(rules, paths, served);
    await writeFile(join(partial, "_headers"), renderHeadersFile(rules));
    await replaceFolder(partial, out);
    return { files: paths.length, rules: rules.length };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
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
