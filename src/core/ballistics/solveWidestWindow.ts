import type { FlightIntegrator, ShotCarry } from "./FlightIntegrator";
import { makeProbability, type ShotUncertainty } from "./makeProbability";
import type { ExitSpeedResult, ImpossibleShot, ShotSolution } from "./ShotResult";
import { solveExitSpeed } from "./solveExitSpeed";

export interface HoodRange {
  /** Lowest hood (launch) angle [rad]. */
  readonly minAngle_rad: number;
  /** Highest hood (launch) angle [rad]. */
  readonly maxAngle_rad: number;
}

export interface WidestWindowOptions {
  /** Highest exit speed to consider [m/s]. Default 30. */
  readonly maxExitSpeed_mps?: number;
  /** Angle grid before the golden-section refinement. Default 9 points. */
  readonly gridPoints?: number;
  /** Stop refining when the angle bracket is this narrow [rad]. Default 1e-3. */
  readonly angleTolerance_rad?: number;
  /** The errors the window is measured against. Default: 1 cm of distance, the default spreads. */
  readonly uncertainty?: ShotUncertainty;
  /** The launcher's velocity the ball keeps (a moving shot, see solveExitSpeed). Default: standing. */
  readonly carry?: ShotCarry | undefined;
}

/**
 * Width of the make window in standard deviations of the expected miss at the rim plane: the
 * clearance R - r / sin(entry) over the miss sigma from the speed, angle and distance errors. The
 * probability of a make (without bias) grows with it.
 */
export function windowInSigmas(solution: ShotSolution, uncertainty: ShotUncertainty): number {
  const sigma = makeProbability(solution, { ...uncertainty, exitSpeedBias_mps: 0 }).missSigma_m;
  return sigma > 0 ? solution.rimClearance_m / sigma : Infinity;
}

/**
 * For an adjustable hood: the launch angle [rad] whose make window is widest, and the solution at
 * that angle. Not the least-speed angle (docs/domain.md shows how the window changes with the angle),
 * and not the widest window in exit speed alone either: that one keeps widening towards a vertical
 * lob (1.7 % at 85 deg and 6 m against 0.47 % at 55 deg) while the miss per degree of launch angle
 * error explodes. So the window is measured in standard deviations of the expected miss at the
 * rim plane (windowInSigmas), which weighs the speed window against the angle window with the
 * configured spreads; its best angle is the one with the best odds. A coarse grid finds the best
 * feasible region (too-low angles are infeasible near the rim), a golden-section search refines
 * it. Cold: about 25 speed solves.
 */
export function solveWidestWindow(
  integrator: FlightIntegrator,
  distance_m: number,
  hood: HoodRange,
  options: WidestWindowOptions = {},
): ExitSpeedResult {
  const lo = hood.minAngle_rad;
  const hi = hood.maxAngle_rad;
  if (!(lo > 0 && hi < Math.PI / 2 && lo <= hi)) {
    return {
      kind: "impossible",
      reason: "invalid_input",
      message: `hood range must satisfy 0 < min <= max < pi/2 rad, got [${lo}, ${hi}]`,
      distance_m,
      launchAngle_rad: lo,
    };
  }
  const gridPoints = Math.max(2, options.gridPoints ?? 9);
  const tol = options.angleTolerance_rad ?? 1e-3;
  const uncertainty = options.uncertainty ?? { distanceSigma_m: 0.01 };
  const solveOptions = {
    ...(options.maxExitSpeed_mps === undefined ? {} : { maxExitSpeed_mps: options.maxExitSpeed_mps }),
    ...(options.carry === undefined ? {} : { carry: options.carry }),
  };
  let best: ShotSolution | undefined;
  /** windowInSigmas of `best`, kept beside it so each trial is compared without re-measuring it. */
  let bestWidth = -Infinity;
  let firstFailure: ImpossibleShot | undefined;
  const width = (angle: number): number => {
    const r = solveExitSpeed(integrator, distance_m, angle, solveOptions);
    if (r.kind === "impossible") {
      firstFailure ??= r;
      return -Infinity;
    }
    const w = windowInSigmas(r, uncertainty);
    if (best === undefined || w > bestWidth) {
      best = r;
      bestWidth = w;
    }
    return w;
  };

  const step = lo === hi ? 0 : (hi - lo) / (gridPoints - 1);
  let bestIndex = 0;
  let bestGridWidth = -Infinity;
  for (let i = 0; i < gridPoints; i++) {
    const w = width(lo + i * step);
    if (w > bestGridWidth) {
      bestGridWidth = w;
      bestIndex = i;
    }
  }
  if (best === undefined) {
    return firstFailure ?? { kind: "impossible", reason: "invalid_input", message: "no angle tried", distance_m, launchAngle_rad: lo };
  }
  // Golden-section search on the grid cell either side of the best point.
  let a = Math.max(lo, lo + (bestIndex - 1) * step);
  let b = Math.min(hi, lo + (bestIndex + 1) * step);
  const phi = (Math.sqrt(5) - 1) / 2;
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let wc = width(c);
  let wd = width(d);
  while (b - a > tol) {
    if (wc >= wd) {
      b = d;
      d = c;
      wd = wc;
      c = b - phi * (b - a);
      wc = width(c);
    } else {
      a = c;
      c = d;
      wc = wd;
      d = a + phi * (b - a);
      wd = width(d);
    }
  }
  return best;
}
