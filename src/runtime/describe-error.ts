/**
 * One line for an error in a log or a message: a file system error as its code and reason
 * (`ENOENT: no such file or directory`, without the path the message repeats), anything else as
 * its message. Our own bugs are logged the same way; the client never sees them.
 */
export function describeError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code !== "string") return message;
  if (!message.startsWith(code)) return `${code}: ${message}`;
  const comma = message.indexOf(",");
  return comma === -1 ? message : message.slice(0, comma);
}
