import { solveExitSpeed } from "../core/ballistics/solveExitSpeed";
import { solveWidestWindow } from "../core/ballistics/solveWidestWindow";
import type { ExitSpeedResult, ShotSolution } from "../core/ballistics/ShotResult";
import type { BallDraw, ShotGeometry, ShotOutcome, TrueFlight } from "./TruePhysics";

/** A fixed launch angle [rad], or a hood's range [rad]. */
export type OracleLauncher = { readonly kind: "fixed"; readonly angle: number } | { readonly kind: "hood"; readonly min: number; readonly max: number };

/**
 * The best shot a launcher could take knowing the distance and the true physics exactly: the
 * exit speed that puts the ball centre through the rim centre. With a hood, the angle is the core
 * solver's (solveWidestWindow: the widest window in sigmas of the expected miss, with the run's
 * own per-ball spreads and no distance error), the rule docs/design-notes.md argues for; the
 * widest window in exit speed alone drifts to the top angle, where the angle spread costs more
 * than the speed window gains. Undefined when no make exists.
 */
export function oracleSolution(flight: TrueFlight, geometry: ShotGeometry, launcher: OracleLauncher): ShotSolution | undefined {
  const distance = Math.hypot(geometry.hoopX - geometry.releaseX, geometry.hoopY - geometry.releaseY);
  const integrator = flight.integrator(geometry.releaseZ, geometry.rimHeight);
  const result: ExitSpeedResult =
    launcher.kind === "fixed"
      ? solveExitSpeed(integrator, distance, launcher.angle)
      : solveWidestWindow(
          integrator,
          distance,
          { minAngle_rad: launcher.min, maxAngle_rad: launcher.max },
          {
            uncertainty: {
              distanceSigma_m: 0,
              exitSpeedSigmaFraction: flight.options.exitSpeedSigma,
              launchAngleSigma_rad: flight.options.launchAngleSigma,
            },
          },
        );
  if (result.kind !== "solution" || !(result.rimClearance_m > 0)) return undefined;
  return result;
}

/** The oracle's shot with this ball's own spread; a shot with no make counts as a miss (short). */
export function oracleShot(flight: TrueFlight, geometry: ShotGeometry, launcher: OracleLauncher, ball: BallDraw): ShotOutcome {
  const solution = oracleSolution(flight, geometry, launcher);
  if (solution === undefined) {
    return {
      verdict: flight.judge.noCrossing("below_rim"),
      exitSpeed: 0,
      launchAngle: launcher.kind === "fixed" ? launcher.angle : launcher.min,
      distance: Math.hypot(geometry.hoopX - geometry.releaseX, geometry.hoopY - geometry.releaseY),
    };
  }
  return flight.fly(geometry, solution.exitSpeed_mps, solution.launchAngle_rad, ball);
}
