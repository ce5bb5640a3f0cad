import { rimClearance } from "./BallisticModel";
import type { FlightIntegrator } from "./FlightIntegrator";
import type { MakeWindow, ShotSolution } from "./ShotResult";

/**
 * The make window linearised at a solution: the ball centre must cross the rim plane within
 * R - r / sin(entry) of the rim centre, and the crossing moves by dx/dv per m/s of exit speed.
 * Agrees with `exactMakeWindow` to a few parts in a thousand of the width (tested), costs nothing.
 */
export function linearMakeWindow(solution: ShotSolution): MakeWindow {
  const half = solution.rimClearance_m / solution.dxdSpeed_s;
  const v = solution.exitSpeed_mps;
  return { low_mps: v - half, high_mps: v + half, halfWidthFraction: half / v };
}

/**
 * The make window by flight: the exit speeds at which the crossing lands exactly on the near and
 * far edge of the clearance, each with its own entry angle (the clearance shrinks as the entry
 * flattens). Newton from the linear estimate, a handful of flights per edge. A moving shot's
 * window is flown with its carry, at its aim.
 */
export function exactMakeWindow(integrator: FlightIntegrator, solution: ShotSolution, tolerance_m = 1e-6): MakeWindow {
  const edge = (side: -1 | 1): number => {
    let v = solution.exitSpeed_mps + (side * solution.rimClearance_m) / solution.dxdSpeed_s;
    for (let k = 0; k < 20; k++) {
      const c = integrator.crossRimPlane(v, solution.launchAngle_rad, solution.carry);
      if (c.kind !== "crossing") return NaN;
      const f = c.x_m - solution.distance_m - side * rimClearance(integrator.model, c.entryAngle_rad);
      if (Math.abs(f) <= tolerance_m) return v;
      v -= f / c.dxdSpeed_s;
    }
    return NaN;
  };
  const low = edge(-1);
  const high = edge(1);
  return { low_mps: low, high_mps: high, halfWidthFraction: (high - low) / 2 / solution.exitSpeed_mps };
}
