import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { MAX_ASSET_BYTES, WORKER_PLANS, type WorkerPlan } from "./worker-assets.ts";

// What wrangler uploads as modules; source maps and its README stay behind.
const MODULE_EXTENSIONS = new Set([".js", ".mjs", ".cjs", ".wasm", ".bin", ".txt", ".html"]);
// Files of an assets folder the platform reads as configuration, not as assets.
const NOT_ASSETS = new Set(["_headers", "_redirects", ".assetsignore"]);
const MIB = 1024 * 1024;

/** What a Worker deploy uploads, measured against the plan. */
export interface WorkerSize {
  readonly assetFiles: number;
  readonly assetBytes: number;
  readonly largestAsset: { readonly path: string; readonly bytes: number };
  readonly scriptBytes: number;
  /** The script's modules gzip-compressed one by one (node:zlib, default level), as Cloudflare counts. */
  readonly scriptGzipBytes: number;
}

/** Measures the assets folder and the bundled script folder (wrangler's --outdir). */
export async function measureWorker(assetsDir: string, scriptDir: string): Promise<WorkerSize> {
  let assetFiles = 0;
  let assetBytes = 0;
  let largestAsset = { path: "", bytes: 0 };
  const entries = await readdir(assetsDir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (entry.parentPath === assetsDir && NOT_ASSETS.has(entry.name)) continue;
    const { size } = await stat(path);
    assetFiles++;
    assetBytes += size;
    if (size > largestAsset.bytes) largestAsset = { path: relative(assetsDir, path), bytes: size };
  }
  const modules = (await readdir(scriptDir)).filter((name) => MODULE_EXTENSIONS.has(extname(name)));
  if (modules.length === 0) throw new Error(`no worker script in ${scriptDir}`);
  let scriptBytes = 0;
  let scriptGzipBytes = 0;
  for (const name of modules) {
    const bytes = await readFile(join(scriptDir, name));
    scriptBytes += bytes.length;
    scriptGzipBytes += gzipSync(bytes).length;
  }
  return { assetFiles, assetBytes, largestAsset, scriptBytes, scriptGzipBytes };
}

/** Each limit of `plan` that `size` breaks, as a sentence; empty when it fits. */
export function brokenLimits(size: WorkerSize, plan: WorkerPlan): string[] {
  const limits = WORKER_PLANS[plan];
  const broken: string[] = [];
  if (size.assetFiles > limits.assetFiles) {
    broken.push(
      `${size.assetFiles} asset files, more than the ${plan} plan's ${limits.assetFiles}`,
    );
  }
  if (size.scriptGzipBytes > limits.scriptGzipBytes) {
    broken.push(
      `a script of ${mib(size.scriptGzipBytes)} MiB gzip, more than the ${plan} plan's ${mib(limits.scriptGzipBytes)} MiB`,
    );
  }
  if (size.largestAsset.bytes > MAX_ASSET_BYTES) {
    broken.push(
      `${size.largestAsset.path} of ${mib(size.largestAsset.bytes)} MiB, more than ${mib(MAX_ASSET_BYTES)} MiB per file`,
    );
  }
  return broken;
}

/** One line for the build's output. */
export function describeWorkerSize(size: WorkerSize, plan: WorkerPlan): string {
  const limits = WORKER_PLANS[plan];
  return (
    `${size.assetFiles} asset files (${mib(size.assetBytes)} MiB; ` +
    `${((size.assetFiles / limits.assetFiles) * 100).toFixed(1)}% of the ${plan} plan's ${limits.assetFiles}), ` +
    `script ${(size.scriptGzipBytes / 1024).toFixed(1)} KiB gzip ` +
    `(${((size.scriptGzipBytes / limits.scriptGzipBytes) * 100).toFixed(1)}% of ${mib(limits.scriptGzipBytes)} MiB)`
  );
}

function mib(bytes: number): string {
  return (bytes / MIB).toFixed(1);
}
