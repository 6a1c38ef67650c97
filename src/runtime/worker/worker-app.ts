import type { Hono } from "hono";
import { type Config, ConfigError, parseConfig } from "../../config.ts";
import { createApp } from "../../http/app.ts";
import { catalogueWarning } from "../../i18n/catalogue.ts";
import {
  decodeEdgeData,
  EDGE_DATA_FORMAT,
  type EdgeManifest,
  settingsMismatch,
} from "../../site/edge-data.ts";
import { type AssetReader, createEdgeSite } from "../../site/edge-site.ts";
import type { ServedSite } from "../../site/site.ts";
import { isSubscriptionFeedPath, paths } from "../../urls.ts";
import { describeError } from "../describe-error.ts";
import { warmUpApp, warmUpRequests } from "./warm-up.ts";

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

type Unservable = { readonly unservable: string };

/** What an isolate prepares once: the settings and the app, then the site on first request. */
type Prepared =
  | Unservable
  | {
      readonly config: Config;
      readonly app: Hono;
      readonly site: () => Promise<ServedSite>;
      /** A feed request the platform can answer from its file, else undefined. */
      readonly fromFile: (request: Request) => Promise<Response | undefined>;
    };

// Any host will do: the assets binding looks only at the path.
const ASSETS_ORIGIN = "https://assets.invalid";

/**
 * The publisher as a Cloudflare Worker. The build (`npm run build:worker`) renders the site
 * into the static assets, which the platform serves without running this code; the Worker
 * answers only the paths wrangler.toml's `run_worker_first` sends it and the assets' misses,
 * with the same app as on Node over the edge site (src/site/edge-site.ts), which reads what
 * the build rendered through the ASSETS binding. No seed text is bundled.
 *
 * Given the bindings at start-up (`env` of `cloudflare:workers`), it validates the settings,
 * builds the app and warms the request path up while the isolate starts: Cloudflare bounds that
 * start-up separately (1 s) from each request's CPU time (10 ms on the free plan), so the first
 * request of an isolate costs about what later ones do. Its only I/O, the manifest, waits for
 * the first request (the global scope may not fetch).
 */
export function createWorker(startupEnv?: WorkerEnv): WorkerHandler {
  let prepared: Prepared | undefined = startupEnv === undefined ? undefined : prepare(startupEnv);
  // A Worker that cannot serve (503 naming the setting) has nothing to warm up.
  if (prepared !== undefined && !("unservable" in prepared)) warmUp(prepared.config);
  let site: Promise<ServedSite | Unservable> | undefined;

  return {
    async fetch(request, env) {
      let current: ServedSite | Unservable;
      try {
        prepared ??= prepare(env);
        if ("unservable" in prepared) return unservableResponse(prepared);
        const ready = prepared;
        const file = await ready.fromFile(request);
        if (file !== undefined) return file;
        site ??= ready.site().catch((error: unknown) => {
          if (error instanceof DeploymentError) return unservable(error.message);
          throw error;
        });
        current = await site;
      } catch (error) {
        // Our own bug, or the assets unreadable for a moment: logged, tried again next time.
        prepared = undefined;
        site = undefined;
        console.error(`cannot start: ${describeError(error)}`);
        return new Response("Internal server error.\n", {
          status: 500,
          headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
        });
      }
      if ("unservable" in current) return unservableResponse(current);
      return prepared.app.fetch(request);
    },
  };
}

/**
 * Sends every kind of request once through the app over a one-article edge site in memory
 * (./warm-up.ts), with the same settings, so that V8 compiles the request path while the
 * isolate starts rather than in its first request. Nothing of it is kept or logged. The global
 * scope may not read a Response's body, so the assets binding's own reading is left out.
 */
function warmUp(config: Config): void {
  const app = warmUpApp(config);
  for (const request of warmUpRequests()) {
    // workerd refuses to make a Response in the global scope: the app's synchronous path throws
    // at its last step, once everything before it has run (and been compiled). Never fatal.
    try {
      void Promise.resolve(app.fetch(request)).catch(() => {});
    } catch {
      // Expected in workerd's global scope; the request's path has run up to its Response.
    }
  }
}

/** The settings validated and the app built: everything that needs no I/O. */
function prepare(env: WorkerEnv): Prepared {
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
  const warning = catalogueWarning(config.language);
  if (warning !== undefined) console.warn(warning);
  const read = assetReader(assets);
  let site: ServedSite | undefined;
  const app = createApp({
    settings: config,
    // Only called once the site is loaded: fetch awaits it before the app runs.
    getSite: () => site as ServedSite,
    now: () => Date.now(),
    // No compress: Cloudflare compresses at the edge, so the app always sends identity bytes.
    clientAddress: (c) => c.req.header("CF-Connecting-IP"),
    logError: (message, error) => console.error(`${message}: ${describeError(error)}`),
  });
  return {
    config,
    app,
    fromFile: async (request) => {
      // POLL_LIMIT must see every poll, and a query (?limit=N) needs rendering: the app's.
      if (config.isPollLimitOn || !isPlainFeedRequest(request)) return undefined;
      const response = await assets.fetch(request);
      // No such credit: the app's 404, worded like every other.
      return response.status === 404 ? undefined : response;
    },
    site: async () => {
      const manifest = await readManifest(read);
      const mismatch = settingsMismatch(manifest.settings, config);
      if (mismatch !== undefined) throw new DeploymentError(mismatch);
      site = createEdgeSite(manifest, config, read);
      return site;
    },
  };
}

/**
 * A GET or HEAD of a feed's own URL, no query: the platform sends its file, streamed, with the
 * headers `_headers` gives it and its own ETag, as it does for every file it serves directly.
 */
function isPlainFeedRequest(request: Request): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  return !request.url.includes("?") && isSubscriptionFeedPath(new URL(request.url).pathname);
}

function unservableResponse(current: Unservable): Response {
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

function unservable(message: string): Unservable {
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
  const manifest = decodeEdgeData<EdgeManifest>(bytes);
  if (manifest.format !== EDGE_DATA_FORMAT) {
    throw new DeploymentError(
      `the assets hold edge data of format ${manifest.format}, this Worker reads ${EDGE_DATA_FORMAT}: deploy with npm run deploy`,
    );
  }
  return manifest;
}
