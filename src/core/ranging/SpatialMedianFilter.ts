import { isValidRange } from "./rep117";
import type { ScanBuffer } from "./ScanBuffer";
import type { ScanFilter } from "./ScanFilter";
import { medianInPlace } from "./sortedMedian";

export interface SpatialMedianFilterOptions {
  /** Beams in the median window, odd, 3..31. Default 3. */
  readonly window?: number;
}

/**
 * Median across neighbouring beams. Only valid beams replace valid beams: a non-valid beam
 * (NaN / +-Inf) keeps its REP-117 meaning, and non-valid neighbours are left out of the median.
 * Removes single-beam noise spikes but rounds corners; use a small window.
 */
export class SpatialMedianFilter implements ScanFilter {
  readonly type = "spatial_median";
  readonly lastReason = "";
  private readonly half: number;
  private input = new Float32Array(0);
  private readonly window: Float64Array;

  constructor({ window = 3 }: SpatialMedianFilterOptions = {}) {
    if (!Number.isInteger(window) || window < 3 || window > 31 || window % 2 === 0) {
      throw new Error(`window must be an odd integer in [3, 31], got ${window}`);
    }
    this.half = (window - 1) / 2;
    this.window = new Float64Array(window);
  }

  update(scan: ScanBuffer): boolean {
    const n = scan.count;
    if (this.input.length < n) this.input = new Float32Array(n);
    const input = this.input;
    input.set(scan.ranges.subarray(0, n));
    const lo = scan.rangeMin;
    const hi = scan.rangeMax;
    for (let i = 0; i < n; i++) {
      if (!isValidRange(input[i] ?? Number.NaN, lo, hi)) continue;
      let k = 0;
      const jEnd = Math.min(n - 1, i + this.half);
      for (let j = Math.max(0, i - this.half); j <= jEnd; j++) {
        const v = input[j] ?? Number.NaN;
        if (isValidRange(v, lo, hi)) this.window[k++] = v;
      }
      scan.ranges[i] = medianInPlace(this.window, k);
    }
    return true;
  }

  reset(): void {
    // stateless
  }
}
