import { formatAccessLine } from "../../http/access-log.ts";
import { sentBytesOf } from "../../http/responses.ts";
import { isSubscriptionPoll, type SubscriberCounter } from "../../http/subscribers.ts";
import type { ServerMetrics } from "./metrics.ts";

/**
 * What the Node server records of each answered request: the subscriber counts (always), the
 * metrics (METRICS=on) and the access log (ACCESS_LOG=on). It runs after the app has answered,
 * outside it, so the app stays the same on Node and Workers.
 */

export interface ObserverOptions {
  readonly subscribers: SubscriberCounter;
  readonly metrics: ServerMetrics | undefined;
  /** Writes one access log line; undefined when ACCESS_LOG is off. */
  readonly logAccess: ((line: string) => void) | undefined;
  /** TRUST_PROXY=on: the client is the last address in X-Forwarded-For. */
  readonly isProxyTrusted: boolean;
}

/** What is read of Node's request (an http.IncomingMessage; HTTP/2's request has the same). */
export interface IncomingRequest {
  readonly url?: string;
  readonly method?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly socket: { readonly remoteAddress?: string | undefined };
}

/**
 * Records one request; `startedAt` is performance.now() when it arrived, read only by the access
 * log (the caller may pass 0 when ACCESS_LOG is off and spare the clock).
 */
export type Observe = (incoming: IncomingRequest, response: Response, startedAt: number) => void;

/** An observer that does only the work its settings ask for. */
export function createObserver(options: ObserverOptions): Observe {
  const { subscribers, metrics, logAccess, isProxyTrusted } = options;
  return (incoming, response, startedAt) => {
    const target = incoming.url ?? "/";
    const query = target.indexOf("?");
    const path = query === -1 ? target : target.slice(0, query);
    const { status } = response;
    // Only a feed poll needs the client and the clock: any other request costs a path check here.
    if (isSubscriptionPoll(path, status)) {
      const client = clientAddress(incoming, isProxyTrusted);
      subscribers.record(path, status, client, header(incoming, "user-agent"), Date.now());
    }
    if (metrics === undefined && logAccess === undefined) return;
    // The clocks are read for the access log only.
    const durationMs = logAccess === undefined ? 0 : performance.now() - startedAt;
    const arrived = logAccess === undefined ? 0 : Date.now() - durationMs;
    const record = (bytes: number) => {
      metrics?.observeRequest(path, status, bytes);
      logAccess?.(
        formatAccessLine({
          time: arrived,
          client: clientAddress(incoming, isProxyTrusted),
          method: incoming.method ?? "GET",
          path: target,
          status,
          bytes,
          durationMs,
          userAgent: header(incoming, "user-agent"),
        }),
      );
    };
    const bytes = bodyBytes(incoming.method, response);
    if (typeof bytes === "number") record(bytes);
    else void bytes.then(record, () => record(0));
  };
}

/**
 * The body bytes a response sends: 0 for HEAD, 204 and 304; the responder's record for a
 * document (the hot path: no header is read); else its Content-Length, or, for the small text
 * answers that have none (404, 301, /healthz, /metrics), the length of a copy of the body.
 */
function bodyBytes(method: string | undefined, response: Response): number | Promise<number> {
  if (method === "HEAD" || response.status === 204 || response.status === 304) return 0;
  const known = sentBytesOf(response);
  if (known !== undefined) return known;
  const declared = response.headers.get("Content-Length");
  if (declared !== null && /^[0-9]+$/u.test(declared)) return Number(declared);
  return response
    .clone()
    .arrayBuffer()
    .then((body) => body.byteLength);
}

/**
 * The client's address: the peer of the connection, or with TRUST_PROXY=on the last address of
 * X-Forwarded-For, the one the proxy in front appended (nginx's $proxy_add_x_forwarded_for).
 * Earlier entries came from the client and could be anything, so they are never used.
 */
export function clientAddress(incoming: IncomingRequest, isProxyTrusted: boolean): string {
  if (isProxyTrusted) {
    const forwarded = header(incoming, "x-forwarded-for");
    const last = forwarded.slice(forwarded.lastIndexOf(",") + 1).trim();
    // An address is at most 45 characters (IPv6 with an IPv4 tail); anything longer is not one.
    if (last !== "" && last.length <= 64) return last;
  }
  return incoming.socket.remoteAddress ?? "";
}

function header(incoming: IncomingRequest, name: string): string {
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? "");
}
