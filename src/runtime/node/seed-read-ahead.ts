import { Worker } from "node:worker_threads";

// Files the thread may read ahead of the scan: enough to hide a disk's latency behind parsing.
// Their bytes stay only in the page cache, so the lead costs no memory of ours.
const MAX_AHEAD_FILES = 1024;

// The thread's whole program, as plain JavaScript so it starts without the TypeScript loader. It
// reads each file into one scratch buffer and forgets the bytes: what it leaves behind is the file
// in the page cache, where the scan's own read (readStable, with its checks) finds it. shared[0]
// is how many files the scan has passed; shared[1], while the thread waits, how many the scan
// must pass to wake it (half the lead, so it is woken once per few hundred files).
const THREAD_SOURCE = `
const { workerData } = require("node:worker_threads");
const { closeSync, openSync, readSync } = require("node:fs");
const { join } = require("node:path");
const { folder, paths, maxAhead, shared } = workerData;
const scratch = Buffer.allocUnsafe(256 * 1024);
const warm = (file) => {
  let descriptor;
  try {
    descriptor = openSync(file, "r");
  } catch {
    return; // the scan will say what is wrong with it
  }
  try {
    let position = 0;
    for (;;) {
      const read = readSync(descriptor, scratch, 0, scratch.length, position);
      if (read < scratch.length) break;
      position += read;
    }
  } catch {
    // likewise
  } finally {
    closeSync(descriptor);
  }
};
// The list is walked in the one string it came in: split, it was 100,000 strings in this heap.
let start = 0;
for (let index = 0; start < paths.length; index++) {
  let end = paths.indexOf("\\n", start);
  if (end === -1) end = paths.length;
  const path = paths.slice(start, end);
  start = end + 1;
  let passed = Atomics.load(shared, 0);
  if (index - passed >= maxAhead) {
    const wakeAt = index - maxAhead / 2;
    Atomics.store(shared, 1, wakeAt);
    for (; passed < wakeAt; passed = Atomics.load(shared, 0)) Atomics.wait(shared, 0, passed, 1000);
    Atomics.store(shared, 1, 0);
  }
  warm(join(folder, path));
}
`;

/**
 * Reads the seed files a scan is about to read, on a thread of its own and a bounded way ahead
 * of it, so that they are in the page cache when the scan reads them. A first start of 100,000
 * seeds whose files were not cached spent half its time waiting for the disk, one file at a
 * time; the waiting now happens beside the parsing. Handing the bytes over instead was tried:
 * it spared the main thread its reads but cost 90 MiB more at the peak.
 */
export class SeedReadAhead {
  readonly #worker: Worker;
  readonly #shared = new Int32Array(new SharedArrayBuffer(8));
  #passed = 0;

  /** Starts reading `files` (paths relative to `folder`, none with a line break) at once. */
  constructor(folder: string, files: readonly string[]) {
    this.#worker = new Worker(THREAD_SOURCE, {
      eval: true,
      execArgv: [],
      // It holds the list of paths and one buffer: a small heap keeps its memory small.
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 16 },
      workerData: {
        folder,
        // One string for the list: 100,000 strings cloned one by one cost both heaps.
        paths: files.join("\n"),
        maxAhead: MAX_AHEAD_FILES,
        shared: this.#shared,
      },
    });
    // A thread that cannot start or read only means the scan reads from the disk itself.
    this.#worker.on("error", () => {});
  }

  /** The scan has passed one more file of the list (read it, or found it needs no read). */
  passed(): void {
    this.#passed++;
    Atomics.store(this.#shared, 0, this.#passed);
    // A wake-up only when the thread waits for this many: one per file would cost more than
    // the read.
    const wakeAt = Atomics.load(this.#shared, 1);
    if (wakeAt !== 0 && this.#passed >= wakeAt) Atomics.notify(this.#shared, 0);
  }

  /** Stops the thread, whatever it has left to read. */
  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}
