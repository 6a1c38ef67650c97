import { type Child, tail } from "../../harness/child.ts";
import type { RawResponse } from "../../harness/http.ts";

/** A step of the benchmark went wrong; the message says which and what the child printed. */
export class BenchError extends Error {
  override readonly name = "BenchError";
}

/** An error of a step with a child, with whether the child still runs and what it printed. */
export function withOutput(error: unknown, child: Child): BenchError {
  const message = error instanceof Error ? error.message : String(error);
  const state = child.hasExited() ? "it had ended" : "it was still running";
  return new BenchError(
    `${message} (${child.name}, PID ${child.pid}: ${state})${tail(child.lines)}`,
    {
      cause: error,
    },
  );
}

/**
 * Checks a response's status.
 * @throws {BenchError} naming `what` when it is not `status`.
 */
export function expectResponse(response: RawResponse, status: number, what: string): void {
  if (response.status !== status) {
    throw new BenchError(`${what}: expected ${status}, got ${response.status}`);
  }
}
