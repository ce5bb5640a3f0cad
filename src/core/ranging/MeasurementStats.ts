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
 * A rolling window of the last `window` readings (stamp, output value, valid) kept in
 * preallocated rings; the snapshot is computed on demand (diagnostics run at about 1 Hz).
 */
export class MeasurementStats {
  /** Reading times [s]. */
  private readonly stamps: Float64Ring;
  /** Outputs [m]. */
  private readonly values: Float64Ring;
  /** 1 where the output was valid, else 0. */
  private readonly valid: Float64Ring;
  private readonly scratch: Float64Array;
  private total = 0;
  private lastReason = "";

  /** @param window number of recent readings the figures are computed over, >= 2. Default 100. */
  constructor(window = 100) {
    requireInteger("window", window, 2, 1_000_000);
    this.stamps = new Float64Ring(window);
    this.values = new Float64Ring(window);
    this.valid = new Float64Ring(window);
    this.scratch = new Float64Array(window);
  }

  /** @param stamp_s reading time [s]; @param value_m output [m]; @param reason "" when valid */
  record(stamp_s: number, value_m: number, valid: boolean, reason: string): void {
    this.stamps.push(stamp_s);
    this.values.push(value_m);
    this.valid.push(valid ? 1 : 0);
    this.total++;
    this.lastReason = reason;
  }

  snapshot(): MeasurementStatsSnapshot {
    const size = this.stamps.size;
    const span = this.stamps.at(size - 1) - this.stamps.at(0);
    const rate = size >= 2 && span > 0 ? (size - 1) / span : Number.NaN;
    let nValid = 0;
    for (let i = 0; i < size; i++) {
      if (this.valid.at(i) === 1) this.scratch[nValid++] = this.values.at(i);
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
    this.valid.clear();
    this.total = 0;
    this.lastReason = "";
  }
}
