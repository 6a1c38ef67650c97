import type { RunningServer } from "../../harness/server.ts";
import { sleep } from "../../harness/sleep.ts";
import { compareFeeds, countOf } from "./compare-feeds.ts";
import { messageOf } from "./errors.ts";
import type { Failures } from "./failures.ts";
import { readFeedChain } from "./feed-chain.ts";
import { idOf } from "./seed-edit.ts";
import type { SeedWriter } from "./seed-writer.ts";
import { GARBAGE_FILES, LATE_CHECK_MS } from "./settings.ts";

const GARBAGE_IDS = GARBAGE_FILES.map(([name]) => idOf(name));

/**
 * Every valid seed in the feed chain in its latest version; no deleted or garbage one. When
 * something is wrong, quotes the writer's and the server's account of it, and looks again after
 * the server's 30 s safety rescan to tell a late change from a lost one.
 */
export async function checkFinalFeeds(
  server: RunningServer,
  writer: SeedWriter,
  failures: Failures,
): Promise<void> {
  let chain: Awaited<ReturnType<typeof readFeedChain>>;
  try {
    chain = await readFeedChain(server.baseUrl);
  } catch (error) {
    failures.add("unreadable final feeds", messageOf(error));
    return;
  }
  const differences = compareFeeds(chain.entries, writer, GARBAGE_IDS);
  const { missing, older, resurrected, unknown } = differences;
  for (const id of missing) failures.add("valid seed missing from the final feeds", id);
  for (const [id, what] of older)
    failures.add("seed published in an older version", `${id}: ${what}`);
  for (const id of resurrected) failures.add("deleted or invalid seed still published", id);
  for (const tag of unknown) failures.add("unknown entry in the final feeds", tag);
  const valid = writer.valid.size;
  console.log(
    `soak: final feeds: /atom.xml and ${chain.pages - 1} archive pages hold ${chain.entries.size} ids; ${valid - missing.length - older.length} of ${valid} valid seeds present in their latest version, ${missing.length} missing, ${older.length} older; ${resurrected.length} of ${writer.deleted.size} deleted and ${GARBAGE_FILES.length} garbage seeds published`,
  );
  if (countOf(differences) === 0) return;

  const wrong = [...missing, ...older.map(([id]) => id), ...resurrected];
  for (const id of wrong.slice(0, 3)) {
    console.log(`soak: evidence for ${id}:`);
    const notes = writer.journal.filter((note) => note.id === id);
    if (notes.length === 0) console.log("soak:   (never touched by the writer)");
    for (const note of notes) {
      console.log(`soak:   writer ${new Date(note.atMs).toISOString()} ${note.what}`);
    }
    for (const line of server.lines.filter(
      (line) => line.includes(id) && !line.includes(" GET "),
    )) {
      console.log(`soak:   server ${line}`);
    }
  }
  console.log(`soak: looking again in ${LATE_CHECK_MS / 1000} s, after the server's safety rescan`);
  await sleep(LATE_CHECK_MS);
  try {
    const late = compareFeeds((await readFeedChain(server.baseUrl)).entries, writer, GARBAGE_IDS);
    console.log(
      `soak: ${LATE_CHECK_MS / 1000} s later: ${countOf(late)} of ${countOf(differences)} still wrong (${late.missing.length} missing, ${late.older.length} older, ${late.resurrected.length} deleted but published, ${late.unknown.length} unknown)`,
    );
  } catch (error) {
    console.log(`soak: ${LATE_CHECK_MS / 1000} s later: ${messageOf(error)}`);
  }
}
