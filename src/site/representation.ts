/** A response body rendered once: its exact bytes and the validator derived from them. */
export interface Representation {
  readonly body: Uint8Array;
  readonly contentType: string;
  /** Strong ETag (RFC 9110 §8.8.3): a digest of exactly these bytes, so it survives restarts. */
  readonly etag: string;
}

/** A SHA-256 of bytes; a runtime may pass a synchronous one (node:crypto) for speed. */
export type Sha256 = (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** The Web Crypto digest every runtime has (the Worker's only one). */
export const subtleSha256: Sha256 = async (bytes) =>
  new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));

const encoder = new TextEncoder();

// A document is encoded into this buffer, then copied out at its exact length: encodeInto and
// a copy took about two thirds of the time of encode() on an archive feed (300 KB of mostly
// two-byte text), and encoding was a tenth of what an export of 100k articles spent. UTF-8 needs
// at most three bytes per UTF-16 code unit. Documents too large for it are encoded directly, so
// the buffer never holds more than SCRATCH_BYTES.
const SCRATCH_BYTES = 4 * 1024 * 1024;
let scratch: Uint8Array | undefined;

/** `text` as UTF-8, in a buffer of exactly its length that nothing else shares. */
export function encodeUtf8(text: string): Uint8Array {
  const most = text.length * 3;
  if (most > SCRATCH_BYTES) return encoder.encode(text);
  if (scratch === undefined || scratch.length < most) {
    scratch = new Uint8Array(Math.max(most, 64 * 1024));
  }
  const { written } = encoder.encodeInto(text, scratch);
  return scratch.slice(0, written);
}

/** Encodes a rendered document to UTF-8 once and hashes those bytes once. */
export async function represent(
  text: string,
  contentType: string,
  sha256: Sha256 = subtleSha256,
): Promise<Representation> {
  return representBytes(encodeUtf8(text), contentType, sha256);
}

/** The representation of bytes rendered earlier (the Worker reads them from its assets). */
export async function representBytes(
  body: Uint8Array,
  contentType: string,
  sha256: Sha256 = subtleSha256,
): Promise<Representation> {
  const digest = await sha256(body);
  return { body, contentType, etag: `"${toBase64Url(digest).slice(0, 32)}"` };
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/gu, "-").replace(/\//gu, "_").replace(/=+$/u, "");
}
