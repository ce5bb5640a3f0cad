import { MeasurementStats, type MeasurementStatsSnapshot } from "./MeasurementStats";
import { RangeReading, type RangeFilter } from "./RangeFilter";
import { classifyRange, describeRangeClass, toRep117, type ZeroMeaning } from "./rep117";
import { SpikeRangeFilter, type SpikeRangeFilterOptions } from "./SpikeRangeFilter";
import { StalenessMonitor } from "./StalenessMonitor";
import { StuckValueRangeFilter, type StuckValueRangeFilterOptions } from "./StuckValueRangeFilter";
import { TemporalMedianRangeFilter, type TemporalMedianRangeFilterOptions } from "./TemporalMedianRangeFilter";

export interface RangeSensorChainOptions {
  /**
   * Temporal median; `window: 1` (the default) turns it off: a w-reading median lags a moving
   * robot by (w - 1) / 2 readings, and the spike test already removes lone outliers.
   */
  readonly median?: TemporalMedianRangeFilterOptions;
  /** Spike rejection; `false` turns it off. Default window 9, threshold 4, min_spread_m 0.01. */
  readonly spike?: SpikeRangeFilterOptions | false;
  /** Stuck-value detection; `false` turns it off. Default max_repeats 50. */
  readonly stuck?: StuckValueRangeFilterOptions | false;
  /**
   * No valid output for this long makes the sensor stale [s], and a gap this long between
   * readings restarts the filters' history so old readings never mix with new ones. Default 0.5.
   */
  readonly timeout_s?: number;
  /** What an exact 0 from the driver means (REP-117). Default "number" (judged against min_range). */
  readonly zero_means?: ZeroMeaning;
  /** Readings the diagnostics figures are computed over. Default 100. */
  readonly stats_window?: number;
}

/** The value to publish for one reading. */
export interface RangeSensorOutput {
  /** A valid range in [min_range, max_range] [m], or NaN / -Inf / +Inf per REP-117. */
  readonly range_m: number;
  readonly valid: boolean;
  /** Why the output is not valid; "" when it is. */
  readonly reason: string;
}

/**
 * The filter chain of one single-point rangefinder (DT35, TFmini, TF-Luna, VL53L1X). It never
 * returns a finite number outside the reading's [min_range, max_range]. Order: REP-117
 * classification, stamp checks, stuck-value, spike, then the temporal median when its window is
 * above 1 (off by default).
 */
/** The chain's own defaults (the filters keep theirs): laser_ranging's schema takes range_sensors.* from them. */
export const RANGE_SENSOR_CHAIN_DEFAULTS = {
  /** [readings] 1: no median (it lags a moving robot by (w - 1) / 2 readings). */
  median_window: 1,
  /** [s] */
  timeout_s: 0.5,
  /** [readings] */
  stats_window: 100,
  zero_means: "number",
} as const;

export class RangeSensorChain {
  private readonly filters: RangeFilter[];
  private readonly staleness: StalenessMonitor;
  private readonly stats: MeasurementStats;
  private readonly zeroMeans: ZeroMeaning;
  private lastStampS = Number.NaN;
  /** The output of a valid reading, rewritten by the next one (read it before the next update): no object per reading. */
  private readonly validOutput = { range_m: 0, valid: true as const, reason: "" };
  // The reading in hand, in fields rather than arguments (a number passed to a call V8 does not
  // inline is a new heap object, at the sensor's rate): update writes them, filter and the stages
  // read them; `reading` carries the range from stage to stage.
  private readonly reading = new RangeReading();
  private raw = Number.NaN;
  private minRange = Number.NaN;
  private maxRange = Number.NaN;

