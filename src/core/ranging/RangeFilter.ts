/** The outcome of one single-point filter stage: the (possibly changed) range, or a rejection. */
export type RangeFilterVerdict =
  | { readonly accepted: true; readonly range_m: number }
  | { readonly accepted: false; readonly reason: string };

/**
 * An accepted verdict a filter rewrites for each reading (read it before the filter's next update):
 * the chain runs at the sensor's rate, 100 Hz and more, and needs no object per stage and reading.
 */
export class AcceptedVerdict {
  readonly accepted = true as const;
  range_m = 0;

  /** This verdict, for `range_m`. */
  of(range_m: number): this {
    this.range_m = range_m;
    return this;
  }
}

/**
 * The reading a stage judges: its time [s] and its range so far [m], a valid one. The chain owns
 * one and rewrites it per reading (an accepted stage's range goes into it for the next stage):
 * numbers passed one by one to a call V8 does not inline are boxed, a heap object per number, and
 * the chain runs at the sensor's rate.
 */
export class RangeReading {
  // Initialised here, not as constructor parameters: a field declared without a value starts out
  // undefined, and V8 then keeps the numbers written into it boxed, a new object per write.
  stamp_s = Number.NaN;
  range_m = Number.NaN;

  constructor(stamp_s = Number.NaN, range_m = Number.NaN) {
    this.stamp_s = stamp_s;
    this.range_m = range_m;
  }
}

/**
 * One stage of a single-point rangefinder chain (RangeSensorChain). It only ever sees valid
 * readings (REP-117 classification happens before it), in stamp order.
 */
export interface RangeFilter {
  readonly name: string;
  /** Judges `reading` (read it, do not keep it: the chain rewrites it for the next reading). */
  update(reading: RangeReading): RangeFilterVerdict;
  /** Forgets all history (after a gap, a clock jump or a reconfiguration). */
  reset(): void;
}

/** Throws unless `value` is an integer within [min, max], naming the option in the message. */
export function requireInteger(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
  return value;
}

/** Throws unless `value` is a finite number >= min (or > min when `exclusive`). */
export function requireNumber(name: string, value: number, min: number, exclusive = false): number {
  const ok = Number.isFinite(value) && (exclusive ? value > min : value >= min);
  if (!ok) throw new Error(`${name} must be a finite number ${exclusive ? ">" : ">="} ${min}, got ${value}`);
  return value;
}
