/**
 * A measured lookup table: linear interpolation between keys, clamped to the end values outside
 * them, never extrapolated (WPILib InterpolatingTreeMap semantics). A table measured from 2 to 7 m
 * says nothing about 9 m, and a straight line through its last two points would guess wildly.
 */
export class InterpolatingTable {
  private readonly keys: readonly number[];
  private readonly values: readonly number[];

  /** @param keys strictly increasing, finite; @param values one finite value per key. */
  constructor(keys: readonly number[], values: readonly number[]) {
    if (keys.length === 0) throw new Error("an interpolating table needs at least one entry, got 0");
    if (keys.length !== values.length) {
      throw new Error(`keys and values must have the same length, got ${keys.length} keys and ${values.length} values`);
    }
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] ?? NaN;
      const value = values[i] ?? NaN;
      if (!Number.isFinite(key)) throw new Error(`table key ${i} must be finite, got ${key}`);
      if (!Number.isFinite(value)) throw new Error(`table value ${i} must be finite, got ${value}`);
      if (i > 0 && !(key > (keys[i - 1] ?? NaN))) {
        throw new Error(`table keys must be strictly increasing, got ${keys[i - 1]} then ${key} at index ${i}`);
      }
    }
    this.keys = [...keys];
    this.values = [...values];
  }

  /** The value at `key`: interpolated inside, the end value outside; NaN for a NaN key. */
  get(key: number): number {
    const keys = this.keys;
    const values = this.values;
    const last = keys.length - 1;
    if (Number.isNaN(key)) return NaN;
    if (key <= (keys[0] ?? NaN)) return values[0] ?? NaN;
    if (key >= (keys[last] ?? NaN)) return values[last] ?? NaN;
    // Binary search for the interval [keys[lo], keys[lo + 1]] holding the key.
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((keys[mid] ?? NaN) <= key) lo = mid;
      else hi = mid;
    }
    const k0 = keys[lo] ?? NaN;
    const k1 = keys[hi] ?? NaN;
    const v0 = values[lo] ?? NaN;
    const v1 = values[hi] ?? NaN;
    return v0 + ((key - k0) / (k1 - k0)) * (v1 - v0);
  }
}
