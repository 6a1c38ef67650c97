import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { siteFiles } from "../export/export.ts";

/** What a built Worker site weighs: its asset files and its script, as Cloudflare counts them. */

/**
 * Whether an assets-folder file counts as an asset: `_headers` (and `_redirects`,
 * `.assetsignore`) are read by the platform and not served or counted.
 */
export function isCountedAsset(file: string): boolean {
  return !["_headers", "_redirects", ".assetsignore"].includes(file);
}

export interface SiteFigures {
  readonly assetFiles: number;
  readonly assetBytes: number;
  /** The script gzipped by node:zlib at its default level (6); Cloudflare's limit is on gzip. */
  readonly scriptGzipBytes: number;
  readonly scriptBytes: number;
}

/** Counts the assets of `assetsDir` and gzips the script at `scriptPath`. */
export async function siteFigures(assetsDir: string, scriptPath: string): Promise<SiteFigures> {
  let assetFiles = 0;
  let assetBytes = 0;
  for (const file of (await siteFiles(assetsDir)).filter(isCountedAsset)) {
    assetFiles++;
    assetBytes += (await stat(join(assetsDir, file))).size;
  }
  const script = await readFile(scriptPath);
  return {
    assetFiles,
    assetBytes,
    scriptGzipBytes: gzipSync(script).length,
    scriptBytes: script.length,
  };
}
