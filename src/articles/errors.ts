/** A seed that cannot be published, located by its file (relative to the seeds folder) and line. */
export class SeedError extends Error {
  override readonly name = "SeedError";
  readonly file: string;
  readonly line: number | undefined;
  readonly detail: string;

  constructor(file: string, line: number | undefined, detail: string, options?: ErrorOptions) {
    super(`${file}${line === undefined ? "" : `:${line}`}: ${detail}`, options);
    this.file = file;
    this.line = line;
    this.detail = detail;
  }
}

/** Problems in the order every report lists them: by file, so output never depends on I/O. */
export function sortByFile<T extends { readonly file: string }>(problems: readonly T[]): T[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
