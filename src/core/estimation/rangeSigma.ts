/**
 * A rangefinder's standard deviation as a function of its reading, as datasheets state it: an
 * absolute figure, plus a relative one beyond some range (TFmini-S: 1 % beyond 6 m).
 */
export interface RangeNoiseModel {
  /** Absolute standard deviation [m]. */
  readonly sigma: number;
  /** Relative standard deviation beyond `relativeBeyond` [1]. Default 0. */
  readonly relativeSigma?: number;
  /** Range beyond which the relative term applies [m]. Default 0. */
  readonly relativeBeyond?: number;
}

/** Standard deviation [m] of a reading of `range` [m]: the absolute and relative terms added in quadrature. */
export function rangeSigma(range: number, model: RangeNoiseModel): number {
  const relative = range > (model.relativeBeyond ?? 0) ? (model.relativeSigma ?? 0) * range : 0;
  // hypot(sigma, 0) is |sigma| exactly; Math.hypot would allocate (in V8) on every reading.
  return relative === 0 ? Math.abs(model.sigma) : Math.hypot(model.sigma, relative);
}
