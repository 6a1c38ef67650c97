import type { Hono } from "hono";
import { DocumentStore } from "../site/document-store.ts";
import type { SiteInput } from "../site/input.ts";
import type { Sha256 } from "../site/representation.ts";
import { createSite, type Site, type SiteSettings } from "../site/site.ts";
import { type AppOptions, createApp } from "./app.ts";
import type { HttpSettings } from "./settings.ts";

export interface PublisherOptions extends Omit<AppOptions, "getSite" | "settings"> {
  readonly settings: SiteSettings & HttpSettings;
  /** The text of the STYLESHEET file, which the runtime read; the built-in one without it. */
  readonly stylesheet?: string;
  /** How documents' ETags are hashed; Web Crypto's without it. */
  readonly sha256?: Sha256;
}

/** The published site and the app serving it; `publish` swaps in a newly loaded site. */
export interface Publisher {
  readonly app: Hono;
  /** The site being served now. */
  site(): Site;
  /** Publishes a new load of the seeds, keeping every document whose inputs did not change. */
  publish(input: SiteInput): { readonly previous: Site; readonly next: Site };
}

/**
 * The one start-up sequence of every target (Node server, Worker, export, tests): a site from
 * the loaded seeds and the Hono app that serves it.
 */
export function createPublisher(input: SiteInput, options: PublisherOptions): Publisher {
  const store = new DocumentStore();
  let site = createSite(input, options.settings, store, options.stylesheet, options.sha256);
  const app = createApp({ ...options, getSite: () => site });
  return {
    app,
    site: () => site,
    publish(next) {
      const previous = site;
      site = createSite(next, options.settings, store, options.stylesheet, options.sha256);
      return { previous, next: site };
    },
  };
}
