import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

/** The application's folder inside the OS cache folder. */
const APP_FOLDER = "feed-publisher";

/**
 * The folder CACHE_DIR names: `off` is none, unset is the OS cache folder ($XDG_CACHE_HOME, else
 * ~/.cache, as the XDG Base Directory specification says) with a `feed-publisher` folder in it.
 * A relative XDG_CACHE_HOME is invalid by that specification and ignored.
 */
export function cacheFolderOf(
  cacheDir: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  home: () => string = homedir,
): string | undefined {
  if (cacheDir === "off") return undefined;
  if (cacheDir !== undefined) return resolve(cacheDir);
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(home(), ".cache");
  return join(base, APP_FOLDER);
}

/**
 * The cache folder of one seeds folder: its absolute path hashed, so two publishers of different
 * folders never share (or overwrite) each other's cache.
 */
export function seedsCacheFolder(cacheFolder: string, seedsDir: string): string {
  const key = createHash("sha256").update(resolve(seedsDir)).digest("hex").slice(0, 16);
  return join(cacheFolder, `seeds-${key}`);
}
