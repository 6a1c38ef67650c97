/** A step of the soak could not run at all (as opposed to a check that failed). */
export class SoakError extends Error {
  override readonly name = "SoakError";
}

/** An option the user gave is not one the soak accepts. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The message of anything thrown. */
export const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error);
