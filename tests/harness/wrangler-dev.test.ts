import { describe, expect, it } from "vitest";
import { runtimeWorkerds, wranglerEnv } from "../../harness/wrangler-dev.ts";

const workerd = (pid: number, entry: string) => ({
  pid,
  args: ["/bin/workerd", "serve", "--binary", `--socket-addr=entry=${entry}`, "-"],
});

describe("runtimeWorkerds", () => {
  it("leaves out wrangler's dev proxy, the workerd on the port wrangler was given", () => {
    const found = [workerd(10, "127.0.0.1:8787"), workerd(11, "127.0.0.1:0")];
    expect(runtimeWorkerds(found, 8787)).toEqual([11]);
  });

  it("keeps a single workerd it cannot tell apart", () => {
    expect(runtimeWorkerds([workerd(10, "127.0.0.1:8787")], 8787)).toEqual([10]);
  });
});

describe("wranglerEnv", () => {
  it("turns off metrics, the cf fetch and the banner, and lets the caller add settings", () => {
    const env = wranglerEnv({ SEEDS_DIR: "/corpus" });
    expect(env).toMatchObject({
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_HIDE_BANNER: "true",
      SEEDS_DIR: "/corpus",
    });
  });
});
