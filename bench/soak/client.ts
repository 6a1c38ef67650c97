import { mulberry32 } from "../../src/corpus/rng.ts";
import type { FeedFormat } from "../../src/urls.ts";
import { messageOf } from "./errors.ts";
import type { Failures } from "./failures.ts";
import { checkFeedBody } from "./feed-body.ts";
import {
  CHECK_EVERY,
  CLIENTS,
  MAX_FAILURES,
  MAX_REQUESTS,
  REQUEST_TIMEOUT_MS,
} from "./settings.ts";
import type { Stats } from "./stats.ts";
import { type MixSite, nextProbe, type Probe } from "./traffic-mix.ts";

/** The soak's keep-alive clients: they send the mix, record every answer and check what they can. */

/** Requests sent by all phases together, against MAX_REQUESTS. */
export interface RequestBudget {
  issued: number;
  isCapReached: boolean;
}

/** Everything the client loops of one phase share. */
export interface World {
  readonly baseUrl: string;
  readonly site: MixSite;
  readonly failures: Failures;
  readonly stats: Stats;
  readonly checked: Record<FeedFormat, number>;
  readonly seen: Record<FeedFormat, number>;
  readonly budget: RequestBudget;
  /** Aborted on Ctrl-C, SIGTERM or the watchdog: every loop and every request stops. */
  readonly signal: AbortSignal;
  /** Set to stop every loop at its next request. */
  isStopping: boolean;
}

/** Sends one probe, records it, and checks what can be checked. */
async function send(world: World, probe: Probe, etags: Map<string, string>): Promise<void> {
  const headers: Record<string, string> = { "Accept-Encoding": probe.encoding };
  if (probe.ifNoneMatch !== undefined) headers["If-None-Match"] = probe.ifNoneMatch;
  const label = `${probe.method} ${probe.path} (${probe.encoding})`;
  const started = performance.now();
  try {
    const response = await fetch(`${world.baseUrl}${probe.path}`, {
      method: probe.method,
      headers,
      redirect: "manual",
      signal: AbortSignal.any([world.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
    const status = response.status;
    const format = status === 200 && probe.method === "GET" ? probe.format : undefined;
    const isChecked = format !== undefined && ++world.seen[format] % CHECK_EVERY === 0;
    // Always read the whole body: a cut-off body is a dropped connection, and keep-alive needs it.
    const body = isChecked ? await response.text() : await response.arrayBuffer();
    world.stats.record(probe.kind, String(status), performance.now() - started);
    const etag = response.headers.get("ETag");
    if (etag !== null && probe.format !== undefined)
      etags.set(`${probe.path} ${probe.encoding}`, etag);
    if (status >= 500) world.failures.add("5xx response", `${label} → ${status}`);
    else if (!probe.expected.includes(status)) {
      world.failures.add(
        "unexpected status",
        `${label} → ${status}, expected ${probe.expected.join(" or ")}`,
      );
    }
    // Feeds are always over the 1 KiB below which the server sends identity bytes.
    if (status === 200 && probe.format !== undefined && probe.encoding !== "identity") {
      const encoding = response.headers.get("Content-Encoding");
      if (encoding !== probe.encoding) {
        world.failures.add("wrong Content-Encoding", `${label} → ${encoding ?? "none"}`);
      }
    }
    if (
      probe.method === "HEAD" &&
      (typeof body === "string" ? body.length : body.byteLength) !== 0
    ) {
      world.failures.add("HEAD with a body", label);
    }
    if (isChecked && typeof body === "string") {
      try {
        checkFeedBody(format, body);
        world.checked[format]++;
      } catch (error) {
        world.failures.add(
          "malformed feed body",
          `${label}: ${messageOf(error).split("\n", 2).join(" ")}`,
        );
      }
    }
  } catch (error) {
    world.stats.record(probe.kind, "network error", performance.now() - started);
    world.failures.add(
      "network error or dropped connection",
      `${label}: ${describeFetchError(error)}`,
    );
  }
}

function describeFetchError(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  const detail = cause === undefined ? "" : ` (${cause.code ?? cause.message})`;
  return `${messageOf(error)}${detail}`;
}

/** Runs CLIENTS loops of mixed requests until `untilMs` (epoch ms), the request cap, or a stop. */
export async function runClients(world: World, untilMs: number, seed: number): Promise<void> {
  const loop = async (client: number) => {
    const rng = mulberry32(seed * 1_000 + client);
    const etags = new Map<string, string>();
    while (!world.isStopping && !world.signal.aborted && Date.now() < untilMs) {
      if (world.budget.issued >= MAX_REQUESTS) {
        world.budget.isCapReached = true;
        return;
      }
      if (world.failures.total >= MAX_FAILURES) return;
      world.budget.issued++;
      await send(world, nextProbe(rng, world.site, etags), etags);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, client) => loop(client)));
}

/** Sends every probe once, CLIENTS at a time. */
export async function runSweep(world: World, probes: readonly Probe[]): Promise<void> {
  let next = 0;
  const etags = new Map<string, string>();
  const loop = async () => {
    while (
      next < probes.length &&
      !world.isStopping &&
      !world.signal.aborted &&
      world.failures.total < MAX_FAILURES
    ) {
      const probe = probes[next++] as Probe;
      world.budget.issued++;
      await send(world, probe, etags);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, loop));
}
