import { describe, expect, it } from "vitest";
import { deployRefusals, exportRefusal, idAuthorityWarning } from "../src/publish-guards.ts";
import { makeConfig } from "./support/builders.ts";

const PUBLIC = { BASE_URL: "https://news.example.org" };
const OWNED = { ID_AUTHORITY: "news.example.org,2025" };

describe("idAuthorityWarning", () => {
  it("warns, in one line that says why, when a public site keeps the default ID_AUTHORITY", () => {
    const warning = idAuthorityWarning(makeConfig(PUBLIC));
    expect(warning).toMatch(/^warning: ID_AUTHORITY is still the default localhost,2025 /u);
    expect(warning).toContain("readers keep ids forever");
    expect(warning).toContain("set ID_AUTHORITY to a domain you own");
    expect(warning).not.toContain("\n");
  });

  it.each([
    ["a local trial", { BASE_URL: "http://localhost:3000" }],
    ["a loopback address", { BASE_URL: "http://127.0.0.1:3000" }],
    ["an ID_AUTHORITY of its own", { ...PUBLIC, ...OWNED }],
  ])("says nothing for %s", (_case, env) => {
    expect(idAuthorityWarning(makeConfig(env))).toBeUndefined();
  });
});

describe("exportRefusal", () => {
  it("refuses the default ID_AUTHORITY in one line naming the override", () => {
    const refusal = exportRefusal(makeConfig(PUBLIC), false);
    expect(refusal).toMatch(/^refusing to export with the default ID_AUTHORITY localhost,2025: /u);
    expect(refusal).toContain("--allow-default-id-authority");
    expect(refusal).not.toContain("\n");
  });

  it("refuses it for a local BASE_URL too: an export is made to be published", () => {
    expect(exportRefusal(makeConfig({ BASE_URL: "http://localhost:3000" }), false)).toBeDefined();
  });

  it("lets a trial export through when told to", () => {
    expect(exportRefusal(makeConfig(PUBLIC), true)).toBeUndefined();
  });

  it("lets an export with its own ID_AUTHORITY through", () => {
    expect(exportRefusal(makeConfig({ ...PUBLIC, ...OWNED }), false)).toBeUndefined();
  });
});

describe("deployRefusals", () => {
  it("refuses the settings wrangler.toml ships with, for both reasons", () => {
    const refusals = deployRefusals(makeConfig({ BASE_URL: "http://localhost:8787" }), false);
    expect(refusals).toHaveLength(2);
    expect(refusals[0]).toMatch(/^refusing to deploy with BASE_URL http:\/\/localhost:8787: /u);
    expect(refusals[1]).toMatch(/^refusing to deploy with the default ID_AUTHORITY /u);
  });

  it("refuses a loopback BASE_URL even with an ID_AUTHORITY of its own, and no flag overrides it", () => {
    const config = makeConfig({ BASE_URL: "http://127.0.0.1:8787", ...OWNED });
    expect(deployRefusals(config, true)).toEqual([
      expect.stringMatching(/^refusing to deploy with BASE_URL http:\/\/127\.0\.0\.1:8787/u),
    ]);
  });

  it("lets a trial Worker keep the default ID_AUTHORITY when told to", () => {
    expect(deployRefusals(makeConfig(PUBLIC), true)).toEqual([]);
  });

  it("lets a public Worker with its own ID_AUTHORITY through", () => {
    expect(deployRefusals(makeConfig({ ...PUBLIC, ...OWNED }), false)).toEqual([]);
  });
});
