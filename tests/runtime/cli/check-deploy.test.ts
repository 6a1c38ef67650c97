import { describe, expect, it } from "vitest";
import { runCommand } from "../../support/run-program.ts";

/** `npm run deploy`'s first step, on a wrangler configuration from tests/fixtures/wrangler/. */
function checkDeploy(fixture: string, env: Record<string, string> = {}, ...flags: string[]) {
  return runCommand(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/runtime/cli/check-deploy.ts",
      "--config",
      `tests/fixtures/wrangler/${fixture}.toml`,
      ...flags,
    ],
    { WRANGLER_SEND_METRICS: "false", ...env },
  );
}

describe("check-deploy", { timeout: 60_000 }, () => {
  it("refuses the settings wrangler.toml ships with: one line per reason, exit 1", async () => {
    const { code, stderr } = await checkDeploy("local");
    expect(code).toBe(1);
    const lines = stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^refusing to deploy with BASE_URL http:\/\/localhost:8787: /u);
    expect(lines[1]).toMatch(/^refusing to deploy with the default ID_AUTHORITY localhost,2025: /u);
  });

  it("refuses a local BASE_URL even with ALLOW_DEFAULT_ID_AUTHORITY=on", async () => {
    const { code, stderr } = await checkDeploy("local", { ALLOW_DEFAULT_ID_AUTHORITY: "on" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^refusing to deploy with BASE_URL http:\/\/localhost:8787: [^\n]*\n$/u);
  });

  it("refuses the default ID_AUTHORITY on a public BASE_URL", async () => {
    const { code, stderr } = await checkDeploy("public-default-id");
    expect(code).toBe(1);
    expect(stderr).toMatch(/^refusing to deploy with the default ID_AUTHORITY /u);
  });

  it("lets a trial Worker through with ALLOW_DEFAULT_ID_AUTHORITY=on", async () => {
    const run = await checkDeploy("public-default-id", { ALLOW_DEFAULT_ID_AUTHORITY: "on" });
    expect(run).toMatchObject({ code: 0, stderr: "" });
  });

  it("lets a Worker with a public BASE_URL and its own ID_AUTHORITY through", async () => {
    expect(await checkDeploy("public")).toMatchObject({ code: 0, stderr: "" });
  });

  it("answers an argument mistake with exit code 2 and one line", async () => {
    const { code, stderr } = await checkDeploy("public", {}, "--bogus");
    expect(code).toBe(2);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
