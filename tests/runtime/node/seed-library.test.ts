import {
  mkdir,
  mkdtemp,
  realpath,
  rm,
  symlink,
  truncate,
  utimes,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SeedLibrary } from "../../../src/runtime/node/seed-library.ts";
import { makeConfig } from "../../support/builders.ts";

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "seed-library-"));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function article(title: string, day = "2025-12-04", body = "Text.") {
  return `${title} date ${day} Teaser zu ${title}.\n\n${body}\n\nQuelle: dpa\n`;
}

async function write(path: string, text: string, mtimeSeconds?: number) {
  const file = join(folder, path);
  await mkdir(join(file, ".."), { recursive: true });
  await writeFile(file, text);
  if (mtimeSeconds !== undefined) await utimes(file, mtimeSeconds, mtimeSeconds);
}

function library() {
  return new SeedLibrary(folder, makeConfig());
}

describe("SeedLibrary", () => {
  it("reads *.txt files recursively, ignores other files, and orders newest first", async () => {
    await write("a.txt", article("Alt", "2025-01-01"));
    await write("2025/12/b.txt", article("Neu", "2025-12-01"));
    await write("notes.md", "not an article");
    const seeds = library();
    await seeds.scan();
    expect(seeds.input.articles.map((meta) => meta.id)).toEqual(["2025/12/b", "a"]);
    expect(seeds.input.problems).toEqual([]);
  });

  it("keeps only metadata in the index and reads the full text on demand", async () => {
    await write("a.txt", article("Alt", "2025-01-01", "Der ganze Text."));
    const seeds = library();
    await seeds.scan();
    const [meta] = seeds.input.articles;
    expect(meta).toBeDefined();
    expect(meta && "contentHtml" in meta).toBe(false);
    const full = await seeds.input.loadArticle?.(meta as NonNullable<typeof meta>);
    expect(full?.contentHtml).toContain("<p>Der ganze Text.</p>");
  });

  it("reports a broken seed with its file and line and still publishes the others", async () => {
    await write("good.txt", article("Gut"));
    await write("bad.txt", "Kein Datum hier\n");
    const seeds = library();
    await seeds.scan();
    expect(seeds.input.articles.map((meta) => meta.id)).toEqual(["good"]);
    expect(seeds.input.problems.map((problem) => problem.message)).toEqual([
      "bad.txt:1: header has no date: expected '[TITLE] date YYYY-MM-DD TEASER'",
    ]);
  });

  it("picks up an added, an edited and a deleted seed on the next scan", async () => {
    await write("a.txt", article("Eins"), 1_700_000_000);
    await write("b.txt", article("Zwei"), 1_700_000_000);
    const seeds = library();
    await seeds.scan();
    await write("a.txt", article("Eins, neu"), 1_700_000_100);
    await write("c.txt", article("Drei"));
    await rm(join(folder, "b.txt"));
    const report = await seeds.scan();
    expect(report).toMatchObject({ added: ["c.txt"], updated: ["a.txt"], removed: ["b.txt"] });
    expect(seeds.input.articles.map((meta) => meta.title).sort()).toEqual(["Drei", "Eins, neu"]);
  });

  it("keeps the last good version published while a later edit is broken", async () => {
    await write("a.txt", article("Gut", "2025-12-04", "Guter Text."), 1_700_000_000);
    const seeds = library();
    await seeds.scan();
    await write("a.txt", "kaputt\n", 1_700_000_100);
    const report = await seeds.scan();
    expect(report.broken.map((problem) => problem.message)).toEqual([
      "a.txt:1: header has no date: expected '[TITLE] date YYYY-MM-DD TEASER'",
    ]);
    const [meta] = seeds.input.articles;
    expect(meta?.title).toBe("Gut");
    const full = await seeds.input.loadArticle?.(meta as NonNullable<typeof meta>);
    expect(full?.contentHtml).toContain("Guter Text.");
    await write("a.txt", article("Repariert"), 1_700_000_200);
    await seeds.scan();
    expect(seeds.input.articles.map((meta) => meta.title)).toEqual(["Repariert"]);
    expect(seeds.input.problems).toEqual([]);
  });

  it("re-reads only the paths a watcher named", async () => {
    await write("a.txt", article("Eins"), 1_700_000_000);
    await write("b.txt", article("Zwei"), 1_700_000_000);
    const seeds = library();
    await seeds.scan();
    await write("a.txt", article("Eins, neu"), 1_700_000_100);
    await write("b.txt", article("Zwei, neu"), 1_700_000_100);
    const report = await seeds.scan(undefined, new Set(["a.txt"]));
    expect(report.updated).toEqual(["a.txt"]);
    expect(seeds.input.articles.map((meta) => meta.title).sort()).toEqual(["Eins, neu", "Zwei"]);
  });

  it("unpublishes a named path that no longer exists", async () => {
    await write("a.txt", article("Eins"));
    const seeds = library();
    await seeds.scan();
    await rm(join(folder, "a.txt"));
    const report = await seeds.scan(undefined, new Set(["a.txt"]));
    expect(report.removed).toEqual(["a.txt"]);
    expect(seeds.input.articles).toEqual([]);
  });

  it("keeps the last state and throws when the folder itself is gone, then recovers", async () => {
    await write("a.txt", article("Eins"));
    const seeds = library();
    await seeds.scan();
    const moved = `${folder}-moved`;
    await rm(moved, { recursive: true, force: true });
    const { rename } = await import("node:fs/promises");
    await rename(folder, moved);
    try {
      await expect(seeds.scan()).rejects.toThrow();
      expect(seeds.input.articles.map((meta) => meta.id)).toEqual(["a"]);
    } finally {
      await rename(moved, folder);
    }
    await seeds.scan();
    expect(seeds.input.articles.map((meta) => meta.id)).toEqual(["a"]);
  });

  it("publishes empty when the folder is emptied", async () => {
    await write("a.txt", article("Eins"));
    const seeds = library();
    await seeds.scan();
    await rm(join(folder, "a.txt"));
    await seeds.scan();
    expect(seeds.input.articles).toEqual([]);
  });

  it("yields to the event loop every few hundred seeds, with or without a progress callback", async () => {
    for (let index = 0; index < 600; index++) {
      await write(`${String(index).padStart(3, "0")}.txt`, article(`A${index}`));
    }
    const yields = vi.spyOn(globalThis, "setImmediate");
    try {
      await library().scan();
      const withoutProgress = yields.mock.calls.length;
      yields.mockClear();
      const progress: number[] = [];
      await library().scan((read) => progress.push(read));
      // 600 seeds: the listing's and the reading's yields every 256, not one per seed.
      expect(withoutProgress).toBeLessThan(10);
      expect(yields.mock.calls.length).toBeLessThan(10);
      expect(progress.at(-1)).toBe(600);
    } finally {
      yields.mockRestore();
    }
  });

  it("records the folders' modification times, where deletions show", async () => {
    await write("2025/a.txt", article("Eins"));
    const seeds = library();
    await seeds.scan();
    expect([...(seeds.input.folderTimes?.keys() ?? [])].sort()).toEqual(["", "2025"]);
  });
});

