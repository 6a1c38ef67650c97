import { type Config, ConfigError, parseConfig } from "../../config.ts";
import { createPublisher } from "../../http/publisher.ts";
import { catalogueWarning } from "../../i18n/catalogue.ts";
import { exportRefusal } from "../../publish-guards.ts";
import { ExportError } from "../../site/headers-file.ts";
import { nodeSha256 } from "../node/node-sha256.ts";
import { openSeedCache } from "../node/open-seed-cache.ts";
import type { SeedCache } from "../node/seed-cache.ts";
import { SeedLibrary, SeedsFolderError } from "../node/seed-library.ts";
import { exportSite } from "../node/static-export.ts";
import { readStylesheet, StylesheetError } from "../node/stylesheet-file.ts";

const PROGRESS_INTERVAL_MS = 2000;

export interface ExportOptions {
  readonly out: string;
  /** `--allow-default-id-authority`: a trial export under ID_AUTHORITY localhost,2025. */
  readonly isDefaultIdAuthorityAllowed: boolean;
}

/**
 * `feed-publisher export --out DIR` (`npm run export -- --out DIR`): the whole site as static
 * files, byte-identical to what `npm start` serves with the same settings, plus `_headers` for
 * Cloudflare Pages or Netlify. The operator's mistakes end it with one line and exit code 1.
 */
export async function exportStatic(options: ExportOptions): Promise<number> {
  try {
    return await writeExport(options);
  } catch (error) {
    const isOperators =
      error instanceof ConfigError ||
      error instanceof ExportError ||
      error instanceof SeedsFolderError ||
      error instanceof StylesheetError;
    if (!isOperators) throw error;
    console.error(error.message);
    return 1;
  }
}

async function writeExport(options: ExportOptions): Promise<number> {
  const config = parseConfig(process.env);
  // Before anything is written: ids published under the default authority can never change.
  const refusal = exportRefusal(config, options.isDefaultIdAuthorityAllowed);
  if (refusal !== undefined) {
    console.error(refusal);
    return 1;
  }
  const warning = catalogueWarning(config.language);
  if (warning !== undefined) console.error(warning);
  const stylesheet = await readStylesheet(config.stylesheetPath);
  // The same cache as the server's: a second export reuses the parsed metadata and the texts
  // instead of reading and parsing every seed again (15 s of a 100,000-article export).
  const cache = openSeedCache(config, { warn: (message) => console.error(message) });
  try {
    return await exportLibrary(options, config, stylesheet, cache);
  } finally {
    await cache?.settled();
    cache?.close();
  }
}

async function exportLibrary(
  options: ExportOptions,
  config: Config,
  stylesheet: string | undefined,
  cache: SeedCache | undefined,
): Promise<number> {
  const library = await SeedLibrary.open(
    config.seedsDir,
    config,
    undefined,
    cache === undefined ? {} : { cache },
  );
  const { app, site } = createPublisher(library.input, {
    settings: config,
    now: () => Date.now(),
    stylesheet,
    sha256: nodeSha256,
  });

  const started = Date.now();
  let lastReport = started;
  const result = await exportSite({
    app,
    site: site(),
    archivePageSize: config.archivePageSize,
    out: options.out,
    onProgress: (written, total) => {
      const now = Date.now();
      if (now - lastReport >= PROGRESS_INTERVAL_MS) {
        lastReport = now;
        console.error(`exporting: ${written} of ${total} files`);
      }
    },
  });
  console.error(
    `exported ${result.files} files and _headers (${result.rules} rules) to ${options.out}: ` +
      `articles ${site().articles.length}, invalid seeds skipped ${site().problems.length}, ` +
      `BASE_URL ${config.baseUrl} (${Date.now() - started} ms)`,
  );
  return 0;
}
