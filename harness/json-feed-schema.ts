import * as z from "zod";

/**
 * A strict zod schema of JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), for checking the
 * publisher's own output. There is no official JSON Schema, so every rule below cites the section
 * of the spec it comes from. Where this is stricter than the spec (unknown keys, the 1.0 `author`
 * field, URL schemes) the comment says so: readers must tolerate those, our output must not have them.
 */

export const JSON_FEED_1_1_VERSION = "https://jsonfeed.org/version/1.1";

// "Extensions": names "must start with an `_` character followed by a letter" and "must not
// contain any `.` characters".
const EXTENSION_NAME = /^_[A-Za-z][^.]*$/;

// "Top-level" → `language`: RFC 5646 (BCP 47) tag, "usually a 2-letter language tag … optionally
// followed by a region tag". Checked loosely: a 2–3 letter ISO 639 primary subtag (or the `x`/`i`
// singletons of private-use and grandfathered tags), then 1–8 character alphanumeric subtags.
// The 4–8 letter primary subtags RFC 5646 §2.2.1 reserves are never assigned in practice, and
// allowing them would let a language name such as "Deutsch" through.
const LANGUAGE_TAG = /^(?:[A-Za-z]{2,3}|[xXiI])(?:-[A-Za-z0-9]{1,8})*$/;

// "Items" → `date_published`: RFC 3339 §5.6 `date-time`, in the upper-case form we emit
// (§5.6 also lets readers accept a lower-case "t"/"z"; a publisher has no reason to write them).
const RFC_3339_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** RFC 3339 §5.6 grammar plus the §5.7 range limits, so "2025-02-30T…" or "…T24:00:00Z" fail. */
function isRfc3339DateTime(value: string): boolean {
  const match = RFC_3339_DATE_TIME.exec(value);
  if (!match) return false;
  // With "Z" the offset groups are unset; 0 is the offset "Z" stands for.
  const [
    ,
    year = 0,
    month = 0,
    day = 0,
    hour = 0,
    minute = 0,
    second = 0,
    offsetHour = 0,
    offsetMinute = 0,
  ] = match.map((group) => Number(group ?? 0));
  if (month < 1 || month > 12) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (day < 1 || day > daysInMonth) return false;
  // §5.7: seconds may be 60 for a leap second; offsets are ordinary hours and minutes.
  if (hour > 23 || minute > 59 || second > 60) return false;
  return offsetHour <= 23 && offsetMinute <= 59;
}

const rfc3339DateTime = z
  .string()
  .refine(
    isRfc3339DateTime,
    "must be an RFC 3339 date-time such as 2010-02-07T14:04:00-05:00 (spec: Items, date_published)",
  );

/**
 * An absolute URL that `new URL` parses and that starts with one of `prefixes`. The prefix check
 * also keeps out "https:example.org", which WHATWG URL parsing would quietly repair.
 */
function absoluteUrl(prefixes: readonly string[], message: string) {
  return z.string().refine((value) => {
    if (!prefixes.some((prefix) => value.toLowerCase().startsWith(prefix))) return false;
    try {
      new URL(value);
      return true;
    } catch {
      return false;
    }
  }, message);
}

// The spec only says "URL"; for our own output that means an absolute http(s) URL, because a
// relative path has no base to resolve against in a feed reader, and a javascript: link is a bug.
const webUrl = absoluteUrl(["http://", "https://"], "must be an absolute http(s) URL");

// "Top-level" → author `url`: "The URL could be a mailto: link".
const authorUrl = absoluteUrl(
  ["http://", "https://", "mailto:"],
  "must be an absolute http(s) or mailto: URL",
);

const languageTag = z
  .string()
  .regex(LANGUAGE_TAG, "must be an RFC 5646 language tag such as de or en-US (spec: Top-level)");

type KeyRuleContext = { addIssue: (issue: z.core.$ZodRawIssue) => void };

/**
 * Flags every key that is neither defined by the spec for this object nor a valid extension.
 * The spec lets readers ignore unknown keys ("Future Compatibility"), but for our own output an
 * unknown key is a typo or a leftover, so we fail on it.
 */
