import { readFile } from "node:fs/promises";
import { describeError } from "../describe-error.ts";

// A stylesheet is a few kilobytes; anything near this is a wrong path (a bundle, an image).
const MAX_STYLESHEET_BYTES = 1_048_576;

/** The STYLESHEET file cannot be used; the message names it and the reason (one line). */
export class StylesheetError extends Error {
  override readonly name = "StylesheetError";

  constructor(path: string, detail: string, options?: ErrorOptions) {
    super(`invalid setting STYLESHEET: ${path} ${detail}`, options);
  }
}

/**
 * The text of the STYLESHEET file, which /style.css serves instead of the built-in stylesheet;
 * undefined when the setting is not set. Read once at start (the server, the export, the
 * Worker's build): pure code is given the text.
 * @throws {StylesheetError} when the file cannot be read, is empty, too large or not UTF-8.
 */
export async function readStylesheet(path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new StylesheetError(path, `cannot be read (${describeError(error)})`, { cause: error });
  }
  if (bytes.length > MAX_STYLESHEET_BYTES) {
    throw new StylesheetError(path, `is ${bytes.length} bytes, more than a stylesheet (1 MiB)`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new StylesheetError(path, "is not UTF-8 text", { cause: error });
  }
  if (text.trim() === "") throw new StylesheetError(path, "is empty");
  return text;
}
