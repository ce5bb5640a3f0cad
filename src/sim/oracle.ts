import { exactMakeWindow } from "../core/ballistics/makeWindow";
import { solveExitSpeed } from "../core/ballistics/solveExitSpeed";
import type { ShotSolution } from "../core/ballistics/ShotResult";
import type { BallDraw, ShotGeometry, ShotOutcome, TrueFlight } from "./TruePhysics";

export type OracleLauncher = { readonly kind: "fixed"; readonly angle: number } | { readonly kind: "hood"; readonly min: number; readonly max: number; readonly step?: number };

/**
 * The best shot a launcher could take knowing the distance and the true physics exactly: the
 * exit speed that puts the ball centre through the rim centre (and, with a hood, the angle whose
 * make window is widest, not the one needing the least speed). Undefined when no make exists.
 */
export function oracleSolution(flight: TrueFlight, geometry: ShotGeometry, launcher: OracleLauncher): ShotSolution | undefined {
  const distance = Math.hypot(geometry.hoopX - geometry.releaseX, geometry.hoopY - geometry.releaseY);
  const integrator = flight.integrator(geometry.releaseZ, geometry.rimHeight);
  const angles: number[] = [];
  if (launcher.kind === "fixed") angles.push(launcher.angle);
  else for (let a = launcher.min; a <= launcher.max + 1e-12; a += launcher.step ?? Math.PI / 360) angles.push(a);
  let best: ShotSolution | undefined;
  let bestWidth = -Infinity;
  for (const angle of angles) {
    const solution = solveExitSpeed(integrator, distance, angle);
    if (solution.kind !== "solution" || !(solution.rimClearance_m > 0)) continue;
    if (angles.length === 1) return solution;
    const window = exactMakeWindow(integrator, solution);
    // Half-width as a fraction of exit speed, plus the angle spread's share: speed matters most.
    const width = window.halfWidthFraction;
    if (Number.isFinite(width) && width > bestWidth) {
      bestWidth = width;
      best = solution;
    }
  }
  return best;
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
