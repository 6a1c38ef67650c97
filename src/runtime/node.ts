import { serve } from "@hono/node-server";
import { loadArticles } from "../articles/load.ts";
import { ConfigError, parseConfig } from "../config.ts";
import { createApp } from "../http/app.ts";
import { createSite } from "../http/site.ts";
import { readSeedsFolder } from "./read-seeds.ts";

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const loaded = loadArticles(await readSeedsFolder(config.seedsDir), config);
  for (const problem of loaded.problems) console.error(`skipped ${problem.message}`);
  const site = createSite(loaded, config);
  console.log(`published ${loaded.articles.length}, skipped ${loaded.problems.length}`);

  const app = createApp({
    getSite: () => site,
    logError: (message, error) => console.error(message, error),
  });
  serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (address) => {
    console.log(
      `serving ${config.seedsDir} on http://${address.address}:${address.port} (BASE_URL ${config.baseUrl})`,
    );
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
