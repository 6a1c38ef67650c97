/**
 * Medians, spreads and verdicts of repeated measurements. On a shared machine one run says
 * little: a figure is the median of its repetitions with their range, and a comparison is judged
 * only when that range is narrower than the distance from the limit it is judged against.
 */

/** The median and range of repeated measurements of one figure. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

/** The median and range of `values`; undefined for none (or any that is not a finite number). */
export function spreadOf(values: readonly number[]): Spread | undefined {
  if (values.length === 0 || !values.every(Number.isFinite)) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return {
    median,
    min: sorted[0] as number,
    max: sorted.at(-1) as number,
    count: sorted.length,
  };
}

/** The width of a spread: max − min. */
export function widthOf(spread: Spread): number {
  return spread.max - spread.min;
}

/**
 * The ratios of two figures measured in turns (`a[i]` and `b[i]` in the same turn, one right after
 * the other): a turn's ratio cancels what slowed that turn down for both.
 */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  const count = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let index = 0; index < count; index++) {
    ratios.push((a[index] as number) / (b[index] as number));
  }
  return ratios;
}

export type VerdictKind = "met" | "not met" | "no verdict";

/** Whether a measured ratio keeps a limit, and why (not) when the spread forbids a verdict. */
export interface Verdict {
  readonly kind: VerdictKind;
  /** The ratio's median and range, when measured. */
  readonly measured: Spread | undefined;
  /** How far the median is from the limit (always ≥ 0). */
  readonly gap: number;
  readonly limit: number;
  /** The most of a core other processes took in any of the runs. */
  readonly othersPercent: number;
}

/**
 * The most of a core other processes may take during a run that is judged. Above it, turns can
 * agree with each other and still all be off: the measured server shares its core and its caches.
 */
export const MAX_OTHERS_PERCENT = 25;

/**
 * Judges "at most `limit`" on repeated ratios: met or not met by the median, but no verdict when
 * the ratios' range is wider than the gap between median and limit (the next run could land on
 * the other side), when other processes took more than MAX_OTHERS_PERCENT of a core in any run
 * (`othersPercent`), or when there is nothing to judge. One repetition has no range: no verdict.
 */
export function judgeAtMost(ratios: readonly number[], limit: number, othersPercent = 0): Verdict {
  const measured = spreadOf(ratios);
  if (measured === undefined) return { kind: "no verdict", measured, gap: 0, limit, othersPercent };
  const gap = Math.abs(measured.median - limit);
  const isNoisy = othersPercent > MAX_OTHERS_PERCENT;
  if (measured.count < 2 || widthOf(measured) > gap || isNoisy) {
    return { kind: "no verdict", measured, gap, limit, othersPercent };
  }
  const kind = measured.median <= limit ? "met" : "not met";
  return { kind, measured, gap, limit, othersPercent };
}

/** A verdict in words: `met (1.08×, 1.05–1.10× < 1.15×)`, or why there is none. */
export function verdictText(verdict: Verdict): string {
  const { measured, limit } = verdict;
  if (measured === undefined) return "no verdict: not measured";
  const figures = `${ratioText(measured.median)}, ${rangeText(measured)}`;
  if (verdict.kind === "no verdict") {
    if (measured.count < 2) return `no verdict: one run (${ratioText(measured.median)})`;
    if (widthOf(measured) > verdict.gap) {
      return `no verdict: spread ${ratioText(widthOf(measured))} wider than the gap ${ratioText(verdict.gap)} to ${ratioText(limit)} (${figures})`;
    }
    return `no verdict: others took up to ${verdict.othersPercent.toFixed(0)} % of a core (over ${MAX_OTHERS_PERCENT} %) (${figures})`;
  }
  return `${verdict.kind} (${figures}; limit ${ratioText(limit)})`;
}

function ratioText(value: number): string {
  return `${value.toFixed(2)}×`;
}

function rangeText(spread: Spread): string {
  return `${spread.min.toFixed(2)}–${spread.max.toFixed(2)}×`;
}
