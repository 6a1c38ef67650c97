import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import * as z from "zod";
import { MAX_FEED_QUERY_LIMIT } from "../urls.ts";

/** The query a feed route knows: `?limit=N`, the number of newest articles (1 to 200). */
export const FEED_QUERY = z.object({
  limit: z
    .string()
    .regex(/^[0-9]{1,3}$/u)
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_FEED_QUERY_LIMIT))
    .optional(),
});

const QUERY_ERRORS: Readonly<Record<string, string>> = {
  limit: `limit must be a whole number from 1 to ${MAX_FEED_QUERY_LIMIT}`,
};

/**
 * Validates the query parameters the route knows; unknown ones (utm_*, cache-busters) are ignored.
 * @throws {HTTPException} 400 with a one-line message naming the parameter.
 */
export function parseQuery<T extends z.ZodObject>(c: Context, schema: T): z.infer<T> {
  // Most requests carry no query at all: skip the parsing.
  if (!c.req.url.includes("?")) return {} as z.infer<T>;
  const known: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = c.req.query(name);
    if (value !== undefined) known[name] = value;
  }
  const result = schema.safeParse(known);
  if (result.success) return result.data;
  const name = String(result.error.issues[0]?.path[0] ?? "query");
  throw new HTTPException(400, { message: QUERY_ERRORS[name] ?? `invalid ${name}` });
}
