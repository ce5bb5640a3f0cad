import { AcceptedVerdict, requireInteger, requireNumber, type RangeFilter, type RangeFilterVerdict, type RangeReading } from "./RangeFilter";
import { Float64Ring } from "./Float64Ring";
import { medianInPlace, robustSigmaInPlace } from "./sortedMedian";

export interface SpikeRangeFilterOptions {
  /** Number of recent readings the robust centre and spread come from, >= 3. Default 9. */
  readonly window?: number;
  /** A reading farther than `threshold` robust sigmas from the median is a spike [1]. Default 4. */
  readonly threshold?: number;
  /**
   * Floor of the robust sigma [m], so a quiet sensor (or one with 1 mm output resolution, whose MAD
   * is often 0) does not reject its own noise. Default 0.01 m.
   */
  readonly min_spread_m?: number;
  /** Readings needed before anything is judged; earlier ones pass. Default 3. */
  readonly min_history?: number;
}

/**
 * Rejects a reading that lies far from the median of the recent readings, measured in robust
 * sigmas (1.4826 * MAD). The history holds every reading, rejected or not, so that a real step
 * (the robot moved, a new surface) is accepted after about window / 2 readings instead of being
 * rejected forever.
 */
/** SpikeRangeFilter's defaults: laser_ranging's schema takes its range_sensors.* spike defaults from them. */
export const SPIKE_FILTER_DEFAULTS = {
  /** [readings] */
  window: 9,
  /** [robust sigmas] */
  threshold: 4,
  /** [m] */
  min_spread_m: 0.01,
  /** [readings] */
  min_history: 3,
} as const;

export class SpikeRangeFilter implements RangeFilter {
  readonly name = "spike";
  private readonly threshold: number;
  private readonly minSpread: number;
  private readonly minHistory: number;
  /** Every recent reading, rejected or not. */
  private readonly recent: Float64Ring;
  private readonly scratch: Float64Array;
  private readonly acceptedVerdict = new AcceptedVerdict();

  constructor({
    window = SPIKE_FILTER_DEFAULTS.window,
    threshold = SPIKE_FILTER_DEFAULTS.threshold,
    min_spread_m = SPIKE_FILTER_DEFAULTS.min_spread_m,
    min_history = SPIKE_FILTER_DEFAULTS.min_history,
  }: SpikeRangeFilterOptions = {}) {
    requireInteger("window", window, 3, 1001);
    this.threshold = requireNumber("threshold", threshold, 0, true);
    this.minSpread = requireNumber("min_spread_m", min_spread_m, 0);
    this.minHistory = requireInteger("min_history", min_history, 1, window);
    this.recent = new Float64Ring(window);
    this.scratch = new Float64Array(window);
  }


  update(reading: RangeReading): RangeFilterVerdict {
    const range_m = reading.range_m;
    let verdict: RangeFilterVerdict = this.acceptedVerdict.of(range_m);
    if (this.recent.size >= this.minHistory) {
      const n = this.recent.copyTo(this.scratch);
      const centre = medianInPlace(this.scratch, n);
      const sigma = Math.max(robustSigmaInPlace(this.scratch, n, centre), this.minSpread);
      const deviation = Math.abs(range_m - centre);
      if (deviation > this.threshold * sigma) {
        verdict = {
          accepted: false,
          reason: `spike: ${range_m.toFixed(3)} m is ${(deviation / sigma).toFixed(1)} sigma from median ${centre.toFixed(3)} m`,
        };
      }
    }
    this.recent.push(range_m);
    return verdict;
  }

  reset(): void {
    this.recent.clear();
  }
}
