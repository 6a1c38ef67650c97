/** What the soak found wrong, by reason, with the first few examples of each. */
export class Failures {
  readonly #byReason = new Map<string, { count: number; examples: string[] }>();
  total = 0;

  add(reason: string, example: string): void {
    this.total++;
    let entry = this.#byReason.get(reason);
    if (entry === undefined) {
      entry = { count: 0, examples: [] };
      this.#byReason.set(reason, entry);
    }
    entry.count++;
    if (entry.examples.length < 3) entry.examples.push(example);
  }

  /** One `soak: FAIL:` line per reason, in the order the reasons first came up. */
  lines(): string[] {
    return [...this.#byReason].map(
      ([reason, { count, examples }]) =>
        `soak: FAIL: ${count} × ${reason} (first: ${examples.join("; ")})`,
    );
  }
}
