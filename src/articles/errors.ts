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
