import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * The Dockerfile cannot be built here (no Docker daemon in CI), so CI runs its steps instead:
 * .ci/production-check.sh runs the production sequence on a fresh clone. These tests keep the
 * two the same, and the image what docs/production.md says it is.
 */

const dockerfile = readFileSync("Dockerfile", "utf8");
const check = readFileSync(".ci/production-check.sh", "utf8");
const manifest = JSON.parse(readFileSync("package.json", "utf8")) as {
  bin: Record<string, string>;
  license: string;
};

/** The instructions of each stage, with continued lines joined. */
function stages(): Array<Array<{ instruction: string; argument: string }>> {
  const joined = dockerfile.replace(/\\\n\s*/gu, " ");
  const all: Array<Array<{ instruction: string; argument: string }>> = [];
  for (const line of joined.split("\n")) {
    const match = /^([A-Z]+)\s+(.*)$/u.exec(line.trim());
    if (match?.[1] === undefined || match[2] === undefined) continue;
    if (match[1] === "FROM") all.push([]);
    all.at(-1)?.push({ instruction: match[1], argument: match[2].trim() });
  }
  return all;
}

function argumentsOf(stage: number, instruction: string): string[] {
  return (stages()[stage] ?? [])
    .filter((step) => step.instruction === instruction)
    .map((step) => step.argument);
}

describe("the Dockerfile", () => {
  it("builds on node:20-slim, then runs on node:20-slim", () => {
    expect(stages().map((stage) => stage[0]?.argument)).toEqual([
      "node:20-slim AS build",
      "node:20-slim",
    ]);
  });

  it("runs the production sequence CI runs, in the same order", () => {
    const steps = argumentsOf(0, "RUN");
    expect(steps).toEqual(["npm ci --no-audit --no-fund", "npm run build", "npm prune --omit=dev"]);
    const lines = check.split("\n").map((line) => line.trim());
    const positions = steps.map((step) => lines.indexOf(step));
    for (const position of positions) expect(position).toBeGreaterThan(-1);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("starts package.json's bin with node alone, as the production check does", () => {
    const bin = manifest.bin["feed-publisher"];
    const [command] = argumentsOf(1, "CMD");
    expect(JSON.parse(command ?? "null")).toEqual(["node", bin, "serve"]);
    expect(check).toContain('node "$bin" serve');
  });

  it("copies only package.json, production dependencies, the build and the license", () => {
    expect(argumentsOf(1, "COPY")).toEqual([
      "--from=build /app/package.json ./",
      "--from=build /app/node_modules ./node_modules",
      "--from=build /app/dist/node ./dist/node",
      "LICENSE ./",
    ]);
  });

  it("runs as a user that is not root, binds every interface, and keeps the seeds in a volume", () => {
    const user = argumentsOf(1, "USER");
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^(root|0)(:|$)/u);
    const env = argumentsOf(1, "ENV").join(" ");
    expect(env).toContain("HOST=0.0.0.0");
    const seedsDir = /SEEDS_DIR=(\S+)/u.exec(env)?.[1];
    expect(argumentsOf(1, "VOLUME")).toEqual([JSON.stringify([seedsDir])]);
  });

  it("checks /healthz with node, since the slim image has no curl", () => {
    const [healthcheck] = argumentsOf(1, "HEALTHCHECK");
    expect(healthcheck).toMatch(/CMD \["node", "-e", ".*\/healthz/u);
    expect(healthcheck).not.toMatch(/curl|wget/u);
  });
});

describe("the production check", () => {
  it("is part of CI", () => {
    expect(readFileSync(".ci/run", "utf8")).toMatch(/^\.ci\/production-check\.sh$/mu);
  });
});

describe("the license", () => {
  it("is MIT, in LICENSE and package.json", () => {
    expect(manifest.license).toBe("MIT");
    const license = readFileSync("LICENSE", "utf8");
    expect(license).toMatch(
      /^MIT License\n\nCopyright \(c\) 2025-2026 the feed-publisher authors\n/u,
    );
  });
});
