import { mkdirSync } from "node:fs";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { PARITY_ASSETS, WORKER_TEST_VARS } from "./tests/runtime/worker/settings.ts";

// The Workers pool runs wrangler's config reader and Miniflare: nothing may phone home.
process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
process.env.WRANGLER_HIDE_BANNER = "true";
// wrangler checks that the assets folder exists when it reads the config; the global setup
// fills it before workerd starts.
mkdirSync(PARITY_ASSETS, { recursive: true });

export default defineConfig({
  test: {
    projects: [
      {
        // Unit and HTTP tests on Node.
        test: {
          name: "node",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/e2e/**", "tests/runtime/worker/**", "node_modules/**"],
        },
      },
      {
        // The Worker (wrangler.toml's `main`) inside workerd with its ASSETS binding, serving a
        // fixture site that tests/runtime/worker/global-setup.ts renders with the build's code
        // and also serves through the Node app to compare.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: WORKER_TEST_VARS, assets: { directory: PARITY_ASSETS } },
          }),
        ],
        test: {
          name: "workers",
          // workerd starts and compiles the Worker on the first request: seconds when busy.
          testTimeout: 20_000,
          include: ["tests/runtime/worker/**/*.test.ts"],
          globalSetup: ["tests/runtime/worker/global-setup.ts"],
        },
      },
    ],
  },
});
