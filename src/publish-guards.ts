import { type Config, DEFAULT_ID_AUTHORITY } from "./config.ts";
import { isLocalUrl } from "./loopback.ts";

/**
 * Guards for the settings that can never change once readers have the feeds. Every article id
 * (RSS guid, Atom id, JSON Feed id) is `tag:ID_AUTHORITY:articles/ID` (RFC 4151), and a reader
 * keeps ids forever: publishing under the default authority and fixing it later makes every
 * reader show every article again as new. The server warns; export and deploy refuse.
 */

type PermanentSettings = Pick<Config, "baseUrl" | "idAuthority">;

/** The flag that lets `export` (and `ALLOW_DEFAULT_ID_AUTHORITY=on` a deploy) go ahead anyway. */
export const ALLOW_DEFAULT_ID_AUTHORITY_FLAG = "--allow-default-id-authority";

const WHY =
  "every article id (RSS guid, Atom id, JSON Feed id) carries it and readers keep ids forever, " +
  "so changing it later shows every article again as new";
const FIX = "set ID_AUTHORITY to a domain you own and a date, such as news.example.org,2025";

/** Whether ID_AUTHORITY is still the default, which nobody owns. */
export function isDefaultIdAuthority(settings: PermanentSettings): boolean {
  return settings.idAuthority === DEFAULT_ID_AUTHORITY;
}

/**
 * The one-line warning the server logs at start when it serves a public BASE_URL under the
 * default ID_AUTHORITY; undefined when there is nothing to warn about (a local trial is fine).
 */
export function idAuthorityWarning(settings: PermanentSettings): string | undefined {
  if (!isDefaultIdAuthority(settings) || isLocalUrl(settings.baseUrl)) return undefined;
  return (
    `warning: ID_AUTHORITY is still the default ${DEFAULT_ID_AUTHORITY} while BASE_URL ` +
    `${settings.baseUrl} is public: ${WHY}; ${FIX}, before the first subscriber arrives`
  );
}

/**
 * Why `export` must not write the site, in one line, or undefined when it may. An export is
 * meant to be published, so it needs an ID_AUTHORITY of its own unless the operator says it is a
 * trial.
 */
export function exportRefusal(
  settings: PermanentSettings,
  isDefaultAllowed: boolean,
): string | undefined {
  if (!isDefaultIdAuthority(settings) || isDefaultAllowed) return undefined;
  return (
    `refusing to export with the default ID_AUTHORITY ${DEFAULT_ID_AUTHORITY}: ${WHY}; ${FIX}, ` +
    `or pass ${ALLOW_DEFAULT_ID_AUTHORITY_FLAG} for a trial export`
  );
}

/**
 * Why the Worker must not be deployed with these settings (wrangler.toml's [vars]), one line
 * each; empty when it may. A Worker is public by nature, so a local BASE_URL is always wrong.
 */
export function deployRefusals(settings: PermanentSettings, isDefaultAllowed: boolean): string[] {
  const refusals: string[] = [];
  if (isLocalUrl(settings.baseUrl)) {
    refusals.push(
      `refusing to deploy with BASE_URL ${settings.baseUrl}: no reader can reach it, and every ` +
        "link in the feeds would point there; set BASE_URL in wrangler.toml [vars] to the " +
        "Worker's URL (https://NAME.ACCOUNT.workers.dev) or your domain",
    );
  }
  if (isDefaultIdAuthority(settings) && !isDefaultAllowed) {
    refusals.push(
      `refusing to deploy with the default ID_AUTHORITY ${DEFAULT_ID_AUTHORITY}: ${WHY}; ` +
        `${FIX} in wrangler.toml [vars], or run ALLOW_DEFAULT_ID_AUTHORITY=on npm run deploy ` +
        "for a trial Worker",
    );
  }
  return refusals;
}
