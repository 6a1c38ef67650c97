/**
 * Continues with a value that may still be a promise, synchronously once it has settled.
 *
 * The site hands out each document as the same promise every time it is asked (its store keeps
 * the promise). Once that promise has resolved, awaiting it again costs the hot path a microtask
 * per await, and makes every handler return a promise, which sends @hono/node-server down its
 * slower path (a close listener per response, the response awaited). Remembering the resolved
 * value of each promise lets a poll of a prepared document run from request to written response
 * without a single await.
 */

// Promises that resolved, with their value: weak, so a replaced site's documents can go.
const RESOLVED = new WeakMap<Promise<unknown>, unknown>();

/** `use(value)`, at once when `value` is not a promise or one that has resolved before. */
export function whenSettled<T, R>(
  value: T | Promise<T>,
  use: (settled: T) => R | Promise<R>,
): R | Promise<R> {
  if (!(value instanceof Promise)) return use(value);
  const resolved = RESOLVED.get(value);
  // One lookup on the hot path; has() only when the value itself may be undefined.
  if (resolved !== undefined || RESOLVED.has(value)) return use(resolved as T);
  return value.then((resolved) => {
    RESOLVED.set(value, resolved);
    return use(resolved);
  });
}