describe("SeedLibrary reading ahead on a thread", () => {
  it("publishes and reports exactly what a scan without it does, file by file", async () => {
    for (let index = 0; index < 40; index++) {
      const day = `2025-${String(1 + (index % 12)).padStart(2, "0")}-10`;
      await write(`2025/${String(index).padStart(4, "0")}.txt`, article(`Titel ${index}`, day));
    }
    await write("2025/broken.txt", " date 2025-02-30 Kaputt.\n");
    await write("2025/large.txt", article("Gross", "2025-12-04", "x".repeat(4096)));
    await write("Bad Name.txt", article("Name"));
    const scanned = async (readAheadMin: number) => {
      const seeds = new SeedLibrary(folder, makeConfig({ MAX_SEED_BYTES: "2048" }), {
        readAheadMin,
      });
      const report = await seeds.scan();
      return { report, input: seeds.input };
    };
    const ahead = await scanned(1);
    const alone = await scanned(Number.POSITIVE_INFINITY);
    expect(ahead.report.added).toHaveLength(40);
    expect(ahead.input.articles).toEqual(alone.input.articles);
    expect(ahead.input.problems.map((problem) => problem.message)).toEqual(
      alone.input.problems.map((problem) => problem.message),
    );
    expect(ahead.input.problems.map((problem) => problem.file)).toEqual([
      "2025/broken.txt",
      "2025/large.txt",
      "Bad Name.txt",
    ]);
  });
});