function checkKeys(
  value: Record<string, unknown>,
  allowed: ReadonlySet<string>,
  where: string,
  ctx: KeyRuleContext,
): void {
  for (const [key, member] of Object.entries(value)) {
    if (allowed.has(key)) continue;
    if (key === "author") {
      // "Deprecations": 1.0's singular `author` stays readable, but "New feeds should use
      // `authors`". We are a new feed, so emitting it is an error here.
      ctx.addIssue({
        code: "custom",
        path: [key],
        input: member,
        message:
          'the JSON Feed 1.0 field "author" is deprecated in 1.1; emit "authors" (an array of author objects) instead (spec: Deprecations)',
      });
      continue;
    }
    if (!key.startsWith("_")) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        input: member,
        message: `unknown ${where} key "${key}": JSON Feed 1.1 does not define it, and extension names must start with "_" (spec: Extensions)`,
      });
      continue;
    }
    if (!EXTENSION_NAME.test(key)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        input: member,
        message: `extension name "${key}" must be "_" followed by a letter and contain no "." (spec: Extensions)`,
      });
      continue;
    }
    // "Extensions": "Publishers can use custom objects"; "its member keys must not contain any
    // `.` characters".
    if (typeof member !== "object" || member === null || Array.isArray(member)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        input: member,
        message: `extension "${key}" must be an object (spec: Extensions)`,
      });
      continue;
    }
    for (const memberKey of Object.keys(member)) {
      if (memberKey.includes(".")) {
        ctx.addIssue({
          code: "custom",
          path: [key, memberKey],
          input: member,
          message: `extension member key "${memberKey}" must not contain "." (spec: Extensions)`,
        });
      }
    }
  }
}

/**
 * zod skips refinements once a property has failed; the key and cross-field rules only look at
 * the raw object, so they run regardless and one parse reports every problem at once.
 */
const onAnyObject = {
  when: (payload: z.core.ParsePayload) =>
    typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value),
};

/** A `z.looseObject` whose unknown keys are then checked by `checkKeys`. */
function specObject<Shape extends z.core.$ZodLooseShape>(
  shape: Shape,
  where: string,
  extraRules?: (value: Record<string, unknown>, ctx: KeyRuleContext) => void,
) {
  const allowed = new Set(Object.keys(shape));
  return z.looseObject(shape).superRefine((value, ctx) => {
    const raw = value as Record<string, unknown>;
    checkKeys(raw, allowed, where, ctx);
    extraRules?.(raw, ctx);
  }, onAnyObject);
}

// "Top-level" → `authors`: "These are all optional — but if you provide an author object, then at
// least one is required".
export const JsonFeedAuthorSchema = specObject(
  {
    name: z.string().optional(),
    url: authorUrl.optional(),
    avatar: webUrl.optional(),
  },
  "author",
  (author, ctx) => {
    if (author.name === undefined && author.url === undefined && author.avatar === undefined) {
      ctx.addIssue({
        code: "custom",
        path: [],
        input: author,
        message:
          'an author object needs at least one of "name", "url" or "avatar" (spec: Top-level, authors)',
      });
    }
  },
);

// "Top-level" → `authors` "specifies one or more feed authors": an empty array says nothing.
const authors = z
  .array(JsonFeedAuthorSchema)
  .min(1, "must list one or more authors, or be left out (spec: Top-level, authors)");

// "Top-level" → `hubs`: "Each object has a `type` and `url`, both of which are required."
export const JsonFeedHubSchema = specObject(
  {
    type: z.string().min(1, "must name the hub protocol, such as WebSub (spec: Top-level, hubs)"),
    url: webUrl,
  },
  "hub",
);

// "Attachments": `url` and `mime_type` are required; `size_in_bytes` and `duration_in_seconds`
// are numbers. The spec says only "number": a negative size or length is a publisher bug, and a
// fractional byte count is one too.
export const JsonFeedAttachmentSchema = specObject(
  {
    url: webUrl,
    mime_type: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'must be a MIME type such as "audio/mpeg"'),
    title: z.string().optional(),
    size_in_bytes: z.number().int().nonnegative().optional(),
    duration_in_seconds: z.number().nonnegative().optional(),
  },
  "attachment",
);

