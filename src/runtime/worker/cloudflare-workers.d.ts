// The part of workerd's built-in module the Worker and its tests use, typed against Node's fetch
// types so that one `tsc` checks the whole repository (the Workers types clash with @types/node).
declare module "cloudflare:workers" {
  /** The default export of wrangler.toml's `main`, called through the runtime like a client. */
  export const exports: {
    readonly default: { fetch(request: Request): Promise<Response> };
  };
  /** The Worker's bindings at start-up: wrangler.toml's [vars] (and the pool's overrides), ASSETS. */
  export const env: Readonly<Record<string, unknown>>;
}
