import { normalCdf } from "./normalCdf";
import type { ShotSolution } from "./ShotResult";

/** Where the errors of one shot come from, each a 1-sigma Gaussian unless it is a bias. */
export interface ShotUncertainty {
  /** 1-sigma of the horizontal distance to the rim centre [m], from the target covariance. */
  readonly distanceSigma_m: number;
  /** Shot-to-shot exit speed spread, 1-sigma as a fraction of the exit speed [1]. Default 0.002. */
  readonly exitSpeedSigmaFraction?: number;
  /** Shot-to-shot launch angle spread, 1-sigma [rad]. Default 0.3 deg (0.005236 rad). */
  readonly launchAngleSigma_rad?: number;
  /** Exit speed offset the wheel's measured speed error causes [m/s] (positive: too fast). Default 0. */
  readonly exitSpeedBias_mps?: number;
  /** 1-sigma of further exit speed noise [m/s], e.g. wheel speed ripple converted. Default 0. */
  readonly exitSpeedNoiseSigma_mps?: number;
}

export const DEFAULT_EXIT_SPEED_SIGMA_FRACTION = 0.002;
export const DEFAULT_LAUNCH_ANGLE_SIGMA_RAD = (0.3 * Math.PI) / 180;

export interface MakeProbability {
  /** Probability that the ball centre crosses the rim plane within the clearance [1]. */
  readonly probability: number;
  /** Expected horizontal miss at the rim plane [m] (positive: long). */
  readonly missMean_m: number;
  /** 1-sigma of the horizontal miss at the rim plane [m]. */
  readonly missSigma_m: number;
}

/**
 * Probability of a clean make, by linear propagation through the flight: the miss at the rim
 * plane is dx/dv * dv + dx/dtheta * dtheta - dd (a longer true distance makes the same flight
 * short), a Gaussian with the bias as its mean; the make is |miss| <= R - r / sin(entry). The
 * window is narrow (a few cm), so the linearisation holds; test/core/ballistics checks it against
 * a seeded Monte Carlo of full flights.
 */
export function makeProbability(solution: ShotSolution, uncertainty: ShotUncertainty): MakeProbability {
  const v = solution.exitSpeed_mps;
  const speedSigma = (uncertainty.exitSpeedSigmaFraction ?? DEFAULT_EXIT_SPEED_SIGMA_FRACTION) * v;
  const noiseSigma = uncertainty.exitSpeedNoiseSigma_mps ?? 0;
  const angleSigma = uncertainty.launchAngleSigma_rad ?? DEFAULT_LAUNCH_ANGLE_SIGMA_RAD;
  const bias = uncertainty.exitSpeedBias_mps ?? 0;
  const dxdv = solution.dxdSpeed_s;
  const dxdt = solution.dxdAngle_mprad;
  const mean = dxdv * bias;
  const variance =
    dxdv * dxdv * (speedSigma * speedSigma + noiseSigma * noiseSigma) +
    dxdt * dxdt * angleSigma * angleSigma +
    uncertainty.distanceSigma_m * uncertainty.distanceSigma_m;
  const sigma = Math.sqrt(variance);
  const c = solution.rimClearance_m;
  let probability: number;
  if (!(c > 0) || !Number.isFinite(mean) || !Number.isFinite(sigma)) probability = 0;
  else if (sigma === 0) probability = Math.abs(mean) <= c ? 1 : 0;
  else probability = Math.max(0, normalCdf((c - mean) / sigma) - normalCdf((-c - mean) / sigma));
  return { probability, missMean_m: mean, missSigma_m: sigma };
}
