/** A line on standard output, stamped with the time: what the server did. */
export function log(message: string): void {
  console.log(`${new Date().toISOString()} ${message}`);
}

/** A line on standard error, stamped with the time: what went wrong. */
export function logProblem(message: string): void {
  console.error(`${new Date().toISOString()} ${message}`);
}
