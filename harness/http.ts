import { request } from "node:http";
import { createServer } from "node:net";
import { type Child, ChildError, tail } from "./child.ts";
import { sleep } from "./sleep.ts";

/** Loopback HTTP for the harness: a free port, raw GETs, and waiting until a child answers. */

/** A port that was free a moment ago on 127.0.0.1. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => {
        if (typeof address === "object" && address !== null) resolve(address.port);
        else reject(new Error(`cannot find a free port: got ${String(address)}`));
      });
    });
  });
}

/** A response as it came over the wire: no decompression, no redirects. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Header names (as sent, in order) and values, alternating: Node's rawHeaders. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  /** performance.now() when the status line and headers had arrived: the first byte. */
  readonly receivedAt: number;
}

/**
 * One GET on a fresh connection with exactly these headers.
 * @throws {Error} when the connection fails or no answer comes within `timeoutMs`.
 */
export function httpGet(
  url: string,
  headers: Readonly<Record<string, string>> = {},
  timeoutMs = 5_000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "GET", headers, agent: false, timeout: timeoutMs },
      (res) => {
        const receivedAt = performance.now();
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body: Buffer.concat(chunks),
            receivedAt,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

/** A header's single value. */
export function header(response: RawResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * Polls `url` every 10 ms (identity, a fresh connection each time) until it answers `status`;
 * resolves with the moment that response's headers arrived.
 * @throws {ChildError} when `child` ends first or `timeoutMs` passes.
 */
export async function waitForStatus(
  child: Child,
  url: string,
  status: number,
  timeoutMs: number,
): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (child.hasExited()) {
      throw new ChildError(`${child.name} ended while starting${tail(child.lines)}`);
    }
    try {
      const response = await httpGet(url, { "Accept-Encoding": "identity" }, 30_000);
      if (response.status === status) return response.receivedAt;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs) {
      throw new ChildError(
        `${child.name}: ${url} did not answer ${status} within ${timeoutMs} ms${tail(child.lines)}`,
      );
    }
    await sleep(10);
  }
}
