import type { FeedFormat } from "../urls.ts";

/**
 * Where the items of each format's rendered document begin and each one ends, as our writers
 * lay them out (feeds/xml.ts indents by two spaces, json-feed.ts by two): RSS items inside
 * `<channel>`, Atom entries inside `<feed>`, JSON Feed objects in `"items"`. Text is always
 * escaped (`<` is `&lt;`, a newline in a JSON string is `\n`), so no article can write these.
 */
const ITEM_LAYOUT: Readonly<Record<FeedFormat, { readonly start: string; readonly end: string }>> =
  {
    rss: { start: "\n    <item>", end: "\n    </item>" },
    atom: { start: "\n  <entry>", end: "\n  </entry>" },
    json: { start: '\n  "items": [', end: "\n    }" },
  };

/**
 * The document `render` would make of the first `count` items of the model `text` was rendered
 * from, when nothing but the items differs (the caller's to know: same title, dates, links):
 * `text` cut after its `count`-th item and closed as it was closed. All of `text` when it holds
 * no more than `count` items. The Worker answers `?limit=N` this way from the rendered feed
 * instead of rendering N articles again.
 */
export function firstItems(text: string, format: FeedFormat, count: number): string {
  const { start, end } = ITEM_LAYOUT[format];
  const itemsStart = text.indexOf(start);
  if (itemsStart === -1) return text;
  let cut = -1;
  let last = -1;
  let found = 0;
  for (let at = text.indexOf(end, itemsStart); at !== -1; at = text.indexOf(end, at + 1)) {
    found++;
    last = at + end.length;
    if (found === count) cut = last;
  }
  if (cut === -1 || cut === last) return text;
  return text.slice(0, cut) + text.slice(last);
}
