/**
 * REP-117 range semantics, shared by every filter here: NaN = invalid measurement, -Inf = object
 * too close to measure, +Inf = no return; a finite number is a measurement only when
 * `min <= r <= max`. A published range is therefore always either valid or one of these three.
 */

export type RangeClass = "valid" | "invalid" | "too_close" | "no_return" | "below_min" | "above_max";

/**
 * What a driver's exact 0 means. Many drivers (SICK, some TFmini firmwares) send 0 for "no echo".
 * Named by REP-117 class, not by value: a bare `nan` or `+inf` in a params file is a double to
 * rcl's YAML parser, so a string parameter cannot take those spellings.
 */
export type ZeroMeaning = "invalid" | "too_close" | "no_return" | "number";

export const ZERO_MEANINGS: readonly ZeroMeaning[] = ["invalid", "too_close", "no_return", "number"];

/** `value` as a ZeroMeaning; throws naming the accepted ones and the value otherwise (it comes from YAML). */
export function parseZeroMeaning(value: string): ZeroMeaning {
  const found = ZERO_MEANINGS.find((z) => z === value);
  if (found === undefined) throw new Error(`zero_means must be one of ${ZERO_MEANINGS.join(", ")}, got "${value}"`);
  return found;
}

/** True when `r` is a measurement per REP-117: finite and within [min, max] [m]. */
export function isValidRange(r: number, min: number, max: number): boolean {
  // Written so that NaN anywhere (r, min or max) gives false.
  return r >= min && r <= max && Number.isFinite(r);
}

/** Which REP-117 class a raw reading falls in, against the sensor's limits [m]. */
export function classifyRange(r: number, min: number, max: number): RangeClass {
  if (Number.isNaN(r)) return "invalid";
  if (r === Number.NEGATIVE_INFINITY) return "too_close";
  if (r === Number.POSITIVE_INFINITY) return "no_return";
  if (!(min <= max)) return "invalid";
  if (r < min) return "below_min";
  if (r > max) return "above_max";
  return "valid";
}

/**
 * The value to publish for a raw reading: itself when valid, otherwise its REP-117 non-finite
 * meaning (below min -> -Inf, above max -> +Inf, NaN stays NaN). Limits that make no sense
 * (min > max, NaN) make every reading invalid. `zero` says what an exact 0 from the driver means.
 */
export function toRep117(r: number, min: number, max: number, zero: ZeroMeaning = "number"): number {
  if (r === 0 && zero !== "number") return zeroValue(zero);
  if (!(min <= max)) return Number.NaN;
  if (Number.isNaN(r)) return Number.NaN;
  if (r < min) return Number.NEGATIVE_INFINITY;
  if (r > max) return Number.POSITIVE_INFINITY;
  return r;
}

/** The REP-117 value an exact 0 is replaced with. */
export function zeroValue(zero: ZeroMeaning): number {
  switch (zero) {
    case "invalid":
      return Number.NaN;
    case "too_close":
      return Number.NEGATIVE_INFINITY;
    case "no_return":
      return Number.POSITIVE_INFINITY;
    case "number":
      return 0;
  }
}

/** True when a value may be published as a range against [min, max]: valid, or NaN / +-Inf. */
export function isPublishableRange(r: number, min: number, max: number): boolean {
  return !Number.isFinite(r) || isValidRange(r, min, max);
}

/** A short human reason for a non-valid class, for diagnostics. */
export function describeRangeClass(c: RangeClass, r: number, min: number, max: number): string {
  switch (c) {
    case "valid":
      return "";
    case "invalid":
      return Number.isNaN(r) ? "invalid reading (NaN)" : `invalid limits min ${min} m > max ${max} m`;
    case "too_close":
      return "too close (-Inf)";
    case "no_return":
      return "no return (+Inf)";
    case "below_min":
      return `reading ${r} m below min_range ${min} m`;
    case "above_max":
      return `reading ${r} m above max_range ${max} m`;
  }
}
