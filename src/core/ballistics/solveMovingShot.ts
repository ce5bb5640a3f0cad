import type { PlanarCovariance } from "./shotGeometry";
import { shotGeometry } from "./shotGeometry";
import type { ShotPlan, ShotPlanner } from "./ShotPlanner";

export interface MovingShotInput {
  /** Rim centre in the launcher frame [m] (REP-103: x forward, y left). */
  readonly target_x_m: number;
  readonly target_y_m: number;
  /** Its horizontal covariance [m^2]. */
  readonly covariance: PlanarCovariance;
  /** Velocity of the launcher relative to the hoop, in the launcher frame [m/s]. */
  readonly velocity_x_mps: number;
  readonly velocity_y_mps: number;
  /** Measured minus commanded wheel speed [rad/s]. Default 0. */
  readonly wheelSpeedError_radps?: number;
}

export interface MovingShotOptions {
  /** Release point in the launcher frame [m]. Default (0, 0). */
  readonly releaseX_m?: number;
  readonly releaseY_m?: number;
  /** Time-of-flight iterations at most. Default 20 (FRC 6328's lookahead iterations). */
  readonly maxIterations?: number;
  /** Stop when the time of flight changes less than this between iterations [s]. Default 1e-3. */
  readonly tolerance_s?: number;
  /** From the target estimate's stamp to the ball leaving [s]: the launcher moves meanwhile. Default 0.03. */
  readonly phaseDelay_s?: number;
}

/** The defaults of solveMovingShot and of the moving.* parameters (FRC 6328's where it published them). */
export const DEFAULT_MOVING_SHOT: Required<MovingShotOptions> = { releaseX_m: 0, releaseY_m: 0, maxIterations: 20, tolerance_s: 1e-3, phaseDelay_s: 0.03 };

export interface MovingShot {
  readonly plan: ShotPlan;
  /** The virtual target aimed at, in the launcher frame [m]. */
  readonly aim_x_m: number;
  readonly aim_y_m: number;
  /** Bearing to aim at from the release point [rad], and its offset from the bearing to the real hoop [rad]. */
  readonly aimBearing_rad: number;
  readonly aimOffset_rad: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Shooting while moving, as FRC teams do: the ball keeps the launcher's velocity, so aim at the
 * point the hoop will appear to be at when the ball arrives, hoop - v * (delay + time of flight),
 * re-solve (the new distance changes the time of flight) and repeat until the time of flight
 * settles. Drag acts on the air-relative velocity, which this virtual-target method ignores: good
 * for the walking speeds of a shooting robot, not for a fast pass.
 */
export function solveMovingShot(planner: ShotPlanner, input: MovingShotInput, options: MovingShotOptions = DEFAULT_MOVING_SHOT): MovingShot {
  // Field by field rather than a merged options object: the node calls this every control cycle.
  const rx = options.releaseX_m ?? DEFAULT_MOVING_SHOT.releaseX_m;
  const ry = options.releaseY_m ?? DEFAULT_MOVING_SHOT.releaseY_m;
  const maxIterations = Math.max(1, options.maxIterations ?? DEFAULT_MOVING_SHOT.maxIterations);
  const tolerance = options.tolerance_s ?? DEFAULT_MOVING_SHOT.tolerance_s;
  const delay = options.phaseDelay_s ?? DEFAULT_MOVING_SHOT.phaseDelay_s;
  const hoopBearing = Math.atan2(input.target_y_m - ry, input.target_x_m - rx);
  const wheelSpeedError = input.wheelSpeedError_radps ?? 0;
  const request = (x: number, y: number): ShotPlan => {
    const g = shotGeometry(x, y, input.covariance, rx, ry);
    return planner.plan({ distance_m: g.distance_m, distanceSigma_m: g.distanceSigma_m, wheelSpeedError_radps: wheelSpeedError });
  };
  let tof = 0;
  let aimX = input.target_x_m - input.velocity_x_mps * delay;
  let aimY = input.target_y_m - input.velocity_y_mps * delay;
  let plan = request(aimX, aimY);
  let iterations = 1;
  // Standing still the aim does not depend on the time of flight: the first plan is the answer.
  const standing = input.velocity_x_mps === 0 && input.velocity_y_mps === 0;
  let converged = standing && plan.kind === "planned";
  while (!converged && plan.kind === "planned" && iterations < maxIterations) {
    const next = plan.solution.timeOfFlight_s;
    if (Math.abs(next - tof) <= tolerance) {
      converged = true;
      break;
    }
    tof = next;
    aimX = input.target_x_m - input.velocity_x_mps * (delay + tof);
    aimY = input.target_y_m - input.velocity_y_mps * (delay + tof);
    plan = request(aimX, aimY);
    iterations++;
  }
  if (!converged && plan.kind === "planned") converged = Math.abs(plan.solution.timeOfFlight_s - tof) <= tolerance;
  const aimBearing = Math.atan2(aimY - ry, aimX - rx);
  return {
    plan,
    aim_x_m: aimX,
    aim_y_m: aimY,
    aimBearing_rad: aimBearing,
    aimOffset_rad: Math.atan2(Math.sin(aimBearing - hoopBearing), Math.cos(aimBearing - hoopBearing)),
    iterations,
    converged,
  };
}
