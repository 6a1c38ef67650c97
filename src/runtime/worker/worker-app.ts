import type { Hono } from "hono";
import { type Config, ConfigError, parseConfig } from "../../config.ts";
import { createApp } from "../../http/app.ts";
import { catalogueWarning } from "../../i18n/catalogue.ts";
import { EDGE_DATA_FORMAT, type EdgeManifest, settingsMismatch } from "../../site/edge-data.ts";
import { type AssetReader, createEdgeSite } from "../../site/edge-site.ts";
import { paths } from "../../urls.ts";
import { describeError } from "../describe-error.ts";

/** The static assets binding (wrangler.toml `[assets] binding`): the build's rendered site. */
export interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

/** The Worker's bindings: the [vars] of wrangler.toml (and any set in the dashboard), ASSETS. */
export type WorkerEnv = Readonly<Record<string, unknown>> & { readonly ASSETS?: AssetsBinding };

/** The module Worker's fetch handler, typed without the Workers globals. */
export interface WorkerHandler {
  fetch(request: Request, env: WorkerEnv, ctx?: unknown): Promise<Response>;
}

/** A deployment the Worker cannot serve: the operator's to fix, named in one line. */
class DeploymentError extends Error {
  override readonly name = "DeploymentError";
}

type Built = { readonly app: Hono } | { readonly unservable: string };

// Any host will do: the assets binding looks only at the path.
const ASSETS_ORIGIN = "https://assets.invalid";

/**
 * The publisher as a Cloudflare Worker. The build (`npm run build:worker`) renders the site
 * into the static assets, which the platform serves without running this code; the Worker
 * answers only the paths wrangler.toml's `run_worker_first` sends it and the assets' misses,
 * with the same app as on Node over the edge site (src/site/edge-site.ts), which reads what
 * the build rendered through the ASSETS binding. No seed text is bundled: an isolate's start
 * reads one small manifest.
 */
export function createWorker(): WorkerHandler {
  let built: Promise<Built> | undefined;

  const build = async (env: WorkerEnv): Promise<Built> => {
    let config: Config;
    try {
      config = parseConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return unservable(error.message);
      throw error;
    }
    const assets = env.ASSETS;
    if (assets === undefined) {
      return unservable("the ASSETS binding is missing: wrangler.toml's [assets] names it");
    }
    const read = assetReader(assets);
    let manifest: EdgeManifest;
    try {
      manifest = await readManifest(read);
    } catch (error) {
      if (error instanceof DeploymentError) return unservable(error.message);
      throw error;
    }
    const mismatch = settingsMismatch(manifest.settings, config);
    if (mismatch !== undefined) return unservable(mismatch);
    const warning = catalogueWarning(config.language);
    if (warning !== undefined) console.warn(warning);
    const site = createEdgeSite(manifest, config, read);
    const app = createApp({
      settings: config,
      getSite: () => site,
      now: () => Date.now(),
      // No compress: Cloudflare compresses at the edge, so the app always sends identity bytes.
      clientAddress: (c) => c.req.header("CF-Connecting-IP"),
      logError: (message, error) => console.error(`${message}: ${describeError(error)}`),
    });
    return { app };
  };

  return {
    async fetch(request, env) {
      let current: Built;
      try {
        built ??= build(env);
        current = await built;
      } catch (error) {
        // Our own bug, or the assets unreadable for a moment: logged, tried again next time.
        built = undefined;
        console.error(`cannot start: ${describeError(error)}`);
        return new Response("Internal server error.\n", {
          status: 500,
          headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
        });
      }
      if ("unservable" in current) {
        // The operator's mistake, not the client's: one line naming the setting, no stack.
        return new Response(`${current.unservable}\n`, {
          status: 503,
          headers: {
            "Content-Type": "text/plain; charset=utf-8",
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
          },
        });
      }
      return current.app.fetch(request);
    },
  };
}

function unservable(message: string): Built {
  console.error(message);
  return { unservable: message };
}

/** Reads assets by site path through the binding; undefined for a path it does not have. */
function assetReader(assets: AssetsBinding): AssetReader {
  return async (path) => {
    const response = await assets.fetch(new Request(`${ASSETS_ORIGIN}${path}`));
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`the assets answered ${response.status} for ${path}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}

async function readManifest(read: AssetReader): Promise<EdgeManifest> {
  const bytes = await read(paths.edge.manifest());
  if (bytes === undefined) {
    throw new DeploymentError(
      "the assets have no edge manifest: deploy with npm run deploy (it runs npm run build:worker)",
    );
  }
  const manifest = JSON.parse(new TextDecoder().decode(bytes)) as EdgeManifest;
  if (manifest.format !== EDGE_DATA_FORMAT) {
    throw new DeploymentError(
      `the assets hold edge data of format ${manifest.format}, this Worker reads ${EDGE_DATA_FORMAT}: deploy with npm run deploy`,
    );
  }
  return manifest;
}
