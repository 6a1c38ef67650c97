import { CSS_CONTENT_TYPE, type SiteDocument } from "./document.ts";
import { represent } from "./representation.ts";

/** The stylesheet, served at /style.css so the CSP can forbid every inline script and style. */
export const STYLESHEET = `:root{color-scheme:light dark;--muted:#595959;--rule:#8886}
@media (prefers-color-scheme:dark){:root{--muted:#b0b0b0}}
html{background:Canvas;color:CanvasText}
body{font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:42rem;padding:1rem}
header{border-bottom:1px solid var(--rule);margin-bottom:1.5rem;padding-bottom:.5rem}
footer{border-top:1px solid var(--rule);margin-top:2rem;padding-top:.5rem}
h1{font-size:1.6rem;line-height:1.25}
h2{font-size:1.25rem;line-height:1.3}
.meta,figcaption,footer{color:var(--muted);font-size:.9rem}
figure{margin:1.5rem 0;border-left:3px solid var(--rule);padding-left:.75rem}
ol.articles{list-style:none;padding:0}
ol.articles li{margin:0 0 1.75rem}
ol.articles h2{margin-bottom:.25rem}
nav.pagination{display:flex;gap:1.5rem;justify-content:space-between;margin:2rem 0}
a{color:inherit;text-underline-offset:.15em}
a:focus-visible{outline:2px solid currentColor;outline-offset:2px}
ul.inline{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
`;

let stylesheet: Promise<SiteDocument> | undefined;

/** The stylesheet as a document: the same bytes for every site, so rendered once per process. */
export function stylesheetDocument(): Promise<SiteDocument> {
  stylesheet ??= represent(STYLESHEET, CSS_CONTENT_TYPE).then((representation) => ({
    key: "style",
    representation,
    lastModifiedMs: undefined,
    freshness: "poll",
    isFeed: false,
  }));
  return stylesheet;
}
