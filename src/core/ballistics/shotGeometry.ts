/** The rim centre seen from the release point, in the horizontal plane of the launcher frame. */
export interface ShotGeometry {
  /** Horizontal distance from the release point to the rim centre [m]. */
  readonly distance_m: number;
  /** Bearing of the rim centre from the release point, about z from the launcher's x axis [rad]. */
  readonly bearing_rad: number;
  /** 1-sigma of that distance [m], the target covariance projected on the line of the shot. */
  readonly distanceSigma_m: number;
}

/** Horizontal position covariance of the target [m^2] (row-major xx, xy, yy of a ROS covariance). */
export interface PlanarCovariance {
  readonly xx: number;
  readonly xy: number;
  readonly yy: number;
}

/**
 * Distance, bearing and distance uncertainty of the rim centre at (x, y) [m] in the launcher frame
 * (REP-103: x forward, y left), from a release point offset (releaseX, releaseY) [m] in the same
 * frame. The distance variance is u^T P u with u the unit vector along the shot: the sideways part
 * of the covariance moves the aim, not the needed speed.
 */
export function shotGeometry(x_m: number, y_m: number, covariance: PlanarCovariance, releaseX_m = 0, releaseY_m = 0): ShotGeometry {
  const dx = x_m - releaseX_m;
  const dy = y_m - releaseY_m;
  const distance = Math.sqrt(dx * dx + dy * dy);
  const ux = distance > 0 ? dx / distance : 1;
  const uy = distance > 0 ? dy / distance : 0;
  const variance = ux * ux * covariance.xx + 2 * ux * uy * covariance.xy + uy * uy * covariance.yy;
  return { distance_m: distance, bearing_rad: Math.atan2(dy, dx), distanceSigma_m: Math.sqrt(Math.max(0, variance)) };
}
