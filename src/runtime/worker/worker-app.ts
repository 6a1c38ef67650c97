import type { Hono } from "hono";
import { ConfigError, parseConfig } from "../../config.ts";
import { createPublisher } from "../../http/publisher.ts";
import { catalogueWarning } from "../../i18n/catalogue.ts";
import { describeError } from "../describe-error.ts";
import { type BundledSeeds, siteInputFromBundle } from "./bundled-seeds.ts";

/** The Worker's bindings: the [vars] of wrangler.toml (and any set in the dashboard). */
export type WorkerEnv = Readonly<Record<string, unknown>>;

/** The module Worker's fetch handler, typed without the Workers globals. */
export interface WorkerHandler {
  fetch(request: Request, env: WorkerEnv, ctx?: unknown): Promise<Response>;
}

type Built = { readonly app: Hono } | { readonly configError: ConfigError };

/**
 * The publisher as a Cloudflare Worker: the same app and rendering as on Node, serving the
 * seeds (and the STYLESHEET text, if any) bundled at build time. The app is built once per
 * isolate, on its first request (the bindings arrive only then); later requests reuse it and
 * its rendered documents.
 */
export function createWorker(seeds: BundledSeeds, stylesheet?: string): WorkerHandler {
  let built: Built | undefined;

  const build = (env: WorkerEnv): Built => {
    let config: ReturnType<typeof parseConfig>;
    try {
      config = parseConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) {
        console.error(error.message);
        return { configError: error };
      }
      throw error;
    }
    const warning = catalogueWarning(config.language);
    if (warning !== undefined) console.warn(warning);
    const input = siteInputFromBundle(seeds, config);
    for (const problem of input.problems) console.error(`skipped ${problem.message}`);
    const { app } = createPublisher(input, {
      settings: config,
      now: () => Date.now(),
      stylesheet,
      // No compress: Cloudflare compresses at the edge, so the app always sends identity bytes.
      clientAddress: (c) => c.req.header("CF-Connecting-IP"),
      logError: (message, error) => console.error(`${message}: ${describeError(error)}`),
    });
    return { app };
  };

  return {
    async fetch(request, env) {
      try {
        built ??= build(env);
      } catch (error) {
        // Our own bug while loading: logged, and tried again on the next request.
        console.error(`cannot start: ${describeError(error)}`);
        return new Response("Internal server error.\n", {
          status: 500,
          headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
        });
      }
      if ("configError" in built) {
        // The operator's mistake, not the client's: one line naming the setting, no stack.
        return new Response(`${built.configError.message}\n`, {
          status: 503,
          headers: {
            "Content-Type": "text/plain; charset=utf-8",
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
          },
        });
      }
      return built.app.fetch(request);
    },
  };
}
