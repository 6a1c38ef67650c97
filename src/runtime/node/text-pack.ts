import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { newId, type TextRef, textHash } from "./seed-cache-format.ts";

// Appends are gathered up to this size and written in one call: a cold start of a large archive
// appends every seed once, and a write per 4 KB seed cost several times more.
const WRITE_BUFFER_BYTES = 1024 * 1024;

/** The file name of pack `id`. */
export function packFileName(id: string): string {
  return `texts-${id}.pack`;
}

/** The pack id in a file name, if it names a pack. */
export function packIdOf(fileName: string): string | undefined {
  return /^texts-([0-9a-f]{16})\.pack$/u.exec(fileName)?.[1];
}

/**
 * The text packs of one cache folder: seed bytes appended to the current pack, read back by
 * reference and checked against their hash. Never throws on reading: a text that cannot be read
 * or does not hash the same is simply not there.
 */
export class TextPacks {
  readonly #folder: string;
  readonly #readers = new Map<string, number>();
  #current: { id: string; descriptor: number; length: number } | undefined;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;

  constructor(folder: string) {
    this.#folder = folder;
  }

  /** The pack appends go to, if one is open. */
  get currentId(): string | undefined {
    return this.#current?.id;
  }

  /**
   * Starts a new pack for appends (the previous one stays readable).
   * @throws the file system's error when it cannot be created.
   */
  startPack(): string {
    this.flush();
    const id = newId();
    const descriptor = openSync(join(this.#folder, packFileName(id)), "wx");
    if (this.#current !== undefined) closeSync(this.#current.descriptor);
    this.#current = { id, descriptor, length: 0 };
    return id;
  }

  /**
   * Appends `bytes` (whose textHash is `hash`) to the current pack; written out by `flush` (or
   * when the buffer fills).
   * @throws the file system's error when the buffer cannot be written.
   */
  append(bytes: Uint8Array, hash = textHash(bytes)): TextRef {
    const current = this.#current ?? this.#openCurrent();
    const ref = { pack: current.id, offset: current.length, length: bytes.length, hash };
    current.length += bytes.length;
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    if (this.#pendingBytes >= WRITE_BUFFER_BYTES) this.flush();
    return ref;
  }

  /**
   * Writes out what `append` gathered: before a reference to it is saved anywhere.
   * @throws the file system's error when it cannot be written.
   */
  flush(): void {
    const current = this.#current;
    if (current === undefined || this.#pending.length === 0) return;
    const chunk = Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    let written = 0;
    while (written < chunk.length) {
      written += writeSync(current.descriptor, chunk, written, chunk.length - written);
    }
  }

  /** The bytes a reference names, if they are there and hash the same. */
  read(ref: TextRef): Uint8Array | undefined {
    try {
      if (ref.pack === this.#current?.id) this.flush();
      let descriptor = this.#readers.get(ref.pack);
      if (descriptor === undefined) {
        descriptor = openSync(join(this.#folder, packFileName(ref.pack)), "r");
        this.#readers.set(ref.pack, descriptor);
      }
      const bytes = Buffer.alloc(ref.length);
      let read = 0;
      while (read < ref.length) {
        const count = readSync(descriptor, bytes, read, ref.length - read, ref.offset + read);
        if (count === 0) return undefined; // the pack is shorter than the reference says
        read += count;
      }
      return textHash(bytes) === ref.hash ? bytes : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stops reading pack `id` (before it is deleted). */
  release(id: string): void {
    const descriptor = this.#readers.get(id);
    if (descriptor !== undefined) closeSync(descriptor);
    this.#readers.delete(id);
  }

  /** Writes out pending appends and closes every file. */
  close(): void {
    try {
      this.flush();
    } finally {
      if (this.#current !== undefined) closeSync(this.#current.descriptor);
      this.#current = undefined;
      for (const id of [...this.#readers.keys()]) this.release(id);
    }
  }

  #openCurrent() {
    this.startPack();
    const current = this.#current;
    if (current === undefined) throw new Error("no pack after startPack"); // our bug
    return current;
  }
}
