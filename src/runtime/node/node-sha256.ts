import { createHash } from "node:crypto";
import type { Sha256 } from "../../site/representation.ts";

/**
 * SHA-256 in this thread, synchronously: for the export's many small documents it costs less
 * than Web Crypto's digest, whose every call is a trip to the thread pool and back through a
 * promise. The same digest, so the same ETags.
 */
export const nodeSha256: Sha256 = (bytes) => createHash("sha256").update(bytes).digest();
