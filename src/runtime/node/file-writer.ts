import { isAbsolute, normalize, sep } from "node:path";
import { Worker } from "node:worker_threads";

// Files sent to the thread in one message: fewer messages, and the thread is never starved.
const BATCH_FILES = 64;
const BATCH_BYTES = 1024 * 1024;
// Bytes handed over but not yet written: bounds memory when rendering outruns the disk.
const MAX_PENDING_BYTES = 64 * 1024 * 1024;

// The thread's whole program, as plain JavaScript so it starts without the TypeScript loader.
// It writes one file after another: on a contended disk, creating files concurrently costs
// several times the system time of creating them in sequence.
const THREAD_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { mkdirSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const made = new Set();
let failed = false;
parentPort.on("message", (batch) => {
  if (failed) return;
  try {
    for (const { path, bytes } of batch) {
      const file = join(workerData.root, path);
      const folder = dirname(file);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      writeFileSync(file, bytes);
    }
    parentPort.postMessage({ written: batch.length });
  } catch (error) {
    failed = true;
    parentPort.postMessage({ error: String(error && error.message ? error.message : error) });
  }
});
`;

interface QueuedFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** A file-system path relative to an export's root, or undefined when it would leave the root. */
export function safeRelativePath(path: string): string | undefined {
  const normal = normalize(path);
  if (path === "" || isAbsolute(path) || normal === ".." || normal.startsWith(`..${sep}`)) {
    return undefined;
  }
  return normal;
}

/**
 * Writes files under `root` on a thread of their own, in the order given, while the caller
 * goes on rendering. `write` resolves once the file is handed over (waiting only when too many
 * bytes are pending); `close` resolves when everything is on disk.
 */
export class FileWriter {
  readonly #worker: Worker;
  readonly #onWritten: (() => void)[] = [];
  #batch: { files: QueuedFile[]; transfer: ArrayBuffer[]; bytes: number; callbacks: number } = {
    files: [],
    transfer: [],
    bytes: 0,
    callbacks: 0,
  };
  // Per message sent and not yet acknowledged: its bytes and how many callbacks it carries.
  readonly #inFlight: { bytes: number; files: number }[] = [];
  #pendingBytes = 0;
  #failure: Error | undefined;
  #wakers: (() => void)[] = [];
  #exited = false;

  constructor(root: string) {
    this.#worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { root }, execArgv: [] });
    this.#worker.on("message", (message: { written?: number; error?: string }) => {
      if (message.error !== undefined) {
        this.#fail(new Error(`cannot write the export: ${message.error}`));
        return;
      }
      const sent = this.#inFlight.shift();
      if (sent === undefined) return;
      this.#pendingBytes -= sent.bytes;
      for (const callback of this.#onWritten.splice(0, sent.files)) callback();
      if (this.#inFlight.length === 0) this.#flush();
      this.#wake();
    });
    this.#worker.on("error", (error) => this.#fail(error));
    this.#worker.on("exit", () => {
      this.#exited = true;
      if (this.#inFlight.length > 0) this.#fail(new Error("the export's writer thread stopped"));
      this.#wake();
    });
  }

  /**
   * Queues `bytes` as `relativePath`; with `isTransferred` its buffer moves to the thread (the
   * caller must not touch it again), else it is copied. `onWritten` runs once it is on disk.
   * @throws {Error} when the path leaves the root or an earlier write failed.
   */
  async write(
    relativePath: string,
    bytes: Uint8Array,
    options: { readonly isTransferred?: boolean; readonly onWritten?: () => void } = {},
  ): Promise<void> {
    const path = safeRelativePath(relativePath);
    if (path === undefined) throw new Error(`not a path inside the export: ${relativePath}`);
    while (this.#failure === undefined && this.#pendingBytes > MAX_PENDING_BYTES) {
      await new Promise<void>((resolve) => this.#wakers.push(resolve));
    }
    if (this.#failure !== undefined) throw this.#failure;
    const batch = this.#batch;
    const isWholeBuffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    // Copied once here and the copy moved, rather than copied again by postMessage.
    const owned =
      options.isTransferred === true && isWholeBuffer && bytes.buffer instanceof ArrayBuffer
        ? bytes
        : bytes.slice();
    batch.transfer.push(owned.buffer as ArrayBuffer);
    batch.files.push({ path, bytes: owned });
    batch.bytes += bytes.byteLength;
    this.#pendingBytes += bytes.byteLength;
    this.#onWritten.push(options.onWritten ?? (() => {}));
    batch.callbacks++;
    // Send at once when the thread has nothing to do, so it never waits for a full batch.
    if (
      batch.files.length >= BATCH_FILES ||
      batch.bytes >= BATCH_BYTES ||
      this.#inFlight.length === 0
    ) {
      this.#flush();
    }
  }

  /**
   * Waits until every queued file is on disk, then stops the thread.
   * @throws {Error} the first write that failed.
   */
  async close(): Promise<void> {
    this.#flush();
    while (this.#failure === undefined && this.#inFlight.length > 0 && !this.#exited) {
      await new Promise<void>((resolve) => this.#wakers.push(resolve));
    }
    await this.#worker.terminate();
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Stops the thread without waiting for what is queued. */
  async abort(): Promise<void> {
    this.#failure ??= new Error("the export was abandoned");
    await this.#worker.terminate();
    this.#wake();
  }

  #flush(): void {
    const batch = this.#batch;
    if (batch.files.length === 0 || this.#failure !== undefined) return;
    this.#batch = { files: [], transfer: [], bytes: 0, callbacks: 0 };
    this.#inFlight.push({ bytes: batch.bytes, files: batch.callbacks });
    this.#worker.postMessage(batch.files, batch.transfer);
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#wake();
  }

  #wake(): void {
    for (const wake of this.#wakers.splice(0)) wake();
  }
}
