import { HTTPException } from "hono/http-exception";
import type { HttpSettings } from "./settings.ts";

/**
 * RFC 9110 §15.5.15: a request target (path and query, as the runtime decoded the request line)
 * longer than MAX_URL_LENGTH, or a query longer than MAX_QUERY_LENGTH, gets 414 URI Too Long.
 * @throws {HTTPException} 414 naming the limit.
 */
export function assertRequestLength(
  url: string,
  settings: Pick<HttpSettings, "maxUrlLength" | "maxQueryLength">,
): void {
  const pathStart = url.indexOf("/", url.indexOf("//") + 2);
  const target = pathStart === -1 ? "/" : url.slice(pathStart);
  if (target.length > settings.maxUrlLength) {
    throw new HTTPException(414, {
      message: `URL is ${target.length} characters long, more than MAX_URL_LENGTH (${settings.maxUrlLength}).`,
    });
  }
  const queryStart = target.indexOf("?");
  const queryLength = queryStart === -1 ? 0 : target.length - queryStart - 1;
  if (queryLength > settings.maxQueryLength) {
    throw new HTTPException(414, {
      message: `Query is ${queryLength} characters long, more than MAX_QUERY_LENGTH (${settings.maxQueryLength}).`,
    });
  }
}
