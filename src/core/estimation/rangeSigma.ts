import { hypot2 } from "../hypot";
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
  /**
   * The part of `sigma` that stays the same from one reading to the next [m]: the map's error
   * where the ray lands, the mount's position. Default 0. The relative term counts as
   * systematic too (a mount's yaw, a sensor's scale error).
   */
  readonly systematicSigma?: number;
}

/** Standard deviation [m] of a reading of `range` [m]: the absolute and relative terms added in quadrature. */
export function rangeSigma(range: number, model: RangeNoiseModel): number {
  const relative = range > (model.relativeBeyond ?? 0) ? (model.relativeSigma ?? 0) * range : 0;
  // hypot(sigma, 0) is |sigma| exactly.
  return relative === 0 ? Math.abs(model.sigma) : hypot2(model.sigma, relative);
}

/**
 * The share [0, 1) of a reading's variance that is systematic (the same over a window of readings:
 * systematicSigma and the relative term), for the windowed integrity test. Capped below 1: a
 * window always has some noise of its own.
 */
export function systematicShare(range: number, model: RangeNoiseModel): number {
  const relative = range > (model.relativeBeyond ?? 0) ? (model.relativeSigma ?? 0) * range : 0;
  const systematic = model.systematicSigma ?? 0;
  const totalVariance = model.sigma * model.sigma + relative * relative;
  if (!(totalVariance > 0)) return 0;
  return Math.min(MAX_SYSTEMATIC_SHARE, (systematic * systematic + relative * relative) / totalVariance);
}

/** The highest systematic share systematicShare reports [1]. */
export const MAX_SYSTEMATIC_SHARE = 0.95;
