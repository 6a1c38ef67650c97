// Characters gathered before they are written, whatever the turn: a burst of requests cannot
// make the buffer large.
const MAX_PENDING_CHARS = 64 * 1024;

/**
 * Lines for a stream, written together once per turn of the event loop instead of one write per
 * line. Standard output is written synchronously on Linux, so the access log cost a system call
 * per request, a quarter of a 304's CPU with ACCESS_LOG=on. A line waits at most for the end of
 * the turn it was logged in, or until `flush`.
 */
export class LineBuffer {
  readonly #write: (text: string) => void;
  #pending: string[] = [];
  #chars = 0;
  #isScheduled = false;

  constructor(write: (text: string) => void) {
    this.#write = write;
  }

  /** Adds a line (without its line break). */
  push(line: string): void {
    this.#pending.push(line);
    this.#chars += line.length + 1;
    if (this.#chars >= MAX_PENDING_CHARS) {
      this.flush();
      return;
    }
    if (!this.#isScheduled) {
      this.#isScheduled = true;
      setImmediate(() => {
        this.#isScheduled = false;
        this.flush();
      });
    }
  }

  /** Writes every pending line now. */
  flush(): void {
    if (this.#pending.length === 0) return;
    const text = `${this.#pending.join("\n")}\n`;
    this.#pending = [];
    this.#chars = 0;
    this.#write(text);
  }
}
