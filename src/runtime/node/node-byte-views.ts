import { Buffer, isUtf8 } from "node:buffer";
import type { ByteViews } from "../../articles/seed-summary.ts";

/**
 * Node's native byte primitives for indexing seeds without decoding their whole text: simdutf's
 * UTF-8 check, and a one-byte-per-unit string that V8 searches fast.
 */
export const nodeByteViews: ByteViews = {
  isUtf8: (bytes) => isUtf8(bytes),
  latin1: (bytes) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1"),
};