describe("SeedLibrary limits", () => {
  it("reports a file over MAX_SEED_BYTES from its size, without reading it", async () => {
    await write("good.txt", article("Gut"));
    // A sparse 8 GiB file: reading it would need 8 GiB of memory (and fail), stating it does not.
    await write("huge.txt", "");
    await truncate(join(folder, "huge.txt"), 8 * 1024 ** 3);
    const seeds = library();
    await seeds.scan();
    expect(seeds.input.articles.map((meta) => meta.id)).toEqual(["good"]);
    expect(seeds.input.problems.map((problem) => problem.message)).toEqual([
      "huge.txt: file is 8589934592 bytes, larger than MAX_SEED_BYTES (1048576)",
    ]);
  });

  it("applies MAX_SEED_BYTES from its settings, and publishes a file of exactly that size", async () => {
    const text = article("Gut", "2025-12-04", "x".repeat(1024));
    const size = Buffer.byteLength(text);
    await write("exact.txt", text);
    await write("over.txt", `${text} `);
    const seeds = new SeedLibrary(folder, makeConfig({ MAX_SEED_BYTES: String(size) }));
    await seeds.scan();
    expect(seeds.input.articles.map((meta) => meta.id)).toEqual(["exact"]);
    expect(seeds.input.problems.map((problem) => problem.message)).toEqual([
      `over.txt: file is ${size + 1} bytes, larger than MAX_SEED_BYTES (${size})`,
    ]);
  });

  it("keeps the last good version published when an edit makes a seed too large", async () => {
    await write("a.txt", article("Eins"), 1_000_000);
    const seeds = new SeedLibrary(folder, makeConfig({ MAX_SEED_BYTES: "1024" }));
    await seeds.scan();
    const edited = article("Eins", "2025-12-04", "x".repeat(2000));
    await write("a.txt", edited, 1_000_100);
    const report = await seeds.scan();
    expect(report.broken.map((problem) => problem.detail)).toEqual([
      `file is ${Buffer.byteLength(edited)} bytes, larger than MAX_SEED_BYTES (1024)`,
    ]);
    expect(seeds.input.articles.map((meta) => meta.title)).toEqual(["Eins"]);
  });

  it("reports a badly named file by its name even when it is also too large", async () => {
    await write("Bad Name.txt", "x".repeat(2048));
    const seeds = new SeedLibrary(folder, makeConfig({ MAX_SEED_BYTES: "1024" }));
    await seeds.scan();
    expect(seeds.input.problems.map((problem) => problem.detail)).toEqual([
      "file name has characters an article id cannot have (only A-Z a-z 0-9 . _ - and /): rename it to Bad-Name.txt",
    ]);
  });

  it("publishes the newest MAX_ARTICLES and reports every older seed by its file", async () => {
    await write("old.txt", article("Alt", "2025-01-01"));
    await write("middle.txt", article("Mitte", "2025-06-01"));
    await write("new.txt", article("Neu", "2025-12-01"));
    const seeds = new SeedLibrary(folder, makeConfig({ MAX_ARTICLES: "2" }));
    await seeds.scan();
    expect(seeds.input.articles.map((meta) => meta.id)).toEqual(["new", "middle"]);
    expect(seeds.input.problems.map((problem) => problem.message)).toEqual([
      "old.txt: not published: older than the newest MAX_ARTICLES (2) articles",
    ]);

    // A newer article pushes the oldest published one out; deleting it lets it back in.
    await write("newest.txt", article("Neuest", "2025-12-24"));
    await seeds.scan();
    expect(seeds.input.articles.map((meta) => meta.id)).toEqual(["newest", "new"]);
    expect(seeds.input.problems.map((problem) => problem.file)).toEqual(["middle.txt", "old.txt"]);
    await rm(join(folder, "newest.txt"));
    await seeds.scan();
    expect(seeds.input.articles.map((meta) => meta.id)).toEqual(["new", "middle"]);
  });

  it("keeps the newest-first order (ties by id) when reloads move, add and remove articles", async () => {
    const days = ["2025-01-05", "2025-01-03", "2025-01-03", "2025-01-01", "2025-01-04"];
    for (const [index, day] of days.entries()) {
      await write(`s${index}.txt`, article(`A${index}`, day), 1_700_000_000);
    }
    const seeds = library();
    await seeds.scan();
    await write("s3.txt", article("A3", "2025-01-06"), 1_700_000_100); // moves to the front
    await write("s5.txt", article("A5", "2025-01-03"), 1_700_000_100); // a tie, ordered by id
    await rm(join(folder, "s0.txt"));
    await seeds.scan(undefined, new Set(["s3.txt", "s5.txt", "s0.txt"]));
    const incremental = seeds.input.articles.map((meta) => meta.id);
    const fresh = library();
    await fresh.scan();
    expect(incremental).toEqual(fresh.input.articles.map((meta) => meta.id));
    expect(incremental).toEqual(["s3", "s4", "s1", "s2", "s5"]);
  });
});

