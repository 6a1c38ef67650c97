import type { ArticleMeta } from "../../articles/schema.ts";

/**
 * A copy of the metadata whose strings own their characters. V8 makes a substring a view into
 * its parent, so a title cut from a seed's first line would keep the whole file's text alive:
 * for a 100k archive that was over a gigabyte held for a few hundred bytes each.
 */
export function detachStrings(meta: ArticleMeta): ArticleMeta {
  const own = (text: string) => Buffer.from(text, "utf8").toString("utf8");
  return {
    ...meta,
    id: own(meta.id),
    title: own(meta.title),
    summary: own(meta.summary),
    textCredits: meta.textCredits.map(own),
    photoCredits: meta.photoCredits.map((photo) => ({
      credit: own(photo.credit),
      caption: own(photo.caption),
    })),
    creditMarkers: meta.creditMarkers.map(own),
    sourceFile: own(meta.sourceFile),
  };
}
