/**
 * ACCESS_LOG=on: one JSON object per request, on one line (JSON Lines), so any log shipper or
 * `jq` reads it without a custom parser, and no request data can break a line: JSON.stringify
 * escapes quotes, control characters and line breaks a client puts in its path or User-Agent.
 * docs/operations.md documents the fields.
 */

/** One request as the access log records it. */
export interface AccessLogEntry {
  /** When the request arrived, ms since the epoch. */
  readonly time: number;
  /** The client's address (with TRUST_PROXY=on, the one the proxy saw). */
  readonly client: string;
  readonly method: string;
  /** The request target: path and query, as the client sent them. */
  readonly path: string;
  readonly status: number;
  /** Body bytes sent: 0 for HEAD, 204 and 304. */
  readonly bytes: number;
  /** Milliseconds from the request's arrival to its response being ready. */
  readonly durationMs: number;
  /** Empty when the client sent none. */
  readonly userAgent: string;
}

// A User-Agent or path is kept whole up to these lengths: a hostile one cannot make a line huge
// (Node accepts 16 KiB of headers, and a 414 is logged with the target it refused).
const MAX_USER_AGENT = 512;
const MAX_PATH = 4096;

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** The entry as one line of JSON, with its fields in a fixed order. */
export function formatAccessLine(entry: AccessLogEntry): string {
  // A template with JSON.stringify for each string, rather than for one object: the same line
  // (a test compares the two) in a fifth less time, on every request with ACCESS_LOG=on.
  return (
    `{"time":"${new Date(entry.time).toISOString()}","client":${JSON.stringify(entry.client)},` +
    `"method":${JSON.stringify(entry.method)},"path":${JSON.stringify(cut(entry.path, MAX_PATH))},` +
    `"status":${jsonNumber(entry.status)},"bytes":${jsonNumber(entry.bytes)},` +
    `"duration_ms":${jsonNumber(Math.round(entry.durationMs * 100) / 100)},` +
    `"user_agent":${JSON.stringify(cut(entry.userAgent, MAX_USER_AGENT))}}`
  );
}

/** A number as JSON writes it: null for NaN and the infinities. */
const jsonNumber = (value: number) => (Number.isFinite(value) ? String(value) : "null");
