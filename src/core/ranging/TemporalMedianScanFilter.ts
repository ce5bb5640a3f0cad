import { isValidRange } from "./rep117";
import type { ScanBuffer } from "./ScanBuffer";
import type { ScanFilter } from "./ScanFilter";
import { medianInPlace } from "./sortedMedian";

export interface TemporalMedianScanFilterOptions {
  /** Scans in the median window (the current one included), 1..31. Default 5. */
  readonly window?: number;
}

/**
 * Per-beam median over the last `window` scans. A beam comes out valid only when most scans in
 * the window saw it valid (then it is the median of those valid ranges); otherwise it keeps its
 * current REP-117 value, or NaN if the current reading is a lone valid one. The history restarts
 * when the beam count or the bearings change. Use it only while the sensor is still: it lags by
 * (window - 1) / 2 scans.
 */
export class TemporalMedianScanFilter implements ScanFilter {
  readonly type = "temporal_median";
  readonly lastReason = "";
  private readonly window: number;
  private history: Float32Array[] = [];
  private stored = 0;
  private next = 0;
  private count = -1;
  private angleMin = Number.NaN;
  private angleIncrement = Number.NaN;
  private readonly values: Float64Array;

  constructor({ window = 5 }: TemporalMedianScanFilterOptions = {}) {
    if (!Number.isInteger(window) || window < 1 || window > 31) {
      throw new Error(`window must be an integer in [1, 31], got ${window}`);
    }
    this.window = window;
    this.values = new Float64Array(window);
  }

  update(scan: ScanBuffer): boolean {
    const n = scan.count;
    if (n !== this.count || scan.angleMin !== this.angleMin || scan.angleIncrement !== this.angleIncrement) {
      this.restart(scan);
    }
    const slot = this.history[this.next];
    if (slot === undefined) return true; // unreachable: restart() sized the history
    slot.set(scan.ranges.subarray(0, n));
    this.next = (this.next + 1) % this.window;
    if (this.stored < this.window) this.stored++;

    const lo = scan.rangeMin;
    const hi = scan.rangeMax;
    for (let i = 0; i < n; i++) {
      let k = 0;
      for (let s = 0; s < this.stored; s++) {
        const v = this.history[s]?.[i] ?? Number.NaN;
        if (isValidRange(v, lo, hi)) this.values[k++] = v;
      }
      if (2 * k > this.stored) {
        scan.ranges[i] = medianInPlace(this.values, k);
      } else if (isValidRange(scan.ranges[i] ?? Number.NaN, lo, hi)) {
        scan.ranges[i] = Number.NaN;
      }
    }
    return true;
  }

  reset(): void {
    this.stored = 0;
    this.next = 0;
    this.count = -1;
  }

  private restart(scan: ScanBuffer): void {
    this.count = scan.count;
    this.angleMin = scan.angleMin;
    this.angleIncrement = scan.angleIncrement;
    this.stored = 0;
    this.next = 0;
    if ((this.history[0]?.length ?? -1) < scan.count) {
      this.history = Array.from({ length: this.window }, () => new Float32Array(scan.count));
    }
  }
}
