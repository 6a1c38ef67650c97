import type { Config } from "../../config.ts";
import { describeError } from "../describe-error.ts";
import { cacheFolderOf, seedsCacheFolder } from "./cache-folder.ts";
import { parserFingerprint } from "./parser-fingerprint.ts";
import { SeedCache } from "./seed-cache.ts";

/**
 * The seeds folder's cache in CACHE_DIR, if there is to be one. Whatever goes wrong with it is
 * one `warn` line, and the caller carries on without it (reading every seed).
 */
export function openSeedCache(
  config: Config,
  report: { readonly warn: (message: string) => void; readonly log?: (message: string) => void },
): SeedCache | undefined {
  const folder = cacheFolderOf(config.cacheDir, process.env);
  if (folder === undefined) return undefined;
  let fingerprint: string | undefined;
  try {
    fingerprint = parserFingerprint(config);
  } catch (error) {
    report.warn(
      `cache: cannot fingerprint the parser (${describeError(error)}); every seed is read at start`,
    );
  }
  return SeedCache.open({
    folder: seedsCacheFolder(folder, config.seedsDir),
    settings: config,
    fingerprint,
    warn: report.warn,
    ...(report.log === undefined ? {} : { log: report.log }),
  });
}
