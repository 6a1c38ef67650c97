import type { Config } from "../config.ts";

/** The settings the HTTP layer reads. */
export type HttpSettings = Pick<
  Config,
  | "baseUrl"
  | "cacheMaxAge"
  | "staleWhileRevalidate"
  | "archiveMaxAge"
  | "isPollLimitOn"
  | "maxUrlLength"
  | "maxQueryLength"
>;
