import { requireInteger } from "./RangeFilter";
import { MAD_TO_SIGMA, madInPlace, medianInPlace } from "./sortedMedian";

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
  private readonly window: number;
  private readonly stamps: Float64Array;
  private readonly values: Float64Array;
  private readonly valid: Uint8Array;
  private readonly scratch: Float64Array;
  private size = 0;
  private next = 0;
  private total = 0;
  private lastReason = "";

  /** @param window number of recent readings the figures are computed over, >= 2. Default 100. */
  constructor(window = 100) {
    this.window = requireInteger("window", window, 2, 1_000_000);
    this.stamps = new Float64Array(window);
    this.values = new Float64Array(window);
    this.valid = new Uint8Array(window);
    this.scratch = new Float64Array(window);
  }

  /** @param stamp_s reading time [s]; @param value_m output [m]; @param reason "" when valid */
  record(stamp_s: number, value_m: number, valid: boolean, reason: string): void {
    this.stamps[this.next] = stamp_s;
    this.values[this.next] = value_m;
    this.valid[this.next] = valid ? 1 : 0;
    this.next = (this.next + 1) % this.window;
    if (this.size < this.window) this.size++;
    this.total++;
    this.lastReason = reason;
  }

  snapshot(): MeasurementStatsSnapshot {
    const oldest = this.size < this.window ? 0 : this.next;
    const newest = (this.next + this.window - 1) % this.window;
    const span = (this.stamps[newest] ?? 0) - (this.stamps[oldest] ?? 0);
    const rate = this.size >= 2 && span > 0 ? (this.size - 1) / span : Number.NaN;
    let nValid = 0;
    for (let i = 0; i < this.size; i++) {
      if (this.valid[i] === 1) this.scratch[nValid++] = this.values[i] ?? 0;
    }
    let spread = Number.NaN;
    if (nValid > 0) {
      const centre = medianInPlace(this.scratch, nValid);
      spread = MAD_TO_SIGMA * madInPlace(this.scratch, nValid, centre);
    }
    return {
      rate_hz: rate,
      valid_fraction: this.size > 0 ? nValid / this.size : Number.NaN,
      spread_m: spread,
      count: this.total,
      last_reason: this.lastReason,
    };
  }

  reset(): void {
    this.size = 0;
    this.next = 0;
    this.total = 0;
    this.lastReason = "";
  }
}
