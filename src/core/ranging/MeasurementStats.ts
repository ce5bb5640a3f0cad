import { requireInteger } from "./RangeFilter";
import { Float64Ring } from "./Float64Ring";
import { medianInPlace, robustSigmaInPlace } from "./sortedMedian";

/** Per-sensor or per-beam figures for /diagnostics. */
export interface MeasurementStatsSnapshot {
  /** Readings per second over the recent window [Hz]; NaN with fewer than 2 readings. */
  readonly rate_hz: number;
  /** Share of recent readings that gave a valid output [1]; NaN with none. */
  readonly valid_fraction: number;
  /** Robust spread (1.4826 * MAD) of the recent valid outputs [m]; NaN with none. */
  readonly spread_m: number;
  /** Readings seen since construction or reset. */
  readonly count: number;
  /** Why the latest reading was not valid; "" when it was. */
  readonly last_reason: string;
}

/**
 * A rolling window of the last `window` readings (stamp, output value) kept in preallocated rings;
 * an output is valid when finite (REP-117: invalid ones are NaN / +-Inf). The snapshot is computed
 * on demand (diagnostics run at about 1 Hz).
 */
export class MeasurementStats {
  /** Reading times [s]. */
  private readonly stamps: Float64Ring;
  /** Outputs [m]: a number when valid, else NaN / +-Inf. */
  private readonly values: Float64Ring;
  private readonly scratch: Float64Array;
  private total = 0;
  private lastReason = "";

  /** @param window number of recent readings the figures are computed over, >= 2. Default 100. */
  constructor(window = 100) {
    requireInteger("window", window, 2, 1_000_000);
    this.stamps = new Float64Ring(window);
    this.values = new Float64Ring(window);
    this.scratch = new Float64Array(window);
  }

  /**
   * @param stamp_s reading time [s]
   * @param output what was published for it: `range_m` finite when valid, NaN / +-Inf (REP-117)
   * when not [m], and `reason` why it is not valid, "" when it is. The output object, not its
   * numbers: a number passed to a call V8 does not inline is boxed, an object per reading.
   */
  record(stamp_s: number, output: { readonly range_m: number; readonly reason: string }): void {
    this.stamps.push(stamp_s);
    this.values.push(output.range_m);
    this.total++;
    this.lastReason = output.reason;
  }

  snapshot(): MeasurementStatsSnapshot {
    const size = this.stamps.size;
    const span = this.stamps.at(size - 1) - this.stamps.at(0);
    const rate = size >= 2 && span > 0 ? (size - 1) / span : Number.NaN;
    let nValid = 0;
    for (let i = 0; i < size; i++) {
      const value = this.values.at(i);
      if (Number.isFinite(value)) this.scratch[nValid++] = value;
    }
    const spread = nValid > 0 ? robustSigmaInPlace(this.scratch, nValid, medianInPlace(this.scratch, nValid)) : Number.NaN;
    return {
      rate_hz: rate,
      valid_fraction: size > 0 ? nValid / size : Number.NaN,
      spread_m: spread,
      count: this.total,
      last_reason: this.lastReason,
    };
  }

  reset(): void {
    this.stamps.clear();
    this.values.clear();
    this.total = 0;
    this.lastReason = "";
  }
}
