import { parseArgs } from "node:util";
import { ConfigError, parseConfig } from "../../config.ts";
import { createPublisher } from "../../http/publisher.ts";
import { catalogueWarning } from "../../i18n/catalogue.ts";
import { ExportError } from "../../site/headers-file.ts";
import { describeError } from "../describe-error.ts";
import { SeedLibrary, SeedsFolderError } from "../node/seed-library.ts";
import { exportSite } from "../node/static-export.ts";
import { readStylesheet, StylesheetError } from "../node/stylesheet-file.ts";

const PROGRESS_INTERVAL_MS = 2000;

class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * `npm run export -- --out DIR`: the whole site as static files, byte-identical to what
 * `npm start` serves with the same settings, plus `_headers` for Cloudflare Pages or Netlify.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  if (values.out === undefined || values.out === "") {
    throw new UsageError("usage: npm run export -- --out DIR");
  }
  const config = parseConfig(process.env);
  const warning = catalogueWarning(config.language);
  if (warning !== undefined) console.error(warning);
  const stylesheet = await readStylesheet(config.stylesheetPath);
  const library = await SeedLibrary.open(config.seedsDir, config);
  const { app, site } = createPublisher(library.input, {
    settings: config,
    now: () => Date.now(),
    stylesheet,
  });

  const started = Date.now();
  let lastReport = started;
  const result = await exportSite({
    app,
    site: site(),
    archivePageSize: config.archivePageSize,
    out: values.out,
    onProgress: (written, total) => {
      const now = Date.now();
      if (now - lastReport >= PROGRESS_INTERVAL_MS) {
        lastReport = now;
        console.error(`exporting: ${written} of ${total} files`);
      }
    },
  });
  console.error(
    `exported ${result.files} files and _headers (${result.rules} rules) to ${values.out}: ` +
      `articles ${site().articles.length}, invalid seeds skipped ${site().problems.length}, ` +
      `BASE_URL ${config.baseUrl} (${Date.now() - started} ms)`,
  );
}

main().catch((error: unknown) => {
  const isOperators =
    error instanceof ConfigError ||
    error instanceof ExportError ||
    error instanceof UsageError ||
    error instanceof SeedsFolderError ||
    error instanceof StylesheetError;
  console.error(isOperators ? error.message : describeError(error));
  process.exit(1);
});
