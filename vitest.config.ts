import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { PARITY_SEEDS_MODULE, WORKER_TEST_VARS } from "./tests/worker/settings.ts";

// The Workers pool runs wrangler's config reader and Miniflare: nothing may phone home.
process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
process.env.WRANGLER_HIDE_BANNER = "true";

/** feed@6 names a source map it does not ship; the workers pool inlines it and warns twice. */
const feedWithoutSourceMapComment = {
  name: "feed-without-source-map-comment",
  enforce: "pre" as const,
  async load(id: string) {
    if (!id.endsWith("/node_modules/feed/lib/feed.js")) return undefined;
    return (await readFile(id, "utf8")).replace(/^\/\/# sourceMappingURL=.*$/mu, "");
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        // Unit and HTTP tests on Node.
        test: {
          name: "node",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/e2e/**", "tests/worker/**", "node_modules/**"],
        },
      },
      {
        // The Worker (wrangler.toml's `main`) inside workerd, serving a fixture folder that
        // tests/worker/global-setup.ts bundles and also serves through the Node app to compare.
        plugins: [
          feedWithoutSourceMapComment,
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: WORKER_TEST_VARS },
          }),
        ],
        resolve: {
          alias: [
            {
              find: /^\.\.\/generated\/seeds\.ts$/u,
              replacement: fileURLToPath(new URL(PARITY_SEEDS_MODULE, import.meta.url)),
            },
          ],
        },
        test: {
          name: "workers",
          include: ["tests/worker/**/*.test.ts"],
          globalSetup: ["tests/worker/global-setup.ts"],
        },
      },
    ],
  },
});