// "Items".
export const JsonFeedItemSchema = specObject(
  {
    // "`id` (required, string) is unique for that item for that feed over time": 1.0 feeds often
    // used numbers, 1.1 requires a string. An empty string cannot identify anything.
    id: z.string({ error: "must be a string (spec: Items, id)" }).min(1, "must not be empty"),
    url: webUrl.optional(),
    external_url: webUrl.optional(),
    title: z.string().optional(),
    content_html: z.string().optional(),
    content_text: z.string().optional(),
    summary: z.string().optional(),
    // "`image` … is the URL of the main image"; "`banner_image` … is the URL of an image".
    image: webUrl.optional(),
    banner_image: webUrl.optional(),
    date_published: rfc3339DateTime.optional(),
    date_modified: rfc3339DateTime.optional(),
    authors: authors.optional(),
    tags: z.array(z.string()).optional(),
    language: languageTag.optional(),
    attachments: z.array(JsonFeedAttachmentSchema).optional(),
  },
  "item",
  (item, ctx) => {
    // "`content_html` and `content_text` are each optional strings — but one or both must be
    // present."
    if (item.content_html === undefined && item.content_text === undefined) {
      ctx.addIssue({
        code: "custom",
        path: [],
        input: item,
        message:
          'an item needs "content_html" or "content_text", or both (spec: Items, content_html)',
      });
    }
  },
);

// "Top-level".
export const JsonFeed11Schema = specObject(
  {
    // "`version` (required, string) is the URL of the version of the format the feed uses."
    version: z.literal(JSON_FEED_1_1_VERSION, {
      error: `must be "${JSON_FEED_1_1_VERSION}" (spec: Top-level, version)`,
    }),
    title: z.string({ error: "must be a string and is required (spec: Top-level, title)" }),
    home_page_url: webUrl.optional(),
    feed_url: webUrl.optional(),
    description: z.string().optional(),
    user_comment: z.string().optional(),
    next_url: webUrl.optional(),
    icon: webUrl.optional(),
    favicon: webUrl.optional(),
    authors: authors.optional(),
    language: languageTag.optional(),
    expired: z.boolean().optional(),
    hubs: z
      .array(JsonFeedHubSchema)
      .min(
        1,
        "must list one or more hubs, or be left out (spec: Subscribing to Real-time Notifications)",
      )
      .optional(),
    // "Items": "`items` is an array, and is required."
    items: z.array(JsonFeedItemSchema, {
      error: "must be an array and is required (spec: Items)",
    }),
  },
  "top-level",
  (feed, ctx) => {
    // "Top-level" → `next_url`: "must not be the same as `feed_url`" (to avoid infinite loops).
    if (typeof feed.next_url === "string" && feed.next_url === feed.feed_url) {
      ctx.addIssue({
        code: "custom",
        path: ["next_url"],
        input: feed.next_url,
        message: 'must not be the same as "feed_url" (spec: Top-level, next_url)',
      });
    }
    // "Items" → `id` "is unique for that item for that feed".
    if (!Array.isArray(feed.items)) return;
    const firstIndexById = new Map<string, number>();
    feed.items.forEach((item: unknown, index) => {
      if (typeof item !== "object" || item === null) return;
      const id = (item as Record<string, unknown>).id;
      if (typeof id !== "string") return;
      const first = firstIndexById.get(id);
      if (first === undefined) {
        firstIndexById.set(id, index);
        return;
      }
      ctx.addIssue({
        code: "custom",
        path: ["items", index, "id"],
        input: id,
        message: `duplicate id "${id}", already used by items[${first}] (spec: Items, id)`,
      });
    });
  },
);

export type JsonFeed11 = z.infer<typeof JsonFeed11Schema>;
export type JsonFeedItem = z.infer<typeof JsonFeedItemSchema>;
export type JsonFeedAuthor = z.infer<typeof JsonFeedAuthorSchema>;

/** Renders an issue path the way a reader would look it up: items[0].authors[1].name. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path
    .map((segment, index) => {
      if (typeof segment === "number") return `[${segment}]`;
      const key = String(segment);
      return index === 0 ? key : `.${key}`;
    })
    .join("");
}

/**
 * Parses JSON text and checks it against {@link JsonFeed11Schema}.
 * @throws {Error} listing every problem, one `path: message` per line.
 */
export function assertValidJsonFeed(text: string): JsonFeed11 {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`not a valid JSON Feed 1.1 document:\n(root): not JSON: ${reason}`);
  }
  const result = JsonFeed11Schema.safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new Error(`not a valid JSON Feed 1.1 document:\n${lines.join("\n")}`);
}
