import { AcceptedVerdict, requireInteger, type RangeFilter, type RangeFilterVerdict, type RangeReading } from "./RangeFilter";
import { Float64Ring } from "./Float64Ring";
import { medianInPlace } from "./sortedMedian";

export interface TemporalMedianRangeFilterOptions {
  /**
   * Number of most recent accepted readings the median is taken over, odd, >= 1. Default 1 (the
   * reading itself): a w-reading median lags a moving robot by (w - 1) / 2 readings.
   */
  readonly window?: number;
}

/**
 * Median of the last `window` readings: removes single spikes and halves the noise of a slowly
 * moving target at the cost of (window - 1) / 2 readings of lag. Until the window has filled it
 * uses what it has, so the first reading is passed through.
 */
export class TemporalMedianRangeFilter implements RangeFilter {
  readonly name = "temporal_median";
  private readonly recent: Float64Ring;
  private readonly scratch: Float64Array;
  private readonly acceptedVerdict = new AcceptedVerdict();

  constructor({ window = 1 }: TemporalMedianRangeFilterOptions = {}) {
    requireInteger("window", window, 1, 1001);
    if (window % 2 === 0) throw new Error(`window must be an odd integer >= 1, got ${window}`);
    this.recent = new Float64Ring(window);
    this.scratch = new Float64Array(window);
  }

  update(reading: RangeReading): RangeFilterVerdict {
    this.recent.push(reading.range_m);
    return this.acceptedVerdict.of(medianInPlace(this.scratch, this.recent.copyTo(this.scratch)));
  }

  reset(): void {
    this.recent.clear();
  }
}
