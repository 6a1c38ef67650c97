/**
 * Synchronous undo steps of a run (restore an edited seed, remove the temp folder), run when it
 * ends, fails or is interrupted.
 */
export class Cleanups {
  readonly #steps = new Map<string, () => void>();

  set(name: string, step: () => void): void {
    this.#steps.set(name, step);
  }

  delete(name: string): void {
    this.#steps.delete(name);
  }

  /** Runs every step once, in the order they were set; a failing step does not stop the rest. */
  runAll(): void {
    for (const [name, step] of this.#steps) {
      try {
        step();
      } catch (error) {
        console.error(`bench: cleanup "${name}" failed: ${String(error)}`);
      }
    }
    this.#steps.clear();
  }
}
