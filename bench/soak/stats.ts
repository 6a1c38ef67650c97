import { MAX_REQUESTS, MIB } from "./settings.ts";

/** Counters of one phase of the soak, and how its figures read on the console. */

/** Every request's latency and kind, and the count of each status. */
export class Stats {
  readonly latencies: Float64Array;
  readonly kinds: Uint8Array;
  readonly kindNames: string[] = [];
  count = 0;
  readonly byStatus = new Map<string, number>();

  /** Keeps the latencies of the first `capacity` requests; later ones are only counted. */
  constructor(capacity = MAX_REQUESTS) {
    this.latencies = new Float64Array(capacity);
    this.kinds = new Uint8Array(capacity);
  }

  record(kind: string, status: string, ms: number): void {
    let kindId = this.kindNames.indexOf(kind);
    if (kindId === -1) kindId = this.kindNames.push(kind) - 1;
    if (this.count < this.latencies.length) {
      this.latencies[this.count] = ms;
      this.kinds[this.count] = kindId;
    }
    this.count++;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }

  /** Sorted latencies of one kind, or of all requests. */
  sortedLatencies(kind?: string): Float64Array {
    const recorded = Math.min(this.count, this.latencies.length);
    if (kind === undefined) return this.latencies.slice(0, recorded).sort();
    const kindId = this.kindNames.indexOf(kind);
    return this.latencies
      .slice(0, recorded)
      .filter((_, at) => this.kinds[at] === kindId)
      .sort();
  }
}

/** The nearest-rank percentile of sorted values (`fraction` 0.5 is the median); NaN for none. */
export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

/** `p50 …, p90 …, p99 …, max …` of sorted latencies. */
export const latencySummary = (sorted: Float64Array) =>
  `p50 ${ms(percentile(sorted, 0.5))}, p90 ${ms(percentile(sorted, 0.9))}, p99 ${ms(percentile(sorted, 0.99))}, max ${ms(sorted.at(-1) ?? Number.NaN)}`;

export const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
export const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;

/** `key: count, …` sorted by key. */
export const counts = (map: ReadonlyMap<string, number>) =>
  [...map]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => `${key}: ${count}`)
    .join(", ");
