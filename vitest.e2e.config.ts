import { defineConfig } from "vitest/config";

// The end-to-end tests start the real server and drive Debian's chromium and newsboat:
// run by `npm run test:e2e`, never by `npm test`.
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    // One server, one browser or one reader at a time: files run one after another.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
  },
});
