import { once } from "node:events";
import { Worker } from "node:worker_threads";

// Files the thread may read ahead of the scan: enough to hide a disk's latency behind parsing.
// Their bytes stay only in the page cache, so the lead costs no memory of ours.
const MAX_AHEAD_FILES = 1024;

// Reads in flight at once. A disk answers several small reads in about the time of one (100,000
// seeds not in the page cache: `cat` one file at a time took 10.0 s here, four at a time 3.8 s),
// and the files are small, so one read at a time left the scan waiting for the disk. They run on
// libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which the server
// otherwise uses only for compression: a large scan delays a compressed response a little.
const READS_IN_FLIGHT = 4;

// The thread's whole program, as plain JavaScript so it starts without the TypeScript loader. It
// reads each file into a scratch buffer and forgets the bytes: what it leaves behind is the file
// in the page cache, where the scan's own read (readStable, with its checks) finds it. shared[0]
// is how many files the scan has passed; shared[1], while the thread waits, how many the scan
// must pass to wake it (half the lead, so it is woken once per few hundred files); shared[2] is 1
// once the scan asks it to stop. It stops by finishing the reads in flight and starting no more,
// so no file is left open.
const THREAD_SOURCE = `
const { workerData } = require("node:worker_threads");
const { close, open, read } = require("node:fs");
const { join } = require("node:path");
const { folder, paths, maxAhead, readsInFlight, shared } = workerData;
const isStopped = () => Atomics.load(shared, 2) === 1;
// The list is walked in the one string it came in: split, it was 100,000 strings in this heap.
let start = 0;
let index = 0;
const nextPath = () => {
  if (start >= paths.length || isStopped()) return undefined;
  let passed = Atomics.load(shared, 0);
  if (index - passed >= maxAhead) {
    const wakeAt = index - maxAhead / 2;
    Atomics.store(shared, 1, wakeAt);
    while (passed < wakeAt && !isStopped()) {
      Atomics.wait(shared, 0, passed, 1000);
      passed = Atomics.load(shared, 0);
    }
    Atomics.store(shared, 1, 0);
    if (isStopped()) return undefined;
  }
  let end = paths.indexOf("\\n", start);
  if (end === -1) end = paths.length;
  const path = paths.slice(start, end);
  start = end + 1;
  index++;
  return path;
};
// One reader per read in flight, each with its buffer: opens, reads to the end, closes, next.
const reader = (scratch) => {
  const path = nextPath();
  if (path === undefined) return;
  open(join(folder, path), "r", (error, descriptor) => {
    // A file that cannot be opened or read: the scan will say what is wrong with it.
    if (error) return reader(scratch);
    const readFrom = (position) =>
      read(descriptor, scratch, 0, scratch.length, position, (readError, bytes) => {
        if (!readError && bytes === scratch.length) return readFrom(position + bytes);
        close(descriptor, () => reader(scratch));
      });
    readFrom(0);
  });
};
for (let slot = 0; slot < readsInFlight; slot++) reader(Buffer.allocUnsafe(256 * 1024));
`;

/**
 * Reads the seed files a scan is about to read, on a thread of its own and a bounded way ahead
 * of it, so that they are in the page cache when the scan reads them. A first start of 100,000
 * seeds whose files were not cached spent half its time waiting for the disk, one file at a
 * time; the waiting now happens beside the parsing, several files at a time
 * (READS_IN_FLIGHT). Handing the bytes over instead was tried: it spared the main thread its
 * reads but cost 90 MiB more at the peak.
 */
export class SeedReadAhead {
  readonly #worker: Worker;
  readonly #shared = new Int32Array(new SharedArrayBuffer(12));
  #passed = 0;
  #hasExited = false;

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
        readsInFlight: READS_IN_FLIGHT,
        shared: this.#shared,
      },
    });
    // A thread that cannot start or read only means the scan reads from the disk itself.
    this.#worker.on("error", () => {});
    this.#worker.on("exit", () => {
      this.#hasExited = true;
    });
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

  /**
   * Stops the thread, whatever it has left to read: it finishes the reads in flight (closing
   * their files) and exits. Terminating it instead could leave files open.
   */
  async close(): Promise<void> {
    if (this.#hasExited) return;
    const exited = once(this.#worker, "exit");
    Atomics.store(this.#shared, 2, 1);
    Atomics.notify(this.#shared, 0);
    await exited;
  }
}
