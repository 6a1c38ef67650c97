import { LineBuffer } from "./line-buffer.ts";

// Standard output's lines, written once per turn of the event loop (see LineBuffer), and all
// of them before the process exits.
const stdoutLines = new LineBuffer((text) => {
  process.stdout.write(text);
});
process.on("exit", () => stdoutLines.flush());

/** A line on standard output, stamped with the time: what the server did. */
export function log(message: string): void {
  stdoutLines.push(`${new Date().toISOString()} ${message}`);
}

/** A line of the access log (ACCESS_LOG=on) on standard output, as formatAccessLine made it. */
export function logAccess(line: string): void {
  stdoutLines.push(line);
}

/** A line on standard error, stamped with the time: what went wrong. */
export function logProblem(message: string): void {
  // What was logged before it comes first.
  stdoutLines.flush();
  console.error(`${new Date().toISOString()} ${message}`);
}
