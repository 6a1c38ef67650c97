/** A map that holds at most `capacity` entries, forgetting the least recently used first. */
export class LruCache<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      // A Map iterates in insertion order: re-inserting marks the entry most recently used.
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** The value for `key`, without marking it as used. */
  peek(key: K): V | undefined {
    return this.#entries.get(key);
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  /** Every entry, least recently used first, without marking any as used. */
  entries(): IterableIterator<[K, V]> {
    return this.#entries.entries();
  }
}

/**
 * A memo of a pure function's answers that holds at most `limit` of them and forgets them all at
 * once when full. Cheaper per hit than LruCache (a hit moves nothing), for keys that repeat from a
 * small set: days, header values, user agents, credit marker lists. A lookup and a store are two
 * calls, so a hot path needs no closure to use it.
 */
export class BoundedMemo<K, V> {
  readonly #answers = new Map<K, V>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get size(): number {
    return this.#answers.size;
  }

  get(key: K): V | undefined {
    return this.#answers.get(key);
  }

  /** Keeps `value` as the answer for `key` (forgetting every answer first when full); returns it. */
  remember(key: K, value: V): V {
    if (this.#answers.size >= this.#limit) this.#answers.clear();
    this.#answers.set(key, value);
    return value;
  }
}