describe("SeedLibrary and symbolic links", () => {
  // A seeds folder and, beside it, a folder the links may point out to.
  let root: string;
  let seeds: string;
  let outside: string;

  beforeEach(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), "seed-links-")));
    seeds = join(root, "seeds");
    outside = join(root, "outside");
    await mkdir(join(seeds, "2025"), { recursive: true });
    await mkdir(outside);
    await writeFile(join(seeds, "a.txt"), article("Eins", "2025-12-01"));
    await writeFile(join(seeds, "2025", "b.txt"), article("Zwei", "2025-12-02"));
    await writeFile(join(outside, "c.txt"), article("Draußen", "2025-12-03"));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function scanned() {
    const library = new SeedLibrary(seeds, makeConfig());
    await library.scan();
    return {
      ids: library.input.articles.map((meta) => meta.id).sort(),
      problems: library.input.problems.map((problem) => problem.message),
      library,
    };
  }

  it("publishes a linked seed inside the folder under the link's path", async () => {
    await symlink("a.txt", join(seeds, "alias.txt"));
    expect(await scanned()).toMatchObject({ ids: ["2025/b", "a", "alias"], problems: [] });
  });

  it("publishes the seeds of a linked folder inside the folder under the link's path", async () => {
    await symlink("2025", join(seeds, "latest"));
    expect(await scanned()).toMatchObject({ ids: ["2025/b", "a", "latest/b"], problems: [] });
  });

  it("reports a link to a seed outside the folder, with its file and reason, and does not publish it", async () => {
    await symlink(join(outside, "c.txt"), join(seeds, "c.txt"));
    const { ids, problems } = await scanned();
    expect(ids).toEqual(["2025/b", "a"]);
    expect(problems).toEqual([
      `c.txt: symbolic link leads to ${join(outside, "c.txt")}, outside the seeds folder: ` +
        "not published (copy the file into the folder instead)",
    ]);
  });

  it("reports a link to a folder outside, and publishes none of its seeds", async () => {
    await symlink(outside, join(seeds, "elsewhere"));
    const { ids, problems } = await scanned();
    expect(ids).toEqual(["2025/b", "a"]);
    expect(problems).toEqual([
      `elsewhere: symbolic link leads to the folder ${outside}, outside the seeds folder: ` +
        "its seeds are not published",
    ]);
  });

  it("reports a cycle once, and publishes everything else exactly once", async () => {
    // Both links lead back to the seeds folder through 2025: one cycle.
    await symlink("..", join(seeds, "2025", "up"));
    await symlink("2025", join(seeds, "latest"));
    const { ids, problems } = await scanned();
    expect(ids).toEqual(["2025/b", "a", "latest/b"]);
    expect(problems).toEqual([
      "2025/up: symbolic link leads back to the seeds folder, which contains it: a cycle, not followed",
    ]);
  });

  it("reports a link to the seeds folder itself as a cycle", async () => {
    await symlink(".", join(seeds, "loop"));
    expect((await scanned()).problems).toEqual([
      "loop: symbolic link leads back to the seeds folder, which contains it: a cycle, not followed",
    ]);
  });

  it("reports a link that leads nowhere", async () => {
    await symlink("gone.txt", join(seeds, "dangling.txt"));
    expect((await scanned()).problems).toEqual([
      "dangling.txt: symbolic link leads to nothing (its target does not exist)",
    ]);
  });

  it("reports a link to a seed outside named by a watcher, as a full scan would", async () => {
    const { library } = await scanned();
    await symlink(join(outside, "c.txt"), join(seeds, "c.txt"));
    const report = await library.scan(undefined, new Set(["c.txt"]));
    expect(report.broken.map((problem) => problem.file)).toEqual(["c.txt"]);
    expect(library.input.articles.map((meta) => meta.id).sort()).toEqual(["2025/b", "a"]);
    expect(library.input.problems.map((problem) => problem.file)).toEqual(["c.txt"]);
  });

  it("forgets the report once the link is removed", async () => {
    await symlink(outside, join(seeds, "elsewhere"));
    const { library } = await scanned();
    await rm(join(seeds, "elsewhere"));
    const report = await library.scan();
    expect(report.isChanged).toBe(true);
    expect(library.input.problems).toEqual([]);
  });
});
