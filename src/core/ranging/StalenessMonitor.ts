import { requireNumber } from "./RangeFilter";

/**
 * Remembers when the last good output was produced and says whether it is too old to use. Time
 * is always passed in [s] (message stamps or the node's clock), never read here.
 */
export class StalenessMonitor {
  readonly timeoutS: number;
  private lastGoodS = Number.NaN;

  /** @param timeout_s age after which the output is stale [s], > 0 */
  constructor(timeout_s: number) {
    this.timeoutS = requireNumber("timeout_s", timeout_s, 0, true);
  }

  markGood(stamp_s: number): void {
    this.lastGoodS = stamp_s;
  }

  /** Age of the last good output at `now_s` [s]; +Inf when there never was one. */
  age(now_s: number): number {
    return Number.isNaN(this.lastGoodS) ? Number.POSITIVE_INFINITY : now_s - this.lastGoodS;
  }

  /** True when no good output arrived within the timeout (or ever). */
  isStale(now_s: number): boolean {
    return !(this.age(now_s) <= this.timeoutS);
  }

  reset(): void {
    this.lastGoodS = Number.NaN;
  }
}
