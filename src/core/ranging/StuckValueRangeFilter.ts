import { AcceptedVerdict, requireInteger, requireNumber, type RangeFilter, type RangeFilterVerdict, type RangeReading } from "./RangeFilter";

export interface StuckValueRangeFilterOptions {
  /**
   * A reading equal (within `tolerance_m`) to the previous `max_repeats` readings is stuck: a
   * frozen MCU bridge or a sensor repeating its last frame. Default 50 (0.5 s of a 100 Hz TFmini;
   * real noise makes exact repeats that long very unlikely at 0.1-1 mm resolution).
   */
  readonly max_repeats?: number;
  /** Two readings closer than this are "the same" [m]. Default 0 (bit-exact). */
  readonly tolerance_m?: number;
}

/** StuckValueRangeFilter's defaults: max_repeats [readings], tolerance_m [m]. */
export const STUCK_FILTER_DEFAULTS = { max_repeats: 50, tolerance_m: 0 } as const;

/** Rejects readings once the same value has repeated more than `max_repeats` times in a row. */
export class StuckValueRangeFilter implements RangeFilter {
  readonly name = "stuck_value";
  private readonly maxRepeats: number;
  private readonly tolerance: number;
  private last = Number.NaN;
  private repeats = 0;
  private readonly acceptedVerdict = new AcceptedVerdict();

  constructor({ max_repeats = STUCK_FILTER_DEFAULTS.max_repeats, tolerance_m = STUCK_FILTER_DEFAULTS.tolerance_m }: StuckValueRangeFilterOptions = {}) {
    this.maxRepeats = requireInteger("max_repeats", max_repeats, 1);
    this.tolerance = requireNumber("tolerance_m", tolerance_m, 0);
  }


  update(reading: RangeReading): RangeFilterVerdict {
    const range_m = reading.range_m;
    if (Math.abs(range_m - this.last) <= this.tolerance) {
      this.repeats++;
    } else {
      this.repeats = 0;
      this.last = range_m;
    }
    if (this.repeats >= this.maxRepeats) {
      return { accepted: false, reason: `stuck: ${range_m} m repeated ${this.repeats + 1} times` };
    }
    return this.acceptedVerdict.of(range_m);
  }

  reset(): void {
    this.last = Number.NaN;
    this.repeats = 0;
  }
}
