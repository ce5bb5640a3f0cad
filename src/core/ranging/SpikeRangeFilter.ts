import { requireInteger, requireNumber, type RangeFilter, type RangeFilterVerdict } from "./RangeFilter";
import { MAD_TO_SIGMA, madInPlace, medianInPlace } from "./sortedMedian";

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
export class SpikeRangeFilter implements RangeFilter {
  readonly name = "spike";
  private readonly window: number;
  private readonly threshold: number;
  private readonly minSpread: number;
  private readonly minHistory: number;
  private readonly ring: Float64Array;
  private readonly scratch: Float64Array;
  private size = 0;
  private next = 0;

  constructor({ window = 9, threshold = 4, min_spread_m = 0.01, min_history = 3 }: SpikeRangeFilterOptions = {}) {
    this.window = requireInteger("window", window, 3, 1001);
    this.threshold = requireNumber("threshold", threshold, 0, true);
    this.minSpread = requireNumber("min_spread_m", min_spread_m, 0);
    this.minHistory = requireInteger("min_history", min_history, 1, window);
    this.ring = new Float64Array(window);
    this.scratch = new Float64Array(window);
  }

  update(_stamp_s: number, range_m: number): RangeFilterVerdict {
    let verdict: RangeFilterVerdict = { accepted: true, range_m };
    if (this.size >= this.minHistory) {
      this.scratch.set(this.ring.subarray(0, this.size));
      const centre = medianInPlace(this.scratch, this.size);
      const sigma = Math.max(MAD_TO_SIGMA * madInPlace(this.scratch, this.size, centre), this.minSpread);
      const deviation = Math.abs(range_m - centre);
      if (deviation > this.threshold * sigma) {
        verdict = {
          accepted: false,
          reason: `spike: ${range_m.toFixed(3)} m is ${(deviation / sigma).toFixed(1)} sigma from median ${centre.toFixed(3)} m`,
        };
      }
    }
    this.ring[this.next] = range_m;
    this.next = (this.next + 1) % this.window;
    if (this.size < this.window) this.size++;
    return verdict;
  }

  reset(): void {
    this.size = 0;
    this.next = 0;
  }
}
