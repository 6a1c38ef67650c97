import { CSS_CONTENT_TYPE, type SiteDocument } from "./document.ts";
import { represent, type Sha256, subtleSha256 } from "./representation.ts";

/**
 * The built-in stylesheet, served at /style.css so the CSP can forbid every inline script and
 * style. Long text is set in a serif for reading (the system's, nothing is downloaded); names,
 * dates, captions and navigation in the system's sans-serif. Sizes follow a scale of about 1.2
 * from an 18px body. STYLESHEET replaces it whole (docs/pages.md).
 */
export const STYLESHEET = `:root{color-scheme:light dark;--paper:#fdfcfa;--ink:#1c1b1a;--muted:#5b5955;--rule:#d8d4cc;--accent:#9b1c1c;--serif:Charter,"Bitstream Charter","Sitka Text",Cambria,"Noto Serif","Liberation Serif","DejaVu Serif",Georgia,serif;--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif}
@media (prefers-color-scheme:dark){:root{--paper:#161513;--ink:#ebe8e3;--muted:#aeaaa3;--rule:#3d3a35;--accent:#f29b8f}}
html{background:var(--paper);color:var(--ink);-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{font:1.125rem/1.6 var(--serif);margin:0 auto;max-width:42rem;padding:1.25rem 1rem 2.5rem;overflow-wrap:break-word}
a{color:inherit;text-decoration-thickness:1px;text-underline-offset:.18em}
a:hover{text-decoration-thickness:2px}
a:focus-visible{outline:2px solid var(--accent);outline-offset:3px;border-radius:2px}
h1,h2{font-family:var(--serif);font-weight:700;line-height:1.2;letter-spacing:-.01em;text-wrap:balance}
h1{font-size:clamp(1.75rem,1.3rem + 2vw,2.375rem);margin:0 0 .75rem}
h2{font-size:1.375rem;margin:2rem 0 .5rem}
p{margin:0 0 1rem}
.masthead{border-bottom:3px double var(--ink);padding-bottom:.75rem;margin-bottom:2rem}
.site-name{font:700 1.375rem/1.2 var(--sans);letter-spacing:.005em;margin:0}
.site-name a{text-decoration:none;display:inline-flex;align-items:center;gap:.6rem}
.site-name a:hover span{text-decoration:underline}
.logo{display:block;height:2.5rem;width:auto;max-width:100%}
.tagline{font:1rem/1.45 var(--sans);color:var(--muted);margin:.35rem 0 0}
.meta{font:.875rem/1.45 var(--sans);color:var(--muted);margin:0 0 1rem}
.credit,figcaption small{display:inline-block;max-width:100%}
ol.articles{list-style:none;margin:0;padding:0}
h1+ol.articles{margin-top:1.75rem}
ol.articles>li{border-bottom:1px solid var(--rule);margin:0 0 1.5rem;padding:0 0 1.5rem}
ol.articles>li:last-child{border-bottom:0}
ol.articles h2{font-size:1.375rem;margin:0 0 .35rem}
ol.articles h2 a{text-decoration:none}
ol.articles h2 a:hover{text-decoration:underline}
ol.articles .meta{margin-bottom:.5rem}
ol.articles p:last-child{margin-bottom:0}
article>h1+.meta{margin-bottom:1.5rem}
article>.meta+p{font-size:1.25rem;line-height:1.5}
article>h2{font-size:1.25rem;margin:2rem 0 .5rem}
figure{margin:1.75rem 0}
figcaption{font:.9375rem/1.45 var(--sans);color:var(--muted);border-top:1px solid var(--rule);padding-top:.5rem}
figcaption small{font-size:.8125rem;letter-spacing:.01em}
nav.pagination{display:flex;flex-wrap:wrap;gap:1rem;justify-content:space-between;font-family:var(--sans);margin:2rem 0}
nav.pagination a[rel=next]{margin-left:auto}
nav.neighbours{display:grid;grid-template-columns:1fr 1fr;gap:1rem 2rem;border-top:1px solid var(--rule);margin-top:2.5rem;padding-top:1rem}
nav.neighbours a{display:block;text-decoration:none}
nav.neighbours a[rel=next]{grid-column:2;text-align:right}
nav.neighbours .label{display:block;font:.8125rem/1.4 var(--sans);color:var(--muted);margin-bottom:.2rem}
nav.neighbours .title{font-weight:700;line-height:1.3}
nav.neighbours a:hover .title{text-decoration:underline}
@media (max-width:30rem){nav.neighbours{grid-template-columns:1fr}nav.neighbours a[rel=next]{grid-column:1;text-align:left}}
ul.feeds{list-style:none;margin:0 0 1.5rem;padding:0}
ul.feeds li{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem 1rem;justify-content:space-between;border-bottom:1px solid var(--rule);padding:.5rem 0}
.feed-name{font-weight:700}
.formats,.feed-list{font-family:var(--sans);font-size:.9375rem}
footer{font:.875rem/1.5 var(--sans);color:var(--muted);border-top:1px solid var(--rule);margin-top:3rem;padding-top:.75rem}
footer p{margin:0}
`;

let stylesheet: { readonly css: string; readonly document: Promise<SiteDocument> } | undefined;

/**
 * The stylesheet as a document: the built-in one, or the text of the STYLESHEET file a runtime
 * read, at the same URL with the same caching. The same bytes for every site of a process, so
 * rendered once.
 */
export function stylesheetDocument(
  css: string = STYLESHEET,
  sha256: Sha256 = subtleSha256,
): Promise<SiteDocument> {
  if (stylesheet?.css !== css) {
    const document = represent(css, CSS_CONTENT_TYPE, sha256).then(
      (representation): SiteDocument => ({
        key: "style",
        representation,
        lastModifiedMs: undefined,
        freshness: "poll",
        isFeed: false,
      }),
    );
    stylesheet = { css, document };
  }
  return stylesheet.document;
}
