import { isValidRange } from "./rep117";
import type { ScanBuffer } from "./ScanBuffer";
import type { ScanFilter } from "./ScanFilter";

export interface SpeckleFilterOptions {
  /** Two beams agree when their ranges differ by at most this [m]. Default 0.1. */
  readonly max_range_difference_m?: number;
  /** Neighbours looked at on each side, 1..15. Default 1. */
  readonly half_window?: number;
  /** Agreeing neighbours a beam needs to be kept, 1..2*half_window. Default 1. */
  readonly min_neighbors?: number;
}

/**
 * Isolated-point (speckle) removal: a valid beam with fewer than `min_neighbors` valid neighbours
 * within +-half_window beams whose range differs by at most max_range_difference_m becomes NaN
 * (invalid). Decisions are taken on the input scan, so removing one point never removes another.
 */
export class SpeckleFilter implements ScanFilter {
  readonly type = "speckle";
  readonly lastReason = "";
  private readonly maxDiff: number;
  private readonly half: number;
  private readonly minNeighbors: number;
  private remove = new Uint8Array(0);

  constructor({ max_range_difference_m = 0.1, half_window = 1, min_neighbors = 1 }: SpeckleFilterOptions = {}) {
    if (!(max_range_difference_m > 0) || !Number.isFinite(max_range_difference_m)) {
      throw new Error(`max_range_difference_m must be a finite number > 0, got ${max_range_difference_m}`);
    }
    if (!Number.isInteger(half_window) || half_window < 1 || half_window > 15) {
      throw new Error(`half_window must be an integer in [1, 15], got ${half_window}`);
    }
    if (!Number.isInteger(min_neighbors) || min_neighbors < 1 || min_neighbors > 2 * half_window) {
      throw new Error(`min_neighbors must be an integer in [1, ${2 * half_window}], got ${min_neighbors}`);
    }
    this.maxDiff = max_range_difference_m;
    this.half = half_window;
    this.minNeighbors = min_neighbors;
  }

  update(scan: ScanBuffer): boolean {
    const n = scan.count;
    if (this.remove.length < n) this.remove = new Uint8Array(n);
    const r = scan.ranges;
    const lo = scan.rangeMin;
    const hi = scan.rangeMax;
    for (let i = 0; i < n; i++) {
      this.remove[i] = 0;
      const ri = r[i] ?? Number.NaN;
      if (!isValidRange(ri, lo, hi)) continue;
      let agreeing = 0;
      const jEnd = Math.min(n - 1, i + this.half);
      for (let j = Math.max(0, i - this.half); j <= jEnd; j++) {
        if (j === i) continue;
        const rj = r[j] ?? Number.NaN;
        if (isValidRange(rj, lo, hi) && Math.abs(rj - ri) <= this.maxDiff) agreeing++;
      }
      if (agreeing < this.minNeighbors) this.remove[i] = 1;
    }
    for (let i = 0; i < n; i++) if (this.remove[i] === 1) r[i] = Number.NaN;
    return true;
  }

  reset(): void {
    // stateless
  }
}
