import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCommand, runProgram } from "../../support/run-program.ts";

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "feed-publisher-cli-"));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function filesIn(path: string): Promise<string[]> {
  return (await readdir(path, { recursive: true })).sort();
}

const SEED = "Eins date 2025-12-04 Teaser eins.\n\nText.\n\nQuelle: dpa\n";

// Each case runs the program on its own: they run side by side.
describe.concurrent("feed-publisher", { timeout: 60_000 }, () => {
  it("lists its commands with --help", async ({ expect }) => {
    const { code, stdout, stderr } = await runProgram(["--help"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toContain("Usage: feed-publisher <serve|check|export|corpus> [options]");
    for (const command of [
      "serve",
      "check [DIR]",
      "export --out DIR",
      "corpus --count N --out DIR",
    ]) {
      expect(stdout).toContain(`\n  ${command} `);
    }
  });

  it("prints the --help that docs/production.md quotes", async ({ expect }) => {
    const docs = await readFile("docs/production.md", "utf8");
    const quoted =
      /\$ node dist\/node\/runtime\/cli\/feed-publisher\.js --help\n([\s\S]*?)```/u.exec(docs);
    expect((await runProgram(["--help"])).stdout).toBe(quoted?.[1]);
  });

  it("prints the version of package.json with --version", async ({ expect }) => {
    const { version } = JSON.parse(await readFile("package.json", "utf8")) as { version: string };
    expect(await runProgram(["--version"])).toEqual({
      code: 0,
      stdout: `${version}\n`,
      stderr: "",
    });
  });

  it.for(["serve", "check", "export", "corpus"])(
    "explains %s with --help",
    async (command, { expect }) => {
      const { code, stdout } = await runProgram([command, "--help"]);
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^Usage: feed-publisher ${command}\\b`, "u"));
      expect(stdout).toContain("-h, --help");
    },
  );

  it.for([
    [["export", "--out"], "feed-publisher export: --out needs a value"],
    [["export", "site"], "feed-publisher export: unexpected argument 'site'"],
    [["export"], "feed-publisher export: --out DIR is required"],
    [["export", "--out", "x", "--force"], "feed-publisher export: unknown option --force"],
    [["serve", "--port", "80"], "feed-publisher serve: unknown option --port"],
    [["check", "a", "b"], "feed-publisher check: unexpected argument 'b'"],
    [["check", ""], "feed-publisher check: DIR must not be empty"],
    [["corpus", "--count", "ten", "--out", "x"], "feed-publisher corpus: --count N must be"],
    [["corpus", "--count", "3"], "feed-publisher corpus: --out DIR is required"],
    [["corpus", "--count", "3", "--out", "x", "--seed", "-1"], "feed-publisher corpus: --seed"],
    [["frob"], "feed-publisher: unknown command 'frob'"],
    [["--frob"], "feed-publisher: unknown option --frob"],
    [[], "feed-publisher: no command"],
  ] as const)(
    "answers %j with exit code 2 and one line of usage, never a stack",
    async ([args, message], { expect }) => {
      const { code, stdout, stderr } = await runProgram(args);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.startsWith(message)).toBe(true);
      expect(stderr).toMatch(/usage: feed-publisher /u);
      expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    },
  );
});

describe("feed-publisher check", { timeout: 60_000 }, () => {
  it("checks the folder it is given, not SEEDS_DIR", async () => {
    const { code, stdout, stderr } = await runProgram(["check", "tests/fixtures/seeds"], {
      SEEDS_DIR: "seeds",
    });
    expect(code).toBe(1);
    expect(stdout).toContain("tests/fixtures/seeds/no-date.txt:1: header has no date");
    expect(stderr).toBe(
      "8 valid, 9 invalid\ncredit markers: Quelle in 2 seeds; no credit in 6 seeds\n",
    );
  });

  it("checks the folder after `npm run check --`, as the README shows", async () => {
    const { code, stderr } = await runCommand("npm", ["run", "-s", "check", "--", folder]);
    expect(stderr.split("\n")[0]).toBe("0 valid, 0 invalid");
    expect(code).toBe(0);
  });

  it("says in one line that a folder cannot be read, and exits 1", async () => {
    const { code, stderr } = await runProgram(["check", join(folder, "missing")]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^cannot read the seeds folder .*missing \(ENOENT/u);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("feed-publisher corpus", { timeout: 60_000 }, () => {
  it("writes N seeds into a folder that does not exist yet", async () => {
    const out = join(folder, "corpus");
    const { code } = await runProgram(["corpus", "--count", "5", "--out", out]);
    expect(code).toBe(0);
    expect((await filesIn(out)).filter((path) => path.endsWith(".txt"))).toHaveLength(5);
  });

  it("refuses a folder that is not empty, and writes nothing into it", async () => {
    await writeFile(join(folder, "real-article.txt"), SEED);
    const { code, stderr } = await runProgram(["corpus", "--count", "5", "--out", folder]);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^corpus: refusing to write into .*: it is not empty .* pass --force\n$/u,
    );
    expect(await filesIn(folder)).toEqual(["real-article.txt"]);
  });

  it("writes into a folder that is not empty when told --force", async () => {
    await writeFile(join(folder, "real-article.txt"), SEED);
    const { code } = await runProgram(["corpus", "--count", "5", "--out", folder, "--force"]);
    expect(code).toBe(0);
    expect((await filesIn(folder)).filter((path) => path.endsWith(".txt")).length).toBeGreaterThan(
      5,
    );
  });
});

describe("feed-publisher export", { timeout: 60_000 }, () => {
  async function exportWith(env: Record<string, string>, ...flags: string[]) {
    const seeds = join(folder, "seeds");
    await mkdir(seeds);
    await writeFile(join(seeds, "eins.txt"), SEED);
    const out = join(folder, "site");
    const run = await runProgram(["export", "--out", out, ...flags], { SEEDS_DIR: seeds, ...env });
    return { ...run, out };
  }

  it("refuses the default ID_AUTHORITY in one line, before writing anything", async () => {
    const { code, stdout, stderr, out } = await exportWith({
      BASE_URL: "https://news.example.org",
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^refusing to export with the default ID_AUTHORITY localhost,2025: /u);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    await expect(readdir(out)).rejects.toThrow(/ENOENT/u);
  });

  it("exports with an ID_AUTHORITY of its own", async () => {
    const { code, out } = await exportWith({
      BASE_URL: "https://news.example.org",
      ID_AUTHORITY: "news.example.org,2025",
    });
    expect(code).toBe(0);
    expect(await filesIn(out)).toContain("feed.xml");
  });

  it("exports a trial under the default ID_AUTHORITY when told so", async () => {
    const { code, out } = await exportWith({}, "--allow-default-id-authority");
    expect(code).toBe(0);
    expect(await filesIn(out)).toContain("index.html");
  });
});

describe("npm start", { timeout: 60_000 }, () => {
  it("shows the serve command's help for `npm start -- --help` instead of starting a server", async () => {
    const { code, stdout } = await runCommand("npm", ["start", "-s", "--", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: feed-publisher serve\n/u);
  });
});
