import type { SiteDocument } from "./document.ts";

interface StoredDocument {
  /** What the document was made from: articles by identity, counts, options. */
  readonly inputs: readonly unknown[];
  readonly document: Promise<SiteDocument>;
  bytes: number;
}

/**
 * Rendered documents shared by successive sites, so a reload re-renders only documents whose
 * inputs changed: an untouched archive page keeps its bytes (and ETag) without being rendered
 * again. Bounded: a large archive's pages live here only while they are requested.
 */
export class DocumentStore {
  readonly #documents = new Map<string, StoredDocument>();
  readonly #maxDocuments: number;
  readonly #maxBytes: number;
  #bytes = 0;

  /** At most `maxDocuments` documents and about `maxBytes` of rendered bodies (UTF-8). */
  constructor(maxDocuments = 2_000, maxBytes = 64 * 1024 * 1024) {
    this.#maxDocuments = maxDocuments;
    this.#maxBytes = maxBytes;
  }

  /** The stored document for `key` if made from the same inputs, else a newly made one. */
  get(
    key: string,
    inputs: readonly unknown[],
    make: () => Promise<SiteDocument>,
  ): Promise<SiteDocument> {
    const stored = this.#documents.get(key);
    if (stored !== undefined && isSameList(stored.inputs, inputs)) {
      // Most recently used last: a Map iterates in insertion order.
      this.#documents.delete(key);
      this.#documents.set(key, stored);
      return stored.document;
    }
    this.#remove(key);
    const document = make();
    const entry: StoredDocument = { inputs, document, bytes: 0 };
    this.#documents.set(key, entry);
    document.then(
      (made) => {
        if (this.#documents.get(key) !== entry) return;
        entry.bytes = made.representation.body.length;
        this.#bytes += entry.bytes;
        this.#evict();
      },
      // A failed render must not be served from the store forever.
      () => this.#remove(key),
    );
    this.#evict();
    return document;
  }

  #remove(key: string): void {
    const entry = this.#documents.get(key);
    if (entry === undefined) return;
    this.#bytes -= entry.bytes;
    this.#documents.delete(key);
  }

  /** Forgets the least recently used documents until both bounds hold. */
  #evict(): void {
    for (const key of this.#documents.keys()) {
      if (this.#documents.size <= this.#maxDocuments && this.#bytes <= this.#maxBytes) return;
      this.#remove(key);
    }
  }
}

function isSameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}
