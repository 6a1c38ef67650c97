import { parseArgs } from "node:util";
import { ConfigError, parseConfig } from "../config.ts";
import { createApp } from "../http/app.ts";
import { createSite } from "../http/site.ts";
import { SeedLibrary, SeedsFolderError } from "./seed-library.ts";
import { ExportError, exportSite } from "./static-export.ts";

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
  const library = new SeedLibrary(config.seedsDir, config);
  try {
    await library.scan();
  } catch (error) {
    if (!(error instanceof SeedsFolderError)) throw error;
    throw new UsageError(error.message);
  }
  const site = createSite(library.input, config);
  const app = createApp({ getSite: () => site, settings: config, now: () => Date.now() });

  const started = Date.now();
  let lastReport = started;
  const result = await exportSite({
    app,
    site,
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
      `articles ${site.articles.length}, invalid seeds skipped ${site.problems.length}, ` +
      `BASE_URL ${config.baseUrl} (${Date.now() - started} ms)`,
  );
}

main().catch((error: unknown) => {
  const isOurs =
    error instanceof ConfigError || error instanceof ExportError || error instanceof UsageError;
  console.error(isOurs ? error.message : error);
  process.exit(1);
});
