import type { Context } from "hono";
import { accepts } from "hono/accepts";
import { BoundedMemo } from "../lru-cache.ts";
import type { SiteDocument } from "../site/document.ts";

export type ContentEncoding = "br" | "gzip";

/** Compresses a body (Node's zlib); Workers compress at the edge and pass none. */
export type Compress = (body: Uint8Array, encoding: ContentEncoding) => Promise<Uint8Array>;

// Below this size compression saves less than the headers it costs.
const MIN_COMPRESSIBLE_BYTES = 1024;
// Readers send a handful of distinct Accept-Encoding headers; more than this is noise.
const NEGOTIATION_MEMORY = 256;

/**
 * Content negotiation and compression (RFC 9110 §12.5.3): picks the coding for a request and
 * compresses each document once per coding, on first use.
 */
export class Encodings {
  readonly #compress: Compress | undefined;
  readonly #byHeader = new BoundedMemo<string, ContentEncoding | "identity">(NEGOTIATION_MEMORY);
  readonly #variants = new WeakMap<SiteDocument, Map<ContentEncoding, Promise<Uint8Array>>>();

  constructor(compress: Compress | undefined) {
    this.#compress = compress;
  }

  /** The coding to send `document` in for this request. */
  negotiate(c: Context, document: SiteDocument): ContentEncoding | "identity" {
    if (this.#compress === undefined) return "identity";
    if (document.representation.body.length < MIN_COMPRESSIBLE_BYTES) return "identity";
    const header = c.req.header("Accept-Encoding") ?? "";
    const known = this.#byHeader.get(header);
    if (known !== undefined) return known;
    return this.#byHeader.remember(
      header,
      accepts(c, {
        header: "Accept-Encoding",
        supports: ["br", "gzip"],
        default: "identity",
        match: matchEncoding,
      }) as ContentEncoding | "identity",
    );
  }

  /** The document's body in `encoding`, compressed once and kept as long as the document. */
  body(document: SiteDocument, encoding: ContentEncoding | "identity"): Promise<Uint8Array> {
    const compress = this.#compress;
    if (encoding === "identity" || compress === undefined) {
      return Promise.resolve(document.representation.body);
    }
    let byEncoding = this.#variants.get(document);
    if (byEncoding === undefined) {
      byEncoding = new Map();
      this.#variants.set(document, byEncoding);
    }
    let body = byEncoding.get(encoding);
    if (body === undefined) {
      body = compress(document.representation.body, encoding);
      byEncoding.set(encoding, body);
    }
    return body;
  }
}

/** Accept-Encoding with q-values (RFC 9110 §12.5.3); `*` stands for any coding, br preferred. */
function matchEncoding(
  accepted: ReadonlyArray<{ type: string; q: number }>,
  config: { supports: string[]; default: string },
): string {
  const quality = (coding: string) =>
    accepted.find((entry) => entry.type.toLowerCase() === coding)?.q ??
    accepted.find((entry) => entry.type === "*")?.q ??
    0;
  let best = config.default;
  let bestQuality = 0;
  for (const coding of config.supports) {
    const q = quality(coding);
    if (q > bestQuality) {
      best = coding;
      bestQuality = q;
    }
  }
  return best;
}