  constructor(options: RangeSensorChainOptions = {}) {
    this.filters = [];
    if (options.stuck !== false) this.filters.push(new StuckValueRangeFilter(options.stuck ?? {}));
    if (options.spike !== false) this.filters.push(new SpikeRangeFilter(options.spike ?? {}));
    // A 1-reading median is the reading itself: not built, so "off" costs nothing per reading. Any
    // other window is built, so a bad one (even, < 1) still throws naming the value.
    const medianWindow = options.median?.window ?? RANGE_SENSOR_CHAIN_DEFAULTS.median_window;
    if (medianWindow !== 1) this.filters.push(new TemporalMedianRangeFilter({ window: medianWindow }));
    this.staleness = new StalenessMonitor(options.timeout_s ?? RANGE_SENSOR_CHAIN_DEFAULTS.timeout_s);
    this.stats = new MeasurementStats(options.stats_window ?? RANGE_SENSOR_CHAIN_DEFAULTS.stats_window);
    this.zeroMeans = options.zero_means ?? RANGE_SENSOR_CHAIN_DEFAULTS.zero_means;
  }

  /**
   * Filters one reading. Never throws. A valid output is rewritten by the next update.
   * @param stamp_s reading time [s]
   * @param range_m raw reading [m] (may be NaN / +-Inf / out of range)
   * @param min_range_m, max_range_m the sensor's limits from the same message [m]
   */
  update(stamp_s: number, range_m: number, min_range_m: number, max_range_m: number): RangeSensorOutput {
    this.reading.stamp_s = stamp_s;
    this.raw = range_m;
    this.minRange = min_range_m;
    this.maxRange = max_range_m;
    const out = this.filter();
    if (out.valid) this.staleness.markGood(stamp_s);
    this.stats.record(stamp_s, out);
    return out;
  }

  /** True when no valid output was produced within timeout_s before `now_s` [s]. */
  isStale(now_s: number): boolean {
    return this.staleness.isStale(now_s);
  }

  /** Age of the last valid output [s] (+Inf if none yet). */
  age(now_s: number): number {
    return this.staleness.age(now_s);
  }

  diagnostics(): MeasurementStatsSnapshot {
    return this.stats.snapshot();
  }

  reset(): void {
    for (const f of this.filters) f.reset();
    this.staleness.reset();
    this.stats.reset();
    this.lastStampS = Number.NaN;
  }

  /** The chain on the reading update wrote into the fields. */
  private filter(): RangeSensorOutput {
    const reading = this.reading;
    const stamp_s = reading.stamp_s;
    const raw = this.raw;
    const min = this.minRange;
    const max = this.maxRange;
    if (!Number.isFinite(min) || !Number.isFinite(max) || min < 0 || min > max) {
      return invalid(Number.NaN, `bad limits: min_range ${min} m, max_range ${max} m (need 0 <= min <= max)`);
    }
    if (!Number.isFinite(stamp_s)) return invalid(Number.NaN, `bad stamp ${stamp_s} s`);
    if (stamp_s < this.lastStampS) {
      // A clock jump (bag loop, sim restart) would otherwise block every later reading.
      const reason = `non-monotonic stamp ${stamp_s} s < previous ${this.lastStampS} s: history restarted`;
      this.restartHistory(stamp_s);
      return invalid(Number.NaN, reason);
    }
    if (stamp_s - this.lastStampS > this.staleness.timeoutS) {
      for (const f of this.filters) f.reset();
    }
    this.lastStampS = stamp_s;

    const value = toRep117(raw, min, max, this.zeroMeans);
    const cls = classifyRange(value, min, max);
    if (cls !== "valid") {
      const why = raw === 0 && this.zeroMeans !== "number" ? `zero reading (zero_means "${this.zeroMeans}")` : describeRangeClass(classifyRange(raw, min, max), raw, min, max);
      return invalid(value, why);
    }

    reading.range_m = value;
    for (const f of this.filters) {
      const verdict = f.update(reading);
      if (!verdict.accepted) return invalid(Number.NaN, verdict.reason);
      reading.range_m = verdict.range_m;
    }
    const r = reading.range_m;
    // The median of past readings can fall outside limits that changed in this message.
    const published = toRep117(r, min, max);
    if (!Number.isFinite(published)) return invalid(published, `filtered ${r} m outside the current limits`);
    this.validOutput.range_m = published;
    return this.validOutput;
  }

  private restartHistory(stamp_s: number): void {
    for (const f of this.filters) f.reset();
    this.lastStampS = stamp_s;
  }
}

function invalid(range_m: number, reason: string): RangeSensorOutput {
  return { range_m: Number.isFinite(range_m) ? Number.NaN : range_m, valid: false, reason };
}
