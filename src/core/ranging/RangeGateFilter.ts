import { zeroValue, type ZeroMeaning } from "./rep117";
import type { ScanBuffer } from "./ScanBuffer";
import type { ScanFilter } from "./ScanFilter";

export interface RangeGateFilterOptions {
  /** Extra lower limit [m]; the effective one is max(this, scan.range_min). Default 0. */
  readonly lower_threshold_m?: number;
  /** Extra upper limit [m]; the effective one is min(this, scan.range_max). Default +Inf. */
  readonly upper_threshold_m?: number;
  /** What an exact 0 from the driver means: "invalid" (NaN, the default), "too_close" (-Inf), "no_return" (+Inf) or "number". */
  readonly zero_means?: ZeroMeaning;
}

/**
 * REP-117 gate: NaN / -Inf / +Inf keep their meaning, a finite range below the limit becomes -Inf
 * (too close), above it +Inf (no return within range). The scan's range_min / range_max are
 * narrowed to the effective limits, so consumers judge validity the same way.
 */
export class RangeGateFilter implements ScanFilter {
  readonly type = "range_gate";
  readonly lastReason = "";
  private readonly lower: number;
  private readonly upper: number;
  private readonly zero: ZeroMeaning;

  constructor({ lower_threshold_m = 0, upper_threshold_m = Number.POSITIVE_INFINITY, zero_means = "invalid" }: RangeGateFilterOptions = {}) {
    if (!(lower_threshold_m >= 0) || !Number.isFinite(lower_threshold_m)) {
      throw new Error(`lower_threshold_m must be a finite number >= 0, got ${lower_threshold_m}`);
    }
    if (!(upper_threshold_m > lower_threshold_m)) {
      throw new Error(`upper_threshold_m must be > lower_threshold_m (${lower_threshold_m}), got ${upper_threshold_m}`);
    }
    this.lower = lower_threshold_m;
    this.upper = upper_threshold_m;
    this.zero = zero_means;
  }

  update(scan: ScanBuffer): boolean {
    const lo = Math.max(this.lower, scan.rangeMin);
    const hi = Math.min(this.upper, scan.rangeMax);
    scan.rangeMin = lo;
    scan.rangeMax = hi;
    const zeroReplacement = zeroValue(this.zero);
    const replaceZero = this.zero !== "number";
    const r = scan.ranges;
    for (let i = 0; i < scan.count; i++) {
      const v = r[i] ?? Number.NaN;
      if (v === 0 && replaceZero) r[i] = zeroReplacement;
      else if (v < lo) r[i] = Number.NEGATIVE_INFINITY;
      else if (v > hi) r[i] = Number.POSITIVE_INFINITY;
    }
    return true;
  }

  reset(): void {
    // stateless
  }
}
