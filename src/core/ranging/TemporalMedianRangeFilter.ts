import { requireInteger, type RangeFilter, type RangeFilterVerdict } from "./RangeFilter";
import { medianInPlace } from "./sortedMedian";

export interface TemporalMedianRangeFilterOptions {
  /** Number of most recent accepted readings the median is taken over, odd, >= 1. Default 5. */
  readonly window?: number;
}

/**
 * Median of the last `window` readings: removes single spikes and halves the noise of a slowly
 * moving target at the cost of (window - 1) / 2 readings of lag. Until the window has filled it
 * uses what it has, so the first reading is passed through.
 */
export class TemporalMedianRangeFilter implements RangeFilter {
  readonly name = "temporal_median";
  private readonly window: number;
  private readonly ring: Float64Array;
  private readonly scratch: Float64Array;
  private size = 0;
  private next = 0;

  constructor({ window = 5 }: TemporalMedianRangeFilterOptions = {}) {
    this.window = requireInteger("window", window, 1, 1001);
    if (window % 2 === 0) throw new Error(`window must be an odd integer >= 1, got ${window}`);
    this.ring = new Float64Array(window);
    this.scratch = new Float64Array(window);
  }

  update(_stamp_s: number, range_m: number): RangeFilterVerdict {
    this.ring[this.next] = range_m;
    this.next = (this.next + 1) % this.window;
    if (this.size < this.window) this.size++;
    this.scratch.set(this.ring.subarray(0, this.size));
    return { accepted: true, range_m: medianInPlace(this.scratch, this.size) };
  }

  reset(): void {
    this.size = 0;
    this.next = 0;
  }
}
