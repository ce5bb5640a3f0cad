import { median } from "./figure";

/**
 * The statistics of the latency and memory benchmarks (chainLatency.bench.ts), kept apart from
 * the graph so that they can be tested on made-up samples.
 */

/**
 * Growth after warm-up [%]: the median of the last 10 % of a time-ordered series against the
 * median of its 10-20 % window (the first 10 % is warm-up: compilation, caches, histories
 * filling). Needs at least 10 samples, so that each window holds one.
 */
export function growthAfterWarmupPercent(series: readonly number[]): number {
  if (series.length < 10) throw new Error(`growth needs at least 10 samples, got ${series.length}`);
  const tenth = Math.floor(series.length / 10);
  const early = median(series.slice(tenth, 2 * tenth));
  const late = median(series.slice(series.length - tenth));
  return ((late - early) / early) * 100;
}

/**
 * Heap bytes allocated per step, from `heapUsed` read before and after each step: the mean of
 * the increases over the steps that no garbage collection interrupted (a collection frees more
 * than one step allocates, so a step whose heap shrank had one and says nothing of its
 * allocation), less what reading the heap costs (`readingCost`, the increase between two
 * readings with nothing between). Undefined when every step had a collection.
 */
export function allocationPerStep(steps: readonly { readonly before: number; readonly after: number }[], readingCost: number): number | undefined {
  const increases = steps.map((s) => s.after - s.before).filter((d) => d >= 0);
  if (increases.length === 0) return undefined;
  return Math.max(0, increases.reduce((sum, d) => sum + d, 0) / increases.length - readingCost);
}
